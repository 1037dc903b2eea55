package org.veilgrid.examples.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import org.veilgrid.auction.AuctionIds;
import org.veilgrid.auction.ClearingResult;
import org.veilgrid.auction.Order;
import org.veilgrid.auction.PriceGrid;
import org.veilgrid.auction.ReferenceAuction;

/** {@code veil auction clear}: the cleartext reference on a CSV book. */
@Command(name = "clear", mixinStandardHelpOptions = true,
        description = {"Clear a book of limit orders in the clear (the reference the MPC auction is tested",
            "against). CSV: header institution,side,price,quantity; side buy or sell."})
public final class AuctionClearCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--orders", required = true, description = "CSV book.")
    Path orders;

    @Option(names = "--price-grid", description = "MIN:MAX:STEP (default: every distinct price in the book).")
    String priceGrid;

    @Option(names = "--auction-id", defaultValue = "veil-auction", description = "Fixes the rationing lottery, as in 'veil auction demo --auction-id' (default ${DEFAULT-VALUE}).")
    String auctionId;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() {
        List<Order> book = AuctionViews.readOrders(orders);
        PriceGrid grid = AuctionViews.grid(priceGrid, book);
        ClearingResult r = ReferenceAuction.clear(AuctionIds.bytes(auctionId), grid, book);
        if (json) {
            Map<String, Object> o = AuctionViews.json(r, grid);
            spec.commandLine().getOut().println(Json.pretty(o));
        } else {
            AuctionViews.print(spec.commandLine().getOut(), r, grid);
        }
        return Main.EXIT_OK;
    }
}
