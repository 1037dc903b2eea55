package org.veilgrid.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.veilgrid.core.federation.Roster;

/**
 * A one-shot aggregation round with no setup folder: the server and five clients are separate
 * `veil` processes, each with the identity it made itself; the roster of their cards is all they
 * share. The committee answers with the sealing keys of its members' own folders.
 */
class FederatedAggregateProcessTest {
    @TempDir
    Path dir;


    @Test
    @SuppressWarnings("unchecked")
    void aServerAndClientsWithTheirOwnIdentitiesSumWithNoSetupFolder() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> add = new ArrayList<>(List.of("roster", "add"));
        Run init = Run.veil("identity", "init", "--name", "agg-server", "--role", "aggregation-server", "--host",
                "agg.test", "--address", "127.0.0.1", "--port", Integer.toString(port), "--out", dir.resolve("server").toString());
        assertEquals(0, init.exit(), init.err());
        add.add(dir.resolve("server/card.cose").toString());
        for (int c = 0; c < 5; c++) {
            Run ci = Run.veil("identity", "init", "--name", "client-" + c, "--role", "aggregation-client", "--host",
                    "client-" + c + ".test", "--out", dir.resolve("c" + c).toString());
            assertEquals(0, ci.exit(), ci.err());
            add.add(dir.resolve("c" + c + "/card.cose").toString());
        }
        add.addAll(List.of("--out", dir.resolve("roster.cbor").toString()));
        assertEquals(0, Run.veil(add.toArray(String[]::new)).exit());

