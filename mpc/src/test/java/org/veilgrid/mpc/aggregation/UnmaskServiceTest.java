package org.veilgrid.mpc.aggregation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.Server;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.errors.ProtocolAbortException;
import org.veilgrid.core.federation.IdentityFolder;
import org.veilgrid.core.federation.Role;
import org.veilgrid.core.federation.Roster;
import org.veilgrid.core.tls.MutualTls;
import org.veilgrid.mpc.aggregation.wire.SeatShare;
import org.veilgrid.mpc.aggregation.wire.UnmaskReply;
import org.veilgrid.mpc.aggregation.wire.UnmaskRequest;

/**
 * The server's last step on an unmasking replica: a federation of a server, its unmasker and four
 * clients with their own identities; rounds filled in memory, unmasked over gRPC with mutual TLS
 * by a replica of the roster's unmasker. The replica's sum equals the cleartext sum, and it refuses
 * callers other than the server, rounds the roster does not give, wrong shares and malformed jobs.
 */
class UnmaskServiceTest {
    private static final SecureRandom RNG = new SecureRandom();
    private static final int DIM = 6;

    @TempDir
    Path dir;

    private IdentityFolder server;
    private IdentityFolder unmasker;
    private final List<IdentityFolder> clients = new ArrayList<>();
    private Roster roster;

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private void federation() throws Exception {
        server = IdentityFolder.init(dir.resolve("server"), "agg-server", Role.AGGREGATION_SERVER, "agg.test", freePort(),
                List.of("127.0.0.1"), RNG);
        unmasker = IdentityFolder.init(dir.resolve("unmasker"), "unmask", Role.AGGREGATION_UNMASKER, "unmask.test",
                freePort(), List.of("127.0.0.1"), RNG);
        List<org.veilgrid.core.federation.Card> cards = new ArrayList<>(List.of(server.card(), unmasker.card()));
        for (int c = 0; c < 4; c++) {
            IdentityFolder f = IdentityFolder.init(dir.resolve("c" + c), "client-" + c, Role.AGGREGATION_CLIENT,
                    "client-" + c + ".test", 0, RNG);
            clients.add(f);
            cards.add(f.card());
        }
        roster = Roster.of(cards);
    }

    /** A round of the roster with every client's message and every member's reply taken, in memory. */
    private AggregationServer filledRound(long[] expected) {
        byte[] id = new byte[Round.ID_BYTES];
        RNG.nextBytes(id);
        Round round = FederatedRound.of(roster, id, DIM, 1000, 3, 2, 2);
        AggregationServer s = new AggregationServer(round);
        Map<String, IdentityFolder> byName = new TreeMap<>();
        for (IdentityFolder c : clients) {
            byName.put(c.card().name(), c);
            long[] x = new long[DIM];
            for (int i = 0; i < DIM; i++) {
                x[i] = RNG.nextInt(2001) - 1000;
                expected[i] += x[i];
            }
            s.accept(new AggregationClient().submit(round, c.card().name(), x));
        }
        s.close();
        for (Round.Seat seat : round.committee()) {
            CommitteeMember m = new CommitteeMember(seat.memberId, byName.get(seat.memberId).sealingKey().privateKey());
            s.accept(m.answer(round, s.taskFor(seat.index)));
        }
        return s;
    }

    /** The job a filled round hands to its unmasking (run here, to keep a copy). */
    private UnmaskJob jobOf(AggregationServer s) {
        AtomicReference<UnmaskJob> seen = new AtomicReference<>();
        s.finish(job -> {
            seen.set(job);
            return job.unmask();
        });
        return seen.get();
    }

    private RemoteUnmasking asServer() {
        return RemoteUnmasking.ofRoster(roster, roster.trust(server.tls()), "unmask", Duration.ofSeconds(30));
    }

