package org.veilgrid.core.cbor;

/**
 * Encoded sizes under the deterministic encoding (RFC 8949 §4.2.1: every head in its shortest
 * form), for formats that state their largest encoding and bound their reads by it.
 */
public final class CborSizes {
    private CborSizes() {
    }

    /** The length of the head of a string, array or map of {@code n} bytes or elements, or of the integer {@code n}. */
    public static int headLength(long n) {
        return n < 24 ? 1 : n < 256 ? 2 : n < 65536 ? 3 : n <= 0xffffffffL ? 5 : 9;
    }

    /** The encoded length of a byte or text string of {@code n} bytes. */
    public static int stringLength(int n) {
        return headLength(n) + n;
    }

    /** The encoded length of an unsigned integer {@code v}, or of the negative integer −1 − v. */
    public static int integerLength(long v) {
        return headLength(v);
    }
}