        List<Process> all = new ArrayList<>();
        try {
            long[] expected = new long[3];
            // Clients first: in a federation nobody starts in a set order, and a client waits for the server.
            for (int c = 0; c < 5; c++) {
                long[] x = {c * 10, -c, 7};
                for (int i = 0; i < 3; i++) {
                    expected[i] += x[i];
                }
                all.add(VeilProcess.start(dir, "c" + c, "aggregate", "client", "--identity", dir.resolve("c" + c).toString(),
                        "--roster", dir.resolve("roster.cbor").toString(), "--values", x[0] + "," + x[1] + "," + x[2]));
            }
            Process server = VeilProcess.start(dir, "server", "aggregate", "server", "--identity", dir.resolve("server").toString(),
                    "--roster", dir.resolve("roster.cbor").toString(), "--dim", "3", "--bound", "1000",
                    "--client-seconds", "90", "--member-seconds", "90", "--json");
            all.add(server);
            if (!server.waitFor(150, TimeUnit.SECONDS)) {
                StringBuilder logs = new StringBuilder("the server did not finish\nserver: " + VeilProcess.read(dir, "server.err"));
                for (int c = 0; c < 5; c++) {
                    logs.append("\nclient-").append(c).append(": ").append(VeilProcess.read(dir, "c" + c + ".err"));
                }
                throw new AssertionError(logs.toString());
            }
            assertEquals(0, server.exitValue(), VeilProcess.read(dir, "server.err"));
            Map<String, Object> out = (Map<String, Object>) MiniJson.parse(VeilProcess.read(dir, "server.out"));
            List<Object> sum = (List<Object>) out.get("sum");
            for (int i = 0; i < 3; i++) {
                assertEquals(expected[i], ((Number) sum.get(i)).longValue(), VeilProcess.read(dir, "server.out"));
            }
            assertEquals(5, ((List<Object>) out.get("counted")).size());
            for (int c = 0; c < 5; c++) {
                assertTrue(all.get(c).waitFor(60, TimeUnit.SECONDS));
                assertEquals(0, all.get(c).exitValue(), VeilProcess.read(dir, "c" + c + ".err"));
            }
        } finally {
            all.forEach(Process::destroyForcibly);
        }
    }

    private String p(String name) {
        return dir.resolve(name).toString();
    }

    /** Waits (well inside the client's 60 s wait for its server) and returns its one error line, after exit 2. */
    private String refusal(Process proc, String name, String prefix) throws Exception {
        if (!proc.waitFor(45, TimeUnit.SECONDS)) {
            proc.destroyForcibly();
            throw new AssertionError(name + " still runs after 45 s: " + VeilProcess.read(dir, name + ".err"));
        }
        assertEquals(2, proc.exitValue(), VeilProcess.read(dir, name + ".err"));
        return VeilProcess.errorLine(dir, name, prefix);
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /**
     * agg-server at agg.test (127.0.0.2:port) and clients 0..n-1; roster.cbor holds them, and
     * other.cbor holds them and one client more.
     */
    private void federation(int port, int clients) {
        assertEquals(0, Run.veil("identity", "init", "--name", "agg-server", "--role", "aggregation-server", "--host",
                "agg.test", "--address", "127.0.0.2", "--port", Integer.toString(port), "--out", p("server")).exit());
        List<String> add = new ArrayList<>(List.of("roster", "add", p("server/card.cose")));
        for (int c = 0; c <= clients; c++) {
            assertEquals(0, Run.veil("identity", "init", "--name", "client-" + c, "--role", "aggregation-client",
                    "--host", "client-" + c + ".test", "--out", p("c" + c)).exit());
            if (c < clients) {
                add.add(p("c" + c + "/card.cose"));
            }
        }
        List<String> other = new ArrayList<>(add);
        other.addAll(List.of(p("c" + clients + "/card.cose"), "--out", p("other.cbor")));
        add.addAll(List.of("--out", p("roster.cbor")));
        assertEquals(0, Run.veil(add.toArray(String[]::new)).exit());
        assertEquals(0, Run.veil(other.toArray(String[]::new)).exit());
    }

    @Test
    @SuppressWarnings("unchecked")
    void anotherRosterAClientsFolderRunTwiceAndASecondServerOnThePortAreRefusedWhileTheRoundGoesOn() throws Exception {
        int port = freePort();
        federation(port, 3);
        String mine = Roster.fromBytes(Files.readAllBytes(dir.resolve("roster.cbor"))).shortDigest();
        String theirs = Roster.fromBytes(Files.readAllBytes(dir.resolve("other.cbor"))).shortDigest();
        List<Process> all = new ArrayList<>();
        try {
            // client-2 never gets in, so the client phase runs its whole --client-seconds; client-2's
            // committee seat stays silent, so the member phase its whole --member-seconds.
            Process server = VeilProcess.start(dir, "server", "aggregate", "server", "--identity", p("server"),
                    "--roster", p("roster.cbor"), "--dim", "3", "--bound", "1000", "--committee", "3", "--threshold", "2",
                    "--client-seconds", "30", "--member-seconds", "5", "--json");
            all.add(server);
            VeilProcess.awaitListening(server, "127.0.0.2", port);
            Process second = VeilProcess.start(dir, "second", "aggregate", "server", "--identity", p("server"),
                    "--roster", p("roster.cbor"), "--dim", "3", "--bound", "1000");
            all.add(second);
            // client-0's folder in two processes with the same values: one message counts, the other is refused.
            Process c0 = VeilProcess.start(dir, "c0", "aggregate", "client", "--identity", p("c0"), "--roster",
                    p("roster.cbor"), "--values", "1,2,3");
            Process c0again = VeilProcess.start(dir, "c0again", "aggregate", "client", "--identity", p("c0"), "--roster",
                    p("roster.cbor"), "--values", "1,2,3");
            Process c1 = VeilProcess.start(dir, "c1", "aggregate", "client", "--identity", p("c1"), "--roster",
                    p("roster.cbor"), "--values", "10,20,30");
            Process c2 = VeilProcess.start(dir, "c2", "aggregate", "client", "--identity", p("c2"), "--roster",
                    p("other.cbor"), "--values", "100,200,300");
            all.addAll(List.of(c0, c0again, c1, c2));

            String line = refusal(second, "second", "veil aggregate server: ");
            assertTrue(line.contains("cannot listen on 127.0.0.2:" + port) && line.contains("in use")
                    && line.endsWith("is agg-server already running there?"), line);
            line = refusal(c2, "c2", "veil aggregate client: ");
            assertTrue(line.contains("the aggregation server at agg.test:" + port + " answered FAILED_PRECONDITION: "
                    + "'client-2' holds roster " + theirs + ", this server holds roster " + mine), line);

            assertTrue(server.waitFor(120, TimeUnit.SECONDS), "the server did not finish: " + VeilProcess.read(dir, "server.err"));
            assertEquals(0, server.exitValue(), VeilProcess.read(dir, "server.err"));
            Map<String, Object> out = (Map<String, Object>) MiniJson.parse(VeilProcess.read(dir, "server.out"));
            assertEquals(List.of("client-0", "client-1"), out.get("counted"));
            List<Object> sum = (List<Object>) out.get("sum");
            assertEquals(List.of(11L, 22L, 33L), sum.stream().map(x -> ((Number) x).longValue()).toList());

            for (Process c : List.of(c0, c0again, c1)) {
                assertTrue(c.waitFor(60, TimeUnit.SECONDS));
            }
            assertEquals(0, c1.exitValue(), VeilProcess.read(dir, "c1.err"));
            // Exactly one of the two client-0 processes was counted; the other was told why not.
            String refusedOne = c0.exitValue() == 0 ? "c0again" : "c0";
            assertEquals(0, (c0.exitValue() == 0 ? c0 : c0again).exitValue());
            assertEquals(2, (c0.exitValue() == 0 ? c0again : c0).exitValue(), VeilProcess.read(dir, refusedOne + ".err"));
            line = VeilProcess.errorLine(dir, refusedOne, "veil aggregate client: ");
            assertTrue(line.contains("the server refused the message: client client-0 already submitted in this round"), line);
        } finally {
            all.forEach(Process::destroyForcibly);
        }
    }

    @Test
    void aClientRefusesAtOnceAServerPresentingACertificateThatIsNotTheRostersServer() throws Exception {
        int port = freePort();
        federation(port, 3);
        // Another federation's aggregation server (its own roster, the same clients) at agg-server's address.
        assertEquals(0, Run.veil("identity", "init", "--name", "agg-x", "--role", "aggregation-server", "--host",
                "agg-x.test", "--address", "127.0.0.9", "--port", Integer.toString(port), "--out", p("server-x")).exit());
        assertEquals(0, Run.veil("roster", "add", p("server-x/card.cose"), p("c0/card.cose"), p("c1/card.cose"),
                p("c2/card.cose"), "--out", p("roster-x.cbor")).exit());
        List<Process> all = new ArrayList<>();
        try {
            Process impostor = VeilProcess.start(dir, "impostor", "aggregate", "server", "--identity", p("server-x"),
                    "--roster", p("roster-x.cbor"), "--dim", "3", "--listen", "127.0.0.2:" + port,
                    "--client-seconds", "120");
            all.add(impostor);
            VeilProcess.awaitListening(impostor, "127.0.0.2", port);
            Process c0 = VeilProcess.start(dir, "c0", "aggregate", "client", "--identity", p("c0"), "--roster",
                    p("roster.cbor"), "--values", "1,2,3");
            all.add(c0);
            String line = refusal(c0, "c0", "veil aggregate client: ");
            assertTrue(line.contains("refused the server at agg.test:" + port + ": the server presented the certificate"
                    + " of 'agg-x', not of the expected peer 'agg-server'"), line);
            assertTrue(impostor.isAlive(), "the client stopped on its own, not because the impostor went away");
        } finally {
            all.forEach(Process::destroyForcibly);
        }
    }
}
