package org.veilgrid.mpc.engine;

import org.veilgrid.core.errors.ProtocolAbortException;
import org.veilgrid.mpc.field.FieldVectors;
import org.veilgrid.mpc.field.Mersenne127;

/**
 * Shared uniformly random bits ({@link MpcSession#randomBits}), by whichever of two methods is
 * cheaper for n.
 *
 * <p><b>n = 3: owner XOR, two rounds.</b> PRSS (Cramer, Damgård and Ishai, TCC 2005) gives one
 * pseudo-random bit b_j per maximal unqualified set; for n = 3, t = 1 these are the three sets
 * {j}, and b_j is known to the two parties other than j. The bit is b = b_0 ⊕ b_1 ⊕ b_2. The owner
 * o of bit e (o = e mod 3, so the work rotates) knows u = b_j ⊕ b_k for the two sets without it
 * and Shamir-shares u ({@link OwnerXorStep}: one round, one element per owned bit to each peer);
 * [b_o] = b_o·f_o(x) is local (f_o the PRSS polynomial of set o, f_o(0) = 1, known where b_o is),
 * and b = u ⊕ b_o = u + b_o − 2u·b_o costs one multiplication, a second round. Each party misses
 * one of the three bits, so none knows b. The XOR over all C(n, t) sets would cost C(n, t) − 1
 * multiplications per bit for larger n: 34 for n = 7.
 *
 * <p><b>n &gt; 3: square roots, one round</b> (Damgård, Fitzi, Kiltz, Nielsen and Toft, TCC
 * 2006). A PRSS random [r]; open r² ({@link OpenSquareStep}: the degree-2t product of the shares
 * re-randomised by a PRSS degree-2t zero sharing, sent like a product's masked shares);
 * s = √(r²) = (r²)^((p+1)/4) in public (p ≡ 3 mod 4); b = (r/s + 1)/2, since r/s = ±1 with
 * equal probability. An opened square that is not a square is only possible if a party deviates,
 * and aborts the session; r = 0 (probability 2^−127 per bit) aborts too.
 *
 * <p><b>Malicious mode.</b> The bits are <em>verified before anything uses them</em>: they come
 * out of a {@link VerifyStep} that covers them. A comparison opens its input masked by
 * Σ 2^i b_i, and with bits that are not bits (a wrong opened square, a dealt u = 1/2) that mask
 * can show input bits — the parity of the input, say — before a later verification aborts; so
 * the mask must be right before it is used. The verification's rounds run beside other work,
 * since the bits do not depend on the inputs.
 * <ul>
 *   <li><b>n = 3: owner XOR with a bit check, three rounds, no MACs</b>
 *       ({@link #forThreePartiesChecked}). Round 1: the owner deals u as above. Round 2:
 *       b = b_o + u·(1 − 2b_o) (= u ⊕ b_o for bits), one product without MAC; in the same round
 *       a PRSS coin is opened, checked — after u is dealt, so the owner cannot aim u at the
 *       coefficients it seeds. Round 3 ({@link BitCheckStep}): for each owner o,
 *       z_o = Σ_{e owned by o} γ_e·u_e·(u_e − 1), one element each per party (an inner product is
 *       reduced like one product). The products and the inner products share the factor u and
 *       go to the verification's {@link ProductCheck} as one element per bit; the verification
 *       opens z_o and, once the product check has passed, aborts naming o unless z_o = 0. Why
 *       this is sound: with the products right, z_o = 0 for an honest owner, and for an owner
 *       that dealt some u_e ∉ {0, 1} z_o = 0 with probability at most 1/p over the γ's, fixed
 *       after u; an error on a product or on z_o fails the product check whatever the values
 *       (no selective failure, no honest owner named); a wrong but binary u only picks another
 *       bit, uniform still because the owner does not know b_o; and the opened z_o is 0 plus what
 *       the corrupt owner put in (its own u), nothing of an honest party's. Per bit each party
 *       sends 2/3 + 2 = 2.7 elements, as in semi-honest mode (square roots: 8), and computes no
 *       square root. (An earlier design with MACs needed 3 reductions per bit, and recorded only
 *       the bit's wire (b, R·b): errors e on [R·b_o] and −e on the bit's MAC product then passed
 *       exactly when u = 0, which told a non-owner the bit.)</li>
 *   <li><b>n &gt; 3: square roots, two rounds</b> ({@link #withMacs}): r·r and R·r in round 1,
 *       then (R·r)·r and the checked opening of r² in round 2; b = (r/s + 1)/2 with MAC
 *       ((R·r)/s + R)/2.</li>
 * </ul>
 */
