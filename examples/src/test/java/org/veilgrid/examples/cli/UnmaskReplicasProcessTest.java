package org.veilgrid.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.veilgrid.core.federation.Card;
import org.veilgrid.core.federation.IdentityFolder;
import org.veilgrid.core.federation.Role;
import org.veilgrid.core.federation.Roster;
import org.veilgrid.mpc.aggregation.AggregationClient;
import org.veilgrid.mpc.aggregation.AggregationResult;
import org.veilgrid.mpc.aggregation.AggregationServer;
import org.veilgrid.mpc.aggregation.CommitteeMember;
import org.veilgrid.mpc.aggregation.FederatedRound;
import org.veilgrid.mpc.aggregation.RemoteUnmasking;
import org.veilgrid.mpc.aggregation.Round;

/**
 * The aggregation server's unmasking run as replicas: three `veil aggregate unmasker` processes
 * from copies of one identity folder, on the three loopback addresses its card lists (same port),
 * and a server (in this JVM) unmasking rounds on them through grpc-java's round_robin. One
 * replica is killed while rounds are being unmasked: every round still gets its sum, the
 * cleartext sum. Refusals of real processes: a folder of another role, a busy address.
 */
class UnmaskReplicasProcessTest {
    private static final String[] REPLICAS = {"127.0.0.2", "127.0.0.3", "127.0.0.4"};
    private static final SecureRandom RNG = new SecureRandom();
    private static final int DIM = 8;

    @TempDir
    Path dir;

    private IdentityFolder server;
    private final List<IdentityFolder> clients = new ArrayList<>();
    private Roster roster;
    private Path rosterFile;
    private int port;

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** A server, its unmasker (three replica addresses) and four clients, each with its own folder. */
    private void federation() throws Exception {
        port = freePort();
        server = IdentityFolder.init(dir.resolve("server"), "agg-server", Role.AGGREGATION_SERVER, "agg.test", freePort(),
                List.of("127.0.0.1"), RNG);
        IdentityFolder unmasker = IdentityFolder.init(dir.resolve("unmasker"), "unmask", Role.AGGREGATION_UNMASKER,
                "unmask.test", port, List.of(REPLICAS), RNG);
        List<Card> cards = new ArrayList<>(List.of(server.card(), unmasker.card()));
        for (int c = 0; c < 4; c++) {
            IdentityFolder f = IdentityFolder.init(dir.resolve("client-" + c), "client-" + c, Role.AGGREGATION_CLIENT,
                    "client-" + c + ".test", 0, RNG);
            clients.add(f);
            cards.add(f.card());
        }
        roster = Roster.of(cards);
        rosterFile = dir.resolve("roster.cbor");
        Files.write(rosterFile, roster.toBytes());
    }

    /** A copy of an identity folder, as each replica host holds one. */
    private Path copyOf(String name, String copy) throws Exception {
        return ReplicaProcesses.copyOf(dir.resolve(name), dir.resolve(copy));
    }

