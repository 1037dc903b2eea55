package org.veilgrid.core.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.Test;
import org.veilgrid.core.tls.testproto.EchoGrpc;
import org.veilgrid.core.tls.testproto.EchoReply;
import org.veilgrid.core.tls.testproto.EchoRequest;

class PeerIdentityTest {

    @Test
    void noPartyOutsideACall() {
        assertEquals(Optional.empty(), PeerIdentity.current());
        assertEquals(Optional.empty(), PeerIdentity.partyOf(null));
    }

    @Test
    void callsWithoutTlsAreRefusedBeforeTheHandler() throws Exception {
        // An in-process transport has no TLS session: the interceptor must not let it through.
        AtomicInteger invocations = new AtomicInteger();
        String name = InProcessServerBuilder.generateName();
        Server server = InProcessServerBuilder.forName(name)
                .addService(new EchoGrpc.EchoImplBase() {
                    @Override
                    public void echo(EchoRequest request, StreamObserver<EchoReply> responses) {
                        invocations.incrementAndGet();
                        responses.onNext(EchoReply.getDefaultInstance());
                        responses.onCompleted();
                    }
                })
                .intercept(PeerIdentity.interceptor())
                .build()
                .start();
        ManagedChannel channel = InProcessChannelBuilder.forName(name).build();
        try {
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                    () -> EchoGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)
                            .echo(EchoRequest.getDefaultInstance()));
            assertEquals(Status.Code.UNAUTHENTICATED, e.getStatus().getCode());
            assertTrue(e.getStatus().getDescription().contains("certificate"));
            assertEquals(0, invocations.get());
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
