package org.veilgrid.fhe.rns;

/**
 * Reusable work vectors of the ciphertext product, rotations, key switching and decryption,
 * one set per thread: the intermediate vectors of {@link Evaluator#multiply} (lifted operands,
 * the tensor, the scaling), of a rotation (c1 in coefficient form, permuted), of
 * {@link KeySwitching} and of {@link Decryptor#decrypt} (c0 + c1&middot;s, wiped after each use)
 * are taken from here instead of allocated per call, so that in steady
 * state a product or a rotation allocates only the ciphertext it returns. A vector keeps its
 * size until a call at another size (another level or preset) needs the slot.
 *
 * <p>A vector handed out is not cleared: every caller overwrites it whole before reading it, or
 * clears it itself (accumulators). Slots are fixed per use, and the operations that take them
 * do not nest except as listed in {@link Slot}, so no two live vectors share a slot. Holding a
 * product's working set per thread costs about 8 MiB at N = 8192 and 32 MiB at N = 16384.
 */
public final class Scratch {

    /**
     * The fixed uses. {@link KeySwitching}'s run inside a product or a rotation, beside the
     * slots those still hold (C2, GALOIS_R1), never the same ones.
     */
    public enum Slot {
        LIFT_A0, LIFT_A1, LIFT_B0, LIFT_B1, LIFT_COEFFICIENTS, TENSOR_D0, TENSOR_D1, TENSOR_D2, SCALE_Y, C2,
        SWITCH_DIGIT, SWITCH_ACC0, MOD_DOWN_R, MOD_DOWN_LIFTED, GALOIS_C1, GALOIS_R1, DECRYPT_X, RESCALE_R
    }

    private static final ThreadLocal<Scratch> LOCAL = ThreadLocal.withInitial(Scratch::new);

    private final long[][] vectors = new long[Slot.values().length][];

    private Scratch() {
    }

    /** This thread's scratch. */
    public static Scratch get() {
        return LOCAL.get();
    }

    /** The slot's vector of exactly {@code length} longs (contents unspecified). */
    public long[] vector(Slot slot, int length) {
        long[] v = vectors[slot.ordinal()];
        if (v == null || v.length != length) {
            v = new long[length];
            vectors[slot.ordinal()] = v;
        }
        return v;
    }
}
