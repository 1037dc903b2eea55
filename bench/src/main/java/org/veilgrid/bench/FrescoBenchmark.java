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
import java.security.SecureRandom;
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
import dk.alexandra.fresco.framework.util.AesCtrDrbg;
import dk.alexandra.fresco.framework.value.SInt;
import dk.alexandra.fresco.lib.common.compare.Comparison;
import dk.alexandra.fresco.suite.ProtocolSuiteNumeric;
import dk.alexandra.fresco.suite.dummy.arithmetic.DummyArithmeticProtocolSuite;
import dk.alexandra.fresco.suite.dummy.arithmetic.DummyArithmeticResourcePoolImpl;
import dk.alexandra.fresco.suite.spdz.SpdzProtocolSuite;
import dk.alexandra.fresco.suite.spdz.SpdzResourcePoolImpl;
import dk.alexandra.fresco.suite.spdz.storage.SpdzDummyDataSupplier;
import dk.alexandra.fresco.suite.spdz.storage.SpdzOpenedValueStoreImpl;
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
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * FRESCO 1.3.4 (dk.alexandra.fresco) on the operations of {@link MpcBenchmark}, 3 parties on
 * loopback in this JVM, as the peer in the same run, with two suites ({@code suite}):
 * <ul>
 * <li>{@code dummy}: the dummy-arithmetic suite, which has no security at all (values travel in
 * the clear) and so measures FRESCO's evaluator, builders and network alone — a lower bound on
 * the cost of any FRESCO suite;</li>
 * <li>{@code spdz}: the SPDZ suite (malicious security with abort, dishonest majority; MAC check
 * on every opened value before any output and at the end of each application), online phase
 * only. Its preprocessing (triples, random bits) comes from FRESCO's insecure
 * {@code SpdzDummyDataSupplier} and is drawn before each timed operation, untimed
 * ({@link PrecomputedSpdzSupplier}); real preprocessing (MASCOT) would cost far more and is not
 * counted. Each party's MAC key share is its own random field element.</li>
 * </ul>
 * FRESCO's SocketNetwork is plain TCP, without TLS. One operation is one batch, multiplications
 * or less-than comparisons of 64-bit values (maxBitLength 64, as FRESCO's own SPDZ tests), in
 * the field p = 2^127 - 1. Batches are smaller than MpcBenchmark's because FRESCO keeps an
 * object per value; compare the derived rates (batch / time).
 *
 * <p>Setup runs each operation once untimed and opens 16 of its results, which must equal the
 * cleartext product or comparison, so a misconfigured suite stops the run instead of being
 * timed. An earlier version of this harness reported SPDZ as failing its own MAC check
 * ({@code MaliciousException: The sum of delta's was not 0 ... amongst 2000 macs}, for 1 000
 * multiplications): it built the inputs once and then handed party 1's input shares to all
 * three parties' applications, harmless in the dummy suite (every party holds the clear value)
 * but, under SPDZ, three copies of one party's shares and MAC shares, which open to a wrong
 * value whose MAC does not match. The check caught it correctly; each party now computes on its
 * own shares.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgs = {"-Xmx6g"})
public class FrescoBenchmark {

    private static final int PARTIES = 3;

    /** Operands checked against the cleartext after the first run of each operation. */
    private static final int CHECKED = 16;

    @Param({"dummy", "spdz"})
    public String suite;

    @Param({"100000"})
    public int multiplications;

    @Param({"1000"})
    public int comparisons;

    private final List<SecureComputationEngine<ResourcePool, ProtocolBuilderNumeric>> engines = new ArrayList<>();
    private final List<ResourcePool> pools = new ArrayList<>();
    private final List<SocketNetwork> networks = new ArrayList<>();
    /** SPDZ only: each party's preprocessing, filled between timed operations. */
    private final List<PrecomputedSpdzSupplier> suppliers = new ArrayList<>();
    private PrecomputedSpdzSupplier.Counts multiplyNeeds;
    private PrecomputedSpdzSupplier.Counts lessThanNeeds;
    private ExecutorService threads;
    /**
     * Per party: its own shares of x and y (SPDZ shares and MACs differ between parties).
     * Package-private, as is {@link #runAll}, for FrescoBenchmarkTest.
     */
    List<List<DRes<SInt>>[]> inputs;

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
        SecureRandom keys = new SecureRandom();
        for (int i = 1; i <= PARTIES; i++) {
            networks.add(connecting.get(i - 1).get(60, TimeUnit.SECONDS));
            ProtocolSuiteNumeric s;
            ResourcePool pool;
            switch (suite) {
                case "dummy" -> {
                    s = new DummyArithmeticProtocolSuite(field, 64, 16);
                    pool = new DummyArithmeticResourcePoolImpl(i, PARTIES, field);
                }
                case "spdz" -> {
                    // maxBitLength 64 and fixed-point precision 16 as FRESCO's own SPDZ tests
                    // (AbstractSpdzTest). Each party's MAC key share alpha_i is its own random
                    // field element; the dummy supplier MACs every value x as x * alpha_i, so the
                    // shares sum to x * alpha for alpha = the sum of the alpha_i.
                    s = new SpdzProtocolSuite(64, 16);
                    BigInteger keyShare = new BigInteger(field.getBitLength() + 64, keys).mod(field.getModulus());
                    PrecomputedSpdzSupplier supplier =
                            new PrecomputedSpdzSupplier(new SpdzDummyDataSupplier(i, PARTIES, field, keyShare));
                    suppliers.add(supplier);
                    pool = new SpdzResourcePoolImpl(i, PARTIES, new SpdzOpenedValueStoreImpl(), supplier,
                            AesCtrDrbg::new);
                }
                default -> throw new IllegalArgumentException("suite must be dummy or spdz, got " + suite);
            }
            pools.add(pool);
            engines.add(new SecureComputationEngineImpl(s, new BatchedProtocolEvaluator(new BatchedStrategy(), s, 4096)));
        }
        int m = Math.max(multiplications, comparisons);
        inputs = runAll(party -> builder -> {
            List<DRes<SInt>> xs = new ArrayList<>();
            List<DRes<SInt>> ys = new ArrayList<>();
            for (int k = 0; k < m; k++) {
                xs.add(builder.numeric().input(x(k), 1));
                ys.add(builder.numeric().input(y(k), 2));
            }
            return () -> new List[] {xs, ys};
        });
        // One untimed run of each operation, its results opened at CHECKED places and compared
        // with the cleartext: a misconfigured suite (or one whose MAC check fails) stops the
        // benchmark here instead of timing garbage. For SPDZ the same run counts the
        // preprocessing one operation consumes, which refill() then draws before each timed one.
        suppliers.forEach(PrecomputedSpdzSupplier::consumed); // the inputs are not part of an operation
        checkOutputs("multiply", runMultiply(), multiplications, k -> x(k).multiply(y(k)));
        multiplyNeeds = consumedBySpdz("multiply");
        checkOutputs("lessThan", runLessThan(), comparisons, k -> x(k).compareTo(y(k)) < 0 ? BigInteger.ONE : BigInteger.ZERO);
        lessThanNeeds = consumedBySpdz("lessThan");
        // These two runs drew their preprocessing on the fly; from here on it is filled ahead.
        suppliers.forEach(PrecomputedSpdzSupplier::resetFallThroughs);
    }

    /** Party 1's operand x_k (both operands are non-negative and below 2^62). */
    static BigInteger x(int k) {
        return BigInteger.valueOf((k * 0x9E3779B97F4A7C15L) >>> 2);
    }

    /** Party 2's operand y_k. */
    static BigInteger y(int k) {
        return BigInteger.valueOf(((k + 7) * 0xC2B2AE3D27D4EB4FL) >>> 2);
    }

    private void checkOutputs(String op, List<List<DRes<SInt>>> outputs, int n,
            java.util.function.IntFunction<BigInteger> expected) throws Exception {
        int[] places = new int[CHECKED];
        for (int j = 0; j < CHECKED; j++) {
            places[j] = (int) ((long) j * (n - 1) / (CHECKED - 1));
        }
        List<List<BigInteger>> opened = runAll(party -> builder -> {
            List<DRes<BigInteger>> values = new ArrayList<>();
            for (int place : places) {
                values.add(builder.numeric().open(outputs.get(party).get(place)));
            }
            return () -> values.stream().map(DRes::out).toList();
        });
        for (int party = 0; party < PARTIES; party++) {
            for (int j = 0; j < CHECKED; j++) {
                BigInteger want = expected.apply(places[j]);
                BigInteger got = opened.get(party).get(j);
                if (!want.equals(got)) {
                    throw new IllegalStateException(suite + " " + op + " is wrong at element " + places[j]
                            + " for party " + (party + 1) + ": opened " + got + ", cleartext " + want);
                }
            }
        }
    }

    /** SPDZ: what the operation just run took from each party's supplier (the same for all). */
    private PrecomputedSpdzSupplier.Counts consumedBySpdz(String op) {
        PrecomputedSpdzSupplier.Counts first = null;
        for (PrecomputedSpdzSupplier s : suppliers) {
            PrecomputedSpdzSupplier.Counts c = s.consumed();
            if (first != null && !first.equals(c)) {
                throw new IllegalStateException(op + ": parties consumed different preprocessing: " + first + " vs " + c);
            }
            first = c;
        }
        if (first != null) {
            System.out.println("# FRESCO spdz " + op + " consumes per operation: " + first);
        }
        return first;
    }

    /**
     * SPDZ: draws, untimed, the triples and bits the coming operation will use (from FRESCO's
     * dummy supplier), so that the timed operation is SPDZ's online phase alone.
     */
    @Setup(Level.Invocation)
    public void refill(BenchmarkParams params) throws Exception {
        if (suppliers.isEmpty()) {
            return;
        }
        PrecomputedSpdzSupplier.Counts needs = params.getBenchmark().endsWith(".multiply") ? multiplyNeeds : lessThanNeeds;
        List<Future<?>> filling = new ArrayList<>();
        for (PrecomputedSpdzSupplier s : suppliers) {
            filling.add(threads.submit(() -> {
                s.requireDrained();
                s.consumed();
                s.fill(needs);
            }));
        }
        for (Future<?> f : filling) {
            f.get();
        }
    }

    /** Runs one application on all parties at once, each party its own; returns each party's output. */
    <T> List<T> runAll(java.util.function.IntFunction<Application<T, ProtocolBuilderNumeric>> appForParty)
            throws Exception {
        List<Future<T>> futures = new ArrayList<>();
        for (int i = 0; i < PARTIES; i++) {
            int p = i;
            Application<T, ProtocolBuilderNumeric> app = appForParty.apply(p);
            futures.add(threads.submit(() -> engines.get(p).runApplication(app, pools.get(p), networks.get(p),
                    java.time.Duration.ofMinutes(10))));
        }
        List<T> out = new ArrayList<>();
        for (Future<T> f : futures) {
            out.add(f.get());
        }
        return out;
    }

    private List<List<DRes<SInt>>> runMultiply() throws Exception {
        return runAll(party -> builder -> builder.par(par -> {
            List<DRes<SInt>>[] in = inputs.get(party);
            List<DRes<SInt>> out = new ArrayList<>(multiplications);
            for (int k = 0; k < multiplications; k++) {
                out.add(par.numeric().mult(in[0].get(k), in[1].get(k)));
            }
            return () -> out;
        }));
    }

    private List<List<DRes<SInt>>> runLessThan() throws Exception {
        return runAll(party -> builder -> builder.par(par -> {
            List<DRes<SInt>>[] in = inputs.get(party);
            List<DRes<SInt>> out = new ArrayList<>(comparisons);
            for (int k = 0; k < comparisons; k++) {
                out.add(Comparison.using(par).compareLT(in[0].get(k), in[1].get(k)));
            }
            return () -> out;
        }));
    }

    @Benchmark
    public Object multiply() throws Exception {
        return runMultiply();
    }

    @Benchmark
    public Object lessThan() throws Exception {
        return runLessThan();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        for (PrecomputedSpdzSupplier s : suppliers) {
            if (s.fallThroughs() > 0) {
                System.out.println("# FRESCO spdz: " + s.fallThroughs()
                        + " preprocessed values were generated on the fly after setup, not filled ahead (in a benchmark:"
                        + " inside timed operations)");
            }
        }
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
