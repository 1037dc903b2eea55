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

    private PromiseLimits() {
    }
}
