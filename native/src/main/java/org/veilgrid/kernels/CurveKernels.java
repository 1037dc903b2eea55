package org.veilgrid.kernels;

import java.util.Optional;

/**
 * Edwards25519 multi-scalar multiplication kernels (the group under Ristretto255): the native
 * library (curve25519.c, msm.c) or its pure-Java twin ({@link CurveJava}), chosen like
 * {@link Kernels}: native when the library loaded and VEIL_NATIVE is not {@code off}.
 *
 * <p>Exchange format: a point is 20 longs — X, Y, Z, T of extended coordinates, each five
 * limbs in radix 2^51, every limb at most {@link #LIMB_MAX} = 2^51 + 2^20 (what carried field
 * arithmetic produces; results come back the same way); a scalar is 32 little-endian bytes below 2^255 (callers pass
 * canonical scalars mod ℓ). Results come back in the same packed form. Every call does a whole
 * MSM (one JNI crossing); arguments are validated here, before either backend runs.
 *
 * <p>{@link #msm} is variable-time (Pippenger's bucket method) and only for public scalars;
 * {@link #msmConstantTime} and {@link #scalarMul} do not branch or index memory by scalar
 * values (Straus, signed 4-bit windows, masked table scans).
 */
public final class CurveKernels {
    /** Longs per packed point. */
    public static final int POINT_LONGS = 20;
    /** Bytes per scalar. */
    public static final int SCALAR_BYTES = 32;
    /** Largest accepted limb of a packed point: 2^51 + 2^20. */
    public static final long LIMB_MAX = (1L << 51) + (1L << 20);

    private static final CurveKernels JAVA = new CurveKernels(false);
    private static final CurveKernels NATIVE = new CurveKernels(true);

    private final boolean nativeCode;

    private CurveKernels(boolean nativeCode) {
        this.nativeCode = nativeCode;
    }

    /** The fastest available: native when loaded, otherwise the Java twin. */
    public static CurveKernels get() {
        return nativeKernels().orElse(JAVA);
    }

    /** The pure-Java twin. */
    public static CurveKernels java() {
        return JAVA;
    }

    /** The native kernels, or empty when the library is disabled or could not load. */
    public static Optional<CurveKernels> nativeKernels() {
        return NativeLibrary.isLoaded() ? Optional.of(NATIVE) : Optional.empty();
    }

    public Backend backend() {
        return nativeCode ? Backend.NATIVE : Backend.JAVA;
    }

    @Override
    public String toString() {
        return "CurveKernels(" + (nativeCode ? "native" : "java") + ")";
    }

    /**
     * out[0..20) = Σ scalars_i · points_i for i &lt; n, in variable time (public scalars only).
     */
    public void msm(byte[] scalars, long[] points, int n, long[] out) {
        check(scalars, points, n, out);
        if (nativeCode) {
            CurveNative.msmVartime(scalars, points, n, out);
        } else {
            CurveJava.msmVartime(scalars, points, n, out);
        }
    }

    /** As {@link #msm}, in constant time with respect to the scalars (secret scalars). */
    public void msmConstantTime(byte[] scalars, long[] points, int n, long[] out) {
        check(scalars, points, n, out);
        if (nativeCode) {
            CurveNative.msmConstTime(scalars, points, n, out);
        } else {
            CurveJava.msmConstTime(scalars, points, n, out);
        }
    }

    /** out = scalar · point, constant time in the scalar. */
    public void scalarMul(byte[] scalar, long[] point, long[] out) {
        msmConstantTime(scalar, point, 1, out);
    }

    /**
     * Precomputed odd multiples (P, 3P, …, 63P) of fixed bases, for {@link #msm(FixedBaseTable,
     * byte[], byte[], long[], int, long[])}. Built once per base set (640 longs per base);
     * opaque, so a table is always one these kernels built.
     */
    public static final class FixedBaseTable {
        final long[] table;
        final int bases;

        private FixedBaseTable(long[] table, int bases) {
            this.table = table;
            this.bases = bases;
        }

        public int bases() {
            return bases;
        }
    }

    /** Builds the table of {@code n} packed points (validated like MSM points). */
    public FixedBaseTable fixedBaseTable(long[] points, int n) {
        check(new byte[SCALAR_BYTES * n], points, n, new long[POINT_LONGS]);
        long[] table = new long[CurveJava.TABLE_LONGS * n];
        if (nativeCode) {
            CurveNative.fixedTable(points, n, table);
        } else {
            CurveJava.fixedTable(points, n, table);
        }
        return new FixedBaseTable(table, n);
    }

