package org.veilgrid.examples.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import org.veilgrid.fhe.bfv.BatchEncoder;
import org.veilgrid.fhe.bfv.BfvCodec;
import org.veilgrid.fhe.bfv.BfvContext;
import org.veilgrid.fhe.bfv.BfvParameters;
import org.veilgrid.fhe.bfv.BfvPreset;
import org.veilgrid.fhe.bfv.Ciphertext;
import org.veilgrid.fhe.bfv.Decryptor;
import org.veilgrid.fhe.bfv.Encryptor;
import org.veilgrid.fhe.bfv.Evaluator;
import org.veilgrid.fhe.bfv.GaloisKeys;
import org.veilgrid.fhe.bfv.KeyGenerator;
import org.veilgrid.fhe.bfv.Plaintext;
import org.veilgrid.fhe.bfv.PreparedPlaintext;
import org.veilgrid.fhe.bfv.PublicKey;
import org.veilgrid.fhe.bfv.RelinKeys;
import org.veilgrid.fhe.bfv.SecretKey;

/** {@code veil fhe bench}: a quick timing of each BFV operation (JMH's BfvBenchmark is the record). */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Time each BFV operation in milliseconds, with SEAL's default 128-bit moduli for N and",
            "a 20-bit batching prime t (the parameters the native peer run compares; docs/BENCHMARKS.md).",
            "A quick check: JMH BfvBenchmark and the peer run are the figures of record."})
