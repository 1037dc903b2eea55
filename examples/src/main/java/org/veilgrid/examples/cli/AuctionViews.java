package org.veilgrid.examples.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.veilgrid.auction.ClearingResult;
import org.veilgrid.auction.Fill;
import org.veilgrid.auction.Order;
import org.veilgrid.auction.OrdersCsv;
import org.veilgrid.auction.PriceGrid;
import org.veilgrid.core.io.LocalFiles;

/** Reading books and printing auction results, shared by the auction commands. */
final class AuctionViews {
    private AuctionViews() {
    }

    static List<Order> readOrders(Path file) {
        return OrdersCsv.parse(file.toString(), new String(LocalFiles.readBounded(file, 256L << 20), StandardCharsets.UTF_8));
    }

    static PriceGrid grid(String spec, List<Order> orders) {
        return spec != null ? PriceGrid.parse(spec) : PriceGrid.of(orders);
    }

    static Map<String, Object> json(ClearingResult r, PriceGrid grid) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("traded", r.traded());
        o.put("price", r.traded() ? r.price().getAsLong() : null);
        o.put("volume", r.volume);
        o.put("pricePoints", grid.size());
        List<Object> views = new ArrayList<>();
        for (Map.Entry<String, Fill> e : r.fills().entrySet()) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("institution", e.getKey());
            v.put("bought", e.getValue().bought);
            v.put("sold", e.getValue().sold);
            views.add(v);
        }
        o.put("privateViews", views);
        return o;
    }

    static void print(PrintWriter out, ClearingResult r, PriceGrid grid) {
        if (r.traded()) {
            out.printf("public: clearing price %d, volume %d (%d price points)%n", r.price().getAsLong(), r.volume, grid.size());
        } else {
            out.printf("public: no trade (%d price points)%n", grid.size());
        }
        out.println("private views (each institution sees only its own line):");
        for (Map.Entry<String, Fill> e : r.fills().entrySet()) {
            out.printf("  %-20s bought %8d  sold %8d%n", e.getKey(), e.getValue().bought, e.getValue().sold);
        }
    }
}