    /**
     * out = Σ_i fixedScalars_i·B_i over every base of the table + Σ_j varScalars_j·P_j, in
     * variable time (public scalars only). Zero scalars cost almost nothing.
     */
    public void msm(FixedBaseTable table, byte[] fixedScalars, byte[] varScalars, long[] varPoints, int nVar, long[] out) {
        if (table == null || fixedScalars == null || fixedScalars.length != SCALAR_BYTES * table.bases) {
            throw new KernelArgumentException("fixed-base MSM needs one 32-byte scalar per table base");
        }
        check(fixedScalars, new long[0], 0, out);
        for (int i = 0; i < table.bases; i++) {
            if (fixedScalars[SCALAR_BYTES * i + 31] < 0) {
                throw new KernelArgumentException("fixed scalar " + i + " is not below 2^255");
            }
        }
        check(varScalars, varPoints, nVar, out);
        if (nativeCode) {
            CurveNative.msmTable(table.table, fixedScalars, table.bases, varScalars, varPoints, nVar, out);
        } else {
            CurveJava.msmTable(table.table, fixedScalars, table.bases, varScalars, varPoints, nVar, out);
        }
    }

    /** Bytes of a Ristretto255 encoding. */
    public static final int ENCODED_BYTES = 32;

    /**
     * Decodes the Ristretto255 encoding in[off..off+32) (RFC 9496, section 4.3.1) into the packed
     * point out[0..20) with Z = 1. Returns false if the bytes are not a canonical encoding of a
     * group element; out then holds some point that must be discarded. Constant time in the
     * bytes (the answer aside).
     *
     * @throws KernelArgumentException for a null array, a range outside {@code in}, or out shorter than 20
     */
    public boolean ristrettoDecode(byte[] in, int off, long[] out) {
        if (in == null || out == null) {
            throw new KernelArgumentException("null array passed to ristrettoDecode");
        }
        if (off < 0 || off > in.length - ENCODED_BYTES) {
            throw new KernelArgumentException("a Ristretto255 encoding is 32 bytes; offset " + off + " in "
                    + in.length + " bytes");
        }
        if (out.length < POINT_LONGS) {
            throw new KernelArgumentException("a decoded point needs " + POINT_LONGS + " longs");
        }
        return nativeCode ? CurveNative.ristrettoDecode(in, off, out) : RistrettoCodec.decode(in, off, out);
    }

    /**
     * Writes the canonical Ristretto255 encoding (RFC 9496, section 4.3.2) of the packed point
     * point[0..20) to out[off..off+32). Constant time in the point.
     *
     * @throws KernelArgumentException for a null array, a range outside {@code out}, or a limb above 2^51 + 2^20
     */
    public void ristrettoEncode(long[] point, byte[] out, int off) {
        if (point == null || out == null) {
            throw new KernelArgumentException("null array passed to ristrettoEncode");
        }
        if (off < 0 || off > out.length - ENCODED_BYTES) {
            throw new KernelArgumentException("an encoding needs 32 bytes; offset " + off + " in " + out.length + " bytes");
        }
        check(new byte[SCALAR_BYTES], point, 1, new long[POINT_LONGS]);
        if (nativeCode) {
            CurveNative.ristrettoEncode(point, out, off);
        } else {
            RistrettoCodec.encode(point, out, off);
        }
    }

    private static void check(byte[] scalars, long[] points, int n, long[] out) {
        if (scalars == null || points == null || out == null) {
            throw new KernelArgumentException("null array passed to an MSM");
        }
        if (n < 0 || (long) n * SCALAR_BYTES > scalars.length || (long) n * POINT_LONGS > points.length) {
            throw new KernelArgumentException("MSM of " + n + " terms needs " + (long) n * SCALAR_BYTES
                    + " scalar bytes and " + (long) n * POINT_LONGS + " point longs; got "
                    + scalars.length + " and " + points.length);
        }
        if (out.length < POINT_LONGS) {
            throw new KernelArgumentException("MSM output needs " + POINT_LONGS + " longs");
        }
        for (int i = 0; i < n; i++) {
            if (scalars[SCALAR_BYTES * i + 31] < 0) {
                throw new KernelArgumentException("scalar " + i + " is not below 2^255");
            }
        }
        for (int i = 0, len = n * POINT_LONGS; i < len; i++) {
            if (points[i] < 0 || points[i] > LIMB_MAX) {
                throw new KernelArgumentException("point limb " + i + " exceeds 2^51 + 2^20");
            }
        }
    }
}
