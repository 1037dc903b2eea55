package org.veilgrid.fhe.rns;

/**
 * A key-switching key from a key s' to the secret key s: for each RNS prime q<sub>j</sub> a pair
 * (b<sub>j</sub>, a<sub>j</sub>) in NTT form with b<sub>j</sub> + a<sub>j</sub>&middot;s =
 * e<sub>j</sub> + (Q/q<sub>j</sub>)&middot;s'. Relinearization keys switch from s<sup>2</sup>,
 * Galois keys from s(X<sup>g</sup>).
 */
public final class KeySwitchKey {
    public final RnsPoly[] b;
    public final RnsPoly[] a;
    /**
     * The public 32-byte seeds a<sub>j</sub> were expanded from ({@link Sampler#uniform} over the
     * key basis), or null, as a whole or for a digit, where a<sub>j</sub> did not come from a seed
     * (a key decoded in full): with them an encoding sends 32 bytes instead of each a<sub>j</sub>,
     * halving the key.
     */
    public final byte[][] seeds;

    /** {@link #rowMajorB(int)} and {@link #rowMajorA(int)}, built on first use. */
    private volatile long[] rowMajorB;
    private volatile long[] rowMajorA;

    public KeySwitchKey(RnsPoly[] b, RnsPoly[] a) {
        this(b, a, null);
    }

    public KeySwitchKey(RnsPoly[] b, RnsPoly[] a, byte[][] seeds) {
        this.b = b;
        this.a = a;
        this.seeds = seeds;
    }

    /**
     * The b<sub>j</sub> again, laid out by key-basis row then digit: row r of digit j (N values)
     * at [(r&middot;D + j)&middot;N, ...), D = b.length. Key switching sums D<sub>j</sub>&middot;b<sub>j</sub>
     * row by row with one {@link org.veilgrid.kernels.Kernels#dot} call, which needs a row's
     * digits at a fixed stride in one array; the per-digit polynomials cannot give that. Built
     * once, on the first switch (a key that is only stored or sent never pays the memory), and
     * read-only afterwards: callers must not write to it.
     *
     * @param n the ring degree N (the polynomials' row length)
     */
    public long[] rowMajorB(int n) {
        long[] v = rowMajorB;
        if (v == null) {
            synchronized (this) {
                v = rowMajorB;
                if (v == null) {
                    v = rowMajor(b, n);
                    rowMajorB = v;
                }
            }
        }
        return v;
    }

    /** As {@link #rowMajorB(int)} for the a<sub>j</sub>. */
    public long[] rowMajorA(int n) {
        long[] v = rowMajorA;
        if (v == null) {
            synchronized (this) {
                v = rowMajorA;
                if (v == null) {
                    v = rowMajor(a, n);
                    rowMajorA = v;
                }
            }
        }
        return v;
    }

    private static long[] rowMajor(RnsPoly[] polys, int n) {
        int digits = polys.length;
        int total = polys[0].data.length;
        if (n <= 0 || total % n != 0) {
            throw new IllegalArgumentException("ring degree " + n + " does not divide the key's " + total + " residues");
        }
        long size = (long) total * digits;
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("key switching key too large for one array: " + size + " residues");
        }
        int rows = total / n;
        long[] out = new long[(int) size];
        for (int j = 0; j < digits; j++) {
            long[] d = polys[j].data;
            if (d.length != total) {
                throw new IllegalStateException("key switching key digits differ in size");
            }
            for (int r = 0; r < rows; r++) {
                System.arraycopy(d, r * n, out, (r * digits + j) * n, n);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "KeySwitchKey(" + b.length + " digits)";
    }
}
