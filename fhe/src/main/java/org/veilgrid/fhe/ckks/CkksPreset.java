package org.veilgrid.fhe.ckks;

/**
 * CKKS parameter sets at 128-bit classical security (the HomomorphicEncryption.org bound on
 * log2(QP) for ternary secrets): a first prime that holds the message at the last level, L
 * primes of about the scale's size (one consumed per rescale), and a special prime for key
 * switching as long as the longest ciphertext prime.
 */
public enum CkksPreset {
    /** N = 8192: 49 + 3 &times; 40 bits, special 49 (log2 QP = 218); depth 3 at scale 2^40. */
    N8192(8192, 49, 40, 3, 49),
    /** N = 16384: 58 + 8 &times; 40 bits, special 58 (log2 QP = 436); depth 8 at scale 2^40. */
    N16384(16384, 58, 40, 8, 58),
    /** N = 32768: 60 + 19 &times; 40 bits, special 60 (log2 QP = 880); depth 19 at scale 2^40. */
    N32768(32768, 60, 40, 19, 60),
    /**
     * N = 16384: four 60-bit ciphertext primes and a 60-bit special prime (log2 QP = 300, far
     * below the 438 the standard allows), scale 2^60: ten more bits per level than {@link
     * #N16384} for shallow circuits that need precision more than depth. A result needs headroom
     * above its scale, so a circuit here ends at a level that still has two primes (the grid's
     * encrypted neural model: two rescales, its logits at level 2 modulo 120 bits).
     */
    N16384_WIDE(16384, 60, 60, 3, 60);

    private final int n;
    private final int firstBits;
    private final int scaleBits;
    private final int depth;
    private final int specialBits;

    CkksPreset(int n, int firstBits, int scaleBits, int depth, int specialBits) {
        this.n = n;
        this.firstBits = firstBits;
        this.scaleBits = scaleBits;
        this.depth = depth;
        this.specialBits = specialBits;
    }

    public int n() {
        return n;
    }

    int firstBits() {
        return firstBits;
    }

    /** log2 of the default scale, and the size of the primes each rescale divides by. */
    public int scaleBits() {
        return scaleBits;
    }

    /** How many rescales a fresh ciphertext allows. */
    public int depth() {
        return depth;
    }

    int specialBits() {
        return specialBits;
    }
}