    @Test
    void aReplicaGivesTheCleartextSumForTheServer() throws Exception {
        federation();
        UnmaskService replica = UnmaskService.ofRoster(roster, unmasker);
        Server grpc = replica.start(null);
        try (RemoteUnmasking remote = asServer()) {
            for (int r = 0; r < 3; r++) {
                long[] expected = new long[DIM];
                AggregationResult result = filledRound(expected).finish(remote);
                assertArrayEquals(expected, result.sum, "round " + r);
                assertEquals(4, result.counted.size());
            }
            assertEquals(3, replica.served());
        } finally {
            MutualTls.stop(grpc);
        }
    }

    @Test
    void aCallerOtherThanTheRostersServerIsRefused() throws Exception {
        federation();
        Server grpc = UnmaskService.ofRoster(roster, unmasker).start(null);
        UnmaskJob job = jobOf(filledRound(new long[DIM]));
        try (RemoteUnmasking remote = RemoteUnmasking.ofRoster(roster, roster.trust(clients.get(0).tls()), "unmask",
                Duration.ofSeconds(30))) {
            ProtocolAbortException e = assertThrows(ProtocolAbortException.class, () -> remote.unmask(job));
            assertTrue(e.getMessage().contains("'client-0' is a aggregation-client of the roster")
                    && e.getMessage().contains("only the roster's aggregation server"), e.getMessage());
        } finally {
            MutualTls.stop(grpc);
        }
    }

    @Test
    void aRoundTheRosterDoesNotGiveIsRefused() throws Exception {
        federation();
        Server grpc = UnmaskService.ofRoster(roster, unmasker).start(null);
        UnmaskJob honest = jobOf(filledRound(new long[DIM]));
        Round r = honest.round();
        // The same clients and keys under a seed the server picked (it could seat the members it likes).
        byte[] chosen = new byte[SeedHomomorphicPrg.SEED_BYTES];
        Map<String, java.security.PublicKey> keys = new TreeMap<>();
        roster.cards(Role.AGGREGATION_CLIENT).forEach(c -> keys.put(c.name(), c.statement().sealing().toPublicKey()));
        Round picked = new Round(r.id(), chosen, r.params(), Round.selectCommittee(chosen, keys, 3), 2, r.clients(), 2);
        Map<Integer, long[]> shares = new TreeMap<>();
        for (int seat : honest.seats()) {
            shares.put(seat, honest.share(seat));
        }
        UnmaskJob job = new UnmaskJob(picked, honest.maskedSum(), honest.counted(), shares);
        try (RemoteUnmasking remote = asServer()) {
            ProtocolAbortException e = assertThrows(ProtocolAbortException.class, () -> remote.unmask(job));
            assertTrue(e.getMessage().contains("refused the round") && e.getMessage().contains("not the one the roster"),
                    e.getMessage());
        } finally {
            MutualTls.stop(grpc);
        }
    }

    @Test
    void aWrongShareMakesTheReplicaAbortWithNoSum() throws Exception {
        federation();
        Server grpc = UnmaskService.ofRoster(roster, unmasker).start(null);
        UnmaskJob honest = jobOf(filledRound(new long[DIM]));
        Map<Integer, long[]> shares = new TreeMap<>();
        for (int seat : honest.seats()) {
            shares.put(seat, honest.share(seat));
        }
        int first = honest.seats().iterator().next();
        shares.get(first)[0] = (shares.get(first)[0] + 1) % AggregationParams.keyModulus().value();
        UnmaskJob wrong = new UnmaskJob(honest.round(), honest.maskedSum(), honest.counted(), shares);
        try (RemoteUnmasking remote = asServer()) {
            ProtocolAbortException e = assertThrows(ProtocolAbortException.class, () -> remote.unmask(wrong));
            assertTrue(e.getMessage().contains("inconsistent"), e.getMessage());
        } finally {
            MutualTls.stop(grpc);
        }
    }

