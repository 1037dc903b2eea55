package org.veilgrid.fhe.rns;

import java.security.SecureRandom;
import java.util.Arrays;

import org.veilgrid.kernels.Kernels;
import org.veilgrid.kernels.Modulus;

/**
 * The randomness BFV needs, all from {@link SecureRandom}:
 *
 * Secrets and noise are expanded with the native ChaCha20 PRG from a fresh 32-byte
 * {@code SecureRandom} seed per polynomial (one system call instead of one per coefficient):
 * <ul>
 *   <li>secrets (s, and u in public-key encryption): uniform ternary, each coefficient
 *       -1, 0 or 1 with probability 1/3 (five base-3 digits from each PRG byte below 243,
 *       the others rejected: exact);</li>
 *   <li>errors: the discrete Gaussian of standard deviation &sigma; = 3.2 (as in the
 *       HomomorphicEncryption.org standard and SEAL), by inversion of a 60-bit cumulative
 *       table over |x| &le; 41 (about 13 &sigma;), scanned in full for every sample so that timing
 *       does not depend on the value, with the sign from a 61st random bit;</li>
 *   <li>uniform polynomials: the native ChaCha20 PRG expanded from a fresh 32-byte seed, one
 *       stream per prime, sampled directly in the NTT domain (uniform there too).</li>
 * </ul>
 * The cumulative table is computed in double precision, so it is exact to about 2<sup>-50</sup>
 * per entry.
 */
public final class Sampler {
    public static final double SIGMA = 3.2;
    public static final int TAIL = 41;
    /** CDT[k] = floor(2^60 &middot; P(|X| &le; k)) for the folded distribution. */
    private static final long[] CDT = buildTable();

    private static final Modulus TWO_TO_61 = Modulus.of(1L << 61);

    private final SecureRandom random;

    public Sampler(SecureRandom random) {
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
            cdt[k] = (long) Math.min(Math.scalb(cum, 60), (double) (1L << 60));
        }
        return cdt;
    }

    /**
     * N coefficients in {-1, 0, 1}, uniform and independent. Each keystream byte below
     * 3<sup>5</sup> = 243 is five base-3 digits (bytes from 243 up are rejected, which reveals
     * nothing about the accepted ones), so a key takes about N/4.75 bytes of the PRG rather than
     * a word per coefficient.
     */
    public long[] ternary(int n) {
        long[] out = new long[n];
        byte[] seed = seed();
        // 61-bit PRG words, seven bytes used from each; enough for N in one round almost always.
        long[] words = new long[n / 30 + 16];
        try {
            int filled = 0;
            long stream = 0;
            while (filled < n) {
                Kernels.get().uniform(seed, stream++, TWO_TO_61, words);
                for (int w = 0; w < words.length && filled < n; w++) {
                    for (int b = 0; b < 7 && filled < n; b++) {
                        int x = (int) ((words[w] >>> (8 * b)) & 0xff);
                        if (x < 243) {
                            for (int d = 0; d < 5 && filled < n; d++) {
                                out[filled++] = x % 3 - 1;
                                x /= 3;
                            }
                        }
                    }
                }
            }
        } finally {
            Arrays.fill(seed, (byte) 0);
            Arrays.fill(words, 0);
        }
        return out;
    }

    /** N samples of the discrete Gaussian with &sigma; = 3.2. */
    public long[] gaussian(int n) {
        long[] out = new long[n];
        byte[] seed = seed();
        Kernels.get().uniform(seed, 1, TWO_TO_61, out);
        Arrays.fill(seed, (byte) 0);
        final long low60 = (1L << 60) - 1;
        for (int j = 0; j < n; j++) {
            long r = out[j] & low60;
            long sign = out[j] >>> 60;
            long magnitude = 0;
            for (int k = 0; k < TAIL; k++) {
                // Adds 1 when r >= CDT[k], without a branch.
                magnitude += (CDT[k] - 1 - r) >>> 63;
            }
            out[j] = (magnitude ^ -sign) + sign;
        }
        return out;
    }

    /**
     * Flooding noise: N coefficients uniform in [&minus;2<sup>bits</sup>, 2<sup>bits</sup>), as
     * residues over the basis (coefficient form). Each coefficient is four 30-bit chunks of two
     * PRG words, reduced with multiply-adds by 2<sup>30k</sup> mod q (no division: the noise is
     * secret), so bits may reach 119 and every prime must exceed 2<sup>30</sup>.
     *
     * @throws IllegalArgumentException unless 1 &le; bits &le; 119
     */
    public RnsPoly floodNoise(RnsBasis basis, int bits) {
        if (bits < 1 || bits > 119) {
            throw new IllegalArgumentException("flooding noise takes 1 to 119 bits, got " + bits);
        }
        int n = basis.n;
        long[] words = new long[2 * n];
        byte[] seed = seed();
        Kernels.get().uniform(seed, 0, TWO_TO_61, words);
        Arrays.fill(seed, (byte) 0);
        final long chunk = (1L << 30) - 1;
        int span = bits + 1; // uniform in [0, 2^span), then shifted down by 2^bits
        long[] masks = new long[4];
        for (int c = 0; c < 4; c++) {
            int have = Math.max(0, Math.min(30, span - 30 * c));
            masks[c] = have == 0 ? 0 : (1L << have) - 1;
        }
        RnsPoly out = new RnsPoly(n, basis.size(), false);
        for (int i = 0; i < basis.size(); i++) {
            org.veilgrid.kernels.Modulus q = basis.moduli[i];
            if (q.value() <= chunk) {
                throw new IllegalArgumentException("flooding noise needs primes above 2^30");
            }
            long p30 = q.pow(2, 30);
            long offset = q.pow(2, bits);
            for (int j = 0; j < n; j++) {
                long w0 = words[2 * j];
                long w1 = words[2 * j + 1];
                long v = (w1 >>> 30) & masks[3];
                v = q.mulAdd(v, p30, (w1 & chunk) & masks[2]);
                v = q.mulAdd(v, p30, (w0 >>> 30) & chunk & masks[1]);
                v = q.mulAdd(v, p30, w0 & chunk & masks[0]);
                out.data[i * n + j] = q.sub(v, offset);
            }
        }
        Arrays.fill(words, 0);
        return out;
    }

    /** A fresh 32-byte seed. */
    public byte[] seed() {
        byte[] seed = new byte[Kernels.SEED_BYTES];
        random.nextBytes(seed);
        return seed;
    }

    /** The uniform polynomial in NTT form expanded from a seed (stream i for prime i). */
    /** Prime i's residues come from stream i of the seed, so a prefix basis gets the same rows. */
    public static RnsPoly uniform(RnsBasis basis, byte[] seed) {
        int n = basis.n;
        RnsPoly a = new RnsPoly(n, basis.size(), true);
        org.veilgrid.kernels.Kernels k = org.veilgrid.kernels.Kernels.get();
        for (int i = 0; i < basis.size(); i++) {
            k.uniform(seed, i, basis.moduli[i], a.data, i * n, n);
        }
        return a;
    }
}
