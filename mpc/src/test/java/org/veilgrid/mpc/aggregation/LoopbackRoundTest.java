package org.veilgrid.mpc.aggregation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.Server;
import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.tls.CertificateAuthority;
import org.veilgrid.core.tls.TlsIdentity;

/** Rounds over real gRPC servers with mutual TLS on loopback. */
class LoopbackRoundTest {
    @Test
    void aRoundOverGrpcSumsExactlyWithDropouts() throws Exception {
        AggregationParams params = AggregationParams.of(3000, 30, 1 << 20);
        LoopbackRound.Report r = LoopbackRound.run(params, 30, 5, 3, 2, 0.2, null, null);
        assertArrayEquals(r.expected, r.result.sum);
        assertEquals(r.arrived, r.result.counted.size());
        assertTrue(r.arrived < 30 || r.silentSeats.isEmpty());
        assertTrue(r.bytesPerClient > 3000 * 7, "the masked vector is on the wire");
        assertTrue(r.eachSenderSentOneMessage(), r.messagesPerClient::toString);
        assertEquals(24, r.senders.size());
    }

    @Test
    void callersCannotSpeakForOthersAndBadMessagesAreRefusedWithTheReason() throws Exception {
        SecureRandom random = new SecureRandom();
        CertificateAuthority ca = CertificateAuthority.create();
        KeyPair m1 = ShareCipher.newKeyPair();
        KeyPair m2 = ShareCipher.newKeyPair();
        byte[] id = new byte[Round.ID_BYTES];
        byte[] seed = new byte[32];
        random.nextBytes(id);
        random.nextBytes(seed);
        Round round = new Round(id, seed, AggregationParams.of(100, 10, 100),
                Round.selectCommittee(seed, Map.of("m1", m1.getPublic(), "m2", m2.getPublic()), 2), 2,
                List.of("alice", "bob"), 1);
        AggregationServer server = new AggregationServer(round);
        Server grpc = new AggregationService(server).start(new InetSocketAddress("127.0.0.1", 0), ca.issue("server"));
        try (AggregationPeer alice = new AggregationPeer("127.0.0.1", grpc.getPort(), ca.issue("alice"), "server", Duration.ofSeconds(20))) {
            Round seen = alice.round();
            long[] x = new long[100];
            ClientSubmission asBob = new AggregationClient().submit(seen, "bob", x);
            ParameterException e = assertThrows(ParameterException.class, () -> alice.submit(asBob));
            assertTrue(e.getMessage().contains("certificate"), e.getMessage());
            ClientSubmission good = new AggregationClient().submit(seen, "alice", x);
            ClientSubmission bad = new ClientSubmission(good.roundId, "alice", good.masked, good.shares.subList(0, 1));
            e = assertThrows(ParameterException.class, () -> alice.submit(bad));
            assertTrue(e.getMessage().contains("shares"), e.getMessage());
            alice.submit(good);
            e = assertThrows(ParameterException.class, () -> alice.submit(good));
            assertTrue(e.getMessage().contains("already"), e.getMessage());
            assertEquals(1, server.submissionCount());
            // alice holds no seat: she gets no task.
            assertThrows(io.grpc.StatusRuntimeException.class, () -> AggregationGrpcProbe.work(grpc.getPort(), ca.issue("alice"), round, 1));
        } finally {
            org.veilgrid.core.tls.MutualTls.stop(grpc);
        }
        assertFalse(server.isClosed());
    }

