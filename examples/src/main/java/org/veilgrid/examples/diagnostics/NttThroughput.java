package org.veilgrid.examples.diagnostics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.veilgrid.kernels.Kernels;
import org.veilgrid.kernels.NttTables;
import org.veilgrid.kernels.RnsNttTables;

/**
 * A quick wall-clock measurement of NTT throughput, for {@code veil bench ntt}. Each measurement
 * (one backend, one direction, one ring) first warms up — long enough for the JIT to compile the
 * Java twin — then runs the transform back to back, in place, for the timed phase, split into
 * {@value #SLICES} slices; the reported time per transform is the median slice's. The JMH
 * benchmarks in {@code bench/} are the careful version of this.
 */
public final class NttThroughput {
    /** Shortest warm-up of one measurement, in seconds. */
    public static final double MIN_WARMUP_SECONDS = 0.3;
    /** Number of slices the timed phase is split into. */
    public static final int SLICES = 5;

    /**
     * One measured figure.
     *
     * @param n         ring degree
     * @param primes    number of RNS primes transformed per call
     * @param bits      bits of each prime
     * @param backend   "native" or "java"
     * @param op        "forward" or "inverse"
     * @param micros    microseconds per transform (all primes)
     * @param opsPerSec transforms per second
     */
    public record Result(int n, int primes, int bits, String backend, String op, double micros, double opsPerSec) {
    }

    private NttThroughput() {
    }

    /** Warm-up time for a timed phase of the given length: a quarter of it, at least 0.3 s. */
    public static double warmupSeconds(double seconds) {
        return Math.max(MIN_WARMUP_SECONDS, seconds / 4);
    }

    /**
     * Measures forward and inverse NTTs of one ring on each backend in turn.
     *
     * @param primesOfRing the RNS primes, each NTT-friendly for n
     * @param backends     the kernels to measure, e.g. native then Java
     * @param seconds      length of each timed phase
     * @param each         called with each result as it is measured
     */
    public static List<Result> measure(int n, long[] primesOfRing, int bits, List<Kernels> backends,
                                       double seconds, Consumer<Result> each) {
        int k = primesOfRing.length;
        long[] poly = new long[n * k];
        SplittableRandom rnd = new SplittableRandom(n * 31L + k);
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < n; j++) {
                poly[i * n + j] = rnd.nextLong(primesOfRing[i]);
            }
        }
        // One prime: the single-prime API most callers use; several: one call for the whole RNS polynomial.
        NttTables single = k == 1 ? NttTables.create(n, primesOfRing[0]) : null;
        RnsNttTables rns = k == 1 ? null : RnsNttTables.create(n, primesOfRing);
        List<Result> out = new ArrayList<>();
        for (Kernels kern : backends) {
            String backend = kern.backend().name().toLowerCase(Locale.ROOT);
            for (String op : List.of("forward", "inverse")) {
                boolean fwd = op.equals("forward");
                Runnable r;
                if (single != null) {
                    r = fwd ? () -> kern.forward(single, poly) : () -> kern.inverse(single, poly);
                } else {
                    r = fwd ? () -> kern.forward(rns, poly) : () -> kern.inverse(rns, poly);
                }
                double micros = timePerOp(r, warmupSeconds(seconds), seconds);
                Result res = new Result(n, k, bits, backend, op, micros, 1e6 / micros);
                out.add(res);
                each.accept(res);
            }
        }
        sink ^= poly[poly.length / 2];
        return out;
    }

    /** Keeps the transforms' results observable. */
    static volatile long sink;

    /** Median microseconds per call of r over {@value #SLICES} slices, after the warm-up. */
    static double timePerOp(Runnable r, double warmupSeconds, double seconds) {
        long warmEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
        do {
            r.run();
        } while (System.nanoTime() < warmEnd);
        long sliceNanos = Math.max(1, (long) (seconds * 1e9 / SLICES));
        double[] perOp = new double[SLICES];
        for (int s = 0; s < SLICES; s++) {
            long start = System.nanoTime();
            long end = start + sliceNanos;
            long ops = 0;
            long now;
            do {
                r.run();
                ops++;
                now = System.nanoTime();
            } while (now < end);
            perOp[s] = (now - start) / 1e3 / ops;
        }
        Arrays.sort(perOp);
        return perOp[SLICES / 2];
    }
}
