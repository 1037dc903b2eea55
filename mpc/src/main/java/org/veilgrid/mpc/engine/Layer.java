package org.veilgrid.mpc.engine;

import org.veilgrid.mpc.field.FieldVectors;
import org.veilgrid.mpc.field.Mersenne127;

/**
 * One of the two sharings a {@link Shared} value carries: its data [x], and in malicious mode its
 * MAC [R·x] for the session's secret key R (Chida et al., CRYPTO 2018). A local linear operation
 * is written once against a layer and applied to both: linear maps of shares commute with
 * multiplying by R, except that a public constant c is c·1 in the data layer and c·[R] in the MAC
 * layer ({@link #unit()}).
 */
final class Layer {

    /** The data layer: the share of the constant 1 is 1. */
    static final Layer DATA = new Layer(false, 1, 0);

    private final boolean mac;
    private final long unit0;
    private final long unit1;

    private Layer(boolean mac, long unit0, long unit1) {
        this.mac = mac;
        this.unit0 = unit0;
        this.unit1 = unit1;
    }

    /** The MAC layer of a session whose key share (this party's share of R) is {@code key}. */
    static Layer mac(long[] key) {
        return new Layer(true, key[0], key[1]);
    }

    /** This layer's sharing of {@code x}: its data or its MAC. */
    long[] of(Shared x) {
        return mac ? x.mac : x.data;
    }

    /** This party's share of the constant 1 in this layer: 1, or its share of R. */
    long[] unit() {
        return new long[] {unit0, unit1};
    }

    /** Sets {@code out[o]} to this party's share of the public constant c in this layer. */
    void constant(long c0, long c1, long[] out, int o) {
        if (mac) {
            Mersenne127.mul(c0, c1, unit0, unit1, out, o);
        } else {
            out[o] = c0;
            out[o + 1] = c1;
        }
    }

    /** out = src + c for a public scalar c (c·[R] in the MAC layer). */
    void addScalar(long[] src, long c0, long c1, long[] out, int m) {
        long[] k = new long[2];
        constant(c0, c1, k, 0);
        FieldVectors.addScalar(src, k[0], k[1], out, m);
    }

    /** out = src + p element-wise for a public vector p (p·[R] in the MAC layer). */
    void addPublic(long[] src, long[] p, long[] out, int m) {
        if (!mac) {
            FieldVectors.add(src, p, out, m);
            return;
        }
        long[] scaled = new long[2 * m];
        FieldVectors.mulScalar(p, unit0, unit1, scaled, m);
        FieldVectors.add(src, scaled, out, m);
    }

    /** out = src − p element-wise for a public vector p. */
    void subPublic(long[] src, long[] p, long[] out, int m) {
        long[] negated = new long[2 * m];
        FieldVectors.neg(p, negated, m);
        addPublic(src, negated, out, m);
    }

    @Override
    public String toString() {
        return mac ? "Layer[mac]" : "Layer[data]";
    }
}