    @Test
    void onlyRegisteredClientsMaySubmitWhateverCertificateTheyHold() throws Exception {
        SecureRandom random = new SecureRandom();
        CertificateAuthority ca = CertificateAuthority.create();
        KeyPair m1 = ShareCipher.newKeyPair();
        byte[] id = new byte[Round.ID_BYTES];
        byte[] seed = new byte[32];
        random.nextBytes(id);
        random.nextBytes(seed);
        Round round = new Round(id, seed, AggregationParams.of(2, 2, 1_000_000),
                Round.selectCommittee(seed, Map.of("alice", m1.getPublic()), 1), 1, List.of("alice", "bob"), 2);
        AggregationServer server = new AggregationServer(round);
        TlsIdentity serverIdentity = ca.issue("aggregation-server");
        Server grpc = new AggregationService(server).start(new InetSocketAddress("127.0.0.1", 0), serverIdentity);
        try {
            // The server's own certificate and a CA-issued outsider both speak as themselves.
            for (TlsIdentity outsider : List.of(serverIdentity, ca.issue("mallory"))) {
                try (AggregationPeer peer = new AggregationPeer("127.0.0.1", grpc.getPort(), outsider, "aggregation-server", Duration.ofSeconds(20))) {
                    Round seen = peer.round();
                    ClientSubmission s = new AggregationClient().submit(seen, outsider.partyName(), new long[] {1_000_000, 1_000_000});
                    ParameterException e = assertThrows(ParameterException.class, () -> peer.submit(s));
                    assertTrue(e.getMessage().contains(outsider.partyName() + " is not registered"), e.getMessage());
                }
            }
            for (String c : List.of("alice", "bob")) {
                try (AggregationPeer peer = new AggregationPeer("127.0.0.1", grpc.getPort(), ca.issue(c), "aggregation-server", Duration.ofSeconds(20))) {
                    peer.submit(new AggregationClient().submit(peer.round(), c, new long[] {3, 4}));
                }
            }
            assertEquals(2, server.submissionCount());
            assertEquals(List.of("alice", "bob"), server.close());
            server.accept(new CommitteeMember("alice", m1.getPrivate()).answer(round, server.taskFor(1)));
            AggregationResult r = server.finish();
            assertEquals(List.of("alice", "bob"), r.counted);
            assertArrayEquals(new long[] {6, 8}, r.sum);
        } finally {
            org.veilgrid.core.tls.MutualTls.stop(grpc);
        }
    }

    @Test
    void oneMessagePerSenderHoldsOnlyForExactlyOneFromEachSenderAndNoneFromOthers() {
        LoopbackRound.Report r = new LoopbackRound.Report();
        r.senders = List.of("a", "b");
        r.messagesPerClient = new java.util.LinkedHashMap<>(Map.of("a", 1, "b", 1, "c", 0));
        assertTrue(r.eachSenderSentOneMessage());
        r.messagesPerClient.put("b", 2);
        assertFalse(r.eachSenderSentOneMessage(), "a sender with two messages");
        r.messagesPerClient.put("b", 1);
        r.messagesPerClient.put("c", 1);
        assertFalse(r.eachSenderSentOneMessage(), "a message from a client that was to stay silent");
        r.messagesPerClient.put("c", 0);
        r.messagesPerClient.remove("b");
        assertFalse(r.eachSenderSentOneMessage(), "a sender the server never counted");
    }

    @Test
    void anUnreachableServerIsOneLineNamingItsAddress() throws Exception {
        int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        CertificateAuthority ca = CertificateAuthority.create();
        try (AggregationPeer peer = new AggregationPeer("127.0.0.1", port, ca.issue("alice"), "aggregation-server", Duration.ofSeconds(20))) {
            org.veilgrid.core.errors.ProtocolAbortException e =
                    assertThrows(org.veilgrid.core.errors.ProtocolAbortException.class, peer::round);
            assertTrue(e.getMessage().contains("127.0.0.1:" + port) && e.getMessage().contains("connection refused"),
                    e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        }
    }

    /** A raw GetWork call, to check the server's seat check. */
    static final class AggregationGrpcProbe {
        static void work(int port, TlsIdentity identity, Round round, int seat) {
            io.grpc.ManagedChannel ch = org.veilgrid.core.tls.MutualTls.channel("127.0.0.1", port, identity, "server");
            try {
                org.veilgrid.mpc.aggregation.wire.AggregationGrpc.newBlockingStub(ch).getWork(
                        org.veilgrid.mpc.aggregation.wire.WorkQuery.newBuilder().setVersion(AggregationCodec.VERSION)
                                .setRoundId(ByteString.copyFrom(round.id())).setSeat(seat).build());
            } finally {
                ch.shutdownNow();
            }
        }
    }

    @Test
    void csvRowsAreSummedAsGiven() throws Exception {
        AggregationParams params = AggregationParams.of(4, 3, 1000);
        long[][] rows = {{1, 2, 3, 4}, {-5, 0, 10, 1000}, {7, 7, 7, -1000}};
        LoopbackRound.Report r = LoopbackRound.run(params, 3, 3, 2, 2, 0, rows, null);
        assertArrayEquals(new long[] {3, 9, 20, 4}, r.result.sum);
        assertEquals(List.of("client-00000", "client-00001", "client-00002"), r.result.counted);
    }
}
