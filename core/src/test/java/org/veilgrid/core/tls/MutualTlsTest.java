package org.veilgrid.core.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.tls.testproto.EchoGrpc;
import org.veilgrid.core.tls.testproto.EchoReply;
import org.veilgrid.core.tls.testproto.EchoRequest;

/** Real gRPC servers on loopback ports, with real TLS handshakes. */
class MutualTlsTest {

    private static CertificateAuthority ca;
    private static CertificateAuthority otherCa;
    private static TlsIdentity serverIdentity;
    private static TlsIdentity alice;
    private static TlsIdentity mallory;

    private final AtomicInteger invocations = new AtomicInteger();
    private final List<ManagedChannel> channels = new ArrayList<>();
    private Server server;

    @BeforeAll
    static void identities() {
        ca = CertificateAuthority.create("mtls test CA");
        otherCa = CertificateAuthority.create("rogue CA");
        serverIdentity = ca.issue("server");
        alice = ca.issue("alice");
        mallory = otherCa.issue("mallory");
    }

    /** Echoes the text back with the party name the server authenticated. */
    private final class EchoService extends EchoGrpc.EchoImplBase {
        @Override
        public void echo(EchoRequest request, StreamObserver<EchoReply> responses) {
            invocations.incrementAndGet();
            responses.onNext(EchoReply.newBuilder()
                    .setText(request.getText())
                    .setPeerParty(PeerIdentity.current().orElse(""))
                    .build());
            responses.onCompleted();
        }
    }

    @BeforeEach
    void startServer() throws Exception {
        server = MutualTls.serverBuilder(new InetSocketAddress("127.0.0.1", 0), serverIdentity)
                .addService(new EchoService())
                .build()
                .start();
    }

    @AfterEach
    void stop() throws Exception {
        for (ManagedChannel channel : channels) {
            channel.shutdownNow();
        }
        for (ManagedChannel channel : channels) {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        }
        if (server != null) {
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private ManagedChannel track(ManagedChannel channel) {
        channels.add(channel);
        return channel;
    }

    private static EchoReply echo(ManagedChannel channel, String text) {
        return EchoGrpc.newBlockingStub(channel)
                .withDeadlineAfter(5, TimeUnit.SECONDS)
                .echo(EchoRequest.newBuilder().setText(text).build());
    }

    private StatusRuntimeException assertRefused(ManagedChannel channel) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> echo(channel, "hi"));
        assertNotEquals(Status.Code.OK, e.getStatus().getCode());
        assertEquals(0, invocations.get(), "the handler must never run for a refused peer");
        return e;
    }

    @Test
    void clientWithCertificateFromTheCaIsServedAndNamed() {
        ManagedChannel channel = track(MutualTls.channel("127.0.0.1", server.getPort(), alice, "server"));
        EchoReply reply = echo(channel, "hello");
        assertEquals("hello", reply.getText());
        assertEquals("alice", reply.getPeerParty());
        assertEquals(1, invocations.get());
    }

    @Test
    void localhostDnsNameAlsoVerifies() {
        ManagedChannel channel = track(MutualTls.channel("localhost", server.getPort(), alice, "server"));
        assertEquals("alice", echo(channel, "x").getPeerParty());
    }

    @Test
    void clientWithCertificateFromAnotherCaIsRejected() {
        // Mallory trusts the server's CA, so only the server can be the one refusing, and she
        // presents her certificate even though the server asks for ones from its own CA.
        ChannelCredentials foreign = TlsChannelCredentials.newBuilder()
                .keyManager(new PresentAnywayKeyManager(mallory))
                .trustManager(MutualTls.trustManagers(List.of(ca.certificate())))
                .build();
        ManagedChannel channel = track(Grpc.newChannelBuilderForAddress(
                "127.0.0.1", server.getPort(), foreign).build());
        StatusRuntimeException e = assertRefused(channel);
        assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode(), e.toString());
        assertFalse(causeChain(e).toLowerCase(Locale.ROOT).contains("certificate_required"),
                "the certificate was presented and judged, not missing: " + causeChain(e));

