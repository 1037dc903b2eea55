package org.veilgrid.auction;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.ByteString;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.veilgrid.auction.proof.FillProof;
import org.veilgrid.auction.proof.Rejection;
import org.veilgrid.auction.proof.ResultStatement;
import org.veilgrid.auction.proof.SignedResult;
import org.veilgrid.auction.wire.AuctionDeskGrpc;
import org.veilgrid.auction.wire.OrderSubmission;
import org.veilgrid.auction.wire.Outcome;
import org.veilgrid.auction.wire.OutcomeRequest;
import org.veilgrid.auction.wire.PlainOutcome;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.errors.ProtocolAbortException;
import org.veilgrid.core.errors.VerificationFailedException;
import org.veilgrid.core.federation.Card;
import org.veilgrid.core.federation.IdentityFolder;
import org.veilgrid.core.federation.Role;
import org.veilgrid.core.federation.Roster;
import org.veilgrid.core.identity.AgentKey;
import org.veilgrid.core.identity.AgentPublicKey;
import org.veilgrid.mpc.config.PartiesConfig;
import org.veilgrid.mpc.net.InputClient;

/**
 * One institution of an auction, as a role: it hands its signed committed order to every
 * compute party's desk, secret-shares its schedules to them ({@link InputClient}), waits for each
 * party's answer, and checks it — in proved mode that every party signed the same result, that it
 * lists this institution's order unchanged and that the fill lies within the committed quantity
 * (then it proves its fill for third parties); a rejection reason arrives signed and only here.
 * Nothing goes through a shared folder: each exchange is a mutual-TLS gRPC call to one party.
 *
 * <p>{@code LoopbackAuction} and {@code veil auction submit} both run it.
 */
public final class AuctionInstitution implements AutoCloseable {
    /**
     * What this institution learned and checked.
     *
     * @param rejection    why the parties rejected its order (proved mode), or null when accepted
     * @param fill         its fill (zero when rejected or nothing traded)
     * @param signed       every party's signature on the result (proved mode)
     * @param published    each party's signed result as received, party order (proved mode)
     * @param committedOrder its signed committed order as sent (proved mode)
     * @param fillProof    its signed fill proof (proved mode, accepted and traded), else null
     */
    public record Result(AuctionTerms terms, String institution, int priceIndex, long volume, Rejection rejection,
                         Fill fill, SignedResult signed, List<byte[]> published, byte[] committedOrder,
                         FillProof fillProof) {
        public boolean traded() {
            return volume > 0;
        }

        public boolean accepted() {
            return rejection == null;
        }

        /** The clearing price (only when {@link #traded()}). */
        public long price() {
            return terms.grid().price(priceIndex);
        }
    }

    private final AuctionTerms terms;
    private final String name;
    private final AgentKey key;
    private final InputClient client;
    private final List<String> partyNames;
    private final List<AgentPublicKey> partyKeys;

    /**
     * @param key       this institution's signing key, registered with the parties (proved mode,
     *                  for {@link #submit(List, long)}; may be null without proofs or when the
     *                  participant is built elsewhere)
     * @param client    the channels to the parties (closed with this institution)
     * @param partyKeys the parties' keys, party order (proved mode)
     */
    public AuctionInstitution(AuctionTerms terms, String name, AgentKey key, InputClient client,
                              List<AgentPublicKey> partyKeys) {
        this.terms = Objects.requireNonNull(terms, "terms");
        this.name = Institutions.requireValid(name);
        if (!terms.institutions().contains(name)) {
            throw new ParameterException("'" + name + "' does not take part in auction " + terms.id());
        }
        this.client = Objects.requireNonNull(client, "client");
        PartiesConfig config = client.config();
        this.partyNames = config.parties().stream().map(p -> p.name()).toList();
        this.key = key;
        this.partyKeys = List.copyOf(partyKeys);
        if (terms.proofs() && this.partyKeys.size() != partyNames.size()) {
            throw new ParameterException("a proved auction needs every party's key");
        }
    }

