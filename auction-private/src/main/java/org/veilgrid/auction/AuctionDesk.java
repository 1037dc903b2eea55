package org.veilgrid.auction;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import com.google.protobuf.ByteString;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import org.veilgrid.auction.proof.CommittedOrder;
import org.veilgrid.auction.wire.AuctionDeskGrpc;
import org.veilgrid.auction.wire.Outcome;
import org.veilgrid.auction.wire.OrderReceipt;
import org.veilgrid.auction.wire.OrderSubmission;
import org.veilgrid.auction.wire.OutcomeRequest;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.errors.ProtocolAbortException;
import org.veilgrid.mpc.field.Mersenne127;
import org.veilgrid.core.tls.PeerIdentity;
import org.veilgrid.mpc.net.PartyNetwork;

/**
 * One compute party's desk (veilgrid_auction.proto): takes each institution's committed order
 * before the run and hands each institution its own outcome after it. It runs on the party's
 * own port ({@link PartyNetwork#addService}); the caller is the institution its TLS certificate
 * names, and it is answered about its own order only — a rejection reason reaches its owner and
 * nobody else.
 */
final class AuctionDesk extends AuctionDeskGrpc.AuctionDeskImplBase {
    /** Wire version of every desk message. */
    static final int VERSION = 1;
    /** Trailer naming whom a party blames when it aborted (the MPC engine's header). */
    static final Metadata.Key<String> CULPRIT = Metadata.Key.of(PartyNetwork.CULPRIT_HEADER,
            Metadata.ASCII_STRING_MARSHALLER);

    private final AuctionTerms terms;
    private final byte[] termsDigest;
    private final String partyName;
    private final Object lock = new Object();
    private final Map<String, byte[]> orders = new TreeMap<>();
    /** Set when the party starts reading orders: later ones are refused, not silently ignored. */
    private boolean ordersClosed;
    private Map<String, Outcome> outcomes;
    private ProtocolAbortException aborted;
    /** Institutions that were handed their outcome, or told that the run aborted. */
    private final Set<String> answered = new TreeSet<>();
    private final Map<String, List<StreamObserver<Outcome>>> waiting = new HashMap<>();

    AuctionDesk(AuctionTerms terms, String partyName) {
        this.terms = terms;
        this.termsDigest = terms.digest();
        this.partyName = partyName;
    }

    /** Bytes of a plain outcome's masked fill: two field elements (bought, sold). */
    static final int MASKED_FILL_BYTES = 32;

    /** A masked fill (packed {bought, sold}) as the wire carries it: 16-byte little-endian limbs. */
    static ByteString maskedFill(long[] packed) {
        ByteBuffer b = ByteBuffer.allocate(8 * packed.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : packed) {
            b.putLong(v);
        }
        return ByteString.copyFrom(b.array());
    }

    /**
     * The masked fill a party sent.
     *
     * @throws MalformedInputException if it is not two field elements below p
     */
    static long[] maskedFill(ByteString bytes) {
        if (bytes.size() != MASKED_FILL_BYTES) {
            throw new MalformedInputException("PlainOutcome.masked_fill", "is " + bytes.size() + " bytes, not "
                    + MASKED_FILL_BYTES);
        }
        ByteBuffer b = bytes.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        long[] out = new long[4];
        for (int i = 0; i < 4; i++) {
            out[i] = b.getLong();
        }
        Mersenne127.requireCanonical(out[0], out[1], "PlainOutcome.masked_fill");
        Mersenne127.requireCanonical(out[2], out[3], "PlainOutcome.masked_fill");
        return out;
    }

    // ------------------------------------------------------------------ the party's side

    /**
     * Every institution's committed order as submitted, or null for one that sent none before
     * {@code deadlineNanos}; then no more are taken. Stops early if the run aborts meanwhile.
     *
     * @throws ProtocolAbortException what {@code aborted} returns, once it returns one
     */
    Map<String, byte[]> awaitOrders(long deadlineNanos, Supplier<ProtocolAbortException> abortedRun)
            throws InterruptedException {
        synchronized (lock) {
            while (orders.size() < terms.institutions().size() && System.nanoTime() < deadlineNanos) {
                ProtocolAbortException a = abortedRun.get();
                if (a != null) {
                    throw a;
                }
                long left = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
                lock.wait(Math.max(1, Math.min(50, left)));
            }
            ordersClosed = true;
            Map<String, byte[]> out = new TreeMap<>();
            for (String inst : terms.institutions()) {
                out.put(inst, orders.get(inst));
            }
            return out;
        }
    }

    /** Makes each institution's outcome available and answers the institutions already waiting. */
    void publish(Map<String, Outcome> byInstitution) {
        List<Runnable> answers = new ArrayList<>();
        synchronized (lock) {
            outcomes = Map.copyOf(byInstitution);
            waiting.forEach((inst, observers) -> observers.forEach(o -> answers.add(() -> answer(inst, o))));
            waiting.clear();
            lock.notifyAll();
        }
        answers.forEach(Runnable::run);
    }

