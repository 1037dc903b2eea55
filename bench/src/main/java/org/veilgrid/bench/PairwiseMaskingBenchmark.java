package org.veilgrid.bench;

import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.concurrent.TimeUnit;
import javax.crypto.KeyAgreement;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.veilgrid.kernels.Kernels;
import org.veilgrid.kernels.Modulus;
import org.veilgrid.mpc.aggregation.ShareCipher;

/**
 * The baseline: pairwise masking in the style of Bonawitz et al. (CCS 2017). A client agrees a
 * key with every other client (X25519), expands each into an L-value mask with the same native
 * ChaCha20 PRG, and adds or subtracts it (by id order), so the masks cancel in the sum. This is
 * only the masking step of that protocol, its cheapest part: it leaves out the double masking,
 * the secret sharing of N seeds and the extra rounds that handle dropouts, so the figures are a
 * lower bound for it. Per-client time grows with N·L; OPA's client work does not depend on N.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class PairwiseMaskingBenchmark {
    @Param({"100", "1000", "10000"})
    public int clients;

    @Param({"1000", "10000", "100000"})
    public int length;

    private KeyPair mine;
    private PublicKey[] others;
    private long[] input;
    private static final Modulus P = Modulus.of(1L << 56);

    @Setup
    public void setup() {
        mine = ShareCipher.newKeyPair();
        others = new PublicKey[clients - 1];
        for (int i = 0; i < others.length; i++) {
            others[i] = ShareCipher.newKeyPair().getPublic();
        }
        input = AggregationRounds.input(length);
    }

    @Benchmark
    public long[] maskedInput() throws Exception {
        long[] y = input.clone();
        long[] mask = new long[length];
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (int j = 0; j < others.length; j++) {
            KeyAgreement ka = KeyAgreement.getInstance("XDH");
            ka.init(mine.getPrivate());
            ka.doPhase(others[j], true);
            byte[] seed = sha.digest(ka.generateSecret());
            Kernels.get().uniform(seed, 0, P, mask);
            if ((j & 1) == 0) {
                Kernels.java().add(P, y, mask, y);
            } else {
                Kernels.java().sub(P, y, mask, y);
            }
        }
        return y;
    }
}
