package org.veilgrid.zk.group;

import java.util.Arrays;
import org.veilgrid.kernels.CurveKernels;

/**
 * Σ s_i·P_i over many terms in one call to the curve kernels (native Pippenger or Straus, or
 * their Java twins). Terms are gathered in packed form; fixed generator sets can be packed once
 * ({@link PackedPoints}) and appended without re-packing.
 *
 * <p>{@link #vartime()} is for public scalars (verifiers); {@link #constantTime()} is for any
 * term whose scalar is secret (provers' commitments).
 */
public final class MultiScalar {
    /** From this many non-fixed terms on, they go through Pippenger rather than the table MSM. */
    static final int PIPPENGER_FOR_OTHERS = 256;

    private byte[] scalars;
    private long[] points;
    private int n;
    private final FixedBases fixed;
    private final Scalar[] fixedScalars;

    public MultiScalar() {
        this(16);
    }

    public MultiScalar(int expectedTerms) {
        this(null, expectedTerms);
    }

    /**
     * An MSM over the bases of {@code fixed} (scalars set with {@link #addFixed}, zero by default)
     * plus any other terms; {@link #vartime()} then uses the precomputed tables.
     */
    public MultiScalar(FixedBases fixed, int expectedOtherTerms) {
        this.fixed = fixed;
        this.fixedScalars = fixed == null ? null : new Scalar[fixed.size()];
        int cap = Math.max(1, expectedOtherTerms);
        scalars = new byte[32 * cap];
        points = new long[RistrettoPoint.PACKED_LONGS * cap];
    }

    private void ensure(int more) {
        int need = n + more;
        if (32 * need > scalars.length) {
            int cap = Math.max(need, 2 * (scalars.length / 32));
            scalars = Arrays.copyOf(scalars, 32 * cap);
            points = Arrays.copyOf(points, RistrettoPoint.PACKED_LONGS * cap);
        }
    }

    public MultiScalar add(Scalar s, RistrettoPoint p) {
        ensure(1);
        s.toBytes(scalars, 32 * n);
        p.pack(points, RistrettoPoint.PACKED_LONGS * n);
        n++;
        return this;
    }

    /** Adds s_i·P_i for i in [0, count) with P from a packed set starting at {@code from}. */
    public MultiScalar add(Scalar[] s, int sFrom, PackedPoints pts, int from, int count) {
        ensure(count);
        for (int i = 0; i < count; i++) {
            s[sFrom + i].toBytes(scalars, 32 * (n + i));
        }
        System.arraycopy(pts.limbs(), RistrettoPoint.PACKED_LONGS * from, points,
                RistrettoPoint.PACKED_LONGS * n, RistrettoPoint.PACKED_LONGS * count);
        n += count;
        return this;
    }

    /** Adds s·P for the point at {@code index} of a packed set. */
    public MultiScalar add(Scalar s, PackedPoints pts, int index) {
        ensure(1);
        s.toBytes(scalars, 32 * n);
        System.arraycopy(pts.limbs(), RistrettoPoint.PACKED_LONGS * index, points,
                RistrettoPoint.PACKED_LONGS * n, RistrettoPoint.PACKED_LONGS);
        n++;
        return this;
    }

    public int size() {
        return n;
    }

    /** Adds s to the scalar of fixed base {@code index}. */
    public MultiScalar addFixed(int index, Scalar s) {
        Scalar cur = fixedScalars[index];
        fixedScalars[index] = cur == null ? s : cur.add(s);
        return this;
    }

    /** The sum, in variable time: public scalars only. */
    public RistrettoPoint vartime() {
        long[] out = new long[RistrettoPoint.PACKED_LONGS];
        if (fixed != null) {
            byte[] fs = new byte[32 * fixedScalars.length];
            for (int i = 0; i < fixedScalars.length; i++) {
                if (fixedScalars[i] != null) {
                    fixedScalars[i].toBytes(fs, 32 * i);
                }
            }
            if (n < PIPPENGER_FOR_OTHERS) {
                fixed.kernels.msm(fixed.table, fs, scalars, points, n, out);
                return RistrettoPoint.unpack(out, 0);
            }
            // many other terms (batch verification): buckets beat per-point NAF tables for them
            fixed.kernels.msm(fixed.table, fs, new byte[0], new long[0], 0, out);
            RistrettoPoint fixedPart = RistrettoPoint.unpack(out, 0);
            CurveKernels.get().msm(scalars, points, n, out);
            return fixedPart.add(RistrettoPoint.unpack(out, 0));
        }
        CurveKernels.get().msm(scalars, points, n, out);
        return RistrettoPoint.unpack(out, 0);
    }

    /** The sum, in constant time with respect to the scalars (not with fixed bases). */
    public RistrettoPoint constantTime() {
        if (fixed != null) {
            throw new IllegalStateException("fixed-base tables are for public scalars only");
        }
        long[] out = new long[RistrettoPoint.PACKED_LONGS];
        CurveKernels.get().msmConstantTime(scalars, points, n, out);
        return RistrettoPoint.unpack(out, 0);
    }

    /** Σ s_i·P_i in variable time. */
    public static RistrettoPoint vartime(Scalar[] s, RistrettoPoint[] p) {
        check(s, p);
        MultiScalar m = new MultiScalar(s.length);
        for (int i = 0; i < s.length; i++) {
            m.add(s[i], p[i]);
        }
        return m.vartime();
    }

    /** Σ s_i·P_i in constant time. */
    public static RistrettoPoint constantTime(Scalar[] s, RistrettoPoint[] p) {
        check(s, p);
        MultiScalar m = new MultiScalar(s.length);
        for (int i = 0; i < s.length; i++) {
            m.add(s[i], p[i]);
        }
        return m.constantTime();
    }

    private static void check(Scalar[] s, RistrettoPoint[] p) {
        if (s.length != p.length) {
            throw new IllegalArgumentException("MSM needs as many scalars (" + s.length + ") as points (" + p.length + ")");
        }
    }

    /** A fixed list of points packed once for repeated MSMs (e.g. Bulletproofs generators). */
    public static final class PackedPoints {
        private final long[] limbs;
        private final RistrettoPoint[] points;

        public PackedPoints(RistrettoPoint[] points) {
            this.points = points.clone();
            this.limbs = new long[RistrettoPoint.PACKED_LONGS * points.length];
            for (int i = 0; i < points.length; i++) {
                points[i].pack(limbs, RistrettoPoint.PACKED_LONGS * i);
            }
        }

        long[] limbs() {
            return limbs;
        }

        public int size() {
            return points.length;
        }

        public RistrettoPoint get(int i) {
            return points[i];
        }
    }
}
