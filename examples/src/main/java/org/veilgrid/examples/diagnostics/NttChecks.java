package org.veilgrid.examples.diagnostics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.veilgrid.kernels.Kernels;
import org.veilgrid.kernels.Modulus;
import org.veilgrid.kernels.NttTables;
import org.veilgrid.kernels.Primes;
import org.veilgrid.kernels.Reference;
import org.veilgrid.kernels.RnsNttTables;

/**
 * Quick end-to-end checks of the NTT kernels on fresh random data, shared by {@code veil doctor}
 * and {@code veil demo}. Each check runs the Java twin and, when loaded, the native kernels, and
 * compares them with each other and with an independent reference.
 */
public final class NttChecks {
    /** Bit size of the primes the checks use (the largest the kernels take is 62). */
    public static final int PRIME_BITS = 60;
    /** Number of primes of the RNS part of {@link #roundTrip}. */
    public static final int RNS_PRIMES = 3;

    private NttChecks() {
    }

    /** The backends to check: the Java twin, then the native kernels if they are loaded. */
    public static List<Kernels> backends() {
        List<Kernels> out = new ArrayList<>(2);
        out.add(Kernels.java());
        Kernels.nativeKernels().ifPresent(out::add);
        return out;
    }

    /**
     * A random polynomial of N coefficients through the forward and the inverse NTT, modulo one
     * {@value #PRIME_BITS}-bit prime and as a {@value #RNS_PRIMES}-prime RNS polynomial: each
     * backend must round-trip exactly, and native must equal Java on the forward transform and
     * on the inverse of random (not NTT-produced) input.
     */
    public static CheckResult roundTrip(int n, SplittableRandom rnd) {
        List<Long> primes = Primes.nttPrimes(PRIME_BITS, n, RNS_PRIMES);
        NttTables single = NttTables.create(n, primes.get(0));
        RnsNttTables rns = RnsNttTables.create(n, primes.stream().mapToLong(Long::longValue).toArray());
        Optional<Kernels> nat = Kernels.nativeKernels();

        Optional<String> failure = roundTripOne("one prime", n, new long[] {primes.get(0)}, rnd,
                (k, p) -> k.forward(single, p), (k, p) -> k.inverse(single, p), nat);
        if (failure.isEmpty()) {
            long[] qs = primes.stream().mapToLong(Long::longValue).toArray();
            failure = roundTripOne(RNS_PRIMES + "-prime RNS", n, qs, rnd,
                    (k, p) -> k.forward(rns, p), (k, p) -> k.inverse(rns, p), nat);
        }
        if (failure.isPresent()) {
            return new CheckResult(false, failure.get());
        }
        String what = "N=" + n + ", one " + PRIME_BITS + "-bit prime and a " + RNS_PRIMES + "-prime RNS: ";
        return new CheckResult(true, what + (nat.isPresent()
                ? "native = java on forward and inverse, both round-trip exactly"
                : "java round-trips exactly (native not loaded, nothing to compare with)"));
    }

    private interface Transform {
        void apply(Kernels k, long[] poly);
    }

    /** qs[i] is the modulus of the i-th block of n coefficients. */
    private static Optional<String> roundTripOne(String label, int n, long[] qs, SplittableRandom rnd,
                                                 Transform fwd, Transform inv, Optional<Kernels> nat) {
        long[] original = random(n, qs, rnd);
        long[] javaFwd = null;
        for (Kernels k : backends()) {
            long[] p = original.clone();
            fwd.apply(k, p);
            if (javaFwd == null) {
                javaFwd = p.clone();
            } else {
                int at = firstDifference(javaFwd, p);
                if (at >= 0) {
                    return Optional.of(label + ": native forward NTT differs from java at coefficient " + at);
                }
            }
            inv.apply(k, p);
            int at = firstDifference(original, p);
            if (at >= 0) {
                return Optional.of(label + ": " + name(k) + " inverse(forward(x)) != x at coefficient " + at);
            }
        }
        if (nat.isPresent()) {
            long[] other = random(n, qs, rnd);
            long[] viaJava = other.clone();
            long[] viaNative = other.clone();
            inv.apply(Kernels.java(), viaJava);
            inv.apply(nat.get(), viaNative);
            int at = firstDifference(viaJava, viaNative);
            if (at >= 0) {
                return Optional.of(label + ": native inverse NTT differs from java at coefficient " + at);
            }
        }
        return Optional.empty();
    }

    /**
     * The negacyclic product of two random polynomials of N coefficients modulo a
     * {@value #PRIME_BITS}-bit prime, through forward NTTs, a pointwise product and an inverse
     * NTT on each backend, compared with exact schoolbook multiplication (big integers,
     * independent of the kernels). O(N<sup>2</sup>): meant for N around 1024.
     */
    public static CheckResult negacyclicProduct(int n, SplittableRandom rnd) {
        long q = Primes.nttPrimes(PRIME_BITS, n, 1).get(0);
        Modulus mod = Modulus.of(q);
        NttTables t = NttTables.create(n, q);
        long[] qs = {q};
        long[] a = random(n, qs, rnd);
        long[] b = random(n, qs, rnd);
        long[] expected = Reference.negacyclicMultiply(a, b, mod);
        List<String> names = new ArrayList<>();
        for (Kernels k : backends()) {
            long[] fa = a.clone();
            long[] fb = b.clone();
            k.forward(t, fa);
            k.forward(t, fb);
            long[] c = new long[n];
            k.mul(mod, fa, fb, c);
            k.inverse(t, c);
            int at = firstDifference(expected, c);
            if (at >= 0) {
                return new CheckResult(false, "N=" + n + ": " + name(k)
                        + " NTT product differs from schoolbook at coefficient " + at);
            }
            names.add(name(k));
        }
        return new CheckResult(true, "N=" + n + ", " + PRIME_BITS + "-bit prime: NTT product = schoolbook on "
                + String.join(" and ", names));
    }

    private static long[] random(int n, long[] qs, SplittableRandom rnd) {
        long[] p = new long[n * qs.length];
        for (int i = 0; i < qs.length; i++) {
            long q = qs[i];
            for (int j = 0; j < n; j++) {
                p[i * n + j] = rnd.nextLong(q);
            }
        }
        return p;
    }

    private static int firstDifference(long[] x, long[] y) {
        return Arrays.mismatch(x, y);
    }

    private static String name(Kernels k) {
        return k.backend().name().toLowerCase(java.util.Locale.ROOT);
    }
}
