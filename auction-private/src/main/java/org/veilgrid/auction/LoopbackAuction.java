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
import org.veilgrid.core.identity.AgentKey;
import org.veilgrid.core.identity.AgentPublicKey;
import java.security.SecureRandom;
import org.veilgrid.auction.proof.CommittedOrder;
import org.veilgrid.auction.proof.FillProof;
import org.veilgrid.auction.proof.Rejection;
import org.veilgrid.auction.proof.ResultStatement;
import org.veilgrid.auction.proof.SignedResult;
import org.veilgrid.mpc.engine.LoopbackCluster;

/**
 * A whole private auction on loopback: three compute parties (each its own gRPC server with
 * mutual TLS) and one client per institution, which secret-shares its schedules to the parties
 * and later unmasks its own fill. The result has the same shape as {@link ReferenceAuction}'s, so
 * the two can be compared. Used by {@code veil auction demo} and the tests.
 *
 * <p>By default the run is <em>proved</em> ({@link ProvedAuctionProgram}): each institution
 * publishes a signed committed order, the parties check them and the shares, every party signs
 * the result, each accepted institution checks the signed result, and its fill proof is
 * verified as a third party would, from public data. {@link Options#proofs} = false runs the
 * plain {@link AuctionProgram} (benchmarks of the MPC alone).
 */
public final class LoopbackAuction {
    /** What happened: the result as the institutions see it, and the cost. */
    public static final class Outcome {
        public ClearingResult result;
        public double millis;
        public long bytes;
        public long rounds;
        /** Proved mode: the result every party signed (null in plain mode). */
        public SignedResult signed;
        /** Proved mode: the parties' public keys, party 0 first. */
        public List<AgentPublicKey> partyKeys;
        /** Proved mode: what each institution saw, by institution (empty in plain mode). */
        public final Map<String, InstitutionReport> reports = new TreeMap<>();
        /** Milliseconds the institutions spent committing and proving (all of them, proved mode). */
        public double proveMillis;
    }

    /**
     * One institution's own view in proved mode: whether its order was accepted, the reason if
     * not (only this institution receives it), whether the signed result verified for it and
     * whether its fill proof verified from public data.
     */
    public record InstitutionReport(boolean accepted, Rejection rejection, boolean resultVerified,
                                    boolean fillProofVerified) {
    }

    /** How to run. */
    public static final class Options {
        /** Committed orders, range proofs, linking, signed result and fill proofs (default on). */
        public boolean proofs = true;
        /**
         * <b>Test hook</b>: participants to use instead of the ones built from the book, e.g.
         * {@link AuctionParticipant#crafted} with a non-monotone schedule (proved mode).
         */
        public final Map<String, AuctionParticipant> replace = new TreeMap<>();
    }

    private LoopbackAuction() {
    }

    /** Proved mode with default options. */
    public static Outcome run(byte[] auctionId, PriceGrid grid, List<Order> orders, int parties, int timeoutMs,
                              Consumer<String> progress) {
        return run(auctionId, grid, orders, parties, timeoutMs, progress, new Options());
    }

