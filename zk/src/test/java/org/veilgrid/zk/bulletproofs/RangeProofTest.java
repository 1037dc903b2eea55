package org.veilgrid.zk.bulletproofs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.errors.VeilException;
import org.veilgrid.core.errors.VerificationFailedException;
import org.veilgrid.zk.commit.PedersenGens;
import org.veilgrid.zk.group.RistrettoPoint;
import org.veilgrid.zk.group.Scalar;

class RangeProofTest {
    private static final SecureRandom RNG = new SecureRandom();

    private static Scalar[] blindings(int m) {
        Scalar[] g = new Scalar[m];
        for (int i = 0; i < m; i++) {
            g[i] = Scalar.random(RNG);
        }
        return g;
    }

    private static long[] values(int n, int m) {
        long[] v = new long[m];
        for (int i = 0; i < m; i++) {
            v[i] = n == 64 ? RNG.nextLong() : RNG.nextLong() & ((1L << n) - 1);
        }
        if (m > 1) {
            v[0] = 0;
            v[1] = n == 64 ? -1L : (1L << n) - 1;
        }
        return v;
    }

    @Test
    void completenessForEveryBitWidthAndSeveralAggregations() {
        for (int n : new int[] {8, 16, 32, 64}) {
            for (int m : new int[] {1, 2, 4}) {
                RangeParameters p = new RangeParameters(n, m);
                Scalar[] g = blindings(m);
                long[] v = values(n, m);
                RangeProver.Output out = RangeProver.prove(p, v, g, RNG);
                byte[] enc = out.proof().toBytes();
                assertEquals(32 * (2 * p.rounds() + 9), enc.length);
                assertEquals(p.proofLength(), enc.length);
                RangeVerifier.verify(p, out.commitments(), RangeProof.fromBytes(enc));
                for (int j = 0; j < m; j++) {
                    assertEquals(PedersenGens.standard().commit(Scalar.ofUnsignedLong(v[j]), g[j]), out.commitments()[j]);
                }
            }
        }
        assertEquals(672, new RangeParameters(64, 1).proofLength());
    }

    @Test
    void largeAggregation() {
        RangeParameters p = new RangeParameters(16, 32);
        RangeProver.Output out = RangeProver.prove(p, values(16, 32), blindings(32), RNG);
        RangeVerifier.verify(p, out.commitments(), out.proof());
    }

    @Test
    void outOfRangeValuesCannotBeProved() {
        // the prover refuses; a prover that goes ahead with the bits of a larger value (here the
        // commitment of v + 2^n with the proof of v) is caught.
        assertThrows(ParameterException.class, () -> RangeProver.prove(8, 256, Scalar.ONE, RNG));
        Scalar g = Scalar.random(RNG);
        RangeProver.Output out = RangeProver.prove(8, 200, g, RNG);
        RistrettoPoint bigger = PedersenGens.standard().commit(Scalar.ofLong(200 + 256), g);
        assertThrows(VerificationFailedException.class,
                () -> RangeVerifier.verify(new RangeParameters(8, 1), new RistrettoPoint[] {bigger}, out.proof()));
        // a negative value (ℓ − 5) committed and proved with any bits fails
        RistrettoPoint negative = PedersenGens.standard().commit(Scalar.ofLong(5).negate(), g);
        assertThrows(VerificationFailedException.class,
                () -> RangeVerifier.verify(new RangeParameters(8, 1), new RistrettoPoint[] {negative}, out.proof()));
    }

    @Test
    void wrongStatementRejected() {
        RangeParameters p = new RangeParameters(32, 2);
        RangeProver.Output out = RangeProver.prove(p, values(32, 2), blindings(2), RNG);
        RistrettoPoint[] swapped = {out.commitments()[1], out.commitments()[0]};
        assertThrows(VerificationFailedException.class, () -> RangeVerifier.verify(p, swapped, out.proof()));
        // same size (n·m = 64) but different parameters: the transcript binds n and m
        assertThrows(VerificationFailedException.class,
                () -> RangeVerifier.verify(new RangeParameters(16, 4), new RistrettoPoint[] {
                    out.commitments()[0], out.commitments()[1], out.commitments()[0], out.commitments()[1]}, out.proof()));
        assertThrows(VerificationFailedException.class,
                () -> RangeVerifier.verify(new RangeParameters(8, 2), out.commitments(), out.proof()));
    }

    @Test
    void everyBytePositionOfA64BitProofMatters() {
        RangeParameters p = new RangeParameters(64, 1);
        RangeProver.Output out = RangeProver.prove(p, new long[] {123456789L}, blindings(1), RNG);
        byte[] enc = out.proof().toBytes();
        assertEquals(672, enc.length);
        for (int i = 0; i < enc.length; i++) {
            byte[] t = enc.clone();
            t[i] ^= (byte) (1 << (i % 8));
            final int pos = i;
            VeilException e = assertThrows(VeilException.class,
                    () -> RangeVerifier.verify(p, out.commitments(), RangeProof.fromBytes(t)), "byte " + pos);
            assertTrue(e instanceof MalformedInputException || e instanceof VerificationFailedException);
        }
        assertThrows(MalformedInputException.class, () -> RangeProof.fromBytes(java.util.Arrays.copyOf(enc, 671)));
        assertThrows(MalformedInputException.class, () -> RangeProof.fromBytes(java.util.Arrays.copyOf(enc, 704)));
    }

    @Test
    void batchVerification() {
        List<RangeVerifier.Statement> batch = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            RangeParameters p = new RangeParameters(i % 2 == 0 ? 64 : 32, i < 4 ? 1 : 2);
            RangeProver.Output out = RangeProver.prove(p, values(p.bits(), p.values()), blindings(p.values()), RNG);
            batch.add(new RangeVerifier.Statement(p, out.commitments(), out.proof()));
        }
        RangeVerifier.verifyBatch(batch);
        // one bad proof in the batch spoils it
        RangeVerifier.Statement good = batch.get(3);
        RistrettoPoint[] shifted = {good.commitments()[0].add(PedersenGens.standard().g())};
        batch.set(3, new RangeVerifier.Statement(good.params(), shifted, good.proof()));
        assertThrows(VerificationFailedException.class, () -> RangeVerifier.verifyBatch(batch));
    }
}