final class RandomBits {

    private RandomBits() {
    }

    /**
     * Whether {@link #of} gives malicious-mode bits without MACs (n = 3: their products are
     * checked by the {@link ProductCheck}); a caller that multiplies them must give them MACs.
     */
    static boolean withoutMacs(PartyContext party) {
        return party.malicious() && party.n == 3;
    }

    /** {@code length} shared random bits for this session's n and mode. */
    static Shared of(MpcSession session, PartyContext party, int length) {
        if (party.malicious()) {
            return withoutMacs(party) ? forThreePartiesChecked(session, party, length) : withMacs(session, party, length);
        }
        return party.n == 3 ? forThreeParties(session, party, length) : bySquareRoot(session, party, length);
    }

    private static Shared bySquareRoot(MpcSession session, PartyContext party, int length) {
        Shared r = session.random(length);
        Public square = new Public(session, length);
        session.add(new OpenSquareStep(party, r, square));
        return fromRoots(session, r, square, length);
    }

    /**
     * Malicious mode, two rounds: round 1 reduces r·r and [R]·[r] together ({@link SquareStep}:
     * r gets its MAC, the pair (r, R·r) is recorded); round 2 gives r² its MAC [R·r]·[r]
     * ({@link MacStep}, recording (r², R·r²)) and opens r², checked (an inconsistency is
     * reported by the next verification). A wrong opened square leaves a wrong recorded wire,
     * so the bit it yields (not a bit) never reaches an output unnoticed; and the bits wait for a
     * verification that covers that wire, so no masked opening uses them before.
     */
    private static Shared withMacs(MpcSession session, PartyContext party, int length) {
        Shared raw = new Shared(session, length);
        session.local(raw, () -> raw.data = party.prss.random(raw.id, length));
        Shared square = new Shared(session, length);
        Shared r = new Shared(session, length);
        session.add(new SquareStep(party, raw, square, r));
        Shared squareWithMac = new Shared(session, length);
        session.add(new MacStep(party, square, r, raw, squareWithMac));
        Public opened = session.openMasked(square);
        // The bits wait for a verification of the square's wire (and of the opened square's
        // consistency), so no masked opening uses a wrong bit.
        return fromRoots(session, r, opened, length, squareWithMac, session.verifiedNow(squareWithMac));
    }

    /**
     * b = (r/s + 1)/2 with s = √(r²) = (r²)^((p+1)/4) (p ≡ 3 mod 4), element-wise; in the MAC
     * layer ((R·r)/s + R)/2. Aborts if an opened square is zero or not a square.
     */
    private static Shared fromRoots(MpcSession session, Shared r, Public square, int length, Node... after) {
        long[][] inverse = new long[1][];
        Shared out = new Shared(session, length);
        Node[] inputs = new Node[2 + after.length];
        inputs[0] = r;
        inputs[1] = square;
        System.arraycopy(after, 0, inputs, 2, after.length);
        session.linear(out, (layer, d) -> {
            if (inverse[0] == null) {
                inverse[0] = inverseRoots(session, square, length);
            }
            long[] roots = inverse[0];
            long[] x = layer.of(r);
            long[] unit = layer.unit();
            long[] t = new long[2];
            for (int e = 0; e < length; e++) {
                int q = 2 * e;
                Mersenne127.mul(x[q], x[q + 1], roots[q], roots[q + 1], t, 0);
                Mersenne127.add(t[0], t[1], unit[0], unit[1], t, 0);
                // 1/2 = 2^126 because 2^127 ≡ 1
                Mersenne127.mul(t[0], t[1], 0, 1L << 62, d, q);
            }
        }, inputs);
        return out;
    }

    /** 1/√v for each opened square v; aborts on zero or a non-square. */
    private static long[] inverseRoots(MpcSession session, Public square, int length) {
        long[] roots = new long[2 * length];
        long[] t = new long[2];
        for (int e = 0; e < length; e++) {
            long v0 = square.data[2 * e];
            long v1 = square.data[2 * e + 1];
            if (v0 == 0 && v1 == 0) {
                // r = 0: probability 2^-127 per bit.
                throw session.abort(ProtocolAbortException.unattributed("a random bit's mask was zero; rerun"));
            }
            // √v = v^((p+1)/4) = v^(2^125), since p ≡ 3 (mod 4).
            Mersenne127.squareRepeatedly(v0, v1, 125, t, 0);
            long s0 = t[0];
            long s1 = t[1];
            Mersenne127.mul(s0, s1, s0, s1, t, 0);
            if (t[0] != v0 || t[1] != v1) {
                // Only a party that deviates can make r² a non-residue.
                throw session.abort(ProtocolAbortException.unattributed("an opened square is not a square"));
            }
            roots[2 * e] = s0;
            roots[2 * e + 1] = s1;
        }
        FieldVectors.batchInverse(roots, roots, length);
        return roots;
    }

