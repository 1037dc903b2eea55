package org.veilgrid.bench;

import java.security.SecureRandom;
import java.util.Map;
import java.util.TreeMap;
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
import org.veilgrid.auction.PriceGrid;
import org.veilgrid.auction.proof.OrderChecks;
import org.veilgrid.auction.proof.ProvedOrder;
import org.veilgrid.core.identity.AgentKey;
import org.veilgrid.core.identity.AgentPublicKey;

/**
 * The proofs of the private auction (docs/auction.md, "Proofs"): what one institution spends
 * committing to its K-point schedules and masks, proving 2K + 14 values in range (64-bit
 * aggregated Bulletproofs, chunks of 64) and signing ({@link #prove}); and what each compute
 * party spends checking {@code institutions} such orders — decoding, signatures and one batch
 * verification of all range proofs ({@link #verifyBatch}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
public class AuctionProofBenchmark {
    @Param({"64", "256"})
    public int pricePoints;

    @Param({"10"})
    public int institutions;

    private final SecureRandom rng = new SecureRandom();
    private final byte[] id = new byte[16];
    private PriceGrid grid;
    private long[] demand;
    private long[] supply;
    private AgentKey key;
    private final Map<String, byte[]> orders = new TreeMap<>();
    private final Map<String, AgentPublicKey> keys = new TreeMap<>();

    @Setup
    public void setup() {
        grid = PriceGrid.parse("1000:" + (1000 + pricePoints - 1) + ":1");
        demand = new long[pricePoints];
        supply = new long[pricePoints];
        for (int k = 0; k < pricePoints; k++) {
            demand[k] = 1000L * (pricePoints - k);
            supply[k] = 700L * k;
        }
        key = AgentKey.generate(rng);
        for (int i = 0; i < institutions; i++) {
            String inst = String.format("inst-%04d", i);
            AgentKey k = AgentKey.generate(rng);
            orders.put(inst, ProvedOrder.create(id, inst, grid, demand, supply, k, rng).committed().toBytes());
            keys.put(inst, k.publicKey());
        }
    }

    /** One institution: commit, prove, sign. */
    @Benchmark
    public ProvedOrder prove() {
        return ProvedOrder.create(id, "inst-x", grid, demand, supply, key, rng);
    }

    /** One party: check every institution's order, the range proofs in one batch. */
    @Benchmark
    public OrderChecks.Outcome verifyBatch() {
        OrderChecks.Outcome o = OrderChecks.check(id, grid, orders, keys);
        if (o.accepted().size() != institutions) {
            throw new IllegalStateException("an honest order was rejected");
        }
        return o;
    }
}
