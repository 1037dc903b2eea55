package org.veilgrid.auction;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.veilgrid.core.errors.ParameterException;

/**
 * The double auction computed in the clear with exactly the formulas of {@link ClearingRule}:
 * what {@code veil auction clear} runs, and the oracle the MPC computation is tested against.
 */
public final class ReferenceAuction {
    private ReferenceAuction() {
    }

    /** Clears limit orders on a grid. */
    public static ClearingResult clear(byte[] auctionId, PriceGrid grid, List<Order> orders) {
        return clearSchedules(auctionId, grid, schedules(grid, orders));
    }

    /** Each institution's schedules from its orders, in institution order. */
    public static List<Schedule> schedules(PriceGrid grid, List<Order> orders) {
        Map<String, List<Order>> by = new TreeMap<>();
        for (Order o : orders) {
            by.computeIfAbsent(o.institution, i -> new ArrayList<>()).add(o);
        }
        List<Schedule> out = new ArrayList<>();
        by.forEach((inst, os) -> out.add(Schedule.of(inst, os, grid)));
        return out;
    }

    /** Clears given schedules (one per institution). */
    public static ClearingResult clearSchedules(byte[] auctionId, PriceGrid grid, List<Schedule> schedules) {
        if (schedules.isEmpty()) {
            throw new ParameterException("an auction needs at least one institution");
        }
        int k = grid.size();
        long[] d = new long[k];
        long[] s = new long[k];
        Map<String, Schedule> byId = new HashMap<>();
        for (Schedule sc : schedules) {
            if (sc.demand.length != k || sc.supply.length != k) {
                throw new ParameterException(sc.institution + "'s schedule does not match the " + k + "-point grid");
            }
            if (byId.put(sc.institution, sc) != null) {
                throw new ParameterException("two schedules for " + sc.institution);
            }
            for (int i = 0; i < k; i++) {
                d[i] += sc.demand[i];
                s[i] += sc.supply[i];
            }
        }
        long[] c = new long[k];
        for (int i = 0; i < k; i++) {
            c[i] = d[i] >= s[i] ? 1 : 0;
        }
        long sStar = 0;
        long dStar = 0;
        long[] e = new long[k];
        long[] f = new long[k];
        for (int i = 0; i < k; i++) {
            e[i] = c[i] - (i + 1 < k ? c[i + 1] : 0);
            f[i] = (i > 0 ? c[i - 1] : 1) - c[i];
            sStar += e[i] * s[i];
            dStar += f[i] * d[i];
        }
        long b = sStar >= dStar ? 1 : 0;
        long index = 0;
        for (int i = 0; i < k; i++) {
            index += i * (b * e[i] + (1 - b) * f[i]);
        }
        long volume = b * sStar + (1 - b) * dStar;
        Map<String, Fill> fills = new TreeMap<>();
        if (volume > 0) {
            List<String> order = Institutions.priority(auctionId, byId.keySet());
            long boughtBefore = 0;
            long soldBefore = 0;
            for (String inst : order) {
                Schedule sc = byId.get(inst);
                long qb = sc.demand[(int) index];
                long qs = sc.supply[(int) index];
                long bought = Math.min(qb, Math.max(0, volume - boughtBefore));
                long sold = Math.min(qs, Math.max(0, volume - soldBefore));
                boughtBefore += qb;
                soldBefore += qs;
                fills.put(inst, new Fill(bought, sold));
            }
        } else {
            for (String inst : byId.keySet()) {
                fills.put(inst, new Fill(0, 0));
            }
        }
        return new ClearingResult(grid, (int) index, volume, fills);
    }
}