    /**
     * Malicious mode, n = 3: owner XOR with a batched bit check, data only (see the class
     * comment); the product and the check's inner products are checked by the verification's
     * {@link ProductCheck}, which the bits wait for.
     */
    private static Shared forThreePartiesChecked(MpcSession session, PartyContext party, int length) {
        Prss prss = party.prss;
        OwnerDealt dealt = ownerDealt(session, party, length);
        Node source = dealt.source();
        long[][][] raw = dealt.raw();
        Shared u = dealt.u();
        Shared owned = new Shared(session, length);
        session.local(owned, () -> owned.data = ownedBitShares(prss, raw[0], length), source);
        Shared flip = new Shared(session, length);
        session.linearData(flip, (layer, d) -> {
            long[] unit = layer.unit();
            long[] o = layer.of(owned);
            long[] t = new long[2];
            for (int e = 0; e < length; e++) {
                int q = 2 * e;
                // 1 − 2·b_o
                Mersenne127.add(o[q], o[q + 1], o[q], o[q + 1], t, 0);
                Mersenne127.sub(unit[0], unit[1], t[0], t[1], d, q);
            }
        }, owned);
        // The product is recorded by the bit check, with the check's inner products over the same u.
        Shared z = new Shared(session, length);
        session.add(new MultiplyStep(party, flip, u, z).withoutMac().unrecorded());
        Shared b = new Shared(session, length);
        session.linearData(b, (layer, d) -> FieldVectors.add(layer.of(owned), layer.of(z), d, length), owned, z);
        Shared check = new Shared(session, 3);
        session.add(new BitCheckStep(party, session.nextId(), u, flip, z, check));
        Node checked = session.verifiedZero(check, o -> new ProtocolAbortException(party.names[o],
                "dealt a random bit that is not 0 or 1"));
        Shared out = new Shared(session, length);
        session.linearData(out, (layer, d) -> System.arraycopy(layer.of(b), 0, d, 0, 2 * length), b, checked);
        return out;
    }

    /** This party's shares of [b_o] = b_o·f_o(x) for each bit's owner o (zero where it is o). */
    private static long[] ownedBitShares(Prss prss, long[][] raw, int length) {
        long[] d = new long[2 * length];
        for (int o = 0; o < 3; o++) {
            long[] bits = raw[o];
            if (bits == null) {
                continue;
            }
            long[] f = prss.fAtSelf(o);
            for (int e = o; e < length; e += 3) {
                if (bits[e] != 0) {
                    d[2 * e] = f[0];
                    d[2 * e + 1] = f[1];
                }
            }
        }
        return d;
    }

    private static Shared forThreeParties(MpcSession session, PartyContext party, int length) {
        OwnerDealt dealt = ownerDealt(session, party, length);
        // [b_o] = b_o · f_o(x): this party's share is f_o(α_self) where b_o = 1, if it holds set o.
        Shared other = new Shared(session, length);
        // Semi-honest only: no MAC layer.
        session.linear(other, (layer, d) -> System.arraycopy(ownedBitShares(party.prss, dealt.raw()[0], length), 0, d, 0,
                2 * length), dealt.source());
        return dealt.u().xor(other);
    }

    /** This party's raw PRSS bits (filled by {@code source}) and the owners' dealt u = b_j ⊕ b_k. */
    private record OwnerDealt(Node source, long[][][] raw, Shared u) {
    }

    /** The PRSS bits of the three sets, then u dealt by each bit's owner ({@link OwnerXorStep}, one round). */
    private static OwnerDealt ownerDealt(MpcSession session, PartyContext party, int length) {
        Node source = new Shared(session, 0);
        long[][][] raw = new long[1][][];
        session.local(source, () -> {
            raw[0] = party.prss.rawBits(source.id, length);
            source.data = new long[0];
        });
        Shared u = new Shared(session, length);
        session.add(new OwnerXorStep(party, source, raw, u));
        return new OwnerDealt(source, raw, u);
    }

