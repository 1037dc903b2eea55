package org.veilgrid.auction;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.errors.ProtocolAbortException;
import org.veilgrid.mpc.engine.LoopbackCluster;

/**
 * A whole private auction on loopback: three compute parties (each its own gRPC server with
 * mutual TLS) and one client per institution, which secret-shares its schedules to the parties
 * and later unmasks its own fill. The result has the same shape as {@link ReferenceAuction}'s, so
 * the two can be compared. Used by {@code veil auction demo} and the tests.
 */
public final class LoopbackAuction {
    /** What happened: the result as the institutions see it, and the cost. */
    public static final class Outcome {
        public ClearingResult result;
        public double millis;
        public long bytes;
        public long rounds;
    }

    private LoopbackAuction() {
    }

    public static Outcome run(byte[] auctionId, PriceGrid grid, List<Order> orders, int parties, int timeoutMs,
                              Consumer<String> progress) {
        Consumer<String> say = progress != null ? progress : s -> { };
        Map<String, List<Order>> byInstitution = new TreeMap<>();
        for (Order o : orders) {
            byInstitution.computeIfAbsent(o.institution, i -> new ArrayList<>()).add(o);
        }
        if (byInstitution.isEmpty()) {
            throw new ParameterException("an auction needs at least one order");
        }
        List<String> institutions = new ArrayList<>(byInstitution.keySet());
        Map<String, AuctionParticipant> participants = new TreeMap<>();
        byInstitution.forEach((inst, os) -> participants.put(inst, new AuctionParticipant(inst, os, grid)));
        long start = System.nanoTime();
        Outcome outcome = new Outcome();
        try (LoopbackCluster cluster = LoopbackCluster.start(parties, timeoutMs, institutions)) {
            say.accept(parties + " compute parties on loopback (mutual TLS), " + institutions.size() + " institutions, "
                    + grid.size() + " price points (" + Math.round((System.nanoTime() - start) / 1e6) + " ms to start)");
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Future<?>> sends = new ArrayList<>();
                java.util.concurrent.atomic.AtomicInteger sent = new java.util.concurrent.atomic.AtomicInteger();
                for (AuctionParticipant p : participants.values()) {
                    sends.add(pool.submit(() -> {
                        p.submit(cluster.config(), cluster.clientIdentity(p.institution()));
                        if (sent.incrementAndGet() == participants.size()) {
                            say.accept("all institutions submitted (" + Math.round((System.nanoTime() - start) / 1e6) + " ms)");
                        }
                    }));
                }
                List<AuctionProgram.PartyOutput> outputs = cluster.run(
                        session -> AuctionProgram.run(session, auctionId, grid.size(), institutions));
                for (Future<?> f : sends) {
                    f.get();
                }
                say.accept("computed in " + Math.round((System.nanoTime() - start) / 1e6) + " ms since start");
                AuctionProgram.PartyOutput first = outputs.get(0);
                for (AuctionProgram.PartyOutput o : outputs) {
                    if (o.priceIndex != first.priceIndex || o.volume != first.volume
                            || !sameMasked(o.maskedFills, first.maskedFills)) {
                        throw new ProtocolAbortException(null, "the compute parties disagree on the opened result");
                    }
                }
                Map<String, Fill> fills = new TreeMap<>();
                for (String inst : institutions) {
                    long[] masked = first.maskedFills.get(inst);
                    fills.put(inst, masked == null ? new Fill(0, 0) : participants.get(inst).unmask(masked));
                }
                outcome.result = new ClearingResult(grid, first.priceIndex, first.volume, fills);
                outcome.rounds = first.rounds;
                for (int i = 0; i < parties; i++) {
                    outcome.bytes += cluster.network(i).stats().bytesSent();
                }
            } catch (java.util.concurrent.ExecutionException e) {
                Throwable c = e.getCause();
                throw c instanceof RuntimeException ? (RuntimeException) c
                        : new ProtocolAbortException(null, "an institution could not submit: " + c, c);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ProtocolAbortException(null, "interrupted");
            } finally {
                pool.shutdownNow();
            }
        }
        outcome.millis = (System.nanoTime() - start) / 1e6;
        say.accept("cleared in " + Math.round(outcome.millis) + " ms, " + outcome.rounds + " rounds");
        return outcome;
    }

    private static boolean sameMasked(Map<String, long[]> a, Map<String, long[]> b) {
        if (!a.keySet().equals(b.keySet())) {
            return false;
        }
        for (Map.Entry<String, long[]> e : a.entrySet()) {
            if (!Arrays.equals(e.getValue(), b.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }
}
