package org.veilgrid.auction;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.ByteString;
import io.grpc.BindableService;
import org.veilgrid.auction.proof.ResultStatement;
import org.veilgrid.auction.wire.Outcome;
import org.veilgrid.auction.wire.PlainOutcome;
import org.veilgrid.auction.wire.ProvedOutcome;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.errors.ProtocolAbortException;
import org.veilgrid.core.federation.Card;
import org.veilgrid.core.federation.IdentityFolder;
import org.veilgrid.core.federation.Role;
import org.veilgrid.core.federation.Roster;
import org.veilgrid.core.identity.AgentKey;
import org.veilgrid.core.identity.AgentPublicKey;
import org.veilgrid.mpc.engine.MpcSession;
import org.veilgrid.mpc.net.PartyNetwork;

/**
 * One compute party of an auction, as a role: it takes the institutions' committed orders at its
 * desk ({@link #desk()}, on its own port), clears the auction under MPC with the other parties
 * ({@link ProvedAuctionProgram}, or {@link AuctionProgram} without proofs), signs the result, and
 * hands each institution its own outcome over the same authenticated channel: the signed result
 * to everyone, a signed rejection only to its owner (plain mode: the public result and the
 * owner's masked fill). Nothing goes through a shared folder.
 *
 * <p>Use: build it ({@link #ofRoster} in a federation), add {@link #desk()} to the party's
 * network before it starts ({@link #network} does both from a roster), then {@link #run} on the
 * party's session and {@link #awaitCollected} before the network closes. {@code LoopbackAuction}
 * and {@code veil auction party} both run it this way.
 */
public final class AuctionComputeParty {
    /** What this party computed and signed. */
    public record Result(AuctionTerms terms, int priceIndex, long volume, long rounds, Set<String> rejected,
                         ResultStatement statement, byte[] signedResult) {
        public boolean traded() {
            return volume > 0;
        }

        /** The clearing price (only when {@link #traded()}). */
        public long price() {
            return terms.grid().price(priceIndex);
        }
    }

    private final AuctionTerms terms;
    private final String name;
    private final AgentKey key;
    private final Map<String, AgentPublicKey> institutionKeys;
    private final AuctionDesk desk;

    /**
     * @param name            this party's name (as its peers and the institutions know it)
     * @param key             this party's signing key (proved mode; may be null without proofs)
     * @param institutionKeys each institution's registered key (proved mode)
     * @throws ParameterException if proved mode lacks the key or an institution's key
     */
    public AuctionComputeParty(AuctionTerms terms, String name, AgentKey key, Map<String, AgentPublicKey> institutionKeys) {
        this.terms = Objects.requireNonNull(terms, "terms");
        this.name = Objects.requireNonNull(name, "name");
        this.key = key;
        this.institutionKeys = Map.copyOf(institutionKeys);
        if (terms.proofs()) {
            if (key == null) {
                throw new ParameterException("a party of a proved auction needs its signing key");
            }
            for (String inst : terms.institutions()) {
                if (!institutionKeys.containsKey(inst)) {
                    throw new ParameterException("no registered key for institution '" + inst + "'");
                }
            }
        }
        this.desk = new AuctionDesk(terms, name);
    }

    /**
     * The party {@code me} of a federation: its key from its own folder, the institutions' keys
     * from their cards in the roster.
     *
     * @throws ParameterException if the terms are for another roster or {@code me} is not one of
     *         its compute parties
     */
    public static AuctionComputeParty ofRoster(Roster roster, IdentityFolder me, AuctionTerms terms) {
        terms.requireRoster(roster);
        if (me.card().statement().role() != Role.COMPUTE_PARTY || roster.card(me.card().name()).isEmpty()) {
            throw new ParameterException("'" + me.card().name() + "' is not a compute party of roster "
                    + roster.shortDigest());
        }
        Map<String, AgentPublicKey> keys = new TreeMap<>();
        for (Card c : roster.cards(Role.INSTITUTION)) {
            keys.put(c.name(), c.statement().agent());
        }
        return new AuctionComputeParty(terms, me.card().name(), me.agentKey(), keys);
    }

    /**
     * This party's network in the federation, not started: the run the roster describes with
     * this auction's own session id ({@link AuctionTerms#session}), the desk on the same port.
     */
    public PartyNetwork network(Roster roster, IdentityFolder me, int timeoutMs) {
        return PartyNetwork.ofRoster(roster, me, terms.run(roster, timeoutMs)).addService(desk());
    }

    /** The service to add to this party's network before it starts. */
    public BindableService desk() {
        return desk;
    }

    public AuctionTerms terms() {
        return terms;
    }

