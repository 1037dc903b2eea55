package org.veilgrid.fhe.bfv;

/**
 * Parameter sets at 128-bit classical security (HomomorphicEncryption.org standard): each uses
 * the table's whole modulus budget for its N, split into NTT-friendly primes, and the batching
 * prime t = 65537 (1 mod 2N for every N here).
 */
public enum BfvPreset {
    /** N = 4096, log Q = 109 (36 + 36 + 37). */
    N4096(4096, new int[] {36, 36, 37}),
    /** N = 8192, log Q = 218 (43 + 43 + 44 + 44 + 44). */
    N8192(8192, new int[] {43, 43, 44, 44, 44}),
    /** N = 16384, log Q = 438 (3 × 48 + 6 × 49). */
    N16384(16384, new int[] {48, 48, 48, 49, 49, 49, 49, 49, 49}),
    /** N = 32768, log Q = 881 (15 × 55 + 56). */
    N32768(32768, new int[] {55, 55, 55, 55, 55, 55, 55, 55, 55, 55, 55, 55, 55, 55, 55, 56});

    /** The batching plaintext modulus every preset uses. */
    public static final long PLAIN_MODULUS = 65537;

    final int n;
    private final int[] primeBits;

    BfvPreset(int n, int[] primeBits) {
        this.n = n;
        this.primeBits = primeBits;
    }

    public int n() {
        return n;
    }

    int[] primeBits() {
        return primeBits.clone();
    }

    /** Sum of the primes' bit lengths, an upper bound on log2(Q). */
    public int logQ() {
        int s = 0;
        for (int b : primeBits) {
            s += b;
        }
        return s;
    }
}
