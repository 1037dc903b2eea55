package org.veilgrid.mpc.engine;

import org.veilgrid.mpc.field.FieldVectors;
import org.veilgrid.mpc.field.Mersenne127;

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
 * opens xy + r itself, so there is no king and a single round ({@link Reduction}).
 *
 * <p><b>Malicious mode</b> (Chida et al., CRYPTO 2018, the multiplication of their protocol 3.9):
 * the same round reduces 2m products, x·y and (R·x)·y, so that the product carries its MAC
 * R·(xy); the pair (z, R·z) is recorded in {@link Wires} for the next {@link VerifyStep}. A
 * party that adds an error to either product (its only freedom in this step: the errors it can
 * add are additive and do not depend on the values) is caught there unless the errors satisfy
 * e_Rz = R·e_z for the secret R.
 */
final class MultiplyStep extends Step {

    private final PartyContext party;
    private final Shared a;
    private final Shared b;
    private final Shared out;
    private Reduction reduction;
    /** Malicious mode: the data product only, recorded for the {@link ProductCheck}. */
    private boolean withoutMac;

    MultiplyStep(PartyContext party, Shared a, Shared b, Shared out) {
        super(a, b);
        this.party = party;
        this.a = a;
        this.b = b;
        this.out = out;
    }

    /** Whether the product is recorded here (false where the caller records it with more, see {@link RandomBits}). */
    private boolean record = true;

    /** Leaves the recording of a product without MAC to the caller, which must record it. */
    MultiplyStep unrecorded() {
        record = false;
        return this;
    }

    /**
     * Malicious mode: reduces x·y only (one product, not two) and records (x, y, z) for the next
     * verification's {@link ProductCheck}; the output carries no MAC. No effect in semi-honest mode.
     */
    MultiplyStep withoutMac() {
        withoutMac = true;
        return this;
    }

    @Override
    boolean interactive() {
        return true;
    }

    @Override
    void send(Round r) {
        int m = out.length;
        if (party.malicious() && !withoutMac) {
            // [x | R·x] times [y | y]: both products in one reduction of 2m elements.
            reduction = new Reduction(party, out.id, new long[][] {a.data, a.mac}, new long[][] {b.data, b.data},
                    new int[] {m, m});
        } else {
            reduction = new Reduction(party, out.id, a.data, b.data, m);
        }
        reduction.send(r);
    }

    @Override
    void receive(Round r) {
        int m = out.length;
        long[][] products = reduction.receiveSegments(r);
        reduction = null;
        if (party.malicious() && withoutMac) {
            if (record) {
                party.wires.recordProduct(a.data, b.data, products[0], m);
            }
            out.data = products[0];
        } else if (party.malicious()) {
            party.wires.record(products[0], products[1], m);
            out.mac = products[1];
            out.data = products[0];
        } else {
            out.data = products[0];
        }
    }

    /**
     * One Damgård–Nielsen degree reduction of m products left_i·right_i within a round, the
     * double randoms from PRSS stream {@code stream} (a node id, so every party draws the same
     * ones); for the steps that reduce products ({@link MultiplyStep}, {@link MacStep},
     * {@link RandomBits}, {@link VerifyStep}).
     *
     * <p><b>Checked reduction</b> (malicious mode with n ≥ 3t + 1, e.g. n = 4, t = 1): every party
     * sends its masked product to all n − 1 others and checks that all n lie on one polynomial of
     * degree 2t, aborting if not. The n − t ≥ 2t + 1 honest values fix that polynomial, so every
     * honest party reconstructs the same xy + r and the honest shares of the product stay on one
     * polynomial. Without it a party could send different values to different honest parties:
     * their shares of the product would disagree, and after a further product with a secret
     * factor the disagreement would depend on that secret — which the all-to-all checked
     * openings and the verification's degree check would then show. For n = 2t + 1 the t + 1
     * honest shares always lie on one polynomial (and n values on a degree-2t one give no check);
     * for 2t + 2 ≤ n ≤ 3t the honest values do not fix the polynomial and the check is not made
     * (see docs/mpc.md, "Open points").
     */
    static final class Reduction {
        /** Elements per chunk of the reduction's passes (16 KiB per vector: they stay in cache). */
        private static final int CHUNK = 1024;

        private final PartyContext party;
        private final int m;
        /** Elements of each segment: the products are the segments' concatenation. */
        private final int[] counts;
        private final boolean checked;
        private long[] rt;
        private long[] masked;
        private int[] offsets;

