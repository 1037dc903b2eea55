package org.veilgrid.fhe.rns;

/**
 * A key-switching key from a key s' to the secret key s: for each RNS prime q<sub>j</sub> a pair
 * (b<sub>j</sub>, a<sub>j</sub>) in NTT form with b<sub>j</sub> + a<sub>j</sub>&middot;s =
 * e<sub>j</sub> + (Q/q<sub>j</sub>)&middot;s'. Relinearization keys switch from s<sup>2</sup>,
 * Galois keys from s(X<sup>g</sup>).
 */
public final class KeySwitchKey {
    private final int digits;
    private final boolean ntt;
    /** Residues per digit: key-basis rows times N. */
    private final int residues;
    /**
     * The b<sub>j</sub> and a<sub>j</sub> as polynomials, one per digit, until the first switch
     * lays them out by row ({@link #rowMajorB}); then null, so a key in use is held once.
     */
    private RnsPoly[] b;
    private RnsPoly[] a;
    /**
     * The public 32-byte seeds a<sub>j</sub> were expanded from ({@link Sampler#uniform} over the
     * key basis), or null, as a whole or for a digit, where a<sub>j</sub> did not come from a seed
     * (a key decoded in full): with them an encoding sends 32 bytes instead of each a<sub>j</sub>,
     * halving the key.
     */
    public final byte[][] seeds;

    /** {@link #rowMajorB(int)} and {@link #rowMajorA(int)}, built on first use; N then. */
    private volatile long[] rowMajorB;
    private volatile long[] rowMajorA;
    private int n;

    public KeySwitchKey(RnsPoly[] b, RnsPoly[] a) {
        this(b, a, null);
    }

    /** @throws IllegalArgumentException if there are no digits, or b and a differ in count */
    public KeySwitchKey(RnsPoly[] b, RnsPoly[] a, byte[][] seeds) {
        if (b.length == 0 || b.length != a.length) {
            throw new IllegalArgumentException("a key switching key needs as many a as b digits, at least one");
        }
        this.digits = b.length;
        this.ntt = b[0].ntt;
        this.residues = b[0].data.length;
        this.b = b;
        this.a = a;
        this.seeds = seeds;
    }

    /** The number of digits j (one per ciphertext prime of the top level). */
    public int digits() {
        return digits;
    }

    /** The rows of each digit: the key basis's primes (the top level's and P), for ring degree n. */
    public int rows(int n) {
        return residues / n;
    }

    /**
     * b<sub>j</sub> over the key basis: the key's own polynomial before its first switch, a copy
     * out of the row layout after it. Read-only.
     */
    public synchronized RnsPoly b(int j) {
        return b != null ? b[j] : digitOf(rowMajorB, j);
    }

    /** a<sub>j</sub>, as {@link #b(int)}. */
    public synchronized RnsPoly a(int j) {
        return a != null ? a[j] : digitOf(rowMajorA, j);
    }

    /** The same key without its seeds: it encodes every a<sub>j</sub> in full. */
    public synchronized KeySwitchKey withoutSeeds() {
        RnsPoly[] bs = new RnsPoly[digits];
        RnsPoly[] as = new RnsPoly[digits];
        for (int j = 0; j < digits; j++) {
            bs[j] = b(j);
            as[j] = a(j);
        }
        return new KeySwitchKey(bs, as, null);
    }

    private RnsPoly digitOf(long[] rows, int j) {
        if (j < 0 || j >= digits) {
            throw new IndexOutOfBoundsException("digit " + j + " of " + digits);
        }
        int rowCount = rows.length / (digits * n);
        RnsPoly p = new RnsPoly(n, rowCount, ntt);
        for (int r = 0; r < rowCount; r++) {
            System.arraycopy(rows, (r * digits + j) * n, p.data, r * n, n);
        }
        return p;
    }

    /**
     * The b<sub>j</sub> laid out by key-basis row then digit: row r of digit j (N values) at
     * [(r&middot;D + j)&middot;N, ...), D = {@link #digits()}. Key switching sums
     * D<sub>j</sub>&middot;b<sub>j</sub> row by row with one {@link org.veilgrid.kernels.Kernels#dot}
     * call, which needs a row's digits at a fixed stride in one array; the per-digit polynomials
     * cannot give that. Built with the a<sub>j</sub>'s on the first switch, which then drops the
     * per-digit polynomials (a key that is only stored or sent keeps its digits as they came);
     * read-only afterwards: callers must not write to it.
     *
     * @param n the ring degree N (the polynomials' row length)
     */
    public long[] rowMajorB(int n) {
        if (rowMajorB == null) {
            layOut(n);
        }
        return rowMajorB;
    }

    /** As {@link #rowMajorB(int)} for the a<sub>j</sub>. */
    public long[] rowMajorA(int n) {
        if (rowMajorA == null) {
            layOut(n);
        }
        return rowMajorA;
    }

    private synchronized void layOut(int ringDegree) {
        if (rowMajorA != null) {
            return;
        }
        long[] rowsB = rowMajor(b, ringDegree);
        long[] rowsA = rowMajor(a, ringDegree);
        n = ringDegree;
        rowMajorB = rowsB;
        rowMajorA = rowsA;
        b = null;
        a = null;
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
        return "KeySwitchKey(" + digits + " digits)";
    }
}
