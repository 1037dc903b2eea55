package org.veilgrid.kernels;

import java.util.ArrayList;
import java.util.List;

/**
 * NTT-friendly primes and roots of unity.
 *
 * <p>A prime q is NTT-friendly for ring degree N when q &equiv; 1 (mod 2N): then Z<sub>q</sub>
 * holds a primitive 2N-th root of unity &psi;, and multiplication in Z<sub>q</sub>[X]/(X<sup>N</sup>+1)
 * becomes pointwise after a negacyclic NTT. The root chosen is the smallest primitive 2N-th root,
 * a canonical choice that every implementation can reproduce.
 */
public final class Primes {
    /** Bases that make Miller-Rabin deterministic for every n &lt; 2<sup>64</sup>. */
    private static final long[] MR_BASES = {2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37};

    private Primes() {
    }

    /** Deterministic primality test for 0 &le; n &lt; 2<sup>62</sup>. */
    public static boolean isPrime(long n) {
        if (n < 2) {
            return false;
        }
        for (long p : MR_BASES) {
            if (n % p == 0) {
                return n == p;
            }
        }
        Modulus m = Modulus.of(n);
        long d = n - 1;
        int s = Long.numberOfTrailingZeros(d);
        d >>>= s;
        for (long a : MR_BASES) {
            long x = m.pow(a, d);
            if (x == 1 || x == n - 1) {
                continue;
            }
            boolean composite = true;
            for (int r = 1; r < s; r++) {
                x = m.mul(x, x);
                if (x == n - 1) {
                    composite = false;
                    break;
                }
            }
            if (composite) {
                return false;
            }
        }
        return true;
    }

    /**
     * The {@code count} largest primes of exactly {@code bits} bits with q &equiv; 1 (mod 2N),
     * in decreasing order.
     *
     * @param bits bit length of each prime, 2&middot;log2(N)+2 &le; bits &le; 62
     * @throws KernelArgumentException if N is not a power of two &ge; 2, bits is out of range,
     *     or fewer than {@code count} such primes exist
     */
    public static List<Long> nttPrimes(int bits, int n, int count) {
        requirePowerOfTwo(n);
        int logTwoN = Integer.numberOfTrailingZeros(n) + 1;
        if (bits > 62 || bits <= logTwoN) {
            throw new KernelArgumentException("NTT-friendly primes for N = " + n + " need between "
                    + (logTwoN + 1) + " and 62 bits, got " + bits);
        }
        if (count < 1) {
            throw new KernelArgumentException("count must be positive, got " + count);
        }
        long step = 2L * n;
        long lowest = 1L << (bits - 1);
        // Largest candidate 1 mod 2N below 2^bits.
        long candidate = ((1L << bits) - 1) / step * step + 1;
        if (candidate >= (1L << bits)) {
            candidate -= step;
        }
        List<Long> out = new ArrayList<>(count);
        for (; candidate > lowest && out.size() < count; candidate -= step) {
            if (isPrime(candidate)) {
                out.add(candidate);
            }
        }
        if (out.size() < count) {
            throw new KernelArgumentException("only " + out.size() + " primes of " + bits
                    + " bits are 1 mod " + step + "; asked for " + count);
        }
        return out;
    }

    /**
     * Checks that q can carry a negacyclic NTT of size N.
     *
     * @throws KernelArgumentException naming the rule q breaks
     */
    public static void requireNttFriendly(long q, int n) {
        requirePowerOfTwo(n);
        if (q >= Modulus.MAX_EXCLUSIVE || q < 0) {
            throw new KernelArgumentException("NTT modulus must be below 2^62, got " + Long.toUnsignedString(q));
        }
        if (q < 3 || (q - 1) % (2L * n) != 0) {
            throw new KernelArgumentException("NTT modulus " + q + " is not 1 mod 2N = " + (2L * n));
        }
        if (!isPrime(q)) {
            throw new KernelArgumentException("NTT modulus " + q + " is not prime");
        }
    }

    /**
     * The smallest primitive 2N-th root of unity modulo the NTT-friendly prime q.
     *
     * @throws KernelArgumentException if q is not NTT-friendly for N
     */
    public static long minimalPrimitiveRoot(long q, int n) {
        requireNttFriendly(q, n);
        Modulus m = Modulus.of(q);
        long twoN = 2L * n;
        long exponent = (q - 1) / twoN;
        long root = -1;
        // x^((q-1)/2N) has order dividing 2N; it is primitive iff its N-th power is -1.
        for (long x = 2; x < q; x++) {
            long r = m.pow(x, exponent);
            if (m.pow(r, n) == q - 1) {
                root = r;
                break;
            }
        }
        if (root < 0) {
            throw new IllegalStateException("no primitive 2N-th root found modulo a prime 1 mod 2N");
        }
        // The primitive 2N-th roots are root^k for odd k; take the smallest.
        long square = m.mul(root, root);
        long best = root;
        long current = root;
        for (long k = 3; k < twoN; k += 2) {
            current = m.mul(current, square);
            if (current < best) {
                best = current;
            }
        }
        return best;
    }

    static void requirePowerOfTwo(int n) {
        if (n < 2 || Integer.bitCount(n) != 1) {
            throw new KernelArgumentException("ring degree N must be a power of two >= 2, got " + n);
        }
    }
}
