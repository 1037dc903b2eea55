package org.veilgrid.grid.payment;

import com.upokecenter.cbor.CBORObject;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import org.veilgrid.core.cbor.CborItems;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.errors.VerificationFailedException;
import org.veilgrid.zk.cbor.ZkItems;
import org.veilgrid.zk.group.RistrettoPoint;

/**
 * A payment as it travels in a completion request (docs/protocols/payment-2.md): the client's
 * balance commitment and a {@link BalanceProof} that it covers a price. Encoded as the CBOR array
 * {@code [commitment: bstr 32, proof: bstr 1..2048]}; not signed.
 *
 * @param commitment the Pedersen commitment C to the client's balance
 * @param proof      the 64-bit range proof for C − price·G
 */
public record Payment(RistrettoPoint commitment, byte[] proof) {
    /** The largest proof a node reads (a 64-bit range proof has 672 bytes). */
    public static final int MAX_PROOF_BYTES = 2048;
    /** The longest encoding: array head, a 32-byte string, a 2048-byte string. */
    public static final int MAX_ENCODED_BYTES = 1 + 2 + 32 + 3 + MAX_PROOF_BYTES;

    public Payment {
        Objects.requireNonNull(commitment, "commitment");
        if (proof == null || proof.length < 1 || proof.length > MAX_PROOF_BYTES) {
            throw new ParameterException("a payment proof has 1 to " + MAX_PROOF_BYTES + " bytes");
        }
        proof = proof.clone();
    }

    /** Pays {@code price} from {@code balance}: proves the balance covers it without showing it. */
    public static Payment of(BalanceProof.Balance balance, long price, SecureRandom rng) {
        return new Payment(balance.commitment(), BalanceProof.prove(balance, price, rng));
    }

    /**
     * Checks that this payment shows a balance covering {@code price} (the receiver's own price).
     *
     * @throws VerificationFailedException if it does not
     * @throws MalformedInputException if the proof bytes are malformed
     */
    public void verify(long price) {
        BalanceProof.verify(commitment, price, proof);
    }

    @Override
    public byte[] proof() {
        return proof.clone();
    }

    /** The payment as its CBOR array. */
    public CBORObject toCbor() {
        return CBORObject.NewArray().Add(ZkItems.point(commitment)).Add(CBORObject.FromObject(proof));
    }

    /**
     * Reads a payment array.
     *
     * @param field names the field in errors
     * @throws MalformedInputException if it is not a two-element array of a canonical point and a
     *         proof of 1 to {@value #MAX_PROOF_BYTES} bytes
     */
    public static Payment fromCbor(CBORObject item, String field) {
        CborItems.array(item, 2, field);
        RistrettoPoint c = ZkItems.point(item.get(0), field + ".commitment");
        return new Payment(c, CborItems.bytes(item.get(1), 1, MAX_PROOF_BYTES, field + ".proof"));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Payment p && commitment.equals(p.commitment) && Arrays.equals(proof, p.proof);
    }

    @Override
    public int hashCode() {
        return 31 * commitment.hashCode() + Arrays.hashCode(proof);
    }

    @Override
    public String toString() {
        return "Payment(" + proof.length + "-byte proof)";
    }
}
