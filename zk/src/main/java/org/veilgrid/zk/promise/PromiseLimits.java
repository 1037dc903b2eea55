package org.veilgrid.zk.promise;

/** Size limits shared by the promise formats. */
final class PromiseLimits {
    static final int MAX_TERMS = 16;
    static final int MAX_PUBLIC_TERMS_BYTES = 4096;
    static final int MAX_CLAIMS = 16;
    /**
     * Openings in one file: the most values one range proof aggregates (64), so `veil zk range
     * prove` can keep the openings of every value it proves; promises and receipts still commit
     * to at most {@link #MAX_TERMS}.
     */
    static final int MAX_OPENINGS = 64;
    /** A term name on the wire: length (u8) and up to 32 characters. */
    static final int MAX_NAME_BYTES = 1 + 32;
    /** Public terms on the wire: length (u16) and the UTF-8 text. */
    static final int MAX_PUBLIC_TERMS_WIRE = 2 + MAX_PUBLIC_TERMS_BYTES;
    /** A committed term on the wire: name and commitment. */
    static final int MAX_TERM_WIRE = MAX_NAME_BYTES + 32;

    private PromiseLimits() {
    }
}
