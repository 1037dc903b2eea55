package org.veilgrid.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.veilgrid.core.federation.IdentityFolder;
import org.veilgrid.core.federation.Roster;
import org.veilgrid.grid.model.NGramModel;
import org.veilgrid.grid.node.CompletionClient;

/**
 * A grid node run as replicas: three `veil grid node` processes from copies of one identity folder,
 * on the three loopback addresses its card lists (same port), and a client of the roster. One
 * replica is killed while the client is asking: no request is lost. Refusals of real processes:
 * a folder outside the roster, a client holding another roster, a busy address.
 */
class GridReplicasProcessTest {
    private static final String[] REPLICAS = {"127.0.0.2", "127.0.0.3", "127.0.0.4"};

    @TempDir
    Path dir;

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private Path model() {
        Path model = dir.resolve("model.bin");
        Run train = Run.veil("grid", "train", "--out", model.toString());
        assertEquals(0, train.exit(), train::toString);
        return model;
    }

    private void identity(String name, String role, String host, Integer port, String... addresses) {
        List<String> args = new ArrayList<>(List.of("identity", "init", "--name", name, "--role", role, "--host", host,
                "--out", dir.resolve(name).toString()));
        if (port != null) {
            args.addAll(List.of("--port", port.toString()));
        }
        for (String a : addresses) {
            args.addAll(List.of("--address", a));
        }
        Run init = Run.veil(args.toArray(String[]::new));
        assertEquals(0, init.exit(), init::toString);
    }

    private Path roster(String file, String... members) {
        List<String> args = new ArrayList<>(List.of("roster", "add"));
        for (String m : members) {
            args.add(dir.resolve(m + "/card.cose").toString());
        }
        args.addAll(List.of("--out", dir.resolve(file).toString()));
        Run add = Run.veil(args.toArray(String[]::new));
        assertEquals(0, add.exit(), add::toString);
        return dir.resolve(file);
    }

    /** A copy of an identity folder, as each replica host holds one. */
    private Path copyOf(String name, String copy) throws Exception {
        return ReplicaProcesses.copyOf(dir.resolve(name), dir.resolve(copy));
    }

    private void awaitListening(Process p, String log) throws Exception {
        ReplicaProcesses.awaitListening(dir, p, log);
    }

    private String refusal(String log, String... args) throws Exception {
        return ReplicaProcesses.refusal(dir, log, args);
    }

