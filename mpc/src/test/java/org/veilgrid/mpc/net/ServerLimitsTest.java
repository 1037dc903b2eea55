package org.veilgrid.mpc.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import org.junit.jupiter.api.Test;
import org.veilgrid.core.errors.ProtocolAbortException;
import org.veilgrid.core.tls.MutualTls;
import org.veilgrid.mpc.engine.LoopbackCluster;
import org.veilgrid.mpc.wire.MpcPartyGrpc;
import org.veilgrid.mpc.wire.RoundMessage;

/** What a party's server accepts, from whom, and how much. */
class ServerLimitsTest {

    @Test
    void aCallerThatMayNotMakeACallIsRefusedBeforeItsMessageIsRead() {
        try (LoopbackCluster cluster = LoopbackCluster.start(3, 5_000, List.of("bank-a"))) {
            ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", cluster.network(0).port(),
                    MutualTls.channelCredentials(cluster.clientIdentity("bank-a"),
                            cluster.config().parties().get(0).name())).maxInboundMessageSize(1 << 20).build();
            try {
                // Larger than any message the server reads: only a refusal on the headers alone
                // can answer PERMISSION_DENIED rather than "message too large".
                byte[] big = new byte[PartyNetwork.MAX_INBOUND + 1];
                RoundMessage round = RoundMessage.newBuilder().setVersion(1).setSession(cluster.config().session())
                        .setRound(1).setSender(1).setCount(big.length / 16).setElements(ByteString.copyFrom(big)).build();
                StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> MpcPartyGrpc
                        .newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS).deliver(round));
                assertEquals(Status.Code.PERMISSION_DENIED, e.getStatus().getCode(), e.toString());
                assertTrue(e.getStatus().getDescription().contains("'bank-a' may not call Deliver"), e.toString());
            } finally {
                channel.shutdownNow();
            }
        }
    }

    @Test
    void aClientCannotPileUpInputsTheProgramDoesNotRead() {
        try (LoopbackCluster cluster = LoopbackCluster.start(3, 5_000, List.of("bank-a"));
             InputClient client = new InputClient(cluster.config(), cluster.clientIdentity("bank-a"))) {
            for (int i = 0; i < PartyNetwork.MAX_PENDING_INPUTS_PER_CLIENT; i++) {
                client.submit("label-" + i, new long[] {i});
            }
            ProtocolAbortException e = assertThrows(ProtocolAbortException.class,
                    () -> client.submit("one-more", new long[] {1}));
            assertTrue(e.getMessage().contains("RESOURCE_EXHAUSTED"), e.getMessage());
        }
    }
}
