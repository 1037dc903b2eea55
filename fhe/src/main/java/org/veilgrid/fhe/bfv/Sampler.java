package org.veilgrid.fhe.bfv;

import java.security.SecureRandom;
import java.util.Arrays;
import org.veilgrid.kernels.Kernels;

/**
 * The randomness BFV needs, all from {@link SecureRandom}:
 *
 * <ul>
 *   <li>secrets (s, and u in public-key encryption): uniform ternary, each coefficient
 *       -1, 0 or 1 with probability 1/3;</li>
 *   <li>errors: the discrete Gaussian of standard deviation &sigma; = 3.2 (as in the
 *       HomomorphicEncryption.org standard and SEAL), by inversion of a 63-bit cumulative
 *       table over |x| &le; 41 (about 13 &sigma;), scanned in full for every sample so that timing
 *       does not depend on the value, with a separate random sign;</li>
 *   <li>uniform polynomials: the native ChaCha20 PRG expanded from a fresh 32-byte seed, one
 *       stream per prime, sampled directly in the NTT domain (uniform there too).</li>
 * </ul>
 * The cumulative table is computed in double precision, so it is exact to about 2<sup>-50</sup>
 * per entry.
 */
final class Sampler {
    static final double SIGMA = 3.2;
    static final int TAIL = 41;
    /** CDT[k] = floor(2^63 &middot; P(|X| &le; k)) for the folded distribution. */
    private static final long[] CDT = buildTable();

    private final SecureRandom random;

    Sampler(SecureRandom random) {
        this.random = random;
    }

    private static long[] buildTable() {
        double[] rho = new double[TAIL + 1];
        double total = 0;
        for (int k = 0; k <= TAIL; k++) {
            rho[k] = Math.exp(-(double) k * k / (2 * SIGMA * SIGMA));
            total += k == 0 ? rho[k] : 2 * rho[k];
        }
        long[] cdt = new long[TAIL + 1];
        double cum = 0;
        for (int k = 0; k <= TAIL; k++) {
            cum += (k == 0 ? rho[k] : 2 * rho[k]) / total;
            cdt[k] = (long) Math.min(Math.scalb(cum, 63), Math.scalb(1.0, 63) - 1);
        }
        return cdt;
    }

    /** N coefficients in {-1, 0, 1}. */
    long[] ternary(int n) {
        long[] out = new long[n];
        byte[] buf = new byte[n + 64];
        int filled = 0;
        while (filled < n) {
            random.nextBytes(buf);
            for (int i = 0; i < buf.length && filled < n; i++) {
                int b = buf[i] & 0xff;
                // 255 = 3 * 85: rejecting it leaves a uniform value mod 3. The rejection depends
                // only on the discarded byte, not on the values kept.
                if (b != 255) {
                    out[filled++] = (b % 3) - 1;
                }
            }
        }
        Arrays.fill(buf, (byte) 0);
        return out;
    }

    /** N samples of the discrete Gaussian with &sigma; = 3.2. */
    long[] gaussian(int n) {
        long[] out = new long[n];
        for (int j = 0; j < n; j++) {
            long r = random.nextLong() >>> 1; // 63 uniform bits
            long magnitude = 0;
            for (int k = 0; k < TAIL; k++) {
                // Adds 1 when r >= CDT[k], without a branch.
                magnitude += (CDT[k] - 1 - r) >>> 63;
            }
            long sign = random.nextInt() & 1;
            out[j] = (magnitude ^ -sign) + sign;
        }
        return out;
    }

    /** A fresh 32-byte seed. */
    byte[] seed() {
        byte[] seed = new byte[Kernels.SEED_BYTES];
        random.nextBytes(seed);
        return seed;
    }

    /** The uniform polynomial in NTT form expanded from a seed (stream i for prime i). */
    static RnsPoly uniform(BfvContext ctx, byte[] seed) {
        int n = ctx.n();
        RnsPoly a = new RnsPoly(n, ctx.primeCount(), true);
        for (int i = 0; i < ctx.primeCount(); i++) {
            ctx.kernels().uniform(seed, i, ctx.modulus(i), a.data, i * n, n);
        }
        return a;
    }
}
