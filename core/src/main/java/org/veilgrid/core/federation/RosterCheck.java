package org.veilgrid.core.federation;

import java.util.Objects;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import org.veilgrid.core.tls.PeerIdentity;

/**
 * Both ends of every call say which roster they hold, and a call between holders of different
 * rosters is refused before its message is read.
 *
 * <p>Two processes may each trust the other's certificate and still disagree about the
 * federation — one was given a roster with a participant more, or an older one. They would then
 * disagree on who takes part, on thresholds, on who may submit. The client sends its roster
 * digest in the {@value #HEADER} header; the server refuses a call without it or with another
 * ({@code FAILED_PRECONDITION}, naming the caller), and answers with its own digest, which the
 * client checks in turn (a server that answers without it, or with another, fails the call on the
 * client side, naming the server).
 */
public final class RosterCheck {
    /** The header carrying the SHA-256 roster digest, hex. */
    public static final String HEADER = "veilgrid-roster-digest";
    static final Metadata.Key<String> KEY = Metadata.Key.of(HEADER, Metadata.ASCII_STRING_MARSHALLER);

    private RosterCheck() {
    }

    /** The server side: installed on a server of a roster member. */
    public static ServerInterceptor server(Roster roster) {
        String mine = roster.digestHex();
        return new ServerInterceptor() {
            @Override
            public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
                                                               ServerCallHandler<Q, A> next) {
                String theirs = headers.get(KEY);
                if (!mine.equals(theirs)) {
                    String who = PeerIdentity.of(call).map(n -> "'" + n + "'").orElse("the caller");
                    call.close(Status.FAILED_PRECONDITION.withDescription(who + " holds "
                            + (theirs == null ? "no roster" : "roster " + shortly(theirs)) + ", this server holds roster "
                            + shortly(mine) + ": the federation's members must hold the same roster"), digestOf(mine));
                    return new ServerCall.Listener<>() { };
                }
                return next.startCall(new io.grpc.ForwardingServerCall.SimpleForwardingServerCall<>(call) {
                    @Override
                    public void sendHeaders(Metadata responseHeaders) {
                        responseHeaders.put(KEY, mine);
                        super.sendHeaders(responseHeaders);
                    }
                }, headers);
            }
        };
    }

    /**
     * The client side: installed on a channel to {@code peer}, a roster member.
     *
     * @param peer the name of the participant the channel reaches, for messages
     */
    public static ClientInterceptor client(Roster roster, String peer) {
        String mine = roster.digestHex();
        Objects.requireNonNull(peer, "peer");
        return new ClientInterceptor() {
            @Override
            public <Q, A> ClientCall<Q, A> interceptCall(MethodDescriptor<Q, A> method, CallOptions options, Channel next) {
                return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
                    @Override
                    public void start(Listener<A> listener, Metadata headers) {
                        headers.put(KEY, mine);
                        super.start(new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
                            /** Set when the answer comes from a holder of another roster: nothing of it is passed on. */
                            private Status refused;

                            @Override
                            public void onHeaders(Metadata responseHeaders) {
                                String theirs = responseHeaders.get(KEY);
                                if (!mine.equals(theirs)) {
                                    refused = Status.FAILED_PRECONDITION.withDescription("'" + peer + "' holds "
                                            + (theirs == null ? "no roster" : "roster " + shortly(theirs))
                                            + ", this participant holds roster " + shortly(mine));
                                    cancel(refused.getDescription(), null);
                                    return;
                                }
                                super.onHeaders(responseHeaders);
                            }

                            @Override
                            public void onMessage(A message) {
                                if (refused == null) {
                                    super.onMessage(message);
                                }
                            }

                            @Override
                            public void onClose(Status status, Metadata trailers) {
                                super.onClose(refused != null ? refused : status, trailers);
                            }
                        }, headers);
                    }
                };
            }
        };
    }

    private static Metadata digestOf(String digest) {
        Metadata m = new Metadata();
        m.put(KEY, digest);
        return m;
    }

    /** The first 16 hex digits, as printed by {@code veil roster show}; escaped if not hex. */
    static String shortly(String digest) {
        boolean hex = digest.length() == 64 && digest.chars().allMatch(c -> Character.digit(c, 16) >= 0);
        return hex ? digest.substring(0, 16) + "…" : "(not a digest)";
    }
}
