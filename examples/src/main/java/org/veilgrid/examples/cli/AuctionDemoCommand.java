package org.veilgrid.examples.cli;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import org.veilgrid.auction.ClearingResult;
import org.veilgrid.auction.AuctionIds;
import org.veilgrid.auction.AuctionParticipant;
import org.veilgrid.auction.LoopbackAuction;
import org.veilgrid.core.identity.AgentKey;
import org.veilgrid.auction.Order;
import org.veilgrid.auction.PriceGrid;
import org.veilgrid.auction.ReferenceAuction;
import org.veilgrid.auction.Side;

/** {@code veil auction demo}: the private double auction under MPC on loopback. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run a sealed-bid double auction under MPC: three compute parties and one client per",
            "institution on loopback with mutual TLS. Prints the public result and each institution's",
            "private view, and checks them against the cleartext reference."})
public final class AuctionDemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--institutions", defaultValue = "6", description = "Institutions with random orders (default ${DEFAULT-VALUE}).")
    int institutions;

    @Option(names = "--price-points", defaultValue = "16", description = "Price grid size K for random books (default ${DEFAULT-VALUE}).")
    int pricePoints;

    @Option(names = "--orders", description = "CSV book (institution,side,price,quantity) instead of random orders.")
    Path orders;

    @Option(names = "--price-grid", description = "MIN:MAX:STEP (default: every distinct price in the book).")
    String priceGrid;

    @Option(names = "--auction-id", description = {"The auction id, which fixes the rationing lottery (default:",
        "32 random hex digits). 'veil auction clear' with the same book and id gives the same fills."})
    String auctionId;

    @Option(names = "--seed", description = "Seed of the random book (default: a random seed), printed so a run can be repeated.")
    Long seed;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Option(names = "--no-proofs", description = {"Skip committed orders, range proofs, the linking check, signed",
        "results and fill proofs: the plain MPC auction (for benchmarking the MPC alone)."})
    boolean noProofs;

    @Mixin
    SecurityOption securityOption;

    @Option(names = "--craft-non-monotone", paramLabel = "INSTITUTION", description = {"Demo/test hook: add an institution",
        "whose demand schedule rises (crafted past the CSV reader, which cannot produce one), to show its",
        "order rejected and the reason reaching it alone."})
    String craftNonMonotone;

    @Override
    public Integer call() {
        List<Order> book;
        PriceGrid grid;
        if (orders != null) {
            book = AuctionViews.readOrders(orders);
            grid = AuctionViews.grid(priceGrid, book);
        } else {
            if (institutions < 1 || institutions > 5000) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--institutions must lie in [1, 5000]");
            }
            if (pricePoints < 1 || pricePoints > PriceGrid.MAX_POINTS) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--price-points must lie in [1, "
                        + PriceGrid.MAX_POINTS + "]");
            }
            grid = priceGrid != null ? PriceGrid.parse(priceGrid) : PriceGrid.parse("100:" + (100 + pricePoints - 1) + ":1");
            if (seed == null) {
                seed = new SecureRandom().nextLong();
            }
            book = randomBook(institutions, grid, seed);
        }
        String idText = auctionId != null ? AuctionIds.requireValid(auctionId) : AuctionIds.random(new SecureRandom());
        byte[] id = AuctionIds.bytes(idText);
        var err = spec.commandLine().getErr();
        err.println("veil auction demo: auction " + idText + ", " + book.size() + " orders from "
                + book.stream().map(o -> o.institution).distinct().count() + " institutions"
                + (orders == null ? " (random book, seed " + seed + ")" : "") + ", " + grid);
        if (noProofs && craftNonMonotone != null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--craft-non-monotone needs proofs on");
        }
        LoopbackAuction.Options options = new LoopbackAuction.Options();
        options.proofs = !noProofs;
        options.security = securityOption.security();
        if (craftNonMonotone != null) {
            new Order(craftNonMonotone, Side.BUY, 0, 0); // validates the id
            if (book.stream().anyMatch(x -> x.institution.equals(craftNonMonotone))) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), craftNonMonotone + " already has orders");
            }
            long[] demand = new long[grid.size()];
            long[] supply = new long[grid.size()];
            if (grid.size() > 1) {
                demand[grid.size() - 1] = 1000; // buys more at the highest price than at the lowest: not monotone
            } else {
                demand[0] = Order.MAX_VALUE + 1; // one price point: nothing to be non-monotone about; out of range
            }
            options.replace.put(craftNonMonotone, AuctionParticipant.crafted(craftNonMonotone, grid, id,
                    AgentKey.generate(new SecureRandom()), demand, supply));
        }
        LoopbackAuction.Outcome o = LoopbackAuction.run(idText, grid, book, 3, 60_000, line -> err.println("  " + line), options);
        // The reference clears the orders the parties accepted.
        java.util.Set<String> excluded = o.signed == null ? java.util.Set.of() : o.signed.statement().rejected();
        List<Order> accepted = book.stream().filter(x -> !excluded.contains(x.institution)).toList();
        ClearingResult expected = ReferenceAuction.clear(id, grid, accepted);
        boolean ok = expected.equals(o.result);
        for (Map.Entry<String, LoopbackAuction.InstitutionReport> e : o.reports.entrySet()) {
            LoopbackAuction.InstitutionReport r = e.getValue();
            // Honest institutions pass every check; only the crafted one may be rejected.
            ok &= r.accepted() ? r.resultVerified() && (r.fillProofVerified() || !o.result.traded())
                    : e.getKey().equals(craftNonMonotone);
        }
        if (json) {
            Map<String, Object> m = AuctionViews.json(o.result, grid);
            m.put("auctionId", idText);
            if (orders == null) {
                m.put("seed", seed);
            }
            m.put("ok", ok);
            m.put("proofs", !noProofs);
            m.put("security", options.security.label());
            m.put("millis", o.millis);
            m.put("proveMillis", o.proveMillis);
            m.put("rounds", o.rounds);
            m.put("bytes", o.bytes);
            if (!noProofs) {
                Map<String, Object> views = new java.util.LinkedHashMap<>();
                o.reports.forEach((inst, r) -> {
                    Map<String, Object> v = new java.util.LinkedHashMap<>();
                    v.put("accepted", r.accepted());
                    // Only this institution's own view carries the reason.
                    v.put("rejection", r.rejection() == null ? null : r.rejection().toString());
                    v.put("resultVerified", r.resultVerified());
                    v.put("fillProofVerified", r.fillProofVerified());
                    views.put(inst, v);
                });
                m.put("institutionChecks", views);
                m.put("excluded", List.copyOf(excluded));
            }
            spec.commandLine().getOut().println(Json.pretty(m));
        } else {
            var out = spec.commandLine().getOut();
            out.println("auction " + idText + (orders == null ? " (random book, seed " + seed + ")" : ""));
            AuctionViews.print(out, o.result, grid);
            if (!noProofs) {
                out.println("proofs (each line is that institution's own view):");
                o.reports.forEach((inst, r) -> {
                    if (r.accepted()) {
                        out.printf("  %s: order accepted; signed result verified (all %d parties); fill proof %s%n", inst,
                                o.partyKeys.size(), r.fillProofVerified() ? "verified" : "not needed (no trade)");
                    } else {
                        out.printf("  %s: order REJECTED — %s%n", inst, r.rejection());
                    }
                });
            }
            out.printf("%s: MPC result %s the cleartext reference%s (%s, %.0f ms, %d rounds, %,d bytes between parties)%n",
                    ok ? "OK" : "MISMATCH", ok ? "equals" : "differs from",
                    excluded.isEmpty() ? "" : " of the accepted orders", options.security.label(), o.millis, o.rounds,
                    o.bytes);
        }
        return ok ? Main.EXIT_OK : Main.EXIT_FAILED;
    }

    /** Buyers and sellers around the middle of the grid, so that the book usually crosses; the same seed, the same book. */
    static List<Order> randomBook(int n, PriceGrid grid, long seed) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        List<Order> book = new ArrayList<>();
        int k = grid.size();
        for (int i = 0; i < n; i++) {
            String id = String.format("inst-%04d", i);
            boolean buyer = i % 2 == 0;
            int at = buyer ? k / 4 + r.nextInt(Math.max(1, 3 * k / 4)) : r.nextInt(Math.max(1, 3 * k / 4));
            book.add(new Order(id, buyer ? Side.BUY : Side.SELL, grid.price(Math.min(k - 1, at)), 1 + r.nextInt(1000)));
        }
        return book;
    }
}
