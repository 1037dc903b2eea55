package org.veilgrid.kernels;

import java.math.BigInteger;
import java.util.Objects;

/**
 * A precomputed plan for one RNS base conversion or scale-and-round, run on whole polynomials
 * by {@link Kernels#rnsConvert}. With inputs x<sub>i</sub> mod b<sub>i</sub> (i &lt; k<sub>in</sub>)
 * and outputs mod c<sub>j</sub> (j &lt; k<sub>out</sub>), each coefficient becomes
 *
 * <pre>
 *   w_i = x_i &middot; W_i mod b_i
 *   v   = round(&Sigma;_i w_i &middot; f_i)            (f_i: 128-bit fixed-point fractions, summed exactly)
 *   y_j = &Sigma;_i w_i &middot; M[j][i] + v &middot; V_j + d_j &middot; D_j   mod c_j
 * </pre>
 *
 * where d is an optional diagonal input (one row per output). Two instances cover what BFV
 * needs: the exact centered conversion between bases ({@link #centered}: W<sub>i</sub> =
 * (B/b<sub>i</sub>)<sup>-1</sup>, f<sub>i</sub> = 1/b<sub>i</sub>, M = B/b<sub>i</sub>, V = -B), and
 * the ciphertext product's round(t&middot;X/Q), which the fhe module builds with {@link #of}.
 *
 * <p>The plan is one long array with the layout the C kernel reads (rns.c):
 * {@code [kin, kout, hasDiagonal, kin x (b, W, W_shoup, f_hi, f_lo), kout x (c, floor(2^64/c),
 * 2^64 mod c, its Shoup companion, V, V 2^64 mod c, D), kout x kin matrix M]}. Immutable and
 * thread-safe.
 */
public final class RnsConversion {
    /** At most this many primes on either side (the C kernel's stack buffer). */
    public static final int MAX_PRIMES = 256;

    final long[] plan;
    private final Modulus[] from;
    private final Modulus[] to;
    private final boolean hasDiagonal;

    private RnsConversion(long[] plan, Modulus[] from, Modulus[] to, boolean hasDiagonal) {
        this.plan = plan;
        this.from = from;
        this.to = to;
        this.hasDiagonal = hasDiagonal;
    }

