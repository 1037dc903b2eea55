package org.veilgrid.core.federation;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.net.SocketAddress;
import java.util.Optional;

/**
 * Where one call's answer came from: the remote address of the connection that answered it (one
 * of a participant's {@link Replicas}). A call carries a fresh holder in its options ({@link #KEY});
 * {@link #INTERCEPTOR} fills it in when the answer's headers arrive, when gRPC has settled on the
 * attempt (and so the replica) that answers.
 */
public final class AnsweringPeer {
    public static final CallOptions.Key<AnsweringPeer> KEY = CallOptions.Key.create("veilgrid.answering-peer");

    public static final ClientInterceptor INTERCEPTOR = new ClientInterceptor() {
        @Override
        public <Q, A> ClientCall<Q, A> interceptCall(MethodDescriptor<Q, A> method, CallOptions options, Channel next) {
            AnsweringPeer holder = options.getOption(KEY);
            ClientCall<Q, A> call = next.newCall(method, options);
            if (holder == null) {
                return call;
            }
            return new ForwardingClientCall.SimpleForwardingClientCall<>(call) {
                @Override
                public void start(Listener<A> listener, Metadata headers) {
                    super.start(new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
                        @Override
                        public void onHeaders(Metadata responseHeaders) {
                            holder.address = getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
                            super.onHeaders(responseHeaders);
                        }

                        @Override
                        public void onClose(Status status, Metadata trailers) {
                            if (holder.address == null) {
                                holder.address = getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
                            }
                            super.onClose(status, trailers);
                        }
                    }, headers);
                }
            };
        }
    };

    /** Written on a gRPC thread before the call completes, read by the caller after it returns. */
    private volatile SocketAddress address;

    /** A fresh holder, for one call's options. */
    public AnsweringPeer() {
    }

    /** The answering connection's remote address, once the call has completed (empty if none answered). */
    public Optional<SocketAddress> address() {
        return Optional.ofNullable(address);
    }
}
