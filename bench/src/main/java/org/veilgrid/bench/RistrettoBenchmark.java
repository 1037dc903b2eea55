package org.veilgrid.bench;

import cafe.cryptography.curve25519.CompressedRistretto;
import cafe.cryptography.curve25519.InvalidEncodingException;
import cafe.cryptography.curve25519.RistrettoElement;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
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
import org.veilgrid.kernels.CurveKernels;
import org.veilgrid.zk.group.RistrettoPoint;
import org.veilgrid.zk.group.Scalar;

/**
 * Ristretto255 variable-base scalar multiplication and multi-scalar multiplication: our native
 * kernels and their Java twin (the same {@link CurveKernels} calls on packed points) against
 * curve25519-elisabeth 0.1.0 (pure Java). Elisabeth has no MSM, so its MSM is the sum of
 * scalar products — what a caller of that library would write.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RistrettoBenchmark {
    /** Terms of the MSM. */
    @Param({"64", "256", "1024", "4096"})
    public int n;

    /** native, java (our twin) or elisabeth. */
    @Param({"native", "java", "elisabeth"})
    public String impl;

    private CurveKernels kernels;
    private byte[] scalars;
    private long[] points;
    private final long[] out = new long[20];
    private RistrettoElement[] theirPoints;
    private cafe.cryptography.curve25519.Scalar[] theirScalars;

    @Setup
    public void setup() throws InvalidEncodingException {
        SecureRandom rng = new SecureRandom();
        scalars = new byte[32 * n];
        points = new long[20 * n];
        theirPoints = new RistrettoElement[n];
        theirScalars = new cafe.cryptography.curve25519.Scalar[n];
        for (int i = 0; i < n; i++) {
            Scalar s = Scalar.random(rng);
            RistrettoPoint p = RistrettoPoint.random(rng);
            s.toBytes(scalars, 32 * i);
            p.pack(points, 20 * i);
            theirPoints[i] = new CompressedRistretto(p.encode()).decompress();
            theirScalars[i] = cafe.cryptography.curve25519.Scalar.fromCanonicalBytes(s.toBytes());
        }
        if (impl.equals("native")) {
            kernels = CurveKernels.nativeKernels().orElseThrow(() -> new IllegalStateException("native kernels not loaded"));
        } else if (impl.equals("java")) {
            kernels = CurveKernels.java();
        } else if (!impl.equals("elisabeth")) {
            throw new IllegalArgumentException("impl must be native, java or elisabeth");
        }
    }

    /** One variable-base scalar multiplication (constant time in all three). */
    @Benchmark
    public Object scalarMul() {
        if (kernels == null) {
            return theirPoints[0].multiply(theirScalars[0]);
        }
        kernels.scalarMul(scalars, points, out);
        return out;
    }

    /** Σ s_i·P_i over n terms (public scalars: Pippenger for ours). */
    @Benchmark
    public Object msm() {
        if (kernels == null) {
            RistrettoElement acc = RistrettoElement.IDENTITY;
            for (int i = 0; i < n; i++) {
                acc = acc.add(theirPoints[i].multiply(theirScalars[i]));
            }
            return acc;
        }
        kernels.msm(scalars, points, n, out);
        return out;
    }
}
