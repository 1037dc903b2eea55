package org.veilgrid.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
}
