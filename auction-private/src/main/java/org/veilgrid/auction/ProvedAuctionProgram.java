package org.veilgrid.auction;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.veilgrid.auction.proof.AuctionItems;
import org.veilgrid.auction.proof.CommittedOrder;
import org.veilgrid.auction.proof.Digests;
import org.veilgrid.auction.proof.Linking;
import org.veilgrid.auction.proof.OrderChecks;
import org.veilgrid.auction.proof.OrderLayout;
import org.veilgrid.auction.proof.Rejection;
import org.veilgrid.auction.proof.ResultStatement;
import org.veilgrid.auction.proof.SignedResult;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.identity.AgentKey;
import org.veilgrid.core.identity.AgentPublicKey;
import org.veilgrid.mpc.engine.MpcSession;
import org.veilgrid.mpc.engine.Shared;
import org.veilgrid.mpc.field.Mersenne127;

/**
 * The double auction with proved inputs and a signed result (docs/auction.md, "Proofs"): what
 * every compute party runs when institutions submit committed orders.
 * <ol>
 *   <li>The parties compare what they received: each inputs the SHA-256 of every institution's
 *       committed order (zero for none) and the differences to party 0's are opened. An
 *       institution whose orders differ between parties is rejected
 *       ({@link Rejection.Reason#UNEQUAL_ORDERS}): otherwise the parties would sign different
 *       results. Two rounds; the digests are of public orders, so nothing secret is opened.</li>
 *   <li>{@link OrderChecks}: form, context, signature, range proofs (one batch for everyone);
 *       an order that fails is rejected and its owner excluded before its input is read.</li>
 *   <li>Each accepted institution's shared input ({@link OrderLayout#sharedElements()} elements,
 *       {@link AuctionProgram#ORDER}) is read, and {@link Linking} checks the shares against the
 *       commitments (one checked opening for all). A failing institution is excluded: its
 *       shares are simply left out of the clearing, which every party builds from the same
 *       public list of survivors (the program is lazy, so no share of it was used).</li>
 *   <li>The survivors clear exactly as in {@link AuctionProgram} (the same code), the one-time
 *       masks r = l_0 + 2^40·l_1 + 2^80·l_2 recombined from limbs on shares.</li>
 *   <li>The party signs the {@link ResultStatement} with its Ed25519 key (a COSE_Sign1,
 *       {@link SignedResult#sign}).</li>
 * </ol>
 * The rejections (with reasons, each also signed by this party for its owner) are in the
 * output for delivery to each owner only.
 */
public final class ProvedAuctionProgram {
    private ProvedAuctionProgram() {
    }

    /** Where each accepted institution's shared input comes from. */
    public interface Inputs {
        Shared of(MpcSession session, String institution, int length);
    }

    /** The real source: the institution's client input {@link AuctionProgram#ORDER}. */
    public static final Inputs FROM_CLIENTS = (session, inst, length) -> session.inputFromClient(inst, AuctionProgram.ORDER, length);

    /** One party's view: the statement it signed, its signed result, and the rejections (for their owners). */
    public static final class PartyOutput {
        public final ResultStatement statement;
        /** This party's COSE_Sign1 of {@link #statement}. */
        public final byte[] signedResult;
        /** Reasons by institution: deliver each to its owner only. */
        public final Map<String, Rejection> rejections;
        /** The same, each signed by this party ({@link Rejection#sign}). */
        public final Map<String, byte[]> signedRejections;
        public final long rounds;

        PartyOutput(ResultStatement statement, byte[] signedResult, Map<String, Rejection> rejections,
                    Map<String, byte[]> signedRejections, long rounds) {
            this.statement = statement;
            this.signedResult = signedResult;
            this.rejections = rejections;
            this.signedRejections = signedRejections;
            this.rounds = rounds;
        }
    }

