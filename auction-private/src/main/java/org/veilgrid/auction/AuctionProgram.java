package org.veilgrid.auction;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.mpc.engine.MpcSession;
import org.veilgrid.mpc.engine.Public;
import org.veilgrid.mpc.engine.Shared;

/**
 * The double auction as an MPC program: what every compute party runs on its session. It takes
 * each institution's demand and supply schedules and two one-time masks as client inputs,
 * computes the formulas of {@link ClearingRule} on shares, opens the volume and (if anything
 * trades) the clearing index to everyone, and opens each fill only masked with its owner's
 * one-time mask — uniformly random to the parties; the owner subtracts the mask. Rounds: the K
 * comparisons of D(k) &ge; S(k), three multiplication rounds and one comparison for the rule, two
 * openings, 4N comparisons and two multiplications for the rationing, one opening.
 */
public final class AuctionProgram {
    /**
     * The one input an institution submits: its demand schedule (K values), supply schedule (K
     * values) and two one-time masks, as 2K + 2 field elements.
     */
    public static final String ORDER = "order";

    private AuctionProgram() {
    }

    /** One party's view of the outcome: the public part and each institution's masked fill. */
    public static final class PartyOutput {
        /** -1 when nothing trades. */
        public final int priceIndex;
        public final long volume;
        /** Per institution: {bought, sold} + masks, as packed field elements (4 longs). Empty without trade. */
        public final Map<String, long[]> maskedFills;
        public final long rounds;

        PartyOutput(int priceIndex, long volume, Map<String, long[]> maskedFills, long rounds) {
            this.priceIndex = priceIndex;
            this.volume = volume;
            this.maskedFills = maskedFills;
            this.rounds = rounds;
        }
    }

    /** Where each institution's three inputs come from. */
    public interface Inputs {
        /** {demand (K), supply (K), masks (2)} of one institution, as shared vectors. */
        Shared[] of(MpcSession session, String institution, int pricePoints);
    }

    /** The real source: each institution secret-shares its inputs to the parties as a client. */
    public static final Inputs FROM_CLIENTS = (session, inst, k) -> {
        Shared all = session.inputFromClient(inst, ORDER, 2 * k + 2);
        return new Shared[] {all.slice(0, k), all.slice(k, 2 * k), all.slice(2 * k, 2 * k + 2)};
    };

    /**
     * Runs the auction on this party's session, the institutions submitting as clients.
     *
     * @param institutions every institution taking part (each must submit all three inputs)
     */
    public static PartyOutput run(MpcSession session, byte[] auctionId, int pricePoints, List<String> institutions) {
        return run(session, auctionId, pricePoints, institutions, FROM_CLIENTS);
    }

    /** Runs the auction with inputs from {@code inputs} (tests feed many books through one session). */
    public static PartyOutput run(MpcSession session, byte[] auctionId, int pricePoints, List<String> institutions,
                                  Inputs inputs) {
        int k = pricePoints;
        if (k < 1 || k > PriceGrid.MAX_POINTS) {
            throw new ParameterException("price points must lie in [1, " + PriceGrid.MAX_POINTS + "], got " + k);
        }
        if (institutions.isEmpty()) {
            throw new ParameterException("an auction needs at least one institution");
        }
        List<String> order = Institutions.priority(auctionId, institutions);
        Map<String, Shared[]> in = new LinkedHashMap<>();
        for (String inst : order) {
            Shared[] x = inputs.of(session, inst, k);
            in.put(inst, new Shared[] {x[0], x[1], x[2].get(0), x[2].get(1)});
        }
        Cleared c = clear(session, k, order, in);
        return new PartyOutput(c.priceIndex, c.volume, c.masked, session.rounds());
    }

    /** The clearing on shares: per institution {demand, supply, buy mask, sell mask}, in priority order. */
    static Cleared clear(MpcSession session, int k, List<String> order, Map<String, Shared[]> in) {
        int n = order.size();
        if (n == 0) {
            return new Cleared(-1, 0, Map.of());
        }
        Map<String, Shared> demand = new LinkedHashMap<>();
        Map<String, Shared> supply = new LinkedHashMap<>();
        Shared d = null;
        Shared s = null;
        for (String inst : order) {
            Shared di = in.get(inst)[0];
            Shared si = in.get(inst)[1];
            demand.put(inst, di);
            supply.put(inst, si);
            d = d == null ? di : d.add(di);
            s = s == null ? si : s.add(si);
        }
        // c_k = [D(k) >= S(k)]; e marks the last one, f the first zero.
        Shared c = d.ge(s);
        Shared next = k > 1 ? session.concat(c.slice(1, k), session.constant(0)) : session.constant(0);
        Shared prev = k > 1 ? session.concat(session.constant(1), c.slice(0, k - 1)) : session.constant(1);
        Shared e = c.sub(next);
        Shared f = prev.sub(c);
        Shared sStar = e.mul(s).sum();
        Shared dStar = f.mul(d).sum();
        Shared b = sStar.ge(dStar);
        Shared g = b.broadcast(k).select(e, f);
        long[] indices = new long[k];
        for (int i = 0; i < k; i++) {
            indices[i] = i;
        }
        Shared index = g.mul(session.publicValues(indices)).sum();
        Shared volume = b.select(sStar, dStar);
        long v = session.open(volume).toLongs()[0];
        if (v == 0) {
            return new Cleared(-1, 0, Map.of());
        }
        int kc = (int) session.open(index).toLongs()[0];
        if (kc < 0 || kc >= k) {
            throw new ParameterException("opened clearing index " + kc + " is off the grid (a party misbehaved)");
        }
        // Rationing in the public priority order, both sides at once.
        List<Shared> wantBuy = new ArrayList<>();
        List<Shared> wantSell = new ArrayList<>();
        List<Shared> maskBuy = new ArrayList<>();
        List<Shared> maskSell = new ArrayList<>();
        for (String inst : order) {
            wantBuy.add(demand.get(inst).get(kc));
            wantSell.add(supply.get(inst).get(kc));
            maskBuy.add(in.get(inst)[2]);
            maskSell.add(in.get(inst)[3]);
        }
        Shared bought = ration(session, session.concat(wantBuy.toArray(new Shared[0])), v);
        Shared sold = ration(session, session.concat(wantSell.toArray(new Shared[0])), v);
        Public maskedBought = session.open(bought.add(session.concat(maskBuy.toArray(new Shared[0]))));
        Public maskedSold = session.open(sold.add(session.concat(maskSell.toArray(new Shared[0]))));
        long[] mb = maskedBought.elements();
        long[] ms = maskedSold.elements();
        Map<String, long[]> out = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            out.put(order.get(i), new long[] {mb[2 * i], mb[2 * i + 1], ms[2 * i], ms[2 * i + 1]});
        }
        return new Cleared(kc, v, out);
    }


    /** What the clearing opened. */
    record Cleared(int priceIndex, long volume, Map<String, long[]> masked) {
    }

    /** fill_i = min(q_i, max(0, V - &Sigma;_{j<i} q_j)) for q in priority order. */
    private static Shared ration(MpcSession session, Shared q, long v) {
        Shared inclusive = q.prefixSums();
        Shared exclusive = inclusive.sub(q);
        Shared whole = inclusive.le(v);               // everything before and q_i fit under V
        Shared some = exclusive.lt(v);                // something is left for i
        Shared rest = exclusive.neg().add(v);         // V - before
        return whole.select(q, some.mul(rest));
    }
}
