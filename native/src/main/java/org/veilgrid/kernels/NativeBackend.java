package org.veilgrid.kernels;

/** The C kernels through JNI; only constructed once {@link NativeLibrary} has loaded them. */
final class NativeBackend implements KernelBackend {
    static final NativeBackend INSTANCE = new NativeBackend();

    private NativeBackend() {
    }

    @Override
    public Backend kind() {
        return Backend.NATIVE;
    }

    @Override
    public String describe() {
        return "native " + NativeKernels.isaName(NativeKernels.isaActive());
    }

    @Override
    public void add(Modulus q, long[] a, int aOff, long[] b, int bOff, long[] out, int outOff, int len) {
        NativeKernels.add(q.value(), a, aOff, b, bOff, out, outOff, len);
    }

    @Override
    public void sub(Modulus q, long[] a, int aOff, long[] b, int bOff, long[] out, int outOff, int len) {
        NativeKernels.sub(q.value(), a, aOff, b, bOff, out, outOff, len);
    }

    @Override
    public void mul(Modulus q, long[] a, int aOff, long[] b, int bOff, long[] out, int outOff, int len) {
        NativeKernels.mul(q.value(), q.barrettMu(), q.bits(), a, aOff, b, bOff, out, outOff, len);
    }

    @Override
    public void mulScalar(Modulus q, long[] a, int aOff, long s, long sShoup, long[] out, int outOff, int len) {
        NativeKernels.mulScalar(q.value(), s, sShoup, a, aOff, out, outOff, len);
    }

    @Override
    public void subMulScalar(Modulus q, long[] a, int aOff, long[] b, int bOff, long s, long sShoup, long[] out,
                             int outOff, int len, boolean accumulate) {
        NativeKernels.subMulScalar(q.value(), s, sShoup, a, aOff, b, bOff, out, outOff, len, accumulate);
    }

    @Override
    public void mulAdd(Modulus q, long[] a, int aOff, long[] b, int bOff, long[] c, int cOff,
                       long[] out, int outOff, int len) {
        NativeKernels.mulAdd(q.value(), q.barrettMu(), q.bits(), a, aOff, b, bOff, c, cOff, out, outOff, len);
    }

    @Override
    public void dot(Modulus q, long[] a, int aOff, int aStride, long[] b, int bOff, int bStride, int terms,
                    long[] out, int outOff, int len, boolean accumulate) {
        NativeKernels.dot(q.dotConstants(), a, aOff, aStride, b, bOff, bStride, terms, out, outOff, len, accumulate);
    }

    @Override
    public void nttForward(RnsNttTables t, long[] data, int off) {
        NativeKernels.nttForward(t.logN(), t.moduli, t.roots, t.rootsShoup, data, off);
    }

    @Override
    public void nttInverse(RnsNttTables t, long[] data, int off) {
        NativeKernels.nttInverse(t.logN(), t.moduli, t.invRoots, t.invRootsShoup, t.nInv, t.nInvShoup, data, off);
    }

    @Override
    public void nttForward(NttTables t, long[] data, int off) {
        NativeKernels.nttForward(t.logN(), t.qArray, t.roots, t.rootsShoup, data, off);
    }

    @Override
    public void nttInverse(NttTables t, long[] data, int off) {
        NativeKernels.nttInverse(t.logN(), t.qArray, t.invRoots, t.invRootsShoup,
                t.nInvArray, t.nInvShoupArray, data, off);
    }

    @Override
    public boolean uniform(byte[] seed, long stream, Modulus q, long[] out, int off, int len) {
        return NativeKernels.prgUniform(seed, stream, q.value(), out, off, len) == 0;
    }

    @Override
    public int rnsConvert(RnsConversion conversion, long[] in, int inOff, long[] diag, int diagOff,
                           long[] out, int outOff, int n) {
        return NativeKernels.rnsConvert(conversion.plan, in, inOff, diag, diagOff, out, outOff, n);
    }

    @Override
    public void reduceAdd(Modulus q, long[] in, int inOff, long addend, long[] out, int outOff, int len) {
        NativeKernels.reduceAdd(q.value(), q.m64(), addend, in, inOff, out, outOff, len);
    }
}