    /**
     * Malicious mode, one round: r·r (no MAC yet) and [R]·[r] (r's MAC) in one
     * {@link MultiplyStep.Reduction} of 2m products; records the wire (r, R·r).
     */
    static final class SquareStep extends Step {
        private final PartyContext party;
        private final Shared raw;
        private final Shared square;
        private final Shared withMac;
        private MultiplyStep.Reduction reduction;

        SquareStep(PartyContext party, Shared raw, Shared square, Shared withMac) {
            super(raw);
            this.party = party;
            this.raw = raw;
            this.square = square;
            this.withMac = withMac;
        }

        @Override
        boolean interactive() {
            return true;
        }

        @Override
        void send(Round r) {
            int m = raw.length;
            reduction = new MultiplyStep.Reduction(party, square.id, new long[][] {raw.data, party.macKey},
                    new long[][] {raw.data, raw.data}, new int[] {m, m});
            reduction.send(r);
        }

        @Override
        void receive(Round r) {
            int m = raw.length;
            long[][] products = reduction.receiveSegments(r);
            reduction = null;
            party.wires.record(raw.data, products[1], m);
            square.data = products[0];
            withMac.mac = products[1];
            withMac.data = raw.data;
        }
    }

    /**
     * The bit check of dealt bits (malicious mode, n = 3), two rounds. Round 1 (once u is dealt,
     * beside the product u·(1 − 2b_o)): a PRSS coin is opened, checked; it seeds the
     * coefficients γ_e (one AES-CTR stream per owner). Round 2: per owner o, the inner product
     * z_o = Σ_{e ≡ o mod 3} u_e·w_e with w_e = γ_e·(u_e − 1), each party's degree-2t share summed
     * locally and reduced as one product ({@link MultiplyStep.Reduction}: three elements in all).
     * The products and the three inner products share the factor u, so they are recorded
     * together for the {@link ProductCheck} ({@link Wires#recordProductsAndInnerProducts}): one
     * element per bit to check. The caller has the verification open z and require 0 once the
     * products are checked.
     */
    static final class BitCheckStep extends Step {
        private final PartyContext party;
        private final Shared u;
        private final Shared flip;
        private final Shared product;
        private final Shared out;
        /** PRSS stream of the coin: an id of its own (out.id keys the reduction's double randoms). */
        private final long coinStream;
        private int phase;
        private long[] coinShare;
        private int[] offsets;
        private long[] coins;
        private long[] w;
        private MultiplyStep.Reduction reduction;

        BitCheckStep(PartyContext party, long coinStream, Shared u, Shared flip, Shared product, Shared out) {
            super(u);
            this.party = party;
            this.coinStream = coinStream;
            this.u = u;
            this.flip = flip;
            this.product = product;
            this.out = out;
        }

        @Override
        boolean ready() {
            return phase == 0 ? u.done() : product.done() && flip.done();
        }

        @Override
        boolean interactive() {
            return true;
        }

        @Override
        boolean again() {
            return phase == 1;
        }

        @Override
        void send(Round r) {
            if (phase == 0) {
                coinShare = party.prss.random(coinStream, 1);
                offsets = CheckedOpenStep.sendToAll(party, r, coinShare, 1);
                return;
            }
            int m = u.length;
            byte[] seed = java.nio.ByteBuffer.allocate(16).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                    .putLong(coins[0]).putLong(coins[1]).array();
            long[] sums = new long[6];
            long[] uv = u.data;
            w = new long[2 * m];
            long[] sum = new long[3];
            long[] g = new long[2 * 1024];
            long[] minusOne = new long[2];
            for (int o = 0; o < 3; o++) {
                // γ_e for the bits of owner o: a stream of its own (every party the same).
                org.veilgrid.mpc.field.FieldPrg gamma = new org.veilgrid.mpc.field.FieldPrg(seed, o);
                sum[0] = 0;
                sum[1] = 0;
                sum[2] = 0;
                for (int first = o; first < m; first += 3 * 1024) {
                    int count = Math.min(1024, (m - first + 2) / 3);
                    gamma.nextElements(g, 0, count);
                    for (int i = 0, e = first; i < count; i++, e += 3) {
                        int q = 2 * e;
                        // w = γ·(u − 1), summed as u·w
                        Mersenne127.sub(uv[q], uv[q + 1], 1, 0, minusOne, 0);
                        Mersenne127.mul(g[2 * i], g[2 * i + 1], minusOne[0], minusOne[1], w, q);
                        FieldVectors.addProduct(uv[q], uv[q + 1], w[q], w[q + 1], sum);
                    }
                }
                FieldVectors.foldSum(sum, sums, 2 * o);
            }
            long[] ones = {1, 0, 1, 0, 1, 0};
            reduction = new MultiplyStep.Reduction(party, out.id, sums, ones, 3);
            reduction.send(r);
        }