    /**
     * @param committedOrders each institution's committed order as received (missing: rejected)
     * @param institutionKeys each institution's registered Ed25519 key
     * @param partyKey        this party's signing key
     */
    public static PartyOutput run(MpcSession session, byte[] auctionId, PriceGrid grid, List<String> institutions,
                                  Map<String, byte[]> committedOrders, Map<String, AgentPublicKey> institutionKeys,
                                  AgentKey partyKey, Inputs inputs) {
        if (institutions.isEmpty()) {
            throw new ParameterException("an auction needs at least one institution");
        }
        Institutions.requireDistinct(institutions);
        OrderLayout layout = new OrderLayout(grid.size());
        int k = grid.size();
        Map<String, byte[]> received = new TreeMap<>();
        for (String inst : institutions) {
            received.put(inst, committedOrders.get(inst));
        }
        java.util.Set<String> unequal = differingOrders(session, institutions, received);
        OrderChecks.Outcome checked = OrderChecks.check(auctionId, grid, received, institutionKeys);
        Map<String, Rejection> rejected = new TreeMap<>(checked.rejected());
        Map<String, CommittedOrder> accepted = new TreeMap<>(checked.accepted());
        for (String inst : unequal) {
            accepted.remove(inst);
            rejected.put(inst, new Rejection(Rejection.Reason.UNEQUAL_ORDERS, "the compute parties did not all receive"
                    + " the same committed order from " + inst));
        }
        Map<String, Shared> shared = new TreeMap<>();
        for (String inst : accepted.keySet()) {
            shared.put(inst, inputs.of(session, inst, layout.sharedElements()));
        }
        Map<String, Rejection> unlinked = Linking.check(session, auctionId, accepted, shared);
        rejected.putAll(unlinked);
        accepted.keySet().removeAll(unlinked.keySet());

        List<String> order = Institutions.priority(auctionId, accepted.keySet());
        Map<String, Shared[]> in = new LinkedHashMap<>();
        for (String inst : order) {
            Shared x = shared.get(inst);
            in.put(inst, new Shared[] {x.slice(layout.demand(0), layout.demand(0) + k),
                x.slice(layout.supply(0), layout.supply(0) + k), mask(x, layout, 0), mask(x, layout, 1)});
        }
        AuctionProgram.Cleared c = AuctionProgram.clear(session, k, order, in);
        Map<String, ResultStatement.Entry> entries = new TreeMap<>();
        for (Map.Entry<String, CommittedOrder> e : accepted.entrySet()) {
            long[] w = c.masked().get(e.getKey());
            BigInteger wb = w == null ? BigInteger.ZERO : Mersenne127.toBigInteger(w[0], w[1]);
            BigInteger ws = w == null ? BigInteger.ZERO : Mersenne127.toBigInteger(w[2], w[3]);
            entries.put(e.getKey(), new ResultStatement.Entry(e.getValue().digest(), wb, ws));
        }
        int index = c.volume() == 0 ? -1 : c.priceIndex();
        ResultStatement st = new ResultStatement(auctionId, Digests.grid(grid), index,
                index < 0 ? 0 : grid.price(index), c.volume(), entries, rejected.keySet());
        Map<String, byte[]> signedRejections = new TreeMap<>();
        rejected.forEach((inst, why) -> signedRejections.put(inst, why.sign(auctionId, inst, partyKey)));
        return new PartyOutput(st, SignedResult.sign(st, partyKey), rejected, signedRejections, session.rounds());
    }

    /** Bytes of a SHA-256 digest per field element: 11 + 11 + 10, each below p = 2^127 - 1. */
    private static final int DIGEST_CHUNK = 11;
    private static final int DIGEST_ELEMENTS = 3;

    /**
     * The institutions whose committed orders (as each party received them) are not the same at
     * every party: every party inputs the digests it holds and the differences to party 0's are
     * opened. Public information only: the orders are public to the parties.
     */
    static java.util.Set<String> differingOrders(MpcSession session, List<String> institutions,
                                                 Map<String, byte[]> received) {
        int m = institutions.size();
        long[] mine = new long[2 * DIGEST_ELEMENTS * m];
        for (int i = 0; i < m; i++) {
            byte[] order = received.get(institutions.get(i));
            byte[] d = order == null ? new byte[32] : AuctionItems.sha256(order);
            for (int c = 0; c < DIGEST_ELEMENTS; c++) {
                int from = c * DIGEST_CHUNK;
                int to = Math.min(32, from + DIGEST_CHUNK);
                Mersenne127.fromBigInteger(new BigInteger(1, java.util.Arrays.copyOfRange(d, from, to)), mine,
                        2 * (DIGEST_ELEMENTS * i + c));
            }
        }
        int n = session.parties();
        Shared[] held = new Shared[n];
        for (int j = 0; j < n; j++) {
            held[j] = session.inputElements(j, j == session.self() ? mine : null, DIGEST_ELEMENTS * m);
        }
        java.util.Set<String> differing = new java.util.TreeSet<>();
        if (n < 2) {
            return differing;
        }
        Shared[] diffs = new Shared[n - 1];
        for (int j = 1; j < n; j++) {
            diffs[j - 1] = held[j].sub(held[0]);
        }
        long[] opened = session.open(session.concat(diffs)).elements();
        for (int j = 0; j < n - 1; j++) {
            for (int i = 0; i < m; i++) {
                for (int c = 0; c < DIGEST_ELEMENTS; c++) {
                    int e = 2 * (j * DIGEST_ELEMENTS * m + DIGEST_ELEMENTS * i + c);
                    if (opened[e] != 0 || opened[e + 1] != 0) {
                        differing.add(institutions.get(i));
                    }
                }
            }
        }
        return differing;
    }

    private static Shared mask(Shared x, OrderLayout layout, int side) {
        Shared r = x.get(layout.maskLimb(side, OrderLayout.MASK_LIMBS - 1));
        for (int j = OrderLayout.MASK_LIMBS - 2; j >= 0; j--) {
            r = r.mul(1L << OrderLayout.LIMB_BITS).add(x.get(layout.maskLimb(side, j)));
        }
        return r;
    }
}
