package org.veilgrid.zk.commit;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.veilgrid.zk.group.MultiScalar;
import org.veilgrid.zk.group.RistrettoPoint;
import org.veilgrid.zk.group.Scalar;

/**
 * Pedersen commitments C = v·G + r·H on Ristretto255. G is the group generator B; H is the
 * hash to the group (RFC 9496 one-way map of SHA-512) of a fixed label, so nobody knows
 * log_G H. Perfectly hiding (r uniform), computationally binding (discrete log).
 */
public final class PedersenGens {
    /** Label hashed to obtain H. */
    public static final String H_LABEL = "veilgrid/zk/pedersen/H";

    private static final PedersenGens DEFAULT = new PedersenGens(RistrettoPoint.GENERATOR,
            RistrettoPoint.hashToGroup(H_LABEL.getBytes(StandardCharsets.UTF_8)));

    private final RistrettoPoint g;
    private final RistrettoPoint h;

    private PedersenGens(RistrettoPoint g, RistrettoPoint h) {
        this.g = g;
        this.h = h;
    }

    /** The module's one set of Pedersen generators. */
    public static PedersenGens standard() {
        return DEFAULT;
    }

    /** Value base G. */
    public RistrettoPoint g() {
        return g;
    }

    /** Blinding base H. */
    public RistrettoPoint h() {
        return h;
    }

    /** v·G + r·H, constant time in v and r. */
    public RistrettoPoint commit(Scalar v, Scalar r) {
        return new MultiScalar(2).add(v, g).add(r, h).constantTime();
    }

    /** A commitment to v with fresh randomness. */
    public Opening commitRandom(Scalar v, SecureRandom rng) {
        Scalar r = Scalar.random(rng);
        return new Opening(v, r, commit(v, r));
    }

    /** A value, its blinding and the commitment: the committer's secret side. */
    public static final class Opening {
        private final Scalar value;
        private final Scalar blinding;
        private final RistrettoPoint commitment;

        public Opening(Scalar value, Scalar blinding, RistrettoPoint commitment) {
            this.value = value;
            this.blinding = blinding;
            this.commitment = commitment;
        }

        public Scalar value() {
            return value;
        }

        public Scalar blinding() {
            return blinding;
        }

        public RistrettoPoint commitment() {
            return commitment;
        }

        @Override
        public String toString() {
            return "Opening(commitment=" + commitment + ", value and blinding hidden)";
        }
    }
}
