package org.veilgrid.kernels;

/**
 * Precomputed twiddle factors for the negacyclic NTT of size N modulo one NTT-friendly prime q.
 *
 * <p>{@code roots[i] = psi^bitrev(i)} and {@code invRoots[i] = psi^-bitrev(i)} with &psi; the
 * smallest primitive 2N-th root of unity, each with its Shoup quotient; plus N<sup>-1</sup>.
 * The forward transform maps coefficients in standard order to evaluations in bit-reversed order;
 * the inverse maps back. Pointwise products do not care about the order, which is why neither
 * transform pays for a bit-reversal permutation.
 *
 * <p>Immutable and safe to share between threads. Building tables costs O(N) multiplications and
 * N big-integer divisions; build once per (N, q) and keep them.
 */
public final class NttTables {
    /** Smallest and largest supported ring degrees (the SIMD paths need N &ge; 16). */
    public static final int MIN_LOG_N = 4;
    public static final int MAX_LOG_N = 17;

    private final int n;
    private final int logN;
    private final Modulus modulus;
    private final long psi;
    final long[] roots;
    final long[] rootsShoup;
    final long[] invRoots;
    final long[] invRootsShoup;
    final long nInv;
    final long nInvShoup;
    /** One-element arrays for the native RNS entry points, so a single-prime call allocates nothing. */
    final long[] qArray;
    final long[] nInvArray;
    final long[] nInvShoupArray;

    private NttTables(int n, Modulus q) {
        this.n = n;
        this.logN = Integer.numberOfTrailingZeros(n);
        this.modulus = q;
        this.psi = Primes.minimalPrimitiveRoot(q.value(), n);
        long psiInv = q.inverse(psi);
        roots = new long[n];
        invRoots = new long[n];
        rootsShoup = new long[n];
        invRootsShoup = new long[n];
        long pw = 1;
        long ipw = 1;
        for (int i = 0; i < n; i++) {
            int r = Integer.reverse(i) >>> (32 - logN);
            roots[r] = pw;
            invRoots[r] = ipw;
            pw = q.mul(pw, psi);
            ipw = q.mul(ipw, psiInv);
        }
        for (int i = 0; i < n; i++) {
            rootsShoup[i] = q.shoup(roots[i]);
            invRootsShoup[i] = q.shoup(invRoots[i]);
        }
        nInv = q.inverse(n);
        nInvShoup = q.shoup(nInv);
        qArray = new long[] {q.value()};
        nInvArray = new long[] {nInv};
        nInvShoupArray = new long[] {nInvShoup};
    }

    /**
     * @param n ring degree, a power of two from 2<sup>{@value #MIN_LOG_N}</sup> to
     *     2<sup>{@value #MAX_LOG_N}</sup>
     * @param q a prime below 2<sup>62</sup> with q &equiv; 1 (mod 2N)
     * @throws KernelArgumentException if N or q does not qualify
     */
    public static NttTables create(int n, long q) {
        Primes.requirePowerOfTwo(n);
        int log = Integer.numberOfTrailingZeros(n);
        if (log < MIN_LOG_N || log > MAX_LOG_N) {
            throw new KernelArgumentException("NTT size N must be between 2^" + MIN_LOG_N + " and 2^"
                    + MAX_LOG_N + ", got " + n);
        }
        Primes.requireNttFriendly(q, n);
        return new NttTables(n, Modulus.of(q));
    }

    public int n() {
        return n;
    }

    public int logN() {
        return logN;
    }

    public Modulus modulus() {
        return modulus;
    }

    /** The primitive 2N-th root of unity the transform evaluates at. */
    public long psi() {
        return psi;
    }

    @Override
    public String toString() {
        return "NttTables(N=" + n + ", q=" + modulus.value() + ")";
    }
}
