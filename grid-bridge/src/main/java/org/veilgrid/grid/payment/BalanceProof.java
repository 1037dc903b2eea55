package org.veilgrid.grid.payment;

import java.security.SecureRandom;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.errors.VerificationFailedException;
import org.veilgrid.zk.bulletproofs.RangeParameters;
import org.veilgrid.zk.bulletproofs.RangeProof;
import org.veilgrid.zk.bulletproofs.RangeProver;
import org.veilgrid.zk.bulletproofs.RangeVerifier;
import org.veilgrid.zk.commit.PedersenGens;
import org.veilgrid.zk.group.RistrettoPoint;
import org.veilgrid.zk.group.Scalar;

/**
 * Payment without showing the balance: a client holds a Pedersen commitment C = b·G + r·H to its
 * balance b; to pay price p it proves, with one 64-bit Bulletproofs range proof, that b - p lies
 * in [0, 2<sup>64</sup>) for the commitment C - p·G = (b - p)·G + r·H, which anyone can compute
 * from C and p. The node learns that the balance covers the price, nothing more.
 */
public final class BalanceProof {
    public static final int BITS = 64;

    private BalanceProof() {
    }

    /** A committed balance and its opening (the client's secret side). */
    public record Balance(long value, Scalar blinding, RistrettoPoint commitment) {
        public static Balance of(long value, SecureRandom rng) {
            if (value < 0) {
                throw new ParameterException("a balance cannot be negative");
            }
            Scalar r = Scalar.random(rng);
            return new Balance(value, r, PedersenGens.standard().commit(Scalar.ofLong(value), r));
        }

        @Override
        public String toString() {
            return "Balance(committed)"; // the value and blinding are private
        }
    }

    /**
     * Proves the balance covers {@code price}.
     *
     * @throws ParameterException if it does not (no proof can be made)
     */
    public static byte[] prove(Balance balance, long price, SecureRandom rng) {
        if (price < 0 || balance.value() < price) {
            throw new ParameterException("the balance does not cover the price");
        }
        RangeProver.Output out = RangeProver.prove(BITS, balance.value() - price, balance.blinding(), rng);
        return out.proof().toBytes();
    }

    /**
     * Checks a proof that the balance committed in {@code commitment} covers {@code price}.
     *
     * @throws VerificationFailedException if it does not verify
     * @throws MalformedInputException if the proof bytes are malformed
     */
    public static void verify(RistrettoPoint commitment, long price, byte[] proof) {
        if (price < 0) {
            throw new VerificationFailedException("a price cannot be negative");
        }
        RistrettoPoint remainder = commitment.sub(PedersenGens.standard().g().mul(Scalar.ofLong(price)));
        RangeVerifier.verify(new RangeParameters(BITS, 1), new RistrettoPoint[] {remainder}, RangeProof.fromBytes(proof));
    }
}
