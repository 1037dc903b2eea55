package org.veilgrid.zk.group;

import org.veilgrid.kernels.CurveKernels;

/**
 * A fixed list of points with precomputed odd-multiple tables in the curve kernels, for fast
 * variable-time MSMs whose bases are mostly these points (Bulletproofs generators). Built once;
 * about 5 KB per point.
 */
public final class FixedBases {
    final CurveKernels.FixedBaseTable table;
    final CurveKernels kernels;
    private final int size;

    public FixedBases(RistrettoPoint[] points) {
        long[] packed = new long[RistrettoPoint.PACKED_LONGS * points.length];
        for (int i = 0; i < points.length; i++) {
            points[i].pack(packed, RistrettoPoint.PACKED_LONGS * i);
        }
        this.kernels = CurveKernels.get();
        this.table = kernels.fixedBaseTable(packed, points.length);
        this.size = points.length;
    }

    public int size() {
        return size;
    }
}