    /**
     * The institution {@code me} of a federation: its key from its own folder, the parties'
     * addresses, certificates and keys from their cards in the roster.
     *
     * @param timeoutMs how long a call to a party may wait for it to come up
     * @throws ParameterException if the terms are for another roster or {@code me} does not take part
     */
    public static AuctionInstitution ofRoster(Roster roster, IdentityFolder me, AuctionTerms terms, int timeoutMs) {
        terms.requireRoster(roster);
        if (me.card().statement().role() != Role.INSTITUTION || roster.card(me.card().name()).isEmpty()) {
            throw new ParameterException("'" + me.card().name() + "' is not an institution of roster "
                    + roster.shortDigest());
        }
        PartiesConfig config = terms.run(roster, timeoutMs);
        List<AgentPublicKey> keys = new ArrayList<>();
        for (var p : config.parties()) {
            Card c = roster.card(p.name()).orElseThrow();
            keys.add(c.statement().agent());
        }
        InputClient client = InputClient.ofRoster(roster, me, config);
        try {
            return new AuctionInstitution(terms, me.card().name(), me.agentKey(), client, keys);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    /** This institution's name. */
    public String name() {
        return name;
    }

    public AuctionTerms terms() {
        return terms;
    }

    /** The compute parties' names, party order. */
    public List<String> partyNames() {
        return partyNames;
    }

    /**
     * Takes part with {@code orders} (this institution's, on the auction's grid) and waits at
     * most {@code waitMs} in all for the outcome.
     *
     * @throws ProtocolAbortException if a party aborted or does not answer (naming whom to blame)
     * @throws VerificationFailedException if the parties' answers do not verify
     */
    public Result submit(List<Order> orders, long waitMs) {
        for (Order o : orders) {
            if (!o.institution.equals(name)) {
                throw new ParameterException("an order of " + o.institution + " is not " + name + "'s");
            }
        }
        if (terms.proofs() && key == null) {
            throw new ParameterException(name + " needs its signing key to commit to its orders");
        }
        AuctionParticipant me = terms.proofs()
                ? new AuctionParticipant(name, orders, terms.grid(), terms.idBytes(), key)
                : new AuctionParticipant(name, orders, terms.grid());
        return submit(me, waitMs);
    }

    /**
     * As {@link #submit(List, long)} with a participant already built, e.g. a test's
     * {@link AuctionParticipant#crafted} one.
     */
    public Result submit(AuctionParticipant me, long waitMs) {
        return collect(send(me, waitMs));
    }

    /**
     * What {@link #send} handed over, for {@link #collect}: the participant, the committed order
     * sent and the deadline of the whole exchange.
     */
    public static final class Submission {
        private final AuctionParticipant participant;
        private final byte[] order;
        private final long deadline;
        private final ProtocolAbortException failure;

        private Submission(AuctionParticipant participant, byte[] order, long deadline, ProtocolAbortException failure) {
            this.participant = participant;
            this.order = order;
            this.deadline = deadline;
            this.failure = failure;
        }
    }

    /**
     * The first half of {@link #submit}: hands the committed order (proved mode) and the shares
     * to every party. A party that refuses is remembered, not thrown at once: {@link #collect}
     * asks the parties first, since a party that stopped says why.
     */
    public Submission send(AuctionParticipant me, long waitMs) {
        if (!me.institution().equals(name) || me.proved() != terms.proofs()) {
            throw new ParameterException("the participant is not " + name + " in this auction's mode");
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMs);
        byte[] order = terms.proofs() ? me.committedOrder() : null;
        try {
            if (order != null) {
                for (int i = 0; i < partyNames.size(); i++) {
                    call(i, deadline, "take the committed order", false, stub -> stub.submitOrder(OrderSubmission.newBuilder()
                            .setVersion(AuctionDesk.VERSION).setTerms(ByteString.copyFrom(terms.digest()))
                            .setCommittedOrder(ByteString.copyFrom(order)).build()));
                }
            }
            me.submit(client);
            return new Submission(me, order, deadline, null);
        } catch (ProtocolAbortException e) {
            return new Submission(me, order, deadline, e);
        }
    }

    /**
     * The second half of {@link #submit}: waits for every party's answer (until the deadline set
     * by {@link #send}) and checks it.
     *
     * @throws ProtocolAbortException if a party aborted or does not answer (naming whom to blame)
     * @throws VerificationFailedException if the parties' answers do not verify
     */
    public Result collect(Submission sent) {
        List<Outcome> answers = new ArrayList<>();
        try {
            for (int i = 0; i < partyNames.size(); i++) {
                answers.add(call(i, sent.deadline, "answer", true, stub -> stub.awaitOutcome(OutcomeRequest.newBuilder()
                        .setVersion(AuctionDesk.VERSION).setTerms(ByteString.copyFrom(terms.digest())).build())));
            }
        } catch (ProtocolAbortException e) {
            if (sent.failure != null && e.culprit().isEmpty()) {
                throw sent.failure;
            }
            throw e;
        }
        // Every party answered: what they signed says what became of this institution's order,
        // also when a party refused it (e.g. it came after the parties stopped taking orders).
        for (int i = 0; i < answers.size(); i++) {
            Outcome o = answers.get(i);
            if (o.getVersion() != AuctionDesk.VERSION || !MessageDigest.isEqual(o.getTerms().toByteArray(), terms.digest())
                    || o.getKindCase() != (terms.proofs() ? Outcome.KindCase.PROVED : Outcome.KindCase.PLAIN)) {
                throw new ProtocolAbortException(partyNames.get(i), "party '" + partyNames.get(i)
                        + "' answered with an outcome of another auction or mode");
            }
        }
        return terms.proofs() ? proved(sent.participant, sent.order, answers) : plain(sent.participant, answers);
    }

    private Result proved(AuctionParticipant me, byte[] order, List<Outcome> answers) {
        List<byte[]> published = new ArrayList<>();
        for (Outcome o : answers) {
            published.add(o.getProved().getSignedResult().toByteArray());
        }
        SignedResult signed = SignedResult.verify(published, partyKeys);
        ResultStatement st = signed.statement();
        if (!MessageDigest.isEqual(st.auctionId, terms.idBytes())) {
            throw new VerificationFailedException("the parties signed the result of another auction");
        }
        if (st.rejected().contains(name)) {
            Rejection why = null;
            for (int i = 0; i < answers.size() && why == null; i++) {
                ByteString r = answers.get(i).getProved().getSignedRejection();
                if (!r.isEmpty()) {
                    why = Rejection.verify(r.toByteArray(), terms.idBytes(), name, partyKeys.get(i));
                }
            }
            if (why == null) {
                throw new VerificationFailedException("the signed result rejects " + name + " but no party said why");
            }
            return new Result(terms, name, st.priceIndex, st.volume, why, new Fill(0, 0), signed, published, order, null);
        }
        Fill fill = me.acceptResult(signed, partyKeys);
        FillProof proof = st.traded() ? me.proveFill(st) : null;
        return new Result(terms, name, st.priceIndex, st.volume, null, fill, signed, published, order, proof);
    }

    private Result plain(AuctionParticipant me, List<Outcome> answers) {
        PlainOutcome first = answers.get(0).getPlain();
        for (int i = 1; i < answers.size(); i++) {
            if (!answers.get(i).getPlain().equals(first)) {
                throw new ProtocolAbortException(null, "the parties disagree on the result ('" + partyNames.get(0)
                        + "' and '" + partyNames.get(i) + "')");
            }
        }
        long volume = first.getVolume();
        int index = first.getPriceIndex();
        if (volume < 0 || (volume > 0 && (index < 0 || index >= terms.grid().size()))) {
            throw new ProtocolAbortException(null, "the parties' result is off the grid");
        }
        Fill fill = first.getMaskedFill().isEmpty() ? new Fill(0, 0) : me.unmask(AuctionDesk.maskedFill(first.getMaskedFill()));
        return new Result(terms, name, volume > 0 ? index : -1, volume, null, fill, null, List.of(), null, null);
    }

    private interface DeskCall<T> {
        T on(AuctionDeskGrpc.AuctionDeskBlockingStub stub);
    }

    /**
     * One desk call to {@code party}, its failure turned into whom to blame.
     *
     * @param answering the call waits for the outcome: running out of time then blames no one
     */
    private <T> T call(int party, long deadline, String what, boolean answering, DeskCall<T> call) {
        String partyName = partyNames.get(party);
        long left = Math.max(1, deadline - System.nanoTime()); // past the deadline: one last look
        try {
            return call.on(AuctionDeskGrpc.newBlockingStub(client.channel(party)).withWaitForReady()
                    .withDeadlineAfter(left, TimeUnit.NANOSECONDS));
        } catch (StatusRuntimeException e) {
            Status s = e.getStatus();
            String detail = s.getDescription() == null ? s.getCode().toString() : s.getDescription();
            if (s.getCode() == Status.Code.ABORTED) {
                Metadata trailers = e.getTrailers();
                String culprit = trailers == null ? null : trailers.get(AuctionDesk.CULPRIT);
                throw new ProtocolAbortException(culprit == null || culprit.isEmpty() ? null : culprit,
                        "party '" + partyName + "' aborted auction " + terms.id() + ": " + detail);
            }
            if (s.getCode() == Status.Code.DEADLINE_EXCEEDED && answering) {
                // The party is up and waiting too (e.g. for another institution's order): nobody
                // is to blame for an auction that has not cleared yet.
                throw new ProtocolAbortException(null, "auction " + terms.id() + " did not clear before this"
                        + " institution's deadline (no outcome from party '" + partyName + "' yet)");
            }
            if (s.getCode() == Status.Code.DEADLINE_EXCEEDED) {
                throw new ProtocolAbortException(partyName, "party '" + partyName + "' did not " + what + " in time");
            }
            throw new ProtocolAbortException(partyName, "party '" + partyName + "' did not " + what + ": " + detail);
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
