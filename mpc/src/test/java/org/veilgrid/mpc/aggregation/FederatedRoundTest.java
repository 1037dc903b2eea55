package org.veilgrid.mpc.aggregation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.grpc.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.veilgrid.core.errors.VerificationFailedException;
import org.veilgrid.core.federation.Card;
import org.veilgrid.core.federation.IdentityFolder;
import org.veilgrid.core.federation.Role;
import org.veilgrid.core.federation.Roster;
import org.veilgrid.core.tls.MutualTls;

/**
 * A one-shot aggregation round with no dealer: a server and five clients that each made their own
 * identity, a roster of their cards, and the round every one of them derives from it. The
 * committee's keys are the sealing keys on the members' cards. Real gRPC with mutual TLS.
 */
class FederatedRoundTest {
    private static final SecureRandom RNG = new SecureRandom();

    @TempDir
    Path dir;

    private List<IdentityFolder> federation(int clients) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<IdentityFolder> out = new ArrayList<>();
        out.add(IdentityFolder.init(dir.resolve("server"), "agg-server", Role.AGGREGATION_SERVER, "agg.test", port,
                List.of("127.0.0.1"), RNG));
        for (int c = 0; c < clients; c++) {
            out.add(IdentityFolder.init(dir.resolve("c" + c), "client-" + c, Role.AGGREGATION_CLIENT, "client-" + c + ".test",
                    0, RNG));
        }
        return out;
    }

    @Test
    void clientsAndMembersWithTheirOwnKeysSumThroughTheRoundTheRosterGives() throws Exception {
        List<IdentityFolder> f = federation(5);
        Roster roster = Roster.of(f.stream().map(IdentityFolder::card).toList());
        byte[] id = new byte[Round.ID_BYTES];
        RNG.nextBytes(id);
        Round round = FederatedRound.of(roster, id, 4, 1000, 3, 2, 2);
        AggregationServer server = new AggregationServer(round);
        Card.Statement sc = f.get(0).card().statement();
        Server grpc = new AggregationService(server).start(new InetSocketAddress("127.0.0.1", sc.port()),
                f.get(0).tls(), roster);
        try {
            long[] expected = new long[4];
            Map<String, IdentityFolder> byName = new TreeMap<>();
            for (IdentityFolder c : f.subList(1, f.size())) {
                byName.put(c.card().name(), c);
                long[] x = {RNG.nextInt(2001) - 1000, RNG.nextInt(2001) - 1000, 7, -3};
                for (int i = 0; i < 4; i++) {
                    expected[i] += x[i];
                }
                try (AggregationPeer peer = AggregationPeer.ofRoster(roster, c, Duration.ofSeconds(30))) {
                    Round seen = peer.round();
                    peer.submit(new AggregationClient().submit(seen, c.card().name(), x));
                }
            }
            server.close();
            for (Round.Seat seat : round.committee()) {
                IdentityFolder member = byName.get(seat.memberId);
                try (AggregationPeer peer = AggregationPeer.ofRoster(roster, member, Duration.ofSeconds(30))) {
                    peer.serveSeat(peer.round(), new CommitteeMember(seat.memberId, member.sealingKey().privateKey()),
                            seat.index, Duration.ofSeconds(30));
                }
            }
            AggregationResult r = server.finish();
            assertArrayEquals(expected, r.sum);
            assertEquals(5, r.counted.size());
        } finally {
            MutualTls.stop(grpc);
        }
    }

    @Test
    void aClientRefusesARoundTheRosterDoesNotGive() throws Exception {
        List<IdentityFolder> f = federation(4);
        Roster roster = Roster.of(f.stream().map(IdentityFolder::card).toList());
        byte[] id = new byte[Round.ID_BYTES];
        RNG.nextBytes(id);
        Round honest = FederatedRound.of(roster, id, 4, 1000, 3, 2, 2);
        assertEquals(honest.committee().size(), FederatedRound.verify(honest, roster).committee().size());
        // Same clients and keys, but a seed the server picked: it could seat the members it likes.
        byte[] chosen = new byte[SeedHomomorphicPrg.SEED_BYTES];
        Map<String, java.security.PublicKey> keys = new TreeMap<>();
        roster.cards(Role.AGGREGATION_CLIENT).forEach(c -> keys.put(c.name(), c.statement().sealing().toPublicKey()));
        Round ground = new Round(id, chosen, honest.params(), Round.selectCommittee(chosen, keys, 3), 2,
                honest.clients(), 2);
        VerificationFailedException e = assertThrows(VerificationFailedException.class,
                () -> FederatedRound.verify(ground, roster));
        assertTrue(e.getMessage().contains("not the one the roster"), e.getMessage());

        AggregationServer server = new AggregationServer(ground);
        Server grpc = new AggregationService(server).start(
                new InetSocketAddress("127.0.0.1", f.get(0).card().statement().port()), f.get(0).tls(), roster);
        try (AggregationPeer peer = AggregationPeer.ofRoster(roster, f.get(1), Duration.ofSeconds(30))) {
            assertThrows(VerificationFailedException.class, peer::round);
        } finally {
            MutualTls.stop(grpc);
        }
    }

    @Test
    void aFolderOfAnotherRoleCanNeitherServeNorTakePartAsAClient() throws Exception {
        List<IdentityFolder> f = federation(3);
        Roster roster = Roster.of(f.stream().map(IdentityFolder::card).toList());
        byte[] id = new byte[Round.ID_BYTES];
        RNG.nextBytes(id);
        AggregationService service = new AggregationService(new AggregationServer(FederatedRound.of(roster, id, 4, 1000,
                3, 2, 2)));
        // A client's folder cannot serve the round: refused before anything listens.
        org.veilgrid.core.errors.ParameterException e = assertThrows(org.veilgrid.core.errors.ParameterException.class,
                () -> service.start(new InetSocketAddress("127.0.0.1", 0), f.get(1).tls(), roster));
        assertTrue(e.getMessage().startsWith("'client-0' is the roster's aggregation-client, not its aggregation-server"),
                e.getMessage());
        // The server's folder cannot act as a client.
        e = assertThrows(org.veilgrid.core.errors.ParameterException.class,
                () -> AggregationPeer.ofRoster(roster, f.get(0), Duration.ofSeconds(5)));
        assertTrue(e.getMessage().startsWith("'agg-server' is the roster's aggregation-server, not an aggregation-client"),
                e.getMessage());
    }

    @Test
    void aRosterWithCommitteeMembersSeatsThemAndCountsOnlyItsClients() throws Exception {
        List<IdentityFolder> f = federation(4);
        List<IdentityFolder> members = new ArrayList<>();
        for (int m = 0; m < 3; m++) {
            members.add(IdentityFolder.init(dir.resolve("m" + m), "member-" + m, Role.COMMITTEE_MEMBER,
                    "member-" + m + ".test", 0, RNG));
        }
        List<Card> cards = new ArrayList<>(f.stream().map(IdentityFolder::card).toList());
        members.forEach(m -> cards.add(m.card()));
        Roster roster = Roster.of(cards);
        byte[] id = new byte[Round.ID_BYTES];
        RNG.nextBytes(id);
        Round round = FederatedRound.of(roster, id, 4, 1000, 3, 2, 2);
        assertEquals(List.of("client-0", "client-1", "client-2", "client-3"), round.clients());
        assertEquals(java.util.Set.of("member-0", "member-1", "member-2"),
                round.committee().stream().map(seat -> seat.memberId).collect(java.util.stream.Collectors.toSet()));
        AggregationServer server = new AggregationServer(round);
        Server grpc = new AggregationService(server).start(
                new InetSocketAddress("127.0.0.1", f.get(0).card().statement().port()), f.get(0).tls(), roster);
        try {
            long[] expected = new long[4];
            for (IdentityFolder c : f.subList(1, f.size())) {
                long[] x = {RNG.nextInt(2001) - 1000, RNG.nextInt(2001) - 1000, 1, 0};
                for (int i = 0; i < 4; i++) {
                    expected[i] += x[i];
                }
                try (AggregationPeer peer = AggregationPeer.ofRoster(roster, c, Duration.ofSeconds(30))) {
                    peer.submit(new AggregationClient().submit(peer.round(), c.card().name(), x));
                }
            }
            // A member is no registered client: a message in its name is refused.
            try (AggregationPeer peer = AggregationPeer.ofRoster(roster, members.get(0), Duration.ofSeconds(30))) {
                long[] x = {1, 1, 1, 1};
                org.veilgrid.core.errors.ParameterException e = assertThrows(org.veilgrid.core.errors.ParameterException.class,
                        () -> peer.submit(new AggregationClient().submit(peer.round(), "member-0", x)));
                assertTrue(e.getMessage().contains("not registered"), e.getMessage());
            }
            server.close();
            Map<String, IdentityFolder> byName = new TreeMap<>();
            members.forEach(m -> byName.put(m.card().name(), m));
            for (Round.Seat seat : round.committee()) {
                IdentityFolder member = byName.get(seat.memberId);
                try (AggregationPeer peer = AggregationPeer.ofRoster(roster, member, Duration.ofSeconds(30))) {
                    ClientRole.run(peer, peer.round(), seat.memberId, null, member.sealingKey().privateKey(),
                            Duration.ofSeconds(30), line -> { });
                }
            }
            AggregationResult r = server.finish();
            assertArrayEquals(expected, r.sum);
            assertEquals(4, r.counted.size());
        } finally {
            MutualTls.stop(grpc);
        }
    }
}
