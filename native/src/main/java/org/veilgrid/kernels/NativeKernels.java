package org.veilgrid.kernels;

/**
 * The JNI surface of libveilkernels (jni_bridge.c). Package-private and unchecked on purpose:
 * only {@link NativeBackend} calls it, after {@link Kernels} has validated every argument.
 * The ISA constants mirror {@code enum veil_isa} in veil_kernels.h.
 */
final class NativeKernels {
    static final int ISA_PORTABLE = 0;
    static final int ISA_AVX2 = 1;
    static final int ISA_AVX512 = 2;
    static final int ISA_AVX512IFMA = 3;

    private NativeKernels() {
    }

    static String isaName(int level) {
        switch (level) {
            case ISA_PORTABLE: return "portable";
            case ISA_AVX2: return "avx2";
            case ISA_AVX512: return "avx512";
            case ISA_AVX512IFMA: return "avx512ifma";
            default: return "unknown(" + level + ")";
        }
    }

    static native String libraryVersion();

    static native int cpuFeatures();

    static native int isaSupported();

    static native int isaActive();

    static native int isaSet(int level);

    static native void add(long q, long[] a, int aOff, long[] b, int bOff, long[] out, int outOff, int len);

    static native void sub(long q, long[] a, int aOff, long[] b, int bOff, long[] out, int outOff, int len);

    static native void mul(long q, long mu, int bits, long[] a, int aOff, long[] b, int bOff,
                           long[] out, int outOff, int len);

    static native void mulScalar(long q, long s, long sShoup, long[] a, int aOff, long[] out, int outOff, int len);

    static native void subMulScalar(long q, long s, long sShoup, long[] a, int aOff, long[] b, int bOff, long[] out,
                                    int outOff, int len, boolean accumulate);

    static native void mulAdd(long q, long mu, int bits, long[] a, int aOff, long[] b, int bOff,
                              long[] c, int cOff, long[] out, int outOff, int len);

    /** consts = {@link Modulus#dotConstants()}. */
    static native void dot(long[] consts, long[] a, int aOff, int aStride, long[] b, int bOff, int bStride,
                           int terms, long[] out, int outOff, int len, boolean accumulate);

    static native void nttForward(int logN, long[] moduli, long[] roots, long[] rootsShoup, long[] data, int off);

    static native void nttInverse(int logN, long[] moduli, long[] invRoots, long[] invRootsShoup,
                                  long[] nInv, long[] nInvShoup, long[] data, int off);

    static native int prgUniform(byte[] seed, long stream, long q, long[] out, int off, int len);

    static native void chachaBlock(byte[] key, int counter, byte[] nonce, byte[] out);

    static native int rnsConvert(long[] plan, long[] in, int inOff, long[] diag, int diagOff,
                                  long[] out, int outOff, int n);

    static native void reduceAdd(long q, long m64, long addend, long[] in, int inOff, long[] out, int outOff, int len);
}