    @Test
    void aClientGetsEveryAnswerFromReplicasWhileOneIsKilled() throws Exception {
        int port = freePort();
        identity("node-a", "grid-node", "node-a.test", port, REPLICAS);
        identity("client-a", "grid-client", "client-a.test", null);
        Path roster = roster("roster.cbor", "node-a", "client-a");
        Path model = model();
        NGramModel local = NGramModel.read(model);

        List<Process> replicas = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            for (int i = 0; i < REPLICAS.length; i++) {
                replicas.add(VeilProcess.start(dir, "replica-" + i, "grid", "node", "--identity",
                        copyOf("node-a", "replica-" + i).toString(), "--roster", roster.toString(), "--model",
                        model.toString(), "--listen", REPLICAS[i] + ":" + port));
            }
            for (int i = 0; i < REPLICAS.length; i++) {
                awaitListening(replicas.get(i), "replica-" + i);
            }
            IdentityFolder me = IdentityFolder.load(dir.resolve("client-a"));
            Roster r = Roster.fromBytes(Files.readAllBytes(roster));
            SocketAddress killed = new InetSocketAddress(REPLICAS[0], port);
            int total = 60;
            AtomicInteger started = new AtomicInteger();
            AtomicInteger answered = new AtomicInteger();
            Set<SocketAddress> before = java.util.concurrent.ConcurrentHashMap.newKeySet();
            Set<SocketAddress> after = java.util.concurrent.ConcurrentHashMap.newKeySet();
            java.util.concurrent.atomic.AtomicBoolean dead = new java.util.concurrent.atomic.AtomicBoolean();
            // The client tells, on the thread that asked, which replica answered.
            ThreadLocal<SocketAddress> answeredBy = new ThreadLocal<>();
            try (CompletionClient client = CompletionClient.ofRoster(r, me, "node-a", Duration.ofSeconds(30))) {
                client.onAnswer(answeredBy::set);
                List<Future<?>> streams = new ArrayList<>();
                for (int t = 0; t < 3; t++) {
                    streams.add(pool.submit(() -> {
                        for (int i = started.getAndIncrement(); i < total; i = started.getAndIncrement()) {
                            // Each request its own context: an answer to another request would not match.
                            byte[] context = ("of the people " + i).getBytes(StandardCharsets.UTF_8);
                            boolean afterKill = dead.get();
                            answeredBy.remove();
                            assertArrayEquals(local.lookup(context), client.complete(context, 16), "request " + i);
                            (afterKill ? after : before).add(java.util.Objects.requireNonNull(answeredBy.get(),
                                    "no replica named for request " + i));
                            answered.incrementAndGet();
                        }
                        return null;
                    }));
                }
                // Kill one replica while the three streams are asking, a third of the way through.
                while (started.get() < total / 3) {
                    Thread.sleep(5);
                }
                replicas.get(0).destroyForcibly();
                assertTrue(replicas.get(0).waitFor(30, TimeUnit.SECONDS));
                dead.set(true);
                for (Future<?> f : streams) {
                    f.get(180, TimeUnit.SECONDS); // every request answered, and answered right
                }
            }
            assertEquals(total, answered.get(), "every request answered");
            Set<SocketAddress> all = new HashSet<>(before);
            all.addAll(after);
            assertTrue(all.size() > 1, "answers came from " + all);
            assertFalse(after.contains(killed), "answers after the kill came from " + after);
            assertFalse(after.isEmpty(), "some requests were sent after the kill");
        } finally {
            pool.shutdownNow();
            replicas.forEach(Process::destroyForcibly);
        }
    }

    @Test
    void aFolderOutsideTheRosterAnotherRosterAndABusyAddressAreOneLineRefusals() throws Exception {
        int port = freePort();
        identity("node-a", "grid-node", "node-a.test", port, "127.0.0.2");
        identity("node-b", "grid-node", "node-b.test", port, "127.0.0.3");
        identity("client-a", "grid-client", "client-a.test", null);
        identity("client-b", "grid-client", "client-b.test", null);
        Path roster = roster("roster.cbor", "node-a", "client-a");
        Path other = roster("other.cbor", "node-a", "client-a", "client-b");
        Path model = model();
        Roster r = Roster.fromBytes(Files.readAllBytes(roster));
        Roster o = Roster.fromBytes(Files.readAllBytes(other));

        String outsider = refusal("outsider", "grid", "node", "--identity", dir.resolve("node-b").toString(), "--roster",
                roster.toString(), "--model", model.toString());
        assertTrue(outsider.contains("'node-b' is not in the roster (" + r.shortDigest() + ")"), outsider);

        Process node = VeilProcess.start(dir, "node", "grid", "node", "--identity", dir.resolve("node-a").toString(),
                "--roster", roster.toString(), "--model", model.toString());
        try {
            awaitListening(node, "node");
            assertTrue(VeilProcess.read(dir, "node.err").contains("listening on 127.0.0.2:" + port),
                    VeilProcess.read(dir, "node.err"));
            String mismatch = refusal("client", "grid", "complete", "--identity", dir.resolve("client-a").toString(),
                    "--roster", other.toString(), "--node", "node-a", "--context", "four score");
            assertTrue(mismatch.contains("no completion from 'node-a' (node-a.test:" + port), mismatch);
            assertTrue(mismatch.contains("holds roster " + o.shortDigest()) && mismatch.contains(r.shortDigest()), mismatch);

            // The same address again, taken by the node above.
            String busy = refusal("busy", "grid", "node", "--identity", dir.resolve("node-a").toString(), "--roster",
                    roster.toString(), "--model", model.toString(), "--listen", "127.0.0.2:" + port);
            assertTrue(busy.contains("grid node 'node-a' cannot listen on 127.0.0.2:" + port), busy);
        } finally {
            node.destroyForcibly();
        }
    }
}