        @Override
        void receive(Round r) {
            if (phase == 0) {
                long[][] all = CheckedOpenStep.gather(party, r, coinShare, offsets, 1);
                boolean[] ok = new boolean[1];
                coins = CheckedOpenStep.open(party, all, 1, ok);
                if (!ok[0]) {
                    throw party.abort(ProtocolAbortException.unattributed(
                            "the shares of the random bits' check coin do not lie on one polynomial of degree " + party.t));
                }
                coinShare = null;
                phase = 1;
                return;
            }
            long[] z = reduction.receive(r);
            reduction = null;
            party.wires.recordProductsAndInnerProducts(u.data, flip.data, product.data, w, z, u.length);
            w = null;
            out.data = z;
            phase = 2;
        }
    }

    /**
     * Opens x² to all, one round: each party sends x_i² plus its share of a PRSS degree-2t zero
     * sharing (so the degree-2t polynomial is random apart from x² at zero) to the parties whose
     * degree-2t reconstruction set contains it, and interpolates from its own set.
     */
    static final class OpenSquareStep extends Step {
        private final PartyContext party;
        private final Shared x;
        private final Public out;
        private long[] masked;
        private int[] offsets;

        OpenSquareStep(PartyContext party, Shared x, Public out) {
            super(x);
            this.party = party;
            this.x = x;
            this.out = out;
        }

        @Override
        boolean interactive() {
            return true;
        }

        @Override
        void send(Round r) {
            int m = x.length;
            masked = party.prss.zero2t(out.id, m);
            FieldVectors.mulAdd(x.data, x.data, masked, masked, m);
            party.degree2T.sendTo(r, masked);
            offsets = party.degree2T.expectFrom(r, m);
        }

        @Override
        void receive(Round r) {
            out.data = party.degree2T.interpolate(masked, r.received, offsets, x.length);
            masked = null;
        }
    }

    /**
     * For n = 3, one round: the owner of each bit (index mod 3) Shamir-shares u = XOR of the two
     * PRSS bits it knows (sets {j}, {k} with j, k ≠ owner), sending each peer one element per
     * bit it owns, and takes each other owner's shares of its bits.
     */
    static final class OwnerXorStep extends Step {
        private final PartyContext party;
        private final long[][][] raw;
        private final Shared out;
        private long[] own;
        private final int[] offsets = new int[3];

        OwnerXorStep(PartyContext party, Node source, long[][][] raw, Shared out) {
            super(source);
            this.party = party;
            this.raw = raw;
            this.out = out;
        }

        private int owned(int owner) {
            return (out.length - owner + 2) / 3;
        }

        @Override
        boolean interactive() {
            return true;
        }

        @Override
        void send(Round r) {
            int self = party.self;
            int mine = owned(self);
            long[] u = new long[2 * mine];
            long[] a = raw[0][(self + 1) % 3];
            long[] b = raw[0][(self + 2) % 3];
            for (int i = 0, e = self; i < mine; i++, e += 3) {
                u[2 * i] = a[e] ^ b[e];
            }
            long[][] shares = party.scheme.share(u, mine, party.dealerPrg);
            for (int k = 0; k < party.n; k++) {
                if (k != self) {
                    r.send(k, shares[k]);
                    offsets[k] = r.expect(k, owned(k));
                }
            }
            own = shares[self];
        }

        @Override
        void receive(Round r) {
            int self = party.self;
            long[] d = new long[2 * out.length];
            for (int e = 0; e < out.length; e++) {
                int o = e % 3;
                int i = e / 3;
                if (o == self) {
                    d[2 * e] = own[2 * i];
                    d[2 * e + 1] = own[2 * i + 1];
                } else {
                    d[2 * e] = r.received[o][2 * (offsets[o] + i)];
                    d[2 * e + 1] = r.received[o][2 * (offsets[o] + i) + 1];
                }
            }
            out.data = d;
            own = null;
        }
    }
}
