package org.veilgrid.zk.commit;

import java.nio.charset.StandardCharsets;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.zk.group.MultiScalar;
import org.veilgrid.zk.group.RistrettoPoint;
import org.veilgrid.zk.group.Scalar;

/**
 * Vector Pedersen commitments C = Σ v_i·G_i + r·H. G_i is the hash to the group of
 * {@code label || "/" || i}; H is the standard blinding base, so the G_i, H have no known
 * relations.
 */
public final class VectorPedersen {
    private final String label;
    private final MultiScalar.PackedPoints gens;
    private final RistrettoPoint h;

    public VectorPedersen(String label, int size) {
        if (size < 1 || size > (1 << 16)) {
            throw new ParameterException("vector commitment size must be in [1, 65536], got " + size);
        }
        this.label = label;
        RistrettoPoint[] g = new RistrettoPoint[size];
        for (int i = 0; i < size; i++) {
            g[i] = generator(label, i);
        }
        this.gens = new MultiScalar.PackedPoints(g);
        this.h = PedersenGens.standard().h();
    }

    /** The i-th generator for a label: hash-to-group of "label/i". */
    public static RistrettoPoint generator(String label, int i) {
        return RistrettoPoint.hashToGroup((label + "/" + i).getBytes(StandardCharsets.UTF_8));
    }

    public String label() {
        return label;
    }

    public int size() {
        return gens.size();
    }

    public RistrettoPoint generator(int i) {
        return gens.get(i);
    }

    /** Σ v_i·G_i + r·H (constant time); v may be shorter than the generator set. */
    public RistrettoPoint commit(Scalar[] v, Scalar r) {
        if (v.length > gens.size()) {
            throw new ParameterException("vector of " + v.length + " values exceeds " + gens.size() + " generators");
        }
        return new MultiScalar(v.length + 1).add(v, 0, gens, 0, v.length).add(r, h).constantTime();
    }
}