public final class FheBenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--preset", description = "Parameter preset: ${COMPLETION-CANDIDATES} (default N8192).")
    BfvPreset preset;

    @Option(names = "--n", description = "Ring degree: 4096, 8192, 16384 or 32768 (another way to pick the preset).")
    Integer n;

    @Option(names = "--plain-modulus", description = "Plaintext modulus t (default: the largest 20-bit prime = 1 mod 2N).")
    Long plainModulus;

    @Option(names = "--seconds", defaultValue = "1.0", description = "Timed seconds per operation (default ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--threads", description = {"Threads for the operations that spread their RNS rows (products,",
        "rotations); default: the available cores (${DEFAULT-VALUE} here is 0 = that). Every operation",
        "is timed on one thread first, to compare with single-threaded peers; with more than one",
        "thread those operations are timed again and reported apart, named 'op[N threads]'."},
            defaultValue = "0")
    int threads;

    @Option(names = "--json", description = "Print a JSON array.")
    boolean json;

    @Override
    public Integer call() {
        if (!(seconds > 0 && seconds <= 60)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--seconds must lie in (0, 60], got " + seconds);
        }
        if (threads < 0 || threads > 1024) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--threads must lie in [1, 1024] (0: the available cores), got " + threads);
        }
        int threadCount = threads == 0 ? org.veilgrid.fhe.Parallelism.availableCores() : threads;
        BfvPreset chosen = choosePreset();
        long t = plainModulus != null ? plainModulus : org.veilgrid.kernels.Primes.nttPrimes(20, chosen.n(), 1).get(0);
        BfvParameters params = BfvParameters.preset(chosen, t);
        BfvContext ctx;
        try {
            ctx = BfvContext.create(params);
        } catch (org.veilgrid.core.errors.ParameterException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--plain-modulus " + t + ": " + e.getMessage());
        }
        KeyGenerator kg = new KeyGenerator(ctx);
        SecretKey sk = kg.secretKey();
        PublicKey pk = kg.publicKey(sk);
        RelinKeys rk = kg.relinKeys(sk);
        GaloisKeys gk = kg.galoisKeys(sk, List.of(1), false);
        Encryptor enc = new Encryptor(ctx);
        Decryptor dec = new Decryptor(ctx, sk);
        Evaluator ev = new Evaluator(ctx);
        long[] values = new long[ctx.n()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (i * 7919L) % params.plainModulus();
        }
        Plaintext plain = new BatchEncoder(ctx).encode(values);
        Ciphertext a = enc.encrypt(pk, plain);
        Ciphertext b = enc.encrypt(pk, plain);
        Map<String, Supplier<Object>> ops = new LinkedHashMap<>();
        ops.put("keygen", () -> {
            KeyGenerator g = new KeyGenerator(ctx);
            SecretKey s = g.secretKey();
            g.publicKey(s);
            return g.relinKeys(s);
        });
        Ciphertext acc = enc.encrypt(pk, plain);
        ops.put("keygenSecret", kg::secretKey);
        ops.put("keygenPublic", () -> kg.publicKey(sk));
        ops.put("keygenRelin", () -> kg.relinKeys(sk));
        ops.put("keygenGalois1", () -> kg.galoisKeys(sk, List.of(1), false));
        ops.put("encryptPublic", () -> enc.encrypt(pk, plain));
        ops.put("encryptSymmetric", () -> enc.encryptSymmetric(sk, plain));
        ops.put("decrypt", () -> dec.decrypt(a));
        ops.put("add", () -> ev.add(a, b));
        ops.put("addInPlace", () -> {
            ev.addInPlace(acc, b);
            return acc;
        });
        Ciphertext destination = ev.add(a, b);
        ops.put("addInto", () -> {
            ev.add(a, b, destination);
            return destination;
        });
        ops.put("multiplyPlain", () -> ev.multiplyPlain(a, plain));
        PreparedPlaintext prepared = ev.prepare(plain);
        ops.put("multiplyPlainPrepared", () -> {
            ev.multiplyPlain(a, prepared, destination);
            return destination;
        });
        ops.put("multiplyRelinearize", () -> ev.multiply(a, b, rk));
        ops.put("rotateRows", () -> ev.rotateRows(a, 1, gk));
        ops.put("encodeCiphertext", () -> BfvCodec.encode(a));
        org.veilgrid.fhe.Parallelism pool = org.veilgrid.fhe.Parallelism.threads(threadCount);
        Map<String, Integer> threadsOf = new LinkedHashMap<>();
        ops.keySet().forEach(op -> threadsOf.put(op, 1));
        if (threadCount > 1) {
            Evaluator wide = new Evaluator(ctx, pool);
            String suffix = "[" + threadCount + " threads]";
            ops.put("multiplyRelinearize" + suffix, () -> wide.multiply(a, b, rk));
            ops.put("rotateRows" + suffix, () -> wide.rotateRows(a, 1, gk));
            threadsOf.put("multiplyRelinearize" + suffix, threadCount);
            threadsOf.put("rotateRows" + suffix, threadCount);
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        PrintWriter err = spec.commandLine().getErr();
        err.println("veil fhe bench: " + params + ", " + seconds + " s per operation, single thread"
                + (threadCount > 1 ? " then " + threadCount + " threads" : ""));
        Object sink = null;
        try {
            for (Map.Entry<String, Supplier<Object>> op : ops.entrySet()) {
                long warmEnd = System.nanoTime() + (long) (Math.max(0.3, seconds / 4) * 1e9);
                while (System.nanoTime() < warmEnd) {
                    sink = op.getValue().get();
                }
                long count = 0;
                long start = System.nanoTime();
                long end = start + (long) (seconds * 1e9);
                long now;
                do {
                    sink = op.getValue().get();
                    count++;
                    now = System.nanoTime();
                } while (now < end);
                double micros = (now - start) / 1e3 / count;
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("preset", chosen.name());
                row.put("n", chosen.n());
                row.put("plainModulus", t);
                row.put("op", op.getKey());
                row.put("threads", threadsOf.get(op.getKey()));
                row.put("ms", micros / 1000);
                row.put("opsPerSec", 1e6 / micros);
                rows.add(row);
                err.printf("  %-32s %12.3f ms%n", op.getKey(), micros / 1000);
            }
        } finally {
            pool.close();
        }
        if (sink == null) {
            throw new IllegalStateException("benchmark produced nothing");
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.pretty(rows));
        } else {
            out.printf("BFV %s (%s), kernels: %s%n", chosen, params, org.veilgrid.kernels.Kernels.get().describe());
            for (Map<String, Object> r : rows) {
                out.printf("  %-32s %12.3f ms  %,12.0f ops/s%n", r.get("op"), (double) r.get("ms"), (double) r.get("opsPerSec"));
            }
        }
        return Main.EXIT_OK;
    }

    private BfvPreset choosePreset() {
        BfvPreset byN = null;
        if (n != null) {
            for (BfvPreset p : BfvPreset.values()) {
                if (p.n() == n) {
                    byN = p;
                }
            }
            if (byN == null) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "--n must be 4096, 8192, 16384 or 32768, got " + n);
            }
            if (preset != null && preset != byN) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "--n " + n + " and --preset " + preset + " disagree; give one of them");
            }
            return byN;
        }
        return preset != null ? preset : BfvPreset.N8192;
    }
}
