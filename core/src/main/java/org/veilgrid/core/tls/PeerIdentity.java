package org.veilgrid.core.tls;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Optional;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

/**
 * Which party is calling a gRPC server, as proven by its TLS client certificate.
 *
 * <p>A protocol engine must attribute every message to a party (to know whose share it is, and
 * whom to blame in an abort); a name inside the message could be forged, the certificate's CN
 * cannot. {@link #interceptor()} reads the CN of the peer's verified certificate from the TLS
 * session and puts it in the gRPC {@link Context} under {@link #PARTY}; handlers read it with
 * {@link #current()}. {@link MutualTls#serverBuilder} installs the interceptor on every server.
 */
public final class PeerIdentity {

    /** The authenticated caller's party name, set for the duration of each call. */
    public static final Context.Key<String> PARTY = Context.key("veilgrid.peer-party");

    /** The authenticated caller's leaf certificate, set with {@link #PARTY}. */
    public static final Context.Key<X509Certificate> CERTIFICATE = Context.key("veilgrid.peer-certificate");

    private static final ServerInterceptor INTERCEPTOR = new ServerInterceptor() {
        @Override
        public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
                ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
            Optional<String> party = partyOf(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
            if (party.isEmpty()) {
                // Mutual TLS should already have refused such a connection; refuse the call too
                // rather than run a handler that cannot tell who is calling.
                call.close(Status.UNAUTHENTICATED.withDescription(
                        "no verified client certificate with a CN"), new Metadata());
                return new ServerCall.Listener<ReqT>() { };
            }
            return Contexts.interceptCall(Context.current().withValues(PARTY, party.get(), CERTIFICATE,
                    leaf(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION)).orElse(null)), call, headers, next);
        }
    };

    private PeerIdentity() {
    }

    /**
     * A server interceptor that rejects calls without a verified client certificate
     * ({@code UNAUTHENTICATED}) and otherwise sets {@link #PARTY} to the certificate's CN.
     */
    public static ServerInterceptor interceptor() {
        return INTERCEPTOR;
    }

    /**
     * The name in the verified client certificate of {@code call}, for interceptors that may run
     * before {@link #interceptor()} has set {@link #PARTY}.
     */
    public static Optional<String> of(ServerCall<?, ?> call) {
        return partyOf(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
    }

    /** The calling party's name, when running inside a call that passed {@link #interceptor()}. */
    public static Optional<String> current() {
        return Optional.ofNullable(PARTY.get());
    }

    /**
     * The calling party's certificate, when running inside a call that passed
     * {@link #interceptor()} (e.g. to check what the caller signed with its key).
     */
    public static Optional<X509Certificate> currentCertificate() {
        return Optional.ofNullable(CERTIFICATE.get());
    }

    /** The CN of the peer's leaf certificate in {@code session}, if it has one. */
    static Optional<String> partyOf(SSLSession session) {
        return leaf(session).flatMap(Certificates::commonName);
    }

    /** The peer's leaf certificate in {@code session}, if it presented one. */
    private static Optional<X509Certificate> leaf(SSLSession session) {
        if (session == null) {
            return Optional.empty();
        }
        Certificate[] chain;
        try {
            chain = session.getPeerCertificates();
        } catch (SSLPeerUnverifiedException e) {
            return Optional.empty();
        }
        if (chain == null || chain.length == 0 || !(chain[0] instanceof X509Certificate)) {
            return Optional.empty();
        }
        return Optional.of((X509Certificate) chain[0]);
    }
}
