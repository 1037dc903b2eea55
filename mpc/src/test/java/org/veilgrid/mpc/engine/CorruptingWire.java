package org.veilgrid.mpc.engine;

import java.util.Objects;
import java.util.function.UnaryOperator;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.MethodDescriptor;
import org.veilgrid.mpc.wire.MpcPartyGrpc;
import org.veilgrid.mpc.wire.RoundMessage;

/**
 * A faulty party's wire, for tests of the abort paths: once {@link #corrupt} is called, every
 * round message the party sends is rewritten just before it leaves. Installed with
 * {@link org.veilgrid.mpc.net.PartyNetwork#interceptOutgoing}; other calls pass untouched. Shared
 * with other modules' tests through mpc's test jar.
 */
public final class CorruptingWire implements ClientInterceptor {
    private volatile UnaryOperator<RoundMessage> corruption = UnaryOperator.identity();

    /** From now on, round messages are rewritten by {@code how}. */
    public void corrupt(UnaryOperator<RoundMessage> how) {
        corruption = Objects.requireNonNull(how, "how");
    }

    @Override
    public <Q, A> ClientCall<Q, A> interceptCall(MethodDescriptor<Q, A> method, CallOptions options, Channel next) {
        ClientCall<Q, A> call = next.newCall(method, options);
        if (!method.getFullMethodName().equals(MpcPartyGrpc.getDeliverMethod().getFullMethodName())) {
            return call;
        }
        return new ForwardingClientCall.SimpleForwardingClientCall<>(call) {
            @Override
            @SuppressWarnings("unchecked")
            public void sendMessage(Q message) {
                super.sendMessage((Q) corruption.apply((RoundMessage) message));
            }
        };
    }
}
