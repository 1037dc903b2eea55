package org.veilgrid.auction;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.mpc.engine.MpcSession;
import org.veilgrid.mpc.engine.Public;
import org.veilgrid.mpc.engine.Shared;

/**
 * Inventory matching between clients, in the spirit of Prime Match (USENIX Security 2023): for
 * each symbol, clients hold buy and sell interest; the matched quantity is M = min(total buy,
 * total sell), allocated on each side in the public lottery order of
 * {@link Institutions#priority} (fill<sub>i</sub> = min(q<sub>i</sub>, max(0, M - &Sigma;<sub>j before
 * i</sub> q<sub>j</sub>)): the short side is matched completely). Each client learns only its own
 * matched quantities (opened masked with its one-time masks); M and all unmatched interest stay
 * secret. A client is never matched with itself: its buy and sell interest in one symbol are
 * netted when it states them ({@link Interest}).
 */
public final class InventoryMatching {
    /** The one input a client submits: buy (S), sell (S) and 2S masks, as 4S field elements. */
    public static final String INTEREST = "interest";

    private InventoryMatching() {
    }

    /**
     * One client's interest, per symbol, netted: interest to buy b and sell s of one symbol is
     * kept as buy max(0, b − s) and sell max(0, s − b), so that the client's two sides never
     * match each other.
     */
    public static final class Interest {
        public final String client;
        public final long[] buy;
        public final long[] sell;

        public Interest(String client, long[] buy, long[] sell) {
            this.client = Institutions.requireValid(client);
            if (buy.length != sell.length || buy.length == 0) {
                throw new ParameterException("buy and sell interest need one entry per symbol");
            }
            for (int i = 0; i < buy.length; i++) {
                if (buy[i] < 0 || buy[i] > Order.MAX_VALUE || sell[i] < 0 || sell[i] > Order.MAX_VALUE) {
                    throw new ParameterException("interest for symbol " + i + " lies outside [0, 2^40]");
                }
            }
            this.buy = buy.clone();
            this.sell = sell.clone();
            for (int i = 0; i < buy.length; i++) {
                long own = Math.min(this.buy[i], this.sell[i]);
                this.buy[i] -= own;
                this.sell[i] -= own;
            }
        }
    }

    /** Matched quantities per client: {bought[S], sold[S]}. The cleartext reference. */
    public static Map<String, long[][]> matchInTheClear(byte[] matchId, List<Interest> interests) {
        int symbols = interests.get(0).buy.length;
        Map<String, Interest> by = new TreeMap<>();
        for (Interest in : interests) {
            if (in.buy.length != symbols || by.put(in.client, in) != null) {
                throw new ParameterException("one interest per client, all with " + symbols + " symbols");
            }
        }
        List<String> order = Institutions.priority(matchId, by.keySet());
        Map<String, long[][]> out = new TreeMap<>();
        for (String c : order) {
            out.put(c, new long[2][symbols]);
        }
        for (int s = 0; s < symbols; s++) {
            long totalBuy = 0;
            long totalSell = 0;
            for (Interest in : interests) {
                totalBuy += in.buy[s];
                totalSell += in.sell[s];
            }
            long m = Math.min(totalBuy, totalSell);
            long beforeBuy = 0;
            long beforeSell = 0;
            for (String c : order) {
                Interest in = by.get(c);
                out.get(c)[0][s] = Math.min(in.buy[s], Math.max(0, m - beforeBuy));
                out.get(c)[1][s] = Math.min(in.sell[s], Math.max(0, m - beforeSell));
                beforeBuy += in.buy[s];
                beforeSell += in.sell[s];
            }
        }
        return out;
    }

    /**
     * The matching as an MPC program (every compute party runs it). Returns, per client, its
     * matched {bought[S], sold[S]} opened masked: packed field elements, bought then sold.
     */
    public static Map<String, long[]> run(MpcSession session, byte[] matchId, int symbols, List<String> clients,
                                          InterestInputs inputs) {
        if (clients.isEmpty() || symbols < 1) {
            throw new ParameterException("matching needs clients and at least one symbol");
        }
        List<String> order = Institutions.priority(matchId, clients);
        List<Shared[]> in = new ArrayList<>();
        Shared totalBuy = null;
        Shared totalSell = null;
        for (String c : order) {
            Shared[] x = inputs.of(session, c, symbols);
            in.add(x);
            totalBuy = totalBuy == null ? x[0] : totalBuy.add(x[0]);
            totalSell = totalSell == null ? x[1] : totalSell.add(x[1]);
        }
        Shared buyCovers = totalBuy.ge(totalSell);
        Shared matched = buyCovers.select(totalSell, totalBuy); // min(B, S), never opened
        Shared[] bought = ration(session, in, 0, matched, symbols);
        Shared[] sold = ration(session, in, 1, matched, symbols);
        List<Shared> maskedParts = new ArrayList<>();
        for (int i = 0; i < order.size(); i++) {
            Shared masks = in.get(i)[2];
            maskedParts.add(bought[i].add(masks.slice(0, symbols)));
            maskedParts.add(sold[i].add(masks.slice(symbols, 2 * symbols)));
        }
        Public opened = session.open(session.concat(maskedParts.toArray(new Shared[0])));
        long[] all = opened.elements();
        Map<String, long[]> out = new LinkedHashMap<>();
        for (int i = 0; i < order.size(); i++) {
            long[] mine = new long[4 * symbols];
            System.arraycopy(all, i * 4 * symbols, mine, 0, 4 * symbols);
            out.put(order.get(i), mine);
        }
        return out;
    }

    /** Where each client's {buy (S), sell (S), masks (2S)} come from. */
    public interface InterestInputs {
        Shared[] of(MpcSession session, String client, int symbols);
    }

    /** Clients submit {@link #INTEREST} themselves (the real source). */
    public static final InterestInputs FROM_CLIENTS = (session, c, s) -> {
        Shared all = session.inputFromClient(c, INTEREST, 4 * s);
        return new Shared[] {all.slice(0, s), all.slice(s, 2 * s), all.slice(2 * s, 4 * s)};
    };

    /** Per client, fill = min(q, max(0, M - before)) for every symbol at once (side 0 buy, 1 sell). */
    private static Shared[] ration(MpcSession session, List<Shared[]> in, int side, Shared matched, int symbols) {
        int n = in.size();
        Shared[] before = new Shared[n];
        Shared running = session.constant(new long[symbols]);
        for (int i = 0; i < n; i++) {
            before[i] = running;
            running = running.add(in.get(i)[side]);
        }
        // Stack all clients to batch the comparisons: one vector of n*S.
        Shared q = session.concat(collect(in, side));
        Shared excl = session.concat(before);
        Shared incl = excl.add(q);
        Shared m = session.concat(repeat(matched, n));
        Shared whole = incl.le(m);
        Shared some = excl.lt(m);
        Shared fill = whole.select(q, some.mul(m.sub(excl)));
        Shared[] out = new Shared[n];
        for (int i = 0; i < n; i++) {
            out[i] = fill.slice(i * symbols, (i + 1) * symbols);
        }
        return out;
    }

    private static Shared[] collect(List<Shared[]> in, int side) {
        Shared[] out = new Shared[in.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = in.get(i)[side];
        }
        return out;
    }

    private static Shared[] repeat(Shared x, int n) {
        Shared[] out = new Shared[n];
        java.util.Arrays.fill(out, x);
        return out;
    }
}
