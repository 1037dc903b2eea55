package org.veilgrid.auction;

import java.util.ArrayList;
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
import org.veilgrid.auction.proof.SignedResult;
import org.veilgrid.mpc.engine.LoopbackCluster;
import org.veilgrid.mpc.engine.Security;
import org.veilgrid.mpc.net.InputClient;

/**
 * A whole private auction on loopback: the compute parties ({@link AuctionComputeParty}, each
 * its own gRPC server with mutual TLS) and one {@link AuctionInstitution} per institution, which
 * hands its order to every party's desk, secret-shares its schedules to them and later collects
 * and checks its own outcome — the same roles {@code veil auction party} and {@code veil auction
 * submit} run as separate processes. The result has the same shape as {@link ReferenceAuction}'s, so
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
        /** The compute parties' MPC mode (default malicious). */
        public Security security = Security.MALICIOUS;
        /**
         * <b>Test hook</b>: participants to use instead of the ones built from the book, e.g.
         * {@link AuctionParticipant#crafted} with a non-monotone schedule (proved mode).
         */
        public final Map<String, AuctionParticipant> replace = new TreeMap<>();
    }

    private LoopbackAuction() {
    }

    /** Proved mode with default options. */
    public static Outcome run(String auctionId, PriceGrid grid, List<Order> orders, int parties, int timeoutMs,
                              Consumer<String> progress) {
        return run(auctionId, grid, orders, parties, timeoutMs, progress, new Options());
    }

    /**
     * Runs the auction: {@code parties} {@link AuctionComputeParty} roles and one
     * {@link AuctionInstitution} per institution of the book, talking only over mutual-TLS gRPC.
     *
     * @throws ProtocolAbortException if the run aborts
     * @throws org.veilgrid.core.errors.VerificationFailedException if an institution's checks fail
     */
    public static Outcome run(String auctionId, PriceGrid grid, List<Order> orders, int parties, int timeoutMs,
                              Consumer<String> progress, Options options) {
        Consumer<String> say = progress != null ? progress : s -> { };
        Map<String, List<Order>> byInstitution = byInstitution(orders);
        if (options.proofs) {
            options.replace.keySet().forEach(i -> byInstitution.putIfAbsent(i, new ArrayList<>()));
        }
        if (byInstitution.isEmpty()) {
            throw new ParameterException("an auction needs at least one order");
        }
        List<String> institutions = new ArrayList<>(byInstitution.keySet());
        SecureRandom rng = new SecureRandom();
        byte[] federation = new byte[32];
        rng.nextBytes(federation); // this run is its own federation
        AuctionTerms terms = AuctionTerms.of(auctionId, grid, options.proofs, institutions, federation, options.security);
        long start = System.nanoTime();
        Outcome outcome = new Outcome();

        // Each institution builds its own input (proved mode: commits, proves and signs here).
        Map<String, AuctionParticipant> participants = new TreeMap<>();
        Map<String, AgentPublicKey> keys = new TreeMap<>();
        Map<String, AgentKey> secretKeys = new TreeMap<>();
        for (String inst : institutions) {
            AuctionParticipant p = options.proofs ? options.replace.get(inst) : null;
            if (p != null) {
                // Test hook: a replaced participant registers the key its order carries.
                keys.put(inst, p.provedOrder().committed().institutionKey());
            } else if (options.proofs) {
                // Registration: the key is issued and recorded before any order exists, so the
                // parties check each order against this key, not against the key inside the order.
                AgentKey key = AgentKey.generate(rng);
                secretKeys.put(inst, key);
                keys.put(inst, key.publicKey());
                p = new AuctionParticipant(inst, byInstitution.get(inst), grid, terms.idBytes(), key);
            } else {
                p = new AuctionParticipant(inst, byInstitution.get(inst), grid);
            }
            participants.put(inst, p);
        }
        if (options.proofs) {
            outcome.proveMillis = (System.nanoTime() - start) / 1e6;
            say.accept(institutions.size() + " institutions committed, proved and signed their orders ("
                    + Math.round(outcome.proveMillis) + " ms)");
        }
        AgentKey[] partyKeys = new AgentKey[parties];
        List<AgentPublicKey> partyPublic = new ArrayList<>();
        for (int i = 0; i < parties; i++) {
            partyKeys[i] = options.proofs ? AgentKey.generate(rng) : null;
            if (options.proofs) {
                partyPublic.add(partyKeys[i].publicKey());
            }
        }
        AuctionComputeParty[] roles = new AuctionComputeParty[parties];
        Map<String, AuctionInstitution> desks = new TreeMap<>();
        try (LoopbackCluster cluster = LoopbackCluster.start(parties, timeoutMs, institutions, (i, network) -> {
            roles[i] = new AuctionComputeParty(terms, network.config().party(i).name(), partyKeys[i], keys);
            network.addService(roles[i].desk());
        })) {
            say.accept(parties + " compute parties on loopback (mutual TLS), " + institutions.size() + " institutions, "
                    + grid.size() + " price points, " + terms.security().label() + " (" + Math.round((System.nanoTime() - start) / 1e6) + " ms since start)");
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                for (String inst : institutions) {
                    desks.put(inst, new AuctionInstitution(terms, inst, secretKeys.get(inst),
                            new InputClient(cluster.config(), cluster.clientIdentity(inst)), partyPublic));
                }
                Map<String, Future<AuctionInstitution.Submission>> sent = new TreeMap<>();
                for (String inst : institutions) {
                    sent.put(inst, pool.submit(() -> desks.get(inst).send(participants.get(inst), timeoutMs)));
                }
                List<AuctionComputeParty.Result> results = cluster.run(terms.security(),
                        session -> roles[session.self()].run(session, timeoutMs));
                say.accept("computed in " + Math.round((System.nanoTime() - start) / 1e6) + " ms since start");
                AuctionComputeParty.Result first = results.get(0);
                for (AuctionComputeParty.Result r : results) {
                    if (r.priceIndex() != first.priceIndex() || r.volume() != first.volume()
                            || !java.util.Objects.equals(r.statement(), first.statement())) {
                        throw new ProtocolAbortException(null, "the compute parties disagree on the result");
                    }
                }
                outcome.rounds = first.rounds();
                for (int i = 0; i < parties; i++) {
                    outcome.bytes += cluster.network(i).stats().bytesSent();
                }
                if (options.proofs) {
                    outcome.partyKeys = List.copyOf(partyPublic);
                    List<byte[]> published = new ArrayList<>();
                    results.forEach(r -> published.add(r.signedResult()));
                    outcome.signed = SignedResult.verify(published, outcome.partyKeys);
                }
                // Each institution collects its own outcome from every party and checks it (calls
                // that mostly wait on the network: several at once).
                Map<String, Future<AuctionInstitution.Result>> collected = new TreeMap<>();
                ExecutorService collectors = Executors.newFixedThreadPool(Math.min(8, institutions.size()));
                try {
                    for (String inst : institutions) {
                        AuctionInstitution.Submission s = sent.get(inst).get();
                        collected.put(inst, collectors.submit(() -> desks.get(inst).collect(s)));
                    }
                    for (Future<AuctionInstitution.Result> f : collected.values()) {
                        f.get();
                    }
                } finally {
                    collectors.shutdownNow();
                }
                Map<String, Fill> fills = new TreeMap<>();
                for (String inst : institutions) {
                    AuctionInstitution.Result r = collected.get(inst).get();
                    if (r.accepted()) {
                        fills.put(inst, r.fill());
                    }
                    if (options.proofs) {
                        outcome.reports.put(inst, report(r, keys.get(inst), outcome.partyKeys));
                    }
                }
                outcome.result = new ClearingResult(grid, first.traded() ? first.priceIndex() : -1, first.volume(), fills);
            } catch (java.util.concurrent.ExecutionException e) {
                Throwable c = e.getCause();
                throw c instanceof RuntimeException ? (RuntimeException) c
                        : new ProtocolAbortException(null, "an institution could not submit: " + c, c);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ProtocolAbortException(null, "interrupted");
            } finally {
                pool.shutdownNow();
                desks.values().forEach(AuctionInstitution::close);
            }
        }
        outcome.millis = (System.nanoTime() - start) / 1e6;
        say.accept((options.proofs ? "cleared, verified and proved in " : "cleared in ") + Math.round(outcome.millis)
                + " ms, " + outcome.rounds + " rounds");
        return outcome;
    }

    /**
     * What an institution saw, its fill proof checked as a third party would: from public data
     * (the signed results, its signed order, its signed proof) against the registered keys.
     */
    private static InstitutionReport report(AuctionInstitution.Result r, AgentPublicKey institutionKey,
                                            List<AgentPublicKey> partyKeys) {
        if (!r.accepted()) {
            return new InstitutionReport(false, r.rejection(), false, false);
        }
        boolean proofOk = false;
        if (r.fillProof() != null) {
            FillProof proof = FillProof.fromBytes(r.fillProof().toBytes(), institutionKey);
            proof.verify(r.signed(), partyKeys, CommittedOrder.fromBytes(r.committedOrder()));
            proofOk = true;
        }
        return new InstitutionReport(true, null, true, proofOk);
    }

    private static Map<String, List<Order>> byInstitution(List<Order> orders) {
        Map<String, List<Order>> out = new TreeMap<>();
        for (Order o : orders) {
            out.computeIfAbsent(o.institution, i -> new ArrayList<>()).add(o);
        }
        return out;
    }
}
