package org.veilgrid.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.veilgrid.auction.LoopbackAuction;
import org.veilgrid.auction.Order;
import org.veilgrid.auction.PriceGrid;
import org.veilgrid.auction.Side;
import org.veilgrid.mpc.engine.Security;

/**
 * A whole private double auction end to end on loopback: three compute parties started with
 * their certificates, N institutions each connecting over mutual TLS and secret-sharing its
 * K-point schedules, the MPC clearing and rationing, each institution unmasking its fill. One
 * operation = one auction from scratch (single shot). N = 1200, K = 4000 is the size of the 2008
 * Danish sugar-beet auction. This measures the MPC alone ({@code LoopbackAuction.Options.proofs}
 * = false, like {@code veil auction demo --no-proofs}); the proofs' cost is {@link AuctionProofBenchmark}.
 * {@code security}: the MPC's mode, malicious (every product MAC-checked before any output) or
 * semi-honest.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx6g")
public class AuctionBenchmark {
    @Param({"10", "100", "1000"})
    public int institutions;

    @Param({"64", "256", "4000"})
    public int pricePoints;

    /** The compute parties' MPC mode (MALICIOUS is the default of veil auction). */
    @Param({"MALICIOUS", "SEMI_HONEST"})
    public Security security;

    private PriceGrid grid;
    private List<Order> book;

    @Setup
    public void setup() {
        grid = PriceGrid.parse("1000:" + (1000 + pricePoints - 1) + ":1");
        SplittableRandom r = new SplittableRandom(2008);
        book = new ArrayList<>();
        for (int i = 0; i < institutions; i++) {
            boolean buyer = i % 2 == 0;
            int at = buyer ? pricePoints / 4 + r.nextInt(Math.max(1, 3 * pricePoints / 4))
                    : r.nextInt(Math.max(1, 3 * pricePoints / 4));
            book.add(new Order(String.format("inst-%04d", i), buyer ? Side.BUY : Side.SELL,
                    grid.price(Math.min(pricePoints - 1, at)), 1 + r.nextInt(1000)));
        }
    }

    @Benchmark
    public LoopbackAuction.Outcome auction() {
        LoopbackAuction.Options plain = new LoopbackAuction.Options();
        plain.proofs = false;
        plain.security = security;
        return LoopbackAuction.run("bench", grid, book, 3, 120_000, null, plain);
    }
}