        // Control: the same kind of key manager with a certificate from the right CA gets in, so
        // the refusal above was the server's verdict on Mallory's certificate.
        ChannelCredentials trusted = TlsChannelCredentials.newBuilder()
                .keyManager(new PresentAnywayKeyManager(alice))
                .trustManager(MutualTls.trustManagers(List.of(ca.certificate())))
                .build();
        ManagedChannel control = track(Grpc.newChannelBuilderForAddress(
                "127.0.0.1", server.getPort(), trusted).build());
        assertEquals("alice", echo(control, "x").getPeerParty());
        assertEquals(1, invocations.get());
    }

    @Test
    void politeClientFromAnotherCaSendsNoCertificateAndIsRejected() {
        // An ordinary key manager withholds a certificate the server's CA list does not name.
        TlsIdentity trustsServer = new TlsIdentity("mallory", mallory.privateKey(),
                mallory.certificateChain(), ca.certificate());
        ManagedChannel channel = track(MutualTls.channel("127.0.0.1", server.getPort(), trustsServer, "server"));
        StatusRuntimeException e = assertRefused(channel);
        assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode(), e.toString());
    }

    @Test
    void clientWithoutCertificateIsRejected() {
        ChannelCredentials anonymous = TlsChannelCredentials.newBuilder()
                .trustManager(MutualTls.trustManagers(List.of(ca.certificate())))
                .build();
        ManagedChannel channel = track(Grpc.newChannelBuilderForAddress(
                "127.0.0.1", server.getPort(), anonymous).build());
        StatusRuntimeException e = assertRefused(channel);
        assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode(), e.toString());
    }

    @Test
    void clientThatDoesNotTrustTheServersCaRefusesIt() {
        // A valid client certificate, but the client trusts only the rogue CA.
        TlsIdentity distrustful = new TlsIdentity("alice", alice.privateKey(),
                alice.certificateChain(), otherCa.certificate());
        ManagedChannel channel = track(MutualTls.channel("127.0.0.1", server.getPort(), distrustful, "server"));
        StatusRuntimeException e = assertRefused(channel);
        assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode(), e.toString());
        assertTrue(causeChain(e).contains("SSLHandshakeException"), causeChain(e));
    }

    @Test
    void clientRefusesAServerCertificateForAnotherHostName() {
        ManagedChannel channel = track(MutualTls.channelBuilder("127.0.0.1", server.getPort(), alice, "server")
                .overrideAuthority("bank.example:443")
                .build());
        StatusRuntimeException e = assertRefused(channel);
        assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode(), e.toString());
    }

    @Test
    void clientRefusesAServerCertifiedForAnotherParticipant() throws Exception {
        // bank-a holds a perfectly valid certificate from the same CA (even one that may serve)
        // and listens where the client expects "server": the client must refuse it by name.
        Server impostor = MutualTls.serverBuilder(new InetSocketAddress("127.0.0.1", 0),
                        ca.issue("bank-a", TlsRole.PEER))
                .addService(new EchoService())
                .build()
                .start();
        try {
            ManagedChannel channel = track(MutualTls.channel("127.0.0.1", impostor.getPort(), alice, "server"));
            StatusRuntimeException e = assertRefused(channel);
            assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode(), e.toString());
            WrongPeerCertificateException wrong = WrongPeerCertificateException.findIn(e).orElseThrow(
                    () -> new AssertionError("no wrong-peer refusal in " + causeChain(e)));
            assertEquals("server", wrong.expected());
            assertEquals("bank-a", wrong.presented());
            assertEquals("the server presented the certificate of 'bank-a', not of the expected peer 'server'",
                    CallFailures.describe(e));
            // The same client reaches bank-a when bank-a is whom it meant.
            ManagedChannel meant = track(MutualTls.channel("127.0.0.1", impostor.getPort(), alice, "bank-a"));
            assertEquals("alice", echo(meant, "x").getPeerParty());
        } finally {
            impostor.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aClientOnlyCertificateCannotServe() throws Exception {
        // Named as expected, from the right CA, but issued for calling only (no serverAuth).
        Server clientAsServer = MutualTls.serverBuilder(new InetSocketAddress("127.0.0.1", 0),
                        ca.issue("server", TlsRole.CLIENT))
                .addService(new EchoService())
                .build()
                .start();
        try {
            ManagedChannel channel = track(MutualTls.channel("127.0.0.1", clientAsServer.getPort(), alice, "server"));
            StatusRuntimeException e = assertRefused(channel);
            assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode(), e.toString());
            assertTrue(WrongPeerCertificateException.findIn(e).isEmpty(), "refused for its usage, not its name");
        } finally {
            clientAsServer.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aServerOnlyCertificateCannotCall() {
        ManagedChannel channel = track(MutualTls.channel("127.0.0.1", server.getPort(),
                ca.issue("node-7", TlsRole.SERVER), "server"));
        StatusRuntimeException e = assertRefused(channel);
        assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode(), e.toString());
        // Control: the same name with a client certificate is served.
        ManagedChannel control = track(MutualTls.channel("127.0.0.1", server.getPort(),
                ca.issue("node-7", TlsRole.CLIENT), "server"));
        assertEquals("node-7", echo(control, "x").getPeerParty());
    }

    @Test
    void anInvalidExpectedPeerNameIsRefusedBeforeConnecting() {
        assertThrows(ParameterException.class,
                () -> MutualTls.channel("127.0.0.1", server.getPort(), alice, "not a name"));
    }

    @Test
    void aRefusedConnectionIsDescribedInOneLine() throws Exception {
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        ManagedChannel channel = track(MutualTls.channel("127.0.0.1", closed, alice, "server"));
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> echo(channel, "x"));
        assertEquals("connection refused (is it running, at that address?)", CallFailures.describe(e));
    }

    @Test
    void portsAreChecked() {
        assertThrows(ParameterException.class, () -> MutualTls.serverBuilder(-1, serverIdentity));
        assertThrows(ParameterException.class, () -> MutualTls.serverBuilder(65536, serverIdentity));
        assertThrows(ParameterException.class, () -> MutualTls.channel("127.0.0.1", 0, alice, "server"));
    }

    private static String causeChain(Throwable t) {
        StringBuilder chain = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            chain.append(c.getClass().getSimpleName()).append(": ").append(c.getMessage()).append(" <- ");
        }
        return chain.toString();
    }
}
