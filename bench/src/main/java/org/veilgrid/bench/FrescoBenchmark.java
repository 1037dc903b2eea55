package org.veilgrid.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dk.alexandra.fresco.framework.Application;
import dk.alexandra.fresco.framework.DRes;
import dk.alexandra.fresco.framework.Party;
import dk.alexandra.fresco.framework.builder.numeric.ProtocolBuilderNumeric;
import dk.alexandra.fresco.framework.builder.numeric.field.FieldDefinition;
import dk.alexandra.fresco.framework.builder.numeric.field.BigIntegerFieldDefinition;
import dk.alexandra.fresco.framework.configuration.NetworkConfigurationImpl;
import dk.alexandra.fresco.framework.network.socket.SocketNetwork;
import dk.alexandra.fresco.framework.sce.SecureComputationEngine;
import dk.alexandra.fresco.framework.sce.SecureComputationEngineImpl;
import dk.alexandra.fresco.framework.sce.evaluator.BatchedProtocolEvaluator;
import dk.alexandra.fresco.framework.sce.evaluator.BatchedStrategy;
import dk.alexandra.fresco.framework.sce.resources.ResourcePool;
import dk.alexandra.fresco.framework.value.SInt;
import dk.alexandra.fresco.lib.common.compare.Comparison;
import dk.alexandra.fresco.suite.ProtocolSuiteNumeric;
import dk.alexandra.fresco.suite.dummy.arithmetic.DummyArithmeticProtocolSuite;
import dk.alexandra.fresco.suite.dummy.arithmetic.DummyArithmeticResourcePoolImpl;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * FRESCO 1.3.4 (dk.alexandra.fresco) on the operations of {@link MpcBenchmark}, 3 parties on
 * loopback in this JVM, as the peer in the same run: its dummy-arithmetic suite, which has no
 * security at all (values travel in the clear) and so measures FRESCO's evaluator, builders and
 * network alone — a lower bound on the cost of any FRESCO suite. Its SPDZ suite (1.3.4, the
 * newest on Central) failed its MAC check in this harness with the dummy data supplier, so it is
 * not measured. FRESCO's SocketNetwork is plain TCP, without TLS.
 * One operation is one batch, multiplications or less-than comparisons of 64-bit values.
 * Batches are smaller than MpcBenchmark's because FRESCO keeps an object per value; compare the
 * derived rates (batch / time).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgs = {"-Xmx6g"})
public class FrescoBenchmark {

    private static final int PARTIES = 3;

    @Param({"dummy"})
    public String suite;

    @Param({"100000"})
    public int multiplications;

    @Param({"1000"})
    public int comparisons;

    private final List<SecureComputationEngine<ResourcePool, ProtocolBuilderNumeric>> engines = new ArrayList<>();
    private final List<ResourcePool> pools = new ArrayList<>();
    private final List<SocketNetwork> networks = new ArrayList<>();
    private ExecutorService threads;
    private List<List<DRes<SInt>>[]> inputs;

    @Setup(Level.Trial)
    @SuppressWarnings({"unchecked", "rawtypes"})
    public void setup() throws Exception {
        threads = Executors.newFixedThreadPool(PARTIES);
        int[] ports = freePorts(PARTIES);
        Map<Integer, Party> parties = new HashMap<>();
        for (int i = 1; i <= PARTIES; i++) {
            parties.put(i, new Party(i, "localhost", ports[i - 1]));
        }
        // The same field as Veilgrid's engine, p = 2^127 - 1: room for 64-bit values and 40 bits
        // of statistical masking.
        FieldDefinition field = new BigIntegerFieldDefinition(BigInteger.ONE.shiftLeft(127).subtract(BigInteger.ONE));
        List<Future<SocketNetwork>> connecting = new ArrayList<>();
        for (int i = 1; i <= PARTIES; i++) {
            int id = i;
            connecting.add(threads.submit(() -> new SocketNetwork(new NetworkConfigurationImpl(id, parties))));
        }
        for (int i = 1; i <= PARTIES; i++) {
            networks.add(connecting.get(i - 1).get(60, TimeUnit.SECONDS));
            if (!suite.equals("dummy")) {
                throw new IllegalArgumentException("suite must be dummy, got " + suite);
            }
            ProtocolSuiteNumeric s = new DummyArithmeticProtocolSuite(field, 64, 16);
            ResourcePool pool = new DummyArithmeticResourcePoolImpl(i, PARTIES, field);
            pools.add(pool);
            engines.add(new SecureComputationEngineImpl(s, new BatchedProtocolEvaluator(new BatchedStrategy(), s, 4096)));
        }
        int m = Math.max(multiplications, comparisons);
        inputs = runAll(builder -> {
            List<DRes<SInt>> xs = new ArrayList<>();
            List<DRes<SInt>> ys = new ArrayList<>();
            for (int k = 0; k < m; k++) {
                xs.add(builder.numeric().input(BigInteger.valueOf((k * 0x9E3779B97F4A7C15L) >>> 2), 1));
                ys.add(builder.numeric().input(BigInteger.valueOf(((k + 7) * 0xC2B2AE3D27D4EB4FL) >>> 2), 2));
            }
            return () -> new List[] {xs, ys};
        });
    }

    /** Runs one application on all parties at once; returns each party's output. */
    private <T> List<T> runAll(Application<T, ProtocolBuilderNumeric> app) throws Exception {
        List<Future<T>> futures = new ArrayList<>();
        for (int i = 0; i < PARTIES; i++) {
            int p = i;
            futures.add(threads.submit(() -> engines.get(p).runApplication(app, pools.get(p), networks.get(p),
                    java.time.Duration.ofMinutes(10))));
        }
        List<T> out = new ArrayList<>();
        for (Future<T> f : futures) {
            out.add(f.get());
        }
        return out;
    }

    @Benchmark
    public Object multiply() throws Exception {
        return runAll(builder -> builder.par(par -> {
            List<DRes<SInt>>[] in = inputs.get(0);
            List<DRes<SInt>> out = new ArrayList<>(multiplications);
            for (int k = 0; k < multiplications; k++) {
                out.add(par.numeric().mult(in[0].get(k), in[1].get(k)));
            }
            return () -> out;
        }));
    }

    @Benchmark
    public Object lessThan() throws Exception {
        return runAll(builder -> builder.par(par -> {
            List<DRes<SInt>>[] in = inputs.get(0);
            List<DRes<SInt>> out = new ArrayList<>(comparisons);
            for (int k = 0; k < comparisons; k++) {
                out.add(Comparison.using(par).compareLT(in[0].get(k), in[1].get(k)));
            }
            return () -> out;
        }));
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        for (SecureComputationEngine<?, ?> e : engines) {
            e.close();
        }
        for (SocketNetwork n : networks) {
            n.close();
        }
        threads.shutdownNow();
    }

    private static int[] freePorts(int count) {
        ServerSocket[] sockets = new ServerSocket[count];
        int[] ports = new int[count];
        try {
            for (int i = 0; i < count; i++) {
                sockets[i] = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                ports[i] = sockets[i].getLocalPort();
            }
            for (ServerSocket s : sockets) {
                s.close();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
