package org.veilgrid.core.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.veilgrid.core.tls.testproto.EchoGrpc;
import org.veilgrid.core.tls.testproto.EchoReply;
import org.veilgrid.core.tls.testproto.EchoRequest;

/**
 * Participants with self-signed certificates and no CA, trusting exactly each other's pinned
 * certificates: real gRPC servers on loopback, real handshakes.
 */
class PinnedCertificatesTest {
    private static final SecureRandom RNG = new SecureRandom();
    private static final Duration YEAR = Duration.ofDays(365);

    private final AtomicInteger invocations = new AtomicInteger();
    private final List<ManagedChannel> channels = new ArrayList<>();
    private Server server;

    private final class EchoService extends EchoGrpc.EchoImplBase {
        @Override
        public void echo(EchoRequest request, StreamObserver<EchoReply> responses) {
            invocations.incrementAndGet();
            responses.onNext(EchoReply.newBuilder().setText(request.getText())
                    .setPeerParty(PeerIdentity.current().orElse("")).build());
            responses.onCompleted();
        }
    }

    @AfterEach
    void stop() throws Exception {
        channels.forEach(ManagedChannel::shutdownNow);
        if (server != null) {
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private int serve(TlsIdentity identity) throws Exception {
        server = MutualTls.serverBuilder(new InetSocketAddress("127.0.0.1", 0), identity)
                .addService(new EchoService()).build().start();
        return server.getPort();
    }

    private EchoReply echo(String host, int port, TlsIdentity client, String expectedPeer) {
        ManagedChannel channel = MutualTls.channel(host, port, client, expectedPeer);
        channels.add(channel);
        return EchoGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)
                .echo(EchoRequest.newBuilder().setText("hi").build());
    }

    private static List<X509Certificate> pinned(TlsIdentity... identities) {
        List<X509Certificate> out = new ArrayList<>();
        for (TlsIdentity i : identities) {
            out.add(i.certificate());
        }
        return out;
    }

    @Test
    void participantsWhoPinnedEachOthersCertificatesTalkAndAreNamed() throws Exception {
        TlsIdentity node = SelfSignedIdentity.generate("node-a", TlsRole.SERVER, List.of("localhost"), YEAR, RNG);
        TlsIdentity bank = SelfSignedIdentity.generate("bank-a", TlsRole.CLIENT, List.of("bank-a.test"), YEAR, RNG);
        List<X509Certificate> roster = pinned(node, bank);
        int port = serve(node.trusting(roster));
        EchoReply reply = echo("localhost", port, bank.trusting(roster), "node-a");
        assertEquals("bank-a", reply.getPeerParty());
        assertEquals(1, invocations.get());
    }

    @Test
    void aClientWhoseCertificateIsNotPinnedIsRefused() throws Exception {
        TlsIdentity node = SelfSignedIdentity.generate("node-a", TlsRole.SERVER, List.of("localhost"), YEAR, RNG);
        TlsIdentity bank = SelfSignedIdentity.generate("bank-a", TlsRole.CLIENT, List.of("localhost"), YEAR, RNG);
        // Same name, own key: not the bank-a the roster pinned.
        TlsIdentity stranger = SelfSignedIdentity.generate("bank-a", TlsRole.CLIENT, List.of("localhost"), YEAR, RNG);
        int port = serve(node.trusting(pinned(node, bank)));
        assertThrows(StatusRuntimeException.class,
                () -> echo("localhost", port, stranger.trusting(pinned(node, stranger)), "node-a"));
        assertEquals(0, invocations.get());
    }

    @Test
    void aServerWhoseCertificateIsNotPinnedIsRefusedEvenUnderTheRightName() throws Exception {
        TlsIdentity node = SelfSignedIdentity.generate("node-a", TlsRole.SERVER, List.of("localhost"), YEAR, RNG);
        TlsIdentity impostor = SelfSignedIdentity.generate("node-a", TlsRole.SERVER, List.of("localhost"), YEAR, RNG);
        TlsIdentity bank = SelfSignedIdentity.generate("bank-a", TlsRole.CLIENT, List.of("localhost"), YEAR, RNG);
        int port = serve(impostor.trusting(pinned(impostor, bank)));
        assertThrows(StatusRuntimeException.class,
                () -> echo("localhost", port, bank.trusting(pinned(node, bank)), "node-a"));
        assertEquals(0, invocations.get());
    }

    @Test
    void aHostNameTheCertificateDoesNotNameIsRefused() throws Exception {
        TlsIdentity node = SelfSignedIdentity.generate("node-a", TlsRole.SERVER, List.of("node-a.test"), YEAR, RNG);
        TlsIdentity bank = SelfSignedIdentity.generate("bank-a", TlsRole.CLIENT, List.of("bank-a.test"), YEAR, RNG);
        List<X509Certificate> roster = pinned(node, bank);
        int port = serve(node.trusting(roster));
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> echo("localhost", port, bank.trusting(roster), "node-a"));
        assertEquals(0, invocations.get());
        assertTrue(CallFailures.describe(e).length() > 0);
    }

