package org.veilgrid.kernels;

/**
 * The raw kernel contract that the Java twin and the native library both implement. Nothing here
 * validates: {@link Kernels} checks every argument first, which is what lets the native side
 * trust offsets and lengths. Outputs are canonical residues in [0, q), so any two correct
 * implementations agree bit for bit.
 */
interface KernelBackend {
    Backend kind();

    /** Human name of the active code path, e.g. "java" or "native avx512ifma". */
    String describe();

    void add(Modulus q, long[] a, int aOff, long[] b, int bOff, long[] out, int outOff, int len);

    void sub(Modulus q, long[] a, int aOff, long[] b, int bOff, long[] out, int outOff, int len);

    void mul(Modulus q, long[] a, int aOff, long[] b, int bOff, long[] out, int outOff, int len);

    void mulScalar(Modulus q, long[] a, int aOff, long s, long sShoup, long[] out, int outOff, int len);

    /** out = [out +] (a - b) s mod q; sShoup = {@link Modulus#shoup}(s). */
    void subMulScalar(Modulus q, long[] a, int aOff, long[] b, int bOff, long s, long sShoup, long[] out, int outOff,
                      int len, boolean accumulate);

    void mulAdd(Modulus q, long[] a, int aOff, long[] b, int bOff, long[] c, int cOff,
                long[] out, int outOff, int len);

    /**
     * out[outOff + j] = &Sigma;<sub>t &lt; terms</sub> a[aOff + t aStride + j] b[bOff + t bStride + j]
     * mod q for j &lt; len, plus out[outOff + j] itself when accumulate is set; one reduction per
     * element. 1 &le; terms &le; {@link Kernels#MAX_DOT_TERMS}; out overlaps neither input.
     */
    void dot(Modulus q, long[] a, int aOff, int aStride, long[] b, int bOff, int bStride, int terms,
             long[] out, int outOff, int len, boolean accumulate);

    void nttForward(RnsNttTables t, long[] data, int off);

    void nttInverse(RnsNttTables t, long[] data, int off);

    void nttForward(NttTables t, long[] data, int off);

    void nttInverse(NttTables t, long[] data, int off);

    /** Returns false if the keystream ran out (2^32 blocks), which Kernels turns into an error. */
    boolean uniform(byte[] seed, long stream, Modulus q, long[] out, int off, int len);

    int rnsConvert(RnsConversion conversion, long[] in, int inOff, long[] diag, int diagOff,
                    long[] out, int outOff, int n);

    void reduceAdd(Modulus q, long[] in, int inOff, long addend, long[] out, int outOff, int len);
}