    /**
     * The general form (see the class comment).
     *
     * @param fractions k<sub>in</sub> pairs {hi, lo} of f<sub>i</sub> &middot; 2<sup>128</sup>
     * @param matrix    k<sub>out</sub> rows of k<sub>in</sub> entries, row j reduced mod c<sub>j</sub>
     * @param diagonalFactors D<sub>j</sub> reduced mod c<sub>j</sub>, or null for no diagonal input
     * @throws KernelArgumentException on a size or range error
     */
    public static RnsConversion of(Modulus[] from, long[] inFactors, long[][] fractions, Modulus[] to,
                                   long[][] matrix, long[] roundFactors, long[] diagonalFactors) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        int kin = from.length;
        int kout = to.length;
        if (kin < 1 || kin > MAX_PRIMES || kout < 1 || kout > MAX_PRIMES) {
            throw new KernelArgumentException("an RNS conversion needs 1 to " + MAX_PRIMES
                    + " primes on each side, got " + kin + " -> " + kout);
        }
        requireLength("inFactors", inFactors.length, kin);
        requireLength("fractions", fractions.length, kin);
        requireLength("matrix", matrix.length, kout);
        requireLength("roundFactors", roundFactors.length, kout);
        if (diagonalFactors != null) {
            requireLength("diagonalFactors", diagonalFactors.length, kout);
        }
        long[] plan = new long[3 + 5 * kin + 7 * kout + kin * kout];
        plan[0] = kin;
        plan[1] = kout;
        plan[2] = diagonalFactors != null ? 1 : 0;
        for (int i = 0; i < kin; i++) {
            Modulus b = from[i];
            requireReduced("inFactors[" + i + "]", inFactors[i], b);
            requireLength("fractions[" + i + "]", fractions[i].length, 2);
            int o = 3 + 5 * i;
            plan[o] = b.value();
            plan[o + 1] = inFactors[i];
            plan[o + 2] = b.shoup(inFactors[i]);
            plan[o + 3] = fractions[i][0];
            plan[o + 4] = fractions[i][1];
        }
        int base = 3 + 5 * kin;
        int mat = base + 7 * kout;
        for (int j = 0; j < kout; j++) {
            Modulus c = to[j];
            int o = base + 7 * j;
            plan[o] = c.value();
            plan[o + 1] = c.m64();
            plan[o + 2] = c.r64();
            plan[o + 3] = c.shoup(c.r64());
            requireReduced("roundFactors[" + j + "]", roundFactors[j], c);
            plan[o + 4] = roundFactors[j];
            plan[o + 5] = c.mul(roundFactors[j], c.r64());
            long d = diagonalFactors == null ? 0 : diagonalFactors[j];
            requireReduced("diagonalFactors[" + j + "]", d, c);
            plan[o + 6] = d;
            requireLength("matrix[" + j + "]", matrix[j].length, kin);
            for (int i = 0; i < kin; i++) {
                requireReduced("matrix[" + j + "][" + i + "]", matrix[j][i], c);
                plan[mat + j * kin + i] = matrix[j][i];
            }
        }
        return new RnsConversion(plan, from.clone(), to.clone(), diagonalFactors != null);
    }

    /**
     * The exact conversion of x mod B = &Pi; b<sub>i</sub> to its centered representative in
     * (-B/2, B/2] reduced modulo each c<sub>j</sub>. Exact except for x within
     * k<sub>in</sub>&middot;2<sup>-66</sup>&middot;B of B/2, where the truncated fractions may pick
     * the other representative (x instead of x - B): both are valid lifts, one B apart, which is
     * what approximate base extension in BFV tolerates anyway. The primes of both sides must be
     * pairwise coprime.
     */
    public static RnsConversion centered(Modulus[] from, Modulus[] to) {
        BigInteger bigB = BigInteger.ONE;
        for (Modulus b : from) {
            bigB = bigB.multiply(BigInteger.valueOf(b.value()));
        }
        long[] w = new long[from.length];
        long[][] f = new long[from.length][];
        long[][] m = new long[to.length][from.length];
        long[] v = new long[to.length];
        for (int i = 0; i < from.length; i++) {
            BigInteger bi = BigInteger.valueOf(from[i].value());
            BigInteger hat = bigB.divide(bi);
            try {
                w[i] = hat.mod(bi).modInverse(bi).longValueExact();
            } catch (ArithmeticException e) {
                throw new KernelArgumentException("RNS primes must be pairwise coprime; " + bi + " is not");
            }
            f[i] = fraction(BigInteger.ONE, bi);
            for (int j = 0; j < to.length; j++) {
                m[j][i] = hat.mod(BigInteger.valueOf(to[j].value())).longValueExact();
            }
        }
        for (int j = 0; j < to.length; j++) {
            BigInteger cj = BigInteger.valueOf(to[j].value());
            v[j] = bigB.negate().mod(cj).longValueExact();
        }
        return of(from, w, f, to, m, v, null);
    }

    /** floor(num / den &middot; 2<sup>128</sup>) mod 2<sup>128</sup> as {hi, lo}, for 0 &le; num &lt; den. */
    public static long[] fraction(BigInteger num, BigInteger den) {
        if (num.signum() < 0 || num.compareTo(den) >= 0) {
            throw new KernelArgumentException("a fraction needs 0 <= num < den");
        }
        BigInteger f = num.shiftLeft(128).divide(den);
        return new long[] {f.shiftRight(64).longValue(), f.longValue()};
    }

    public int inputCount() {
        return from.length;
    }

    public int outputCount() {
        return to.length;
    }

    public boolean hasDiagonal() {
        return hasDiagonal;
    }

    private static void requireLength(String what, int got, int want) {
        if (got != want) {
            throw new KernelArgumentException(what + " has " + got + " entries, expected " + want);
        }
    }

    private static void requireReduced(String what, long x, Modulus q) {
        if (x < 0 || x >= q.value()) {
            throw new KernelArgumentException(what + " must lie in [0, " + q.value() + ")");
        }
    }

    @Override
    public String toString() {
        return "RnsConversion(" + from.length + " -> " + to.length + " primes" + (hasDiagonal ? ", diagonal" : "") + ")";
    }
}
