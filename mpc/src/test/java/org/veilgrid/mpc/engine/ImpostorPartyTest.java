package org.veilgrid.mpc.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.grpc.Server;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.veilgrid.core.tls.CertificateAuthority;
import org.veilgrid.core.tls.MutualTls;
import org.veilgrid.core.tls.TlsRole;
import org.veilgrid.mpc.config.LocalSetup;
import org.veilgrid.mpc.config.PartiesConfig;
import org.veilgrid.mpc.net.RoundMessages;
import org.veilgrid.mpc.wire.AbortNotice;
import org.veilgrid.mpc.wire.Ack;
import org.veilgrid.mpc.wire.ClientInput;
import org.veilgrid.mpc.wire.MpcPartyGrpc;
import org.veilgrid.mpc.wire.RoundMessage;

/**
 * Issue #13 item 1 as the tester found it: a participant with a valid certificate from the
 * session's CA (here "bank-a", even one allowed to serve) listens at party-1's address. The real
 * parties, each in its own process, must send it nothing and stop naming party-1 as soon as the
 * handshake shows the wrong certificate, not when the round times out.
 */
class ImpostorPartyTest {

    @TempDir
    Path dir;

    /** Counts every call that carries protocol data; answers each as if it were party-1. */
    private static final class Impostor extends MpcPartyGrpc.MpcPartyImplBase {
        final AtomicInteger received = new AtomicInteger();

        @Override
        public void deliver(RoundMessage request, StreamObserver<Ack> reply) {
            received.incrementAndGet();
            reply.onNext(Ack.newBuilder().setVersion(RoundMessages.VERSION).build());
            reply.onCompleted();
        }

        @Override
        public void submitInput(ClientInput request, StreamObserver<Ack> reply) {
            received.incrementAndGet();
            reply.onNext(Ack.newBuilder().setVersion(RoundMessages.VERSION).build());
            reply.onCompleted();
        }

        @Override
        public void abort(AbortNotice request, StreamObserver<Ack> reply) {
            received.incrementAndGet();
            reply.onNext(Ack.newBuilder().setVersion(RoundMessages.VERSION).build());
            reply.onCompleted();
        }
    }

    private static Process party(Path config, int id) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), TestPartyMain.class.getName(), config.toString(),
                Integer.toString(id), "1,2,3", "2").redirectErrorStream(true).start();
    }

    private static CompletableFuture<List<String>> lines(Process p) {
        return CompletableFuture.supplyAsync(() -> {
            List<String> out = new ArrayList<>();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    out.add(line);
                }
            } catch (IOException e) {
                out.add("IO " + e);
            }
            return out;
        });
    }

    @Test
    void partiesSendNothingToAnotherParticipantAtAPeersAddress() throws Exception {
        int timeoutMs = 60_000;
        PartiesConfig config = LocalSetup.write(dir, 3, LoopbackCluster.freePorts(1)[0], timeoutMs, List.of("bank-a"));
        CertificateAuthority ca = CertificateAuthority.load(dir.resolve("tls"));
        Impostor impostor = new Impostor();
        Server server = MutualTls.serverBuilder(
                        new InetSocketAddress("127.0.0.1", config.party(1).port()), ca.issue("bank-a", TlsRole.PEER))
                .addService(impostor)
                .build()
                .start();
        List<Process> processes = new ArrayList<>();
        try {
            long started = System.nanoTime();
            List<CompletableFuture<List<String>>> outputs = new ArrayList<>();
            for (int id : new int[] {0, 2}) {
                Process p = party(dir.resolve("parties.json"), id);
                processes.add(p);
                outputs.add(lines(p));
            }
            for (int k = 0; k < 2; k++) {
                assertTrue(processes.get(k).waitFor(90, TimeUnit.SECONDS), "a party did not stop");
                List<String> out = outputs.get(k).get();
                String result = out.stream().filter(l -> l.startsWith("ABORT") || l.startsWith("RESULT")
                        || l.startsWith("ERROR")).findFirst().orElse("none: " + out);
                assertTrue(result.startsWith("ABORT culprit=party-1 "), result);
                assertTrue(result.contains("the certificate of 'bank-a'"), result);
                assertEquals(3, processes.get(k).exitValue(), result);
            }
            long ms = (System.nanoTime() - started) / 1_000_000;
            // The handshake refusal stops them, not the round timeout: well inside it even with two
            // JVMs starting on a loaded machine.
            assertTrue(ms < timeoutMs / 2, "the parties took " + ms + " ms to stop");
            assertEquals(0, impostor.received.get(), "the impostor received protocol messages");
        } finally {
            processes.forEach(Process::destroyForcibly);
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
