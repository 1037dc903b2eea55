package org.veilgrid.mpc.engine;

import org.veilgrid.mpc.field.FieldVectors;

/**
 * Elementwise product of two shared vectors ({@link Shared#mul(Shared)}), one round: the
 * degree reduction of Damgård and Nielsen, "Scalable and Unconditionally Secure Multiparty
 * Computation" (CRYPTO 2007), with the double random sharings ([r]_t, [r]_2t) drawn from PRSS
 * ({@link Prss#doubleRandom}) instead of dealt in a preprocessing phase.
 *
 * <p>The product of two degree-t shares is a degree-2t share of xy. Each party adds its share of
 * [r]_2t, d_i = x_i·y_i + r_i, a degree-2t sharing of xy + r whose polynomial is uniformly random
 * apart from its value at zero, so safe to reveal; it sends d_i to the parties whose degree-2t
 * reconstruction set contains it (m elements each), and each party reconstructs xy + r from its
 * own set of 2t + 1 and subtracts its share of [r]_t: a fresh degree-t sharing of xy. Every party
 * opens xy + r itself, so there is no king and a single round.
 */
final class MultiplyStep extends Step {

    private final PartyContext party;
    private final Shared a;
    private final Shared b;
    private final Shared out;
    private long[] rt;
    private long[] masked;
    private int[] offsets;

    MultiplyStep(PartyContext party, Shared a, Shared b, Shared out) {
        super(a, b);
        this.party = party;
        this.a = a;
        this.b = b;
        this.out = out;
    }

    @Override
    boolean interactive() {
        return true;
    }

    @Override
    void send(Round r) {
        int m = out.length;
        long[][] dr = party.prss.doubleRandom(out.id, m);
        rt = dr[0];
        // d_i = a_i·b_i + r_i^(2t): a degree-2t sharing of ab + r, safe to reveal.
        masked = dr[1];
        FieldVectors.mulAdd(a.data, b.data, masked, masked, m);
        party.degree2T.sendTo(r, masked);
        offsets = party.degree2T.expectFrom(r, m);
    }

    @Override
    void receive(Round r) {
        int m = out.length;
        long[] opened = party.degree2T.interpolate(masked, r.received, offsets, m);
        FieldVectors.sub(opened, rt, opened, m);
        out.data = opened;
        party.countMultiplications(m);
        rt = null;
        masked = null;
    }
}
