package org.veilgrid.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
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
import org.veilgrid.examples.mpc.SampleComputation;

/**
 * Three compute parties as separate `veil` processes, each with the identity it made itself and
 * the roster built from their cards: no setup folder, no CA, no file holding two parties' keys;
 * each under its own {@code .test} host name on its own loopback address.
 */
class FederatedMpcProcessTest {
    @TempDir
    Path dir;

    private static int[] freePorts(int n) throws Exception {
        ServerSocket[] s = new ServerSocket[n];
        int[] ports = new int[n];
        for (int i = 0; i < n; i++) {
            s[i] = new ServerSocket(0);
            ports[i] = s[i].getLocalPort();
        }
        for (ServerSocket x : s) {
            x.close();
        }
        return ports;
    }


    @Test
    @SuppressWarnings("unchecked")
    void partiesWithTheirOwnIdentitiesAndHostNamesComputeTheCleartextResultAcrossProcesses() throws Exception {
        int[] ports = freePorts(3);
        List<String> rosterArgs = new ArrayList<>(List.of("roster", "add"));
        for (int i = 0; i < 3; i++) {
            // Each party under its own .test name on its own loopback address: no DNS entry, no /etc/hosts.
            Run init = Run.veil("identity", "init", "--name", "party-" + i, "--role", "compute-party", "--host",
                    "party-" + i + ".test", "--address", "127.0.0." + (i + 2), "--port", Integer.toString(ports[i]),
                    "--out", dir.resolve("party-" + i).toString());
            assertEquals(0, init.exit(), init.err());
            rosterArgs.add(dir.resolve("party-" + i + "/card.cose").toString());
        }
        rosterArgs.addAll(List.of("--out", dir.resolve("roster.cbor").toString()));
        Run add = Run.veil(rosterArgs.toArray(String[]::new));
        assertEquals(0, add.exit(), add.err());

        long[][] quantities = {{5, 0, 7}, {1, 9, 2}, {4, 4, 4}};
        List<Process> parties = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                parties.add(VeilProcess.start(dir, "p" + i, "mpc", "party", "--identity", dir.resolve("party-" + i).toString(),
                        "--roster", dir.resolve("roster.cbor").toString(), "--threshold", "9", "--json",
                        "--values", quantities[i][0] + "," + quantities[i][1] + "," + quantities[i][2]));
            }
            SampleComputation.Result clear = SampleComputation.inClear(quantities, 9);
            for (int i = 0; i < 3; i++) {
                assertTrue(parties.get(i).waitFor(120, TimeUnit.SECONDS), "party " + i + " did not finish");
                assertEquals(0, parties.get(i).exitValue(), VeilProcess.read(dir, "p" + i + ".err"));
                Map<String, Object> m = (Map<String, Object>) MiniJson.parse(VeilProcess.read(dir, "p" + i + ".out"));
                assertEquals((long) clear.levelsAtLeast(), ((Number) m.get("levelsAtLeast")).longValue());
                assertEquals(clear.maxTotal(), ((Number) m.get("maxTotal")).longValue());
            }
        } finally {
            parties.forEach(Process::destroyForcibly);
        }
    }

    @Test
    void aFolderOutsideTheRosterBothWaysOfConfiguringABadListenAddressOrAPortInUseAreOneLineRefusals() throws Exception {
        int[] ports = freePorts(4);
        List<String> rosterArgs = new ArrayList<>(List.of("roster", "add"));
        for (int i = 0; i < 4; i++) {
            assertEquals(0, Run.veil("identity", "init", "--name", "party-" + i, "--role", "compute-party", "--host",
                    "localhost", "--port", Integer.toString(ports[i]), "--out", dir.resolve("party-" + i).toString()).exit());
            if (i < 3) {
                rosterArgs.add(dir.resolve("party-" + i + "/card.cose").toString());
            }
        }
        rosterArgs.addAll(List.of("--out", dir.resolve("roster.cbor").toString()));
        assertEquals(0, Run.veil(rosterArgs.toArray(String[]::new)).exit());
        Run outsider = Run.veil("mpc", "party", "--identity", dir.resolve("party-3").toString(), "--roster",
                dir.resolve("roster.cbor").toString(), "--values", "1,2,3");
        assertEquals(2, outsider.exit(), outsider.err());
        assertTrue(outsider.err().contains("'party-3' is not a compute party of the roster"), outsider.err());
        assertEquals(1, outsider.err().strip().lines().count(), outsider.err());
        Run both = Run.veil("mpc", "party", "--identity", dir.resolve("party-0").toString(), "--id", "0",
                "--values", "1,2,3");
        assertEquals(2, both.exit(), both.err());
        assertTrue(both.err().contains("either --identity and --roster, or --id and --config"), both.err());
        assertTrue(new File(dir.resolve("party-0/card.cose").toString()).isFile());

        Run badListen = Run.veil("mpc", "party", "--identity", dir.resolve("party-0").toString(), "--roster",
                dir.resolve("roster.cbor").toString(), "--values", "1,2,3", "--listen", "nowhere");
        assertEquals(2, badListen.exit(), badListen.err());
        assertTrue(badListen.err().contains("--listen 'nowhere' is not HOST:PORT"), badListen.err());
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new java.net.InetSocketAddress("localhost", ports[0]));
            Run inUse = Run.veil("mpc", "party", "--identity", dir.resolve("party-0").toString(), "--roster",
                    dir.resolve("roster.cbor").toString(), "--values", "1,2,3");
            assertEquals(2, inUse.exit(), inUse.err());
            assertTrue(inUse.err().contains("party party-0 cannot listen on"), inUse.err());
            assertEquals(1, inUse.err().strip().lines().count(), inUse.err());
        }
    }

    /**
     * Parties 0..2 as in the first test (each its own .test name on 127.0.0.(i+2)), plus bank-a;
     * writes roster.cbor (the three parties) and other.cbor (the same and bank-a).
     */
    private int[] federation() throws Exception {
        int[] ports = freePorts(3);
        List<String> rosterArgs = new ArrayList<>(List.of("roster", "add"));
        for (int i = 0; i < 3; i++) {
            Run init = Run.veil("identity", "init", "--name", "party-" + i, "--role", "compute-party", "--host",
                    "party-" + i + ".test", "--address", "127.0.0." + (i + 2), "--port", Integer.toString(ports[i]),
                    "--out", dir.resolve("party-" + i).toString());
            assertEquals(0, init.exit(), init.err());
            rosterArgs.add(dir.resolve("party-" + i + "/card.cose").toString());
        }
        assertEquals(0, Run.veil("identity", "init", "--name", "bank-a", "--role", "institution", "--host", "bank-a.test",
                "--out", dir.resolve("bank-a").toString()).exit());
        List<String> other = new ArrayList<>(rosterArgs);
        other.addAll(List.of(dir.resolve("bank-a/card.cose").toString(), "--out", dir.resolve("other.cbor").toString()));
        rosterArgs.addAll(List.of("--out", dir.resolve("roster.cbor").toString()));
        assertEquals(0, Run.veil(rosterArgs.toArray(String[]::new)).exit());
        assertEquals(0, Run.veil(other.toArray(String[]::new)).exit());
        return ports;
    }

    private Process party(String name, String identity, String roster, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("mpc", "party", "--identity", dir.resolve(identity).toString(),
                "--roster", dir.resolve(roster).toString(), "--values", "1,2,3",
                // Far beyond how long each test waits: the refusals must not come from a timeout.
                "--timeout-ms", "120000"));
        args.addAll(List.of(more));
        return VeilProcess.start(dir, name, args.toArray(String[]::new));
    }

    /** Waits for {@code p} (well inside every party's timeout) and returns its one error line, after exit 2. */
    private String refusal(Process p, String name) throws Exception {
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(name + " still runs after 60 s: " + VeilProcess.read(dir, name + ".err"));
        }
        assertEquals(2, p.exitValue(), VeilProcess.read(dir, name + ".err"));
        return VeilProcess.errorLine(dir, name, "veil mpc party: ");
    }

    @Test
    void aPartyHoldingAnotherRosterIsNamedByThePartiesItMeetsAndNamesThemInTurn() throws Exception {
        federation();
        String mine = Roster.fromBytes(Files.readAllBytes(dir.resolve("roster.cbor"))).shortDigest();
        String theirs = Roster.fromBytes(Files.readAllBytes(dir.resolve("other.cbor"))).shortDigest();
        List<Process> parties = new ArrayList<>();
        try {
            parties.add(party("p0", "party-0", "roster.cbor"));
            parties.add(party("p1", "party-1", "roster.cbor"));
            parties.add(party("p2", "party-2", "other.cbor"));
            // Each names the other side and both rosters, whether it noticed on a call it made
            // (refused by the peer) or on one it received.
            for (int i = 0; i < 2; i++) {
                String line = refusal(parties.get(i), "p" + i);
                assertTrue(line.contains("protocol aborted by party 'party-2': ") && line.contains("holds roster " + mine)
                        && line.contains("holds roster " + theirs), line);
            }
            String line = refusal(parties.get(2), "p2");
            assertTrue(line.matches("veil mpc party: protocol abort error: protocol aborted by party 'party-[01]': .*")
                    && line.contains("holds roster " + mine) && line.contains("holds roster " + theirs), line);
        } finally {
            parties.forEach(Process::destroyForcibly);
        }
    }

    @Test
    void aPeerAnsweringAtAnotherPartysAddressUnderItsOwnNameIsNamedAtOnce() throws Exception {
        int[] ports = federation();
        List<Process> parties = new ArrayList<>();
        try {
            // party-1 is not running; party-2 listens at party-1's address with its own certificate
            // (name party-2, host party-2.test), the way a misconfigured or rogue peer would.
            parties.add(party("p0", "party-0", "roster.cbor"));
            parties.add(party("p2", "party-2", "roster.cbor", "--listen", "127.0.0.3:" + ports[1]));
            String expected = "party 'party-1' at party-1.test:" + ports[1] + " did not answer as itself: the server"
                    + " presented the certificate of 'party-2', not of the expected peer 'party-1'";
            String line = refusal(parties.get(0), "p0");
            assertTrue(line.contains(expected), line);
            line = refusal(parties.get(1), "p2");
            assertTrue(line.contains(expected), line);
        } finally {
            parties.forEach(Process::destroyForcibly);
        }
    }

    @Test
    void aSecondProcessStartedWithARunningPartysFolderIsRefusedItsPort() throws Exception {
        int[] ports = federation();
        Process first = party("first", "party-0", "roster.cbor");
        try {
            VeilProcess.awaitListening(first, "127.0.0.2", ports[0]);
            Process second = party("second", "party-0", "roster.cbor");
            String line = refusal(second, "second");
            assertTrue(line.contains("party party-0 cannot listen on 127.0.0.2:" + ports[0]) && line.contains("in use")
                    && line.endsWith("is party-0 already running there?"), line);
            assertTrue(first.isAlive(), "the running party is not disturbed");
        } finally {
            first.destroyForcibly();
        }
    }
}