    /**
     * Takes the committed orders (proved mode: each institution's, until all arrived or
     * {@code orderWaitMs} passed — a missing one is rejected), clears the auction on
     * {@code session}, and publishes each institution's outcome at the desk. Does not end the
     * session. If the run aborts, institutions asking are told why and whom this party blames.
     * In malicious mode every value is opened only after the session's verification passed,
     * so the result this party signs is one the check covered.
     *
     * @throws ParameterException if the session's mode is not the terms' ({@link AuctionTerms#security})
     * @throws ProtocolAbortException if the run aborts
     */
    public Result run(MpcSession session, int orderWaitMs) {
        if (session.security() != terms.security()) {
            throw new ParameterException("auction " + terms.id() + " runs in " + terms.security().label()
                    + " mode; this session is " + session.security().label());
        }
        try {
            return terms.proofs() ? runProved(session, orderWaitMs) : runPlain(session);
        } catch (ProtocolAbortException e) {
            desk.abort(e);
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ProtocolAbortException a = ProtocolAbortException.unattributed("party '" + name + "' was interrupted");
            desk.abort(a);
            throw a;
        } catch (RuntimeException e) {
            desk.abort(ProtocolAbortException.unattributed("party '" + name + "' failed: " + e.getMessage()));
            throw e;
        }
    }

    private Result runProved(MpcSession session, int orderWaitMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(orderWaitMs);
        Map<String, byte[]> orders = desk.awaitOrders(deadline, session.network()::aborted);
        ProvedAuctionProgram.PartyOutput out = ProvedAuctionProgram.run(session, terms.idBytes(), terms.grid(),
                terms.institutions(), orders, institutionKeys, key, ProvedAuctionProgram.FROM_CLIENTS);
        Map<String, Outcome> outcomes = new TreeMap<>();
        for (String inst : terms.institutions()) {
            ProvedOutcome.Builder p = ProvedOutcome.newBuilder().setSignedResult(ByteString.copyFrom(out.signedResult));
            byte[] rejection = out.signedRejections.get(inst);
            if (rejection != null) {
                p.setSignedRejection(ByteString.copyFrom(rejection));
            }
            outcomes.put(inst, outcome().setProved(p).build());
        }
        desk.publish(outcomes);
        ResultStatement st = out.statement;
        return new Result(terms, st.priceIndex, st.volume, out.rounds, new TreeSet<>(st.rejected()), st,
                out.signedResult);
    }

    private Result runPlain(MpcSession session) {
        AuctionProgram.PartyOutput out = AuctionProgram.run(session, terms.idBytes(), terms.grid().size(),
                terms.institutions());
        Map<String, Outcome> outcomes = new TreeMap<>();
        for (String inst : terms.institutions()) {
            PlainOutcome.Builder p = PlainOutcome.newBuilder().setPriceIndex(out.priceIndex).setVolume(out.volume);
            long[] masked = out.maskedFills.get(inst);
            if (masked != null) {
                p.setMaskedFill(AuctionDesk.maskedFill(masked));
            }
            outcomes.put(inst, outcome().setPlain(p).build());
        }
        desk.publish(outcomes);
        return new Result(terms, out.priceIndex, out.volume, out.rounds, Set.of(), null, null);
    }

    private Outcome.Builder outcome() {
        return Outcome.newBuilder().setVersion(AuctionDesk.VERSION).setTerms(ByteString.copyFrom(terms.digest()));
    }

    /**
     * Waits until every institution has collected its outcome, or {@code timeoutMs} passed; the
     * network must stay up meanwhile.
     *
     * @return the institutions that did not collect theirs (empty when all did)
     */
    public Set<String> awaitCollected(long timeoutMs) {
        try {
            return desk.awaitAnswered(timeoutMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new TreeSet<>(terms.institutions());
        }
    }

    /** How long a party that aborted stays up at most so that institutions can learn why. */
    public static final long ABORT_GRACE_MS = 5_000;

    /**
     * What a party of a separate process did: its result, who did not collect an outcome, and
     * the milliseconds from the start of {@link #serve} to the published result.
     */
    public record Served(Result result, Set<String> uncollected, double millis) {
    }

    /**
     * The whole life of a party in its own process, on its started {@code network}: opens the
     * session, runs the auction ({@link #run}), ends the session and keeps serving until every
     * institution has collected its outcome or {@code collectMs} passed. If the run aborts, it
     * stays up a little longer (at most {@link #ABORT_GRACE_MS}) for the institutions to be told
     * why, then throws.
     *
     * @throws ProtocolAbortException if the run aborts
     */
    public Served serve(PartyNetwork network, int orderWaitMs, long collectMs) {
        long start = System.nanoTime();
        Result r;
        try {
            MpcSession session;
            try {
                session = MpcSession.start(network, terms.security());
            } catch (ProtocolAbortException e) {
                desk.abort(e);
                throw e;
            }
            r = run(session, orderWaitMs);
            session.finish(); // no peer's last message may find this party gone
        } catch (ProtocolAbortException e) {
            awaitCollected(Math.min(collectMs, ABORT_GRACE_MS));
            throw e;
        }
        double millis = (System.nanoTime() - start) / 1e6;
        return new Served(r, awaitCollected(collectMs), millis);
    }
}
