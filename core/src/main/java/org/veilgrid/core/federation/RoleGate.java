package org.veilgrid.core.federation;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import org.veilgrid.core.tls.PeerIdentity;

/**
 * A server interceptor that lets through only callers holding one role in the roster, by the name
 * in their verified TLS certificate ({@link PeerIdentity}); any other caller — a member of another
 * role, or a certificate outside the roster — is refused with {@code PERMISSION_DENIED} saying what
 * it is and whom the service serves.
 */
public final class RoleGate {
    private RoleGate() {
    }

    /**
     * @param served what the refusal says the service serves, e.g. "this node serves the roster's
     *               grid clients"
     */
    public static ServerInterceptor only(Roster roster, Role role, String served) {
        return new ServerInterceptor() {
            @Override
            public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
                                                               ServerCallHandler<Q, A> next) {
                String caller = PeerIdentity.of(call).orElse(null);
                Role held = caller == null ? null : roster.card(caller).map(c -> c.statement().role()).orElse(null);
                if (held != role) {
                    call.close(Status.PERMISSION_DENIED.withDescription((caller == null ? "the caller" : "'" + caller + "'")
                            + (held == null ? " is not in the roster" : " is a " + held.label() + " of the roster")
                            + ": " + served), new Metadata());
                    return new ServerCall.Listener<>() { };
                }
                return next.startCall(call, headers);
            }
        };
    }
}