    @Test
    void onlyTheRostersUnmaskerRunsOrIsDialledAsAReplica() throws Exception {
        federation();
        ParameterException serve = assertThrows(ParameterException.class,
                () -> UnmaskService.ofRoster(roster, clients.get(0)));
        assertTrue(serve.getMessage().startsWith("'client-0' is the roster's aggregation-client"), serve.getMessage());
        ParameterException dial = assertThrows(ParameterException.class,
                () -> RemoteUnmasking.ofRoster(roster, roster.trust(server.tls()), "client-0", Duration.ofSeconds(5)));
        assertTrue(dial.getMessage().contains("not an aggregation-unmasker"), dial.getMessage());
        assertThrows(ParameterException.class,
                () -> RemoteUnmasking.ofRoster(roster, roster.trust(server.tls()), "nobody", Duration.ofSeconds(5)));
    }

    @Test
    void aJobSurvivesItsEncodingAndEachMalformedPartIsNamed() throws Exception {
        federation();
        UnmaskJob job = jobOf(filledRound(new long[DIM]));
        UnmaskRequest m = AggregationCodec.encode(job);
        UnmaskJob back = AggregationCodec.decode(UnmaskRequest.parseFrom(m.toByteArray()));
        assertArrayEquals(job.maskedSum(), back.maskedSum());
        assertEquals(job.counted(), back.counted());
        assertEquals(job.seats(), back.seats());
        for (int seat : job.seats()) {
            assertArrayEquals(job.share(seat), back.share(seat));
        }
        assertArrayEquals(job.unmask(), back.unmask());

        Map<String, UnmaskRequest> bad = new java.util.LinkedHashMap<>();
        bad.put("unmask.version", m.toBuilder().setVersion(1).build());
        bad.put("unmask.round", m.toBuilder().clearRound().build());
        bad.put("unmask.masked_sum", m.toBuilder().setMaskedSum(m.getMaskedSum().substring(1)).build());
        bad.put("unmask.shares", m.toBuilder().removeShares(0).build());
        bad.put("unmask.shares[0].seat", m.toBuilder().setShares(0, m.getShares(0).toBuilder().setSeat(9)).build());
        bad.put("unmask.shares[1].seat", m.toBuilder().setShares(1, m.getShares(0)).build());
        bad.put("unmask.shares[0].share_sum", m.toBuilder().setShares(0, SeatShare.newBuilder().setSeat(
                m.getShares(0).getSeat()).setShareSum(m.getShares(0).getShareSum().substring(8))).build());
        bad.put("unmask", m.toBuilder().setCounted(1).build()); // below the round's minimum of 2
        for (Map.Entry<String, UnmaskRequest> e : bad.entrySet()) {
            MalformedInputException x = assertThrows(MalformedInputException.class, () -> AggregationCodec.decode(e.getValue()),
                    e.getKey());
            assertTrue(x.getMessage().startsWith(e.getKey() + ":") || x.getMessage().startsWith(e.getKey() + " "),
                    e.getKey() + " -> " + x.getMessage());
        }

        Round round = job.round();
        UnmaskReply reply = AggregationCodec.encodeSum(round, job.unmask());
        assertArrayEquals(job.unmask(), AggregationCodec.decodeSum(round, 4, reply));
        assertThrows(MalformedInputException.class, () -> AggregationCodec.decodeSum(round, 4,
                reply.toBuilder().setSum(reply.getSum().substring(8)).build()));
        assertThrows(MalformedInputException.class, () -> AggregationCodec.decodeSum(round, 4,
                reply.toBuilder().setRoundId(ByteString.copyFrom(new byte[Round.ID_BYTES])).build()));
        long[] huge = new long[DIM];
        huge[2] = 4 * 1000 + 1; // more than four clients' inputs bounded by 1000 can add up to
        assertThrows(MalformedInputException.class, () -> AggregationCodec.decodeSum(round, 4,
                AggregationCodec.encodeSum(round, huge)));
    }
}
