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
        LoopbackRound.Report r = LoopbackRound.run(params, 30, 5, 3, 0.2, null, null);
        assertArrayEquals(r.expected, r.result.sum);
        assertEquals(r.arrived, r.result.counted.size());
        assertTrue(r.arrived < 30 || r.silentSeats.isEmpty());
        assertTrue(r.bytesPerClient > 3000 * 7, "the masked vector is on the wire");
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
                Round.selectCommittee(seed, Map.of("m1", m1.getPublic(), "m2", m2.getPublic()), 2), 2);
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

    /** A raw GetWork call, to check the server's seat check. */
    static final class AggregationGrpcProbe {
        static void work(int port, TlsIdentity identity, Round round, int seat) {
            io.grpc.ManagedChannel ch = org.veilgrid.core.tls.MutualTls.channel("127.0.0.1", port, identity, "server");
            try {
                org.veilgrid.mpc.aggregation.wire.AggregationGrpc.newBlockingStub(ch).getWork(
                        org.veilgrid.mpc.aggregation.wire.WorkQuery.newBuilder().setVersion(1)
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
        LoopbackRound.Report r = LoopbackRound.run(params, 3, 3, 2, 0, rows, null);
        assertArrayEquals(new long[] {3, 9, 20, 4}, r.result.sum);
        assertEquals(List.of("client-00000", "client-00001", "client-00002"), r.result.counted);
    }
}