        Reduction(PartyContext party, long stream, long[] left, long[] right, int m) {
            this(party, stream, new long[][] {left}, new long[][] {right}, new int[] {m});
        }

        /**
         * The products of segment i are lefts[i]·rights[i], element-wise, counts[i] elements; a left
         * factor of one element (length 2) with counts[i] &gt; 1 multiplies every element (e.g. [R]).
         */
        Reduction(PartyContext party, long stream, long[][] lefts, long[][] rights, int[] counts) {
            this.party = party;
            this.counts = counts.clone();
            int total = 0;
            for (int c : counts) {
                total += c;
            }
            this.m = total;
            this.checked = checks(party);
            rt = new long[2 * m];
            // d_i = a_i·b_i + r_i^(2t): a degree-2t sharing of ab + r, safe to reveal.
            masked = new long[2 * m];
            Prss.DoubleRandoms randoms = party.prss.doubleRandoms(stream);
            long[] scratch = new long[2 * Math.min(CHUNK, Math.max(1, m))];
            int base = 0;
            for (int i = 0; i < counts.length; i++) {
                long[] l = lefts[i];
                long[] r = rights[i];
                boolean scalar = l.length == 2 && counts[i] > 1;
                for (int from = 0; from < counts[i]; from += CHUNK) {
                    int count = Math.min(CHUNK, counts[i] - from);
                    randoms.nextMasked(rt, masked, base + from, count, scratch, l, r, from, scalar);
                }
                base += counts[i];
            }
        }

        /** Whether this session's reductions are checked (malicious, n ≥ 3t + 1, n ≥ 2t + 2). */
        static boolean checks(PartyContext party) {
            return party.malicious() && party.n >= 3 * party.t + 1 && party.n >= 2 * party.t + 2;
        }

        void send(Round r) {
            if (checked) {
                offsets = CheckedOpenStep.sendToAll(party, r, masked, m);
            } else {
                party.degree2T.sendTo(r, masked);
                offsets = party.degree2T.expectFrom(r, m);
            }
        }

        /** This party's degree-t shares of the m products (all segments, concatenated). */
        long[] receive(Round r) {
            if (counts.length == 1) {
                return receiveSegments(r)[0];
            }
            long[][] parts = receiveSegments(r);
            long[] all = new long[2 * m];
            int pos = 0;
            for (long[] p : parts) {
                System.arraycopy(p, 0, all, pos, p.length);
                pos += p.length;
            }
            return all;
        }

        /** This party's degree-t shares of the products, one vector per segment. */
        long[][] receiveSegments(Round r) {
            long[][] out = new long[counts.length][];
            if (checked) {
                long[][] all = CheckedOpenStep.gather(party, r, masked, offsets, m);
                long[] opened = reconstructChecked(all);
                FieldVectors.sub(opened, rt, opened, m);
                int base = 0;
                for (int i = 0; i < counts.length; i++) {
                    out[i] = java.util.Arrays.copyOfRange(opened, 2 * base, 2 * (base + counts[i]));
                    base += counts[i];
                }
            } else {
                int base = 0;
                for (int i = 0; i < counts.length; i++) {
                    out[i] = new long[2 * counts[i]];
                    for (int from = 0; from < counts[i]; from += CHUNK) {
                        int count = Math.min(CHUNK, counts[i] - from);
                        party.degree2T.interpolateMinus(masked, r.received, offsets, base + from, count, rt, out[i], from);
                    }
                    base += counts[i];
                }
            }
            party.countMultiplications(m);
            rt = null;
            masked = null;
            return out;
        }

        /** xy + r from this party's degree-2t set; aborts unless every party's value lies on that polynomial. */
        private long[] reconstructChecked(long[][] all) {
            int[] set = party.degree2T.set();
            long[] value = reconstruct(set, all);
            for (int j = 0; j < party.n; j++) {
                if (party.degree2T.contains(j)) {
                    continue;
                }
                int[] other = set.clone();
                other[other.length - 1] = j;
                long[] again = reconstruct(other, all);
                if (!java.util.Arrays.equals(value, again)) {
                    throw party.abort(org.veilgrid.core.errors.ProtocolAbortException.unattributed(
                            "the masked products of a multiplication do not lie on one polynomial of degree " + 2 * party.t));
                }
            }
            return value;
        }

        private long[] reconstruct(int[] set, long[][] all) {
            long[][] shares = new long[set.length][];
            for (int j = 0; j < set.length; j++) {
                shares[j] = all[set[j]];
            }
            return party.scheme.reconstruct(set, shares, m);
        }
    }
}