    /** The run failed: every institution asking is told why and whom this party blames. */
    void abort(ProtocolAbortException e) {
        List<StreamObserver<Outcome>> failed = new ArrayList<>();
        synchronized (lock) {
            if (aborted != null || outcomes != null) {
                return;
            }
            aborted = e;
            waiting.values().forEach(failed::addAll);
            answered.addAll(waiting.keySet());
            waiting.clear();
            lock.notifyAll();
        }
        for (StreamObserver<Outcome> o : failed) {
            try {
                o.onError(abortStatus(e));
            } catch (RuntimeException gone) {
                // that caller is gone already
            }
        }
    }

    /**
     * Waits until every institution has been answered (its outcome, or why the run aborted), or
     * {@code timeoutMs} passed.
     *
     * @return the institutions that were not answered
     */
    Set<String> awaitAnswered(long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        synchronized (lock) {
            while (answered.size() < terms.institutions().size() && System.nanoTime() < deadline) {
                lock.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            }
            Set<String> missing = new TreeSet<>(terms.institutions());
            missing.removeAll(answered);
            return missing;
        }
    }

    // ------------------------------------------------------------------ the institutions' side

    @Override
    public void submitOrder(OrderSubmission request, StreamObserver<OrderReceipt> reply) {
        String caller = caller(reply);
        if (caller == null || !sameAuction(request.getVersion(), request.getTerms(), reply)) {
            return;
        }
        if (!terms.proofs()) {
            reply.onError(Status.FAILED_PRECONDITION.withDescription("auction " + terms.id()
                    + " runs without proofs: no committed order is taken").asRuntimeException());
            return;
        }
        if (request.getCommittedOrder().isEmpty() || request.getCommittedOrder().size() > CommittedOrder.MAX_LENGTH) {
            reply.onError(Status.INVALID_ARGUMENT.withDescription("a committed order is 1 to "
                    + CommittedOrder.MAX_LENGTH + " bytes, got " + request.getCommittedOrder().size()).asRuntimeException());
            return;
        }
        synchronized (lock) {
            if (ordersClosed) {
                reply.onError(Status.FAILED_PRECONDITION.withDescription("party '" + partyName
                        + "' no longer takes orders for auction " + terms.id()).asRuntimeException());
                return;
            }
            if (orders.putIfAbsent(caller, request.getCommittedOrder().toByteArray()) != null) {
                reply.onError(Status.ALREADY_EXISTS.withDescription(caller + " already submitted an order to auction "
                        + terms.id()).asRuntimeException());
                return;
            }
            lock.notifyAll();
        }
        reply.onNext(OrderReceipt.newBuilder().setVersion(VERSION).build());
        reply.onCompleted();
    }

    @Override
    public void awaitOutcome(OutcomeRequest request, StreamObserver<Outcome> reply) {
        String caller = caller(reply);
        if (caller == null || !sameAuction(request.getVersion(), request.getTerms(), reply)) {
            return;
        }
        ProtocolAbortException failed;
        synchronized (lock) {
            failed = aborted;
            if (failed == null && outcomes == null) {
                waiting.computeIfAbsent(caller, c -> new ArrayList<>()).add(reply);
                return;
            }
            if (failed != null) {
                answered.add(caller);
                lock.notifyAll();
            }
        }
        if (failed != null) {
            reply.onError(abortStatus(failed));
        } else {
            answer(caller, reply);
        }
    }

    private void answer(String institution, StreamObserver<Outcome> reply) {
        Outcome o;
        synchronized (lock) {
            o = outcomes.get(institution);
            answered.add(institution); // counted before it is sent: whoever holds it finds it counted
            lock.notifyAll();
        }
        try {
            reply.onNext(o);
            reply.onCompleted();
        } catch (RuntimeException e) {
            // The caller is gone (cancelled, deadline passed): nothing to hand over, and the
            // other institutions waiting must still be answered.
        }
    }

    /** The institution calling, or null when the caller is not one of this auction's (refused). */
    private String caller(StreamObserver<?> reply) {
        String caller = PeerIdentity.current().orElse("");
        if (!terms.institutions().contains(caller)) {
            reply.onError(Status.PERMISSION_DENIED.withDescription("'" + caller + "' is not an institution of auction "
                    + terms.id()).asRuntimeException());
            return null;
        }
        return caller;
    }

    private boolean sameAuction(int version, ByteString digest, StreamObserver<?> reply) {
        if (version != VERSION) {
            reply.onError(Status.INVALID_ARGUMENT.withDescription("desk message version " + version
                    + "; this party speaks version " + VERSION).asRuntimeException());
            return false;
        }
        if (!MessageDigest.isEqual(digest.toByteArray(), termsDigest)) {
            reply.onError(Status.FAILED_PRECONDITION.withDescription("party '" + partyName + "' holds other terms for"
                    + " this auction (" + terms.id() + ", terms " + terms.shortDigest() + ")").asRuntimeException());
            return false;
        }
        return true;
    }

    private static RuntimeException abortStatus(ProtocolAbortException e) {
        Metadata trailers = new Metadata();
        trailers.put(CULPRIT, e.culprit().orElse(""));
        return Status.ABORTED.withDescription(e.reason()).asRuntimeException(trailers);
    }
}