    private void awaitListening(Process p, String log) throws Exception {
        ReplicaProcesses.awaitListening(dir, p, log);
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

    private String refusal(String log, String... args) throws Exception {
        return ReplicaProcesses.refusal(dir, log, args);
    }

    @Test
    void everyRoundIsUnmaskedRightWhileOneReplicaIsKilled() throws Exception {
        federation();
        List<Process> replicas = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            for (int i = 0; i < REPLICAS.length; i++) {
                replicas.add(VeilProcess.start(dir, "replica-" + i, "aggregate", "unmasker", "--identity",
                        copyOf("unmasker", "replica-" + i).toString(), "--roster", rosterFile.toString(), "--listen",
                        REPLICAS[i] + ":" + port));
            }
            for (int i = 0; i < REPLICAS.length; i++) {
                awaitListening(replicas.get(i), "replica-" + i);
            }
            SocketAddress killed = new InetSocketAddress(REPLICAS[0], port);
            int total = 45;
            AtomicInteger started = new AtomicInteger();
            AtomicInteger unmasked = new AtomicInteger();
            AtomicBoolean dead = new AtomicBoolean();
            Set<SocketAddress> before = ConcurrentHashMap.newKeySet();
            Set<SocketAddress> after = ConcurrentHashMap.newKeySet();
            ThreadLocal<SocketAddress> answeredBy = new ThreadLocal<>();
            try (RemoteUnmasking remote = RemoteUnmasking.ofRoster(roster, roster.trust(server.tls()), "unmask",
                    Duration.ofSeconds(60))) {
                remote.onAnswer(answeredBy::set);
                List<Future<?>> streams = new ArrayList<>();
                for (int t = 0; t < 3; t++) {
                    streams.add(pool.submit(() -> {
                        for (int i = started.getAndIncrement(); i < total; i = started.getAndIncrement()) {
                            long[] expected = new long[DIM];
                            AggregationServer round = filledRound(expected);
                            boolean afterKill = dead.get();
                            answeredBy.remove();
                            AggregationResult r = round.finish(remote);
                            assertArrayEquals(expected, r.sum, "round " + i);
                            assertEquals(4, r.counted.size(), "round " + i);
                            (afterKill ? after : before).add(java.util.Objects.requireNonNull(answeredBy.get(),
                                    "no replica named for round " + i));
                            unmasked.incrementAndGet();
                        }
                        return null;
                    }));
                }
                // Kill one replica while the three streams are unmasking, a third of the way through.
                while (started.get() < total / 3) {
                    Thread.sleep(5);
                }
                replicas.get(0).destroyForcibly();
                assertTrue(replicas.get(0).waitFor(30, TimeUnit.SECONDS));
                dead.set(true);
                for (Future<?> f : streams) {
                    f.get(180, TimeUnit.SECONDS); // every round unmasked, and unmasked right
                }
            }
            assertEquals(total, unmasked.get(), "every round unmasked");
            Set<SocketAddress> all = new HashSet<>(before);
            all.addAll(after);
            assertTrue(all.size() > 1, "answers came from " + all);
            assertFalse(after.contains(killed), "answers after the kill came from " + after);
            assertFalse(after.isEmpty(), "some rounds were unmasked after the kill");
        } finally {
            pool.shutdownNow();
            replicas.forEach(Process::destroyForcibly);
        }
    }

    @Test
    void aFolderOfAnotherRoleAndABusyAddressAreOneLineRefusals() throws Exception {
        federation();
        String role = refusal("client-as-unmasker", "aggregate", "unmasker", "--identity",
                dir.resolve("client-0").toString(), "--roster", rosterFile.toString());
        assertTrue(role.contains("'client-0' is the roster's aggregation-client, not an aggregation-unmasker"), role);

        String notUnmasker = refusal("server-with-client-unmasker", "aggregate", "server", "--identity",
                dir.resolve("server").toString(), "--roster", rosterFile.toString(), "--unmasker", "client-0");
        assertTrue(notUnmasker.contains("'client-0' is the roster's aggregation-client, not an aggregation-unmasker"),
                notUnmasker);

        Process replica = VeilProcess.start(dir, "replica", "aggregate", "unmasker", "--identity",
                dir.resolve("unmasker").toString(), "--roster", rosterFile.toString());
        try {
            awaitListening(replica, "replica");
            assertTrue(VeilProcess.read(dir, "replica.err").contains("listening on 127.0.0.2:" + port),
                    VeilProcess.read(dir, "replica.err"));
            String busy = refusal("busy", "aggregate", "unmasker", "--identity", dir.resolve("unmasker").toString(),
                    "--roster", rosterFile.toString(), "--listen", "127.0.0.2:" + port);
            assertTrue(busy.contains("cannot listen on 127.0.0.2:" + port) && busy.contains("is unmask already running there?"),
                    busy);
        } finally {
            replica.destroyForcibly();
        }
    }
}