    public static Outcome run(byte[] auctionId, PriceGrid grid, List<Order> orders, int parties, int timeoutMs,
                              Consumer<String> progress, Options options) {
        if (options.proofs) {
            return runProved(auctionId, grid, orders, parties, timeoutMs, progress, options);
        }
        Consumer<String> say = progress != null ? progress : s -> { };
        Map<String, List<Order>> byInstitution = byInstitution(orders);
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

    private static Map<String, List<Order>> byInstitution(List<Order> orders) {
        Map<String, List<Order>> out = new TreeMap<>();
        for (Order o : orders) {
            out.computeIfAbsent(o.institution, i -> new ArrayList<>()).add(o);
        }
        return out;
    }

    private static Outcome runProved(byte[] auctionId, PriceGrid grid, List<Order> orders, int parties, int timeoutMs,
                                     Consumer<String> progress, Options options) {
        Consumer<String> say = progress != null ? progress : s -> { };
        Map<String, List<Order>> byInstitution = byInstitution(orders);
        options.replace.keySet().forEach(i -> byInstitution.putIfAbsent(i, new ArrayList<>()));
        if (byInstitution.isEmpty()) {
            throw new ParameterException("an auction needs at least one order");
        }
        List<String> institutions = new ArrayList<>(byInstitution.keySet());
        SecureRandom rng = new SecureRandom();
        long start = System.nanoTime();
        Map<String, AuctionParticipant> participants = new TreeMap<>();
        Map<String, byte[]> committed = new TreeMap<>();
        Map<String, AgentPublicKey> keys = new TreeMap<>();
        for (String inst : institutions) {
            AuctionParticipant p = options.replace.get(inst);
            if (p == null) {
                // Registration: the institution's key is issued and recorded here, before any
                // order exists, so the parties check each order against this key (as `veil
                // auction setup` does with its key files), not against the key inside the order.
                AgentKey key = AgentKey.generate(rng);
                keys.put(inst, key.publicKey());
                p = new AuctionParticipant(inst, byInstitution.get(inst), grid, auctionId, key);
            } else {
                // Test hook: a replaced participant registers the key its order carries.
                keys.put(inst, p.provedOrder().committed().institutionKey());
            }
            participants.put(inst, p);
            committed.put(inst, p.committedOrder());
        }
        Outcome outcome = new Outcome();
        outcome.proveMillis = (System.nanoTime() - start) / 1e6;
        say.accept(institutions.size() + " institutions committed, proved and signed their orders ("
                + Math.round(outcome.proveMillis) + " ms)");
        AgentKey[] partyKeys = new AgentKey[parties];
        List<AgentPublicKey> partyPublic = new ArrayList<>();
        for (int i = 0; i < parties; i++) {
            partyKeys[i] = AgentKey.generate(rng);
            partyPublic.add(partyKeys[i].publicKey());
        }
        outcome.partyKeys = List.copyOf(partyPublic);
        try (LoopbackCluster cluster = LoopbackCluster.start(parties, timeoutMs, institutions)) {
            say.accept(parties + " compute parties on loopback (mutual TLS), " + institutions.size() + " institutions, "
                    + grid.size() + " price points");
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Future<?>> sends = new ArrayList<>();
                for (AuctionParticipant p : participants.values()) {
                    sends.add(pool.submit(() -> p.submit(cluster.config(), cluster.clientIdentity(p.institution()))));
                }
                List<ProvedAuctionProgram.PartyOutput> outputs = cluster.run(session -> ProvedAuctionProgram.run(session,
                        auctionId, grid, institutions, committed, keys, partyKeys[session.self()],
                        ProvedAuctionProgram.FROM_CLIENTS));
                for (Future<?> f : sends) {
                    try {
                        f.get();
                    } catch (java.util.concurrent.ExecutionException e) {
                        // A rejected institution's input may be left unread; that is not an error.
                    }
                }
                ProvedAuctionProgram.PartyOutput first = outputs.get(0);
                // What the parties publish: each its own signed result (a COSE_Sign1).
                List<byte[]> published = new ArrayList<>();
                for (int i = 0; i < parties; i++) {
                    if (!outputs.get(i).statement.equals(first.statement)) {
                        throw new ProtocolAbortException(null, "the compute parties disagree on the result");
                    }
                    published.add(outputs.get(i).signedResult);
                }
                outcome.signed = SignedResult.verify(published, outcome.partyKeys);
                outcome.rounds = first.rounds;
                for (int i = 0; i < parties; i++) {
                    outcome.bytes += cluster.network(i).stats().bytesSent();
                }
                say.accept("computed in " + Math.round((System.nanoTime() - start) / 1e6) + " ms since start");
                // Each institution receives the signed results and, if rejected, its own signed reason only.
                Map<String, Fill> fills = new TreeMap<>();
                for (String inst : institutions) {
                    AuctionParticipant p = participants.get(inst);
                    byte[] rejection = first.signedRejections.get(inst);
                    if (rejection != null) {
                        Rejection why = Rejection.verify(rejection, auctionId, inst, outcome.partyKeys.get(0));
                        outcome.reports.put(inst, new InstitutionReport(false, why, false, false));
                        continue;
                    }
                    SignedResult received = SignedResult.verify(published, outcome.partyKeys);
                    Fill f = p.acceptResult(received, outcome.partyKeys);
                    fills.put(inst, f);
                    boolean proofOk = false;
                    if (received.statement().traded()) {
                        // A third party checks it from public data: the signed results, the signed
                        // order and the signed proof, against the registered keys.
                        FillProof proof = FillProof.fromBytes(p.proveFill(received.statement()).toBytes(), keys.get(inst));
                        proof.verify(received, outcome.partyKeys, CommittedOrder.fromBytes(committed.get(inst)));
                        proofOk = true;
                    }
                    outcome.reports.put(inst, new InstitutionReport(true, null, true, proofOk));
                }
                ResultStatement st = first.statement;
                outcome.result = new ClearingResult(grid, st.priceIndex, st.volume, fills);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ProtocolAbortException(null, "interrupted");
            } finally {
                pool.shutdownNow();
            }
        }
        outcome.millis = (System.nanoTime() - start) / 1e6;
        say.accept("cleared, verified and proved in " + Math.round(outcome.millis) + " ms, " + outcome.rounds + " rounds");
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
