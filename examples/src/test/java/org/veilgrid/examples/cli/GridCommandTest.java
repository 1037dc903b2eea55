package org.veilgrid.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.grpc.Server;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.veilgrid.core.tls.MutualTls;
import org.veilgrid.core.tls.TlsIdentity;
import org.veilgrid.grid.model.NGramModel;
import org.veilgrid.grid.node.CompletionNode;
import org.veilgrid.core.identity.AgentKey;
import org.veilgrid.core.identity.AgentKeyFile;

class GridCommandTest {
    @TempDir
    Path dir;

    private static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void waitForPort(int port) throws InterruptedException {
        for (int attempt = 0; attempt < 600; attempt++) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(100); // the node is still starting
            }
        }
        fail("no node listening on port " + port);
    }

    /** Runs {@code veil grid node} in this JVM for a while; returns its port once it listens. */
    private static int startNode(Path setup, Path model, String name) throws Exception {
        int port = freePort();
        Thread t = new Thread(() -> Run.veil("grid", "node", "--dir", setup.toString(), "--name", name, "--model",
                model.toString(), "--port", Integer.toString(port), "--seconds", "40"));
        t.setDaemon(true);
        t.start();
        waitForPort(port);
        return port;
    }

    private Path trainedModel() {
        Path model = dir.resolve("model.bin");
        assertEquals(0, Run.veil("grid", "train", "--out", model.toString()).exit());
        return model;
    }

    private Path setup(int nodes) {
        Path setup = dir.resolve("grid");
        assertEquals(0, Run.veil("grid", "setup", "--local-demo", "--dir", setup.toString(), "--nodes", Integer.toString(nodes)).exit());
        return setup;
    }

    @Test
    void trainThenComplete() throws Exception {
        Path model = dir.resolve("model.bin");
        Run train = Run.veil("grid", "train", "--order", "3", "--out", model.toString(), "--json");
        assertEquals(0, train.exit(), train.err());
        assertTrue(train.out().contains("\"contexts\""), train.out());
        Run done = Run.veil("grid", "complete", "--model", model.toString(), "--context", "government of the peo");
        assertEquals(0, done.exit(), done.err());
        assertTrue(done.out().startsWith("government of the people"), done.out());

        Path corpus = dir.resolve("c.txt");
        Files.writeString(corpus, "abababab");
        assertEquals(0, Run.veil("grid", "train", "--corpus", corpus.toString(), "--order", "1", "--out", model.toString()).exit());
        Run ab = Run.veil("grid", "complete", "--model", model.toString(), "--context", "a", "--json");
        assertTrue(ab.out().contains("\"continuation\": \"babababababababa\""), ab.out());

        Files.write(dir.resolve("bad.bin"), new byte[] {1, 2, 3});
        Run bad = Run.veil("grid", "complete", "--model", dir.resolve("bad.bin").toString(), "--context", "x");
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("magic"), bad.err());
        assertEquals(2, Run.veil("grid", "train", "--order", "9", "--out", model.toString()).exit());
    }

    @Test
    void trainANeuralByteModelAndReportHeldOutBitsPerByte() throws Exception {
        Path net = dir.resolve("net.vgnn");
        Run train = Run.veil("grid", "train", "--model", "neural", "--hidden", "16", "--epochs", "3", "--seed", "5",
                "--out", net.toString(), "--json");
        assertEquals(0, train.exit(), train.toString());
        @SuppressWarnings("unchecked")
        Map<String, Object> j = (Map<String, Object>) MiniJson.parse(train.out());
        assertEquals("neural", j.get("kind"));
        assertEquals(0.5, ((Number) j.get("distillation")).doubleValue());
        assertEquals(1328L, ((Number) j.get("trainBytes")).longValue());
        assertEquals(148L, ((Number) j.get("heldOutBytes")).longValue());
        double network = ((Number) j.get("networkBitsPerByte")).doubleValue();
        double ngram = ((Number) j.get("ngram4BitsPerByte")).doubleValue();
        assertTrue(network > 0 && ngram > 0 && network < 9 && ngram < 9, train.out());
        assertEquals(network < ngram, j.get("networkBeatsNgram"));
        assertTrue(train.err().contains("training loss"), "progress goes to stderr: " + train.err());
        org.veilgrid.grid.model.NeuralByteModel m = org.veilgrid.grid.model.NeuralByteModel.read(net);
        assertEquals(8, m.contextBytes());
        assertEquals(16, m.hiddenUnits());
        assertEquals(((Number) j.get("modelBytes")).longValue(), Files.size(net));
        Run again = Run.veil("grid", "train", "--model", "neural", "--hidden", "16", "--epochs", "3", "--seed", "5",
                "--out", dir.resolve("net2.vgnn").toString());
        assertEquals(0, again.exit(), again.toString());
        assertTrue(again.out().contains("network " + String.format("%.4f", network) + " bits/byte"), again.out());
        assertTrue(java.util.Arrays.equals(Files.readAllBytes(net), Files.readAllBytes(dir.resolve("net2.vgnn"))),
                "the same seed trains the same weights");

        assertEquals(2, Run.veil("grid", "train", "--model", "lstm", "--out", net.toString()).exit());
        Run shortContext = Run.veil("grid", "train", "--model", "neural", "--context", "7", "--out", net.toString());
        assertEquals(2, shortContext.exit(), shortContext.toString());
        assertTrue(shortContext.err().contains("context length"), shortContext.err());
        assertEquals(2, Run.veil("grid", "train", "--model", "neural", "--hidden", "4", "--out", net.toString()).exit());
        assertEquals(2, Run.veil("grid", "train", "--model", "neural", "--epochs", "0", "--out", net.toString()).exit());
        Run badShare = Run.veil("grid", "train", "--model", "neural", "--distill", "1.5", "--out", net.toString());
        assertEquals(2, badShare.exit(), badShare.toString());
        assertTrue(badShare.err().contains("distillation share"), badShare.err());
    }

    @Test
    void aModelFileTooLargeOrCutShortIsRefusedWithTheReason() throws Exception {
        Path model = trainedModel();
        byte[] bytes = Files.readAllBytes(model);
        Path cut = dir.resolve("cut.bin");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length - 3));
        Run truncated = Run.veil("grid", "complete", "--model", cut.toString(), "--context", "x");
        assertEquals(2, truncated.exit(), truncated.toString());
        assertTrue(truncated.err().contains("cut.bin"), truncated.err());
        Path huge = dir.resolve("huge.bin");
        try (var f = new java.io.RandomAccessFile(huge.toFile(), "rw")) {
            f.setLength(NGramModel.MAX_ENCODED_BYTES + 1);
        }
        for (String[] args : new String[][] {{"grid", "complete", "--model", huge.toString(), "--context", "x"},
            {"grid", "node", "--dir", setup(1).toString(), "--model", huge.toString(), "--seconds", "1"}}) {
            Run big = Run.veil(args);
            assertEquals(2, big.exit(), big.toString());
            assertTrue(big.err().contains("at most " + NGramModel.MAX_ENCODED_BYTES), big.err());
        }
        Run limited = Run.veil("grid", "train", "--order", "3", "--max-contexts", "100", "--out", dir.resolve("m.bin").toString());
        assertEquals(2, limited.exit(), limited.toString());
        assertTrue(limited.err().contains("limit of 100"), limited.err());
        assertEquals(2, Run.veil("grid", "train", "--max-contexts", "70000", "--out", dir.resolve("m.bin").toString()).exit());
    }

    @Test
    void aNodeServesCompletionsToAClientThatPinsItsKeyAndSeesTheVerdict() throws Exception {
        Path model = trainedModel();
        Path setup = setup(1);
        int port = startNode(setup, model, "node-0");
        String at = "127.0.0.1:" + port;
        Run remote = Run.veil("grid", "complete", "--node", at, "--dir", setup.toString(),
                "--context", "government of the peo", "--bytes", "3");
        assertEquals(0, remote.exit(), remote.toString());
        String[] lines = remote.out().split("\n");
        assertEquals("government of the peo" + "ple", lines[0]);
        assertEquals("promise kept by node-0 (1 VEIL)", lines[1].trim());
        Run local = Run.veil("grid", "complete", "--model", model.toString(), "--context", "government of the peo", "--bytes", "3");
        assertEquals(lines[0], local.out().trim());
        Run sealed = Run.veil("grid", "complete", "--node", at, "--dir", setup.toString(),
                "--context", "government of the peo", "--bytes", "3", "--encrypted", "--json");
        assertEquals(0, sealed.exit(), sealed.toString());
        @SuppressWarnings("unchecked")
        Map<String, Object> j = (Map<String, Object>) MiniJson.parse(sealed.out());
        assertEquals("ple", j.get("continuation"), "the encrypted path returns what the plaintext one does");
        assertEquals("kept", j.get("promise"));
        assertEquals(Boolean.TRUE, j.get("kept"));
        assertEquals("node-encrypted", j.get("mode"));
        assertEquals("node-0", j.get("nodeName"));
        assertEquals(java.util.HexFormat.of().formatHex(AgentKeyFile.decodePublic("pub", Files.readAllBytes(
                setup.resolve("node-0.promise.pub"))).encoded()), j.get("nodeKey"));
        assertEquals(2, Run.veil("grid", "complete", "--context", "x").exit(), "needs --model or --node");
        assertEquals(2, Run.veil("grid", "complete", "--node", at, "--dir", setup.toString(),
                "--context", "x", "--bytes", "17").exit());
        Run unknownNode = Run.veil("grid", "complete", "--node", at, "--dir", setup.toString(), "--node-name", "node-7",
                "--context", "x");
        assertEquals(2, unknownNode.exit(), unknownNode.toString());
        assertTrue(unknownNode.err().contains("no promise key for 'node-7'"), unknownNode.err());
    }

    @Test
    void aPromiseSignedByAnotherKeyThanThePinnedOneIsBrokenExitsOneAndWithholdsTheAnswer() throws Exception {
        Path model = trainedModel();
        Path setup = setup(2);
        int port = startNode(setup, model, "node-0");
        String at = "127.0.0.1:" + port;
        // The client's folder pins node-1's key for node-0: whoever answers at that address signs with another key.
        Files.copy(setup.resolve("node-1.promise.pub"), setup.resolve("node-0.promise.pub"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        for (boolean encrypted : new boolean[] {false, true}) {
            String[] args = encrypted
                    ? new String[] {"grid", "complete", "--node", at, "--dir", setup.toString(), "--context", "of the peo", "--encrypted"}
                    : new String[] {"grid", "complete", "--node", at, "--dir", setup.toString(), "--context", "of the peo"};
            Run human = Run.veil(args);
            assertEquals(1, human.exit(), human.toString());
            assertTrue(human.out().contains("promise BROKEN by node-0") && human.out().contains("(wrong-node)"), human.out());
            assertFalse(human.out().contains("people"), "the answer of a broken promise is withheld: " + human.out());
        }
        Path answer = dir.resolve("answer.bin");
        Run json = Run.veil("grid", "complete", "--node", at, "--dir", setup.toString(), "--context", "of the peo", "--json",
                "--output-file", answer.toString());
        assertEquals(1, json.exit(), json.toString());
        @SuppressWarnings("unchecked")
        Map<String, Object> j = (Map<String, Object>) MiniJson.parse(json.out());
        assertEquals("wrong-node", j.get("promise"));
        assertEquals(Boolean.FALSE, j.get("kept"));
        assertFalse(j.containsKey("continuation") || j.containsKey("hex"), json.out());
        assertFalse(Files.exists(answer), "no answer file for a broken promise");
        // --node-key pins a key given on the command line: the node's real one is kept, another is not.
        String real = java.util.HexFormat.of().formatHex(AgentKeyFile.decodeSecret("key",
                Files.readAllBytes(setup.resolve("node-0.promise.key"))).publicKey().encoded());
        assertEquals(0, Run.veil("grid", "complete", "--node", at, "--dir", setup.toString(), "--node-key", real,
                "--context", "of the peo").exit());
        assertEquals(1, Run.veil("grid", "complete", "--node", at, "--dir", setup.toString(), "--node-key",
                setup.resolve("node-1.promise.pub").toString(), "--context", "of the peo").exit());
    }

    @Test
    void aLateAnswerIsReportedLateWithExitOne() throws Exception {
        Path setup = setup(1);
        AgentKey keys = AgentKeyFile.decodeSecret("key", Files.readAllBytes(setup.resolve("node-0.promise.key")));
        // A node that answers after its own deadline (test conduct), under node-0's identity and key.
        CompletionNode late = new CompletionNode(NGramModel.train(NGramModel.shippedCorpus(), 3), keys, 1, "VEIL", 100,
                CompletionNode.Conduct.LATE);
        Server server = late.start(new InetSocketAddress("127.0.0.1", 0), TlsIdentity.load(setup, "node-0"));
        try {
            Run r = Run.veil("grid", "complete", "--node", "127.0.0.1:" + server.getPort(), "--dir", setup.toString(),
                    "--context", "of the peo", "--json");
            assertEquals(1, r.exit(), r.toString());
            @SuppressWarnings("unchecked")
            Map<String, Object> j = (Map<String, Object>) MiniJson.parse(r.out());
            assertEquals("late", j.get("promise"));
            assertEquals(Boolean.FALSE, j.get("kept"));
        } finally {
            MutualTls.stop(server);
        }
    }

    @Test
    void nodeOptionsWithALocalModelAreRefusedRatherThanIgnored() throws Exception {
        Path model = trainedModel();
        Run sealed = Run.veil("grid", "complete", "--model", model.toString(), "--encrypted", "--context", "of the peo");
        assertEquals(2, sealed.exit(), sealed.toString());
        assertTrue(sealed.err().contains("--encrypted needs --node"), sealed.err());
        assertEquals("", sealed.out(), "nothing was completed");
        for (String[] extra : new String[][] {{"--dir", dir.toString()}, {"--node-name", "node-0"},
            {"--name", "client-0"}, {"--node-key", "00".repeat(32)}, {"--dump-envelope", dir.resolve("e.cbor").toString()}}) {
            Run r = Run.veil("grid", "complete", "--model", model.toString(), extra[0], extra[1], "--context", "x");
            assertEquals(2, r.exit(), r.toString());
            assertTrue(r.err().contains(extra[0] + " needs --node"), r.err());
        }
    }

    /** A node of node-0's identity and key in this JVM that keeps a copy of every request message it receives. */
    private static Server recordingNode(Path setup, java.util.List<byte[]> received) throws Exception {
        AgentKey key = AgentKeyFile.decodeSecret("key", Files.readAllBytes(setup.resolve("node-0.promise.key")));
        CompletionNode node = new CompletionNode(NGramModel.train(NGramModel.shippedCorpus(), 3), key, 1, "VEIL", 30_000,
                CompletionNode.Conduct.HONEST);
        io.grpc.ServerInterceptor recorder = new io.grpc.ServerInterceptor() {
            @Override
            public <Q, A> io.grpc.ServerCall.Listener<Q> interceptCall(io.grpc.ServerCall<Q, A> call, io.grpc.Metadata headers,
                                                                      io.grpc.ServerCallHandler<Q, A> next) {
                return new io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener<Q>(next.startCall(call, headers)) {
                    @Override
                    public void onMessage(Q message) {
                        if (!call.getMethodDescriptor().getBareMethodName().equals("GetIndex")) {
                            received.add(((org.veilgrid.grid.wire.GridMessage) message).getGrid().toByteArray());
                        }
                        super.onMessage(message);
                    }
                };
            }
        };
        return node.start(new InetSocketAddress("127.0.0.1", 0), TlsIdentity.load(setup, "node-0"), recorder);
    }

    @Test
    void dumpEnvelopeWritesExactlyTheRequestTheNodeReceived() throws Exception {
        Path setup = setup(1);
        java.util.List<byte[]> received = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        Server server = recordingNode(setup, received);
        try {
            String at = "127.0.0.1:" + server.getPort();
            Path plain = dir.resolve("plain.cbor");
            Run r = Run.veil("grid", "complete", "--node", at, "--dir", setup.toString(), "--context", "of the peo",
                    "--bytes", "5", "--dump-envelope", plain.toString(), "--json");
            assertEquals(0, r.exit(), r.toString());
            byte[] dumped = Files.readAllBytes(plain);
            assertEquals(1, received.size());
            assertArrayEquals(received.get(0), dumped, "the file holds the bytes the node received");
            var request = org.veilgrid.grid.protocol.ByteCompletion.Request.decode(dumped);
            assertArrayEquals("of the peo".getBytes(java.nio.charset.StandardCharsets.US_ASCII), request.context());
            assertEquals(5, request.maxBytes());
            @SuppressWarnings("unchecked")
            Map<String, Object> j = (Map<String, Object>) MiniJson.parse(r.out());
            assertEquals(plain.toString(), j.get("envelopeFile"));
            assertEquals((long) dumped.length, ((Number) j.get("envelopeBytes")).longValue());
            // The encrypted request too: another protocol's envelope, its ciphertexts inside.
            Path sealed = dir.resolve("sealed.cbor");
            Run s = Run.veil("grid", "complete", "--node", at, "--dir", setup.toString(), "--context", "of the peo",
                    "--encrypted", "--dump-envelope", sealed.toString());
            assertEquals(0, s.exit(), s.toString());
            // First the neural protocol's model request (this n-gram node refuses it), then the
            // encrypted-byte-completion-2 request.
            assertEquals(3, received.size());
            org.veilgrid.grid.protocol.NeuralCompletion.readModelRequest(received.get(1));
            assertArrayEquals(received.get(2), Files.readAllBytes(sealed));
            var envelope = org.veilgrid.core.grid.GridEnvelope.decode(Files.readAllBytes(sealed),
                    org.veilgrid.grid.protocol.GridProtocol.KNOWN, org.veilgrid.core.grid.GridEnvelope.profile(
                            new org.veilgrid.core.cbor.CborProfile(1 << 22, 3, 1 << 20, java.util.Set.of())));
            assertEquals(org.veilgrid.grid.protocol.GridProtocol.ENCRYPTED_BYTE_COMPLETION.id(), envelope.protocol());
            // What docs/cli.md tells people to run reads it: the grid tag, then the pCID link.
            assertTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "needs python3-cbor2 (bash .ci/run installs it)");
            Process p = new ProcessBuilder("/usr/bin/python3", "-m", "cbor2.tool", "-p", plain.toString())
                    .redirectErrorStream(true).start();
            String shown = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), shown);
            assertTrue(shown.contains("CBORTag:1735551332") && shown.contains("CBORTag:42") && shown.contains("of the peo"), shown);
        } finally {
            MutualTls.stop(server);
        }
    }

    @Test
    void promiseKeyFilesArePemAndTheRawFilesOfEarlierVersionsAreRefused() throws Exception {
        Path setup = setup(1);
        String secret = Files.readString(setup.resolve("node-0.promise.key"));
        String pub = Files.readString(setup.resolve("node-0.promise.pub"));
        assertTrue(secret.startsWith("-----BEGIN PRIVATE KEY-----"), secret.substring(0, 20));
        assertTrue(pub.startsWith("-----BEGIN PUBLIC KEY-----"), pub);
        assertEquals(AgentKeyFile.decodeSecret("key", secret.getBytes(java.nio.charset.StandardCharsets.US_ASCII)).publicKey(),
                AgentKeyFile.decodePublic("pub", pub.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        Path model = trainedModel();
        // The secret key where the public one is pinned is refused by name (it would be handed out).
        Run swapped = Run.veil("grid", "complete", "--node", "127.0.0.1:1", "--dir", setup.toString(), "--node-key",
                setup.resolve("node-0.promise.key").toString(), "--context", "x");
        assertEquals(2, swapped.exit(), swapped.toString());
        assertTrue(swapped.err().contains("holds a SECRET key"), swapped.err());
        // Raw 32-byte keys of earlier versions: refused, saying what to do.
        Files.write(setup.resolve("node-0.promise.key"), new byte[32]);
        Run node = Run.veil("grid", "node", "--dir", setup.toString(), "--model", model.toString(), "--seconds", "1");
        assertEquals(2, node.exit(), node.toString());
        assertTrue(node.err().contains("raw 32-byte promise key of an earlier veil version") && node.err().contains("veil grid setup"),
                node.err());
        Files.write(setup.resolve("node-0.promise.pub"), new byte[32]);
        for (String[] args : new String[][] {{"--node-name", "node-0"}, {"--node-key", setup.resolve("node-0.promise.pub").toString()}}) {
            Run client = Run.veil("grid", "complete", "--node", "127.0.0.1:1", "--dir", setup.toString(), args[0], args[1],
                    "--context", "x");
            assertEquals(2, client.exit(), client.toString());
            assertTrue(client.err().contains("raw 32-byte promise key"), client.err());
        }
    }

    @Test
    void contextFilesAndOutputFilesCarryAnyBytes() throws Exception {
        // A binary corpus: 0x00 is followed by 0xff, 0xff by 0x00; 0x1b (ESC) by 0x07 (BEL).
        byte[] corpus = new byte[200];
        for (int i = 0; i < corpus.length; i++) {
            corpus[i] = (byte) (i % 2 == 0 ? 0x00 : 0xff);
        }
        corpus[100] = 0x1b;
        corpus[101] = 0x07;
        Path c = dir.resolve("corpus.bin");
        Files.write(c, corpus);
        Path model = dir.resolve("m.bin");
        assertEquals(0, Run.veil("grid", "train", "--corpus", c.toString(), "--order", "1", "--out", model.toString()).exit());
        Path ctx = dir.resolve("ctx.bin");
        Files.write(ctx, new byte[] {0x41, 0x00});
        Path out = dir.resolve("out.bin");
        Run r = Run.veil("grid", "complete", "--model", model.toString(), "--context-file", ctx.toString(), "--bytes", "4",
                "--output-file", out.toString(), "--json");
        assertEquals(0, r.exit(), r.toString());
        assertArrayEquals(new byte[] {(byte) 0xff, 0x00, (byte) 0xff, 0x00}, Files.readAllBytes(out));
        @SuppressWarnings("unchecked")
        Map<String, Object> j = (Map<String, Object>) MiniJson.parse(r.out());
        assertEquals("ff00ff00", j.get("hex"));
        assertEquals("/wD/AA==", j.get("base64"));
        assertEquals(2L, ((Number) j.get("contextBytes")).longValue());
        // Control bytes in a context or an answer never reach the terminal raw.
        Files.write(ctx, new byte[] {0x1b});
        Run shown = Run.veil("grid", "complete", "--model", model.toString(), "--context-file", ctx.toString(), "--bytes", "1");
        assertEquals(0, shown.exit(), shown.toString());
        assertEquals("\\u001b\\u0007", shown.out().trim());
        Files.write(ctx, new byte[CompletionNode.MAX_CONTEXT_BYTES + 1]);
        Run tooLong = Run.veil("grid", "complete", "--model", model.toString(), "--context-file", ctx.toString());
        assertEquals(2, tooLong.exit(), tooLong.toString());
        assertTrue(tooLong.err().contains("at most " + CompletionNode.MAX_CONTEXT_BYTES), tooLong.err());
        assertEquals(2, Run.veil("grid", "complete", "--model", model.toString(), "--context", "x", "--context-file",
                ctx.toString()).exit(), "one context only");
        assertEquals(2, Run.veil("grid", "complete", "--model", model.toString(), "--context",
                "x".repeat(CompletionNode.MAX_CONTEXT_BYTES + 1)).exit());
    }
}
