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
import org.veilgrid.fhe.bfv.PublicKey;
import org.veilgrid.fhe.bfv.RelinKeys;
import org.veilgrid.fhe.bfv.SecretKey;

/** {@code veil fhe bench}: a quick timing of each BFV operation (JMH's BfvBenchmark is the record). */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Time each BFV operation on a preset (a quick check: the JMH BfvBenchmark in bench/",
            "and bench/seal/run.sh, which puts SEAL beside it, are the figures of record)."})
public final class FheBenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--preset", defaultValue = "N8192",
            description = "Parameter preset: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    BfvPreset preset;

    @Option(names = "--seconds", defaultValue = "1.0", description = "Timed seconds per operation (default ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--json", description = "Print a JSON array.")
    boolean json;

    @Override
    public Integer call() {
        if (!(seconds > 0 && seconds <= 60)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--seconds must lie in (0, 60], got " + seconds);
        }
        BfvParameters params = BfvParameters.preset(preset);
        BfvContext ctx = BfvContext.create(params);
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
        ops.put("encryptPublic", () -> enc.encrypt(pk, plain));
        ops.put("encryptSymmetric", () -> enc.encryptSymmetric(sk, plain));
        ops.put("decrypt", () -> dec.decrypt(a));
        ops.put("add", () -> ev.add(a, b));
        ops.put("multiplyPlain", () -> ev.multiplyPlain(a, plain));
        ops.put("multiplyRelinearize", () -> ev.multiply(a, b, rk));
        ops.put("rotateRows", () -> ev.rotateRows(a, 1, gk));
        ops.put("encodeCiphertext", () -> BfvCodec.encode(a));
        List<Map<String, Object>> rows = new ArrayList<>();
        PrintWriter err = spec.commandLine().getErr();
        err.println("veil fhe bench: " + params + ", " + seconds + " s per operation");
        Object sink = null;
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
            row.put("preset", preset.name());
            row.put("op", op.getKey());
            row.put("micros", micros);
            row.put("opsPerSec", 1e6 / micros);
            rows.add(row);
            err.printf("  %-20s %12.1f µs%n", op.getKey(), micros);
        }
        if (sink == null) {
            throw new IllegalStateException("benchmark produced nothing");
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.pretty(rows));
        } else {
            out.printf("BFV %s (%s), native kernels %s%n", preset, params, org.veilgrid.kernels.Kernels.get().describe());
            for (Map<String, Object> r : rows) {
                out.printf("  %-20s %12.1f µs  %,12.0f ops/s%n", r.get("op"), (double) r.get("micros"), (double) r.get("opsPerSec"));
            }
        }
        return Main.EXIT_OK;
    }
}
