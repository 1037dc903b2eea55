package org.veilgrid.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Server;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.veilgrid.core.federation.IdentityFolder;
import org.veilgrid.core.federation.Roster;
import org.veilgrid.core.tls.MutualTls;
import org.veilgrid.grid.model.NGramModel;
import org.veilgrid.grid.node.CompletionNode;

/** {@code veil grid node|complete} with an identity folder and a roster, in this JVM. */
class GridFederationCommandTest {
    @TempDir
    Path dir;

    private int port;
    private Path roster;
    private Path model;

    private void federation() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        assertEquals(0, Run.veil("identity", "init", "--name", "node-a", "--role", "grid-node", "--host", "node-a.test",
                "--address", "127.0.0.1", "--port", Integer.toString(port), "--out", dir.resolve("node-a").toString()).exit());
        assertEquals(0, Run.veil("identity", "init", "--name", "client-a", "--role", "grid-client", "--host",
                "client-a.test", "--out", dir.resolve("client-a").toString()).exit());
        roster = dir.resolve("roster.cbor");
        assertEquals(0, Run.veil("roster", "add", dir.resolve("node-a/card.cose").toString(),
                dir.resolve("client-a/card.cose").toString(), "--out", roster.toString()).exit());
        model = dir.resolve("model.bin");
        assertEquals(0, Run.veil("grid", "train", "--out", model.toString()).exit());
    }

    private Server node() throws Exception {
        return CompletionNode.ofRoster(NGramModel.read(model), Roster.fromBytes(Files.readAllBytes(roster)),
                IdentityFolder.load(dir.resolve("node-a")), 1, "VEIL", 30_000).start(null);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aClientOfTheRosterAsksItsOnlyNodeInTheClearAndEncryptedAndSaysWhichReplicaAnswered() throws Exception {
        federation();
        Server server = node();
        try {
            Run text = Run.veil("grid", "complete", "--identity", dir.resolve("client-a").toString(), "--roster",
                    roster.toString(), "--context", "government of the peo");
            assertEquals(0, text.exit(), text::toString);
            assertTrue(text.out().startsWith("government of the people"), text::toString);
            assertTrue(text.out().contains("promise kept by node-a (1 VEIL); answered at 127.0.0.1:" + port), text::toString);

            Run json = Run.veil("grid", "complete", "--identity", dir.resolve("client-a").toString(), "--roster",
                    roster.toString(), "--node", "node-a", "--context", "government of the peo", "--json");
            assertEquals(0, json.exit(), json::toString);
            Map<String, Object> o = (Map<String, Object>) MiniJson.parse(json.out());
            assertEquals("node-a.test:" + port, o.get("node"));
            assertEquals("node-a", o.get("nodeName"));
            assertEquals("127.0.0.1:" + port, o.get("answeredBy"));
            assertEquals(Roster.fromBytes(Files.readAllBytes(roster)).digestHex(), o.get("roster"));
            assertEquals(HexFormat.of().formatHex(IdentityFolder.load(dir.resolve("node-a")).agentKey().publicKey().encoded()),
                    o.get("nodeKey"));
            assertEquals("kept", o.get("promise"));

            Run sealed = Run.veil("grid", "complete", "--identity", dir.resolve("client-a").toString(), "--roster",
                    roster.toString(), "--encrypted", "--context", "government of the peo", "--json");
            assertEquals(0, sealed.exit(), sealed::toString);
            Map<String, Object> s = (Map<String, Object>) MiniJson.parse(sealed.out());
            assertEquals("node-encrypted", s.get("mode"));
            assertEquals("kept", s.get("promise"));
            assertEquals(o.get("hex"), s.get("hex"));
        } finally {
            MutualTls.stop(server);
        }
    }

    @Test
    void optionsOfTheOtherModeAreRefusedRatherThanIgnored() throws Exception {
        federation();
        String id = dir.resolve("client-a").toString();
        String node = dir.resolve("node-a").toString();
        String[][] cases = {
            {"give either --identity and --roster, or --dir", "grid", "node", "--identity", node, "--model", model.toString()},
            {"give either --identity and --roster, or --dir", "grid", "node", "--dir", dir.toString(), "--roster",
                roster.toString(), "--model", model.toString()},
            {"--port goes with --dir", "grid", "node", "--identity", node, "--roster", roster.toString(), "--port", "7",
                "--model", model.toString()},
            {"--name goes with --dir", "grid", "node", "--identity", node, "--roster", roster.toString(), "--name", "x",
                "--model", model.toString()},
            {"--listen goes with --roster", "grid", "node", "--dir", dir.toString(), "--listen", "127.0.0.1:7",
                "--model", model.toString()},
            {"--identity and --roster go together", "grid", "complete", "--identity", id, "--context", "x"},
            {"give one of --model", "grid", "complete", "--identity", id, "--roster", roster.toString(), "--model",
                model.toString(), "--context", "x"},
            {"--node-key goes with --node host:port and --dir", "grid", "complete", "--identity", id, "--roster",
                roster.toString(), "--node-key", "00".repeat(32), "--context", "x"},
            {"--dir goes with --node host:port and --dir", "grid", "complete", "--identity", id, "--roster",
                roster.toString(), "--dir", dir.toString(), "--context", "x"},
            {"--node host:port needs --dir", "grid", "complete", "--node", "127.0.0.1:7", "--context", "x"},
        };
        for (String[] c : cases) {
            Run r = Run.veil(java.util.Arrays.copyOfRange(c, 1, c.length));
            assertEquals(2, r.exit(), r::toString);
            assertTrue(r.err().contains(c[0]), r::toString);
            assertEquals("", r.out(), r::toString);
        }
    }

    @Test
    void aNodeThatIsDownIsNamedInOneLine() throws Exception {
        federation();
        Run r = Run.veil("grid", "complete", "--identity", dir.resolve("client-a").toString(), "--roster", roster.toString(),
                "--context", "x");
        assertEquals(2, r.exit(), r::toString);
        assertTrue(r.err().contains("no completion from 'node-a' (node-a.test:" + port + " at 127.0.0.1): connection refused"),
                r::toString);
        assertEquals(1, r.err().strip().lines().count(), r::toString);
    }
}