    @Test
    void anotherPinnedParticipantAnsweringUnderItsOwnHostNameIsNamedInTheHandshake() throws Exception {
        // node-b is trusted (pinned) but answers where node-a is expected: its certificate names
        // another participant and another host. The name check comes first, so the refusal says
        // who answered (and tells the listener at once) rather than only that the host differs.
        TlsIdentity nodeA = SelfSignedIdentity.generate("node-a", TlsRole.SERVER, List.of("node-a.test"), YEAR, RNG);
        TlsIdentity nodeB = SelfSignedIdentity.generate("node-b", TlsRole.SERVER, List.of("node-b.test"), YEAR, RNG);
        TlsIdentity bank = SelfSignedIdentity.generate("bank-a", TlsRole.CLIENT, List.of("bank-a.test"), YEAR, RNG);
        List<X509Certificate> roster = pinned(nodeA, nodeB, bank);
        int port = serve(nodeB.trusting(roster));
        List<WrongPeerCertificateException> told = new java.util.concurrent.CopyOnWriteArrayList<>();
        ManagedChannel channel = io.grpc.Grpc.newChannelBuilderForAddress("127.0.0.1", port,
                        MutualTls.channelCredentials(bank.trusting(roster), "node-a", told::add))
                .overrideAuthority("node-a.test:" + port)
                .build();
        channels.add(channel);
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> EchoGrpc.newBlockingStub(channel)
                .withDeadlineAfter(5, TimeUnit.SECONDS).echo(EchoRequest.newBuilder().setText("hi").build()));
        WrongPeerCertificateException wrong = WrongPeerCertificateException.findIn(e)
                .orElseThrow(() -> new AssertionError("no wrong-peer refusal: " + CallFailures.describe(e)));
        assertEquals("node-a", wrong.expected());
        assertEquals("node-b", wrong.presented());
        assertEquals(1, told.size());
        assertEquals(0, invocations.get());
    }

    @Test
    void aCertificateNamesExactlyItsHostsAndRole() {
        TlsIdentity node = SelfSignedIdentity.generate("node-a", TlsRole.SERVER, List.of("node-a.test", "10.0.0.7"),
                YEAR, RNG);
        X509Certificate c = node.certificate();
        assertEquals(c.getSubjectX500Principal(), c.getIssuerX500Principal());
        assertEquals("node-a", Certificates.commonName(c).orElse(""));
        String sans = String.valueOf(assertDoesNotThrowSans(c));
        assertTrue(sans.contains("node-a.test") && sans.contains("10.0.0.7") && !sans.contains("localhost"), sans);
        assertEquals(1, node.trustAnchors().size());
    }

    private static Object assertDoesNotThrowSans(X509Certificate c) {
        try {
            return c.getSubjectAlternativeNames();
        } catch (java.security.cert.CertificateParsingException e) {
            throw new AssertionError(e);
        }
    }
}
