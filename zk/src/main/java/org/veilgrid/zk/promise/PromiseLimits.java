package org.veilgrid.zk.promise;

/** Size limits shared by the promise formats. */
final class PromiseLimits {
    static final int MAX_TERMS = 16;
    static final int MAX_PUBLIC_TERMS_BYTES = 4096;
    static final int MAX_CLAIMS = 16;

    private PromiseLimits() {
    }
}
