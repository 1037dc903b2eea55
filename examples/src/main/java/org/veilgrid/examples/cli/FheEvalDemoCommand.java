package org.veilgrid.examples.cli;

import java.io.PrintWriter;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
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
import org.veilgrid.fhe.bfv.LinearAlgebra;
import org.veilgrid.fhe.bfv.RelinKeys;
import org.veilgrid.fhe.bfv.SecretKey;
import org.veilgrid.kernels.Modulus;

/**
 * {@code veil fhe eval-demo}: the shape of an encrypted model query. A client encrypts a query
 * vector; a server applies a plaintext matrix (a linear layer) and squares the result (an
 * activation) without seeing either; the result is switched to the smallest modulus and the
 * client decrypts and checks it against the same computation in the clear.
 */
@Command(name = "eval-demo", mixinStandardHelpOptions = true,
        description = "Encrypt a random vector, apply a random matrix and a squaring homomorphically,"
                + " decrypt and check against the cleartext computation.")
public final class FheEvalDemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--preset", defaultValue = "N8192",
            description = "Parameter preset: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    BfvPreset preset;

    @Option(names = "--dim", defaultValue = "64", description = "Vector dimension, a power of two up to N/2 (default ${DEFAULT-VALUE}).")
    int dim;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    private final List<Map<String, Object>> steps = new ArrayList<>();
    private long last;

    private void step(String name, String detail) {
        long now = System.nanoTime();
        double ms = (now - last) / 1e6;
        last = now;
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("step", name);
        s.put("millis", ms);
        s.put("detail", detail);
        steps.add(s);
        spec.commandLine().getErr().printf("  %-22s %9.1f ms  %s%n", name, ms, detail);
    }

    @Override
    public Integer call() {
        BfvParameters params = BfvParameters.preset(preset);
        if (dim < 1 || Integer.bitCount(dim) != 1 || dim > params.n() / 2) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--dim must be a power of two from 1 to N/2 = " + params.n() / 2 + ", got " + dim);
        }
        spec.commandLine().getErr().println("veil fhe eval-demo: " + params);
        last = System.nanoTime();
        BfvContext ctx = BfvContext.create(params);
        long t = params.plainModulus();
        Modulus tm = Modulus.of(t);
        KeyGenerator kg = new KeyGenerator(ctx);
        SecretKey sk = kg.secretKey();
        RelinKeys rk = kg.relinKeys(sk);
        GaloisKeys gk = kg.galoisKeys(sk);
        step("keygen", "secret, public, relinearization and " + gk.size() + " Galois keys");

        SecureRandom rnd = new SecureRandom();
        long[] query = rnd.longs(dim, 0, 16).toArray();
        long[][] matrix = new long[dim][];
        for (int i = 0; i < dim; i++) {
            matrix[i] = rnd.longs(dim, 0, 16).toArray();
        }
        LinearAlgebra la = new LinearAlgebra(ctx);
        Ciphertext c = new Encryptor(ctx).encryptSymmetric(sk, la.encodeVector(query));
        int sent = BfvCodec.encode(c).length;
        step("encrypt query", dim + " values, " + sent + " bytes on the wire");

        Evaluator ev = new Evaluator(ctx);
        Ciphertext y = la.matVec(c, matrix, gk);
        step("matrix x vector", dim + " x " + dim + " plaintext matrix, diagonal method");
        Ciphertext z = ev.square(y, rk);
        step("square", "ciphertext product + relinearization");
        // Switching down scales the noise with the modulus until it meets the rounding floor
        // (about t·N), so the answer can shrink to the smallest modulus that stays well above it.
        int floorBits = 64 - Long.numberOfLeadingZeros(t) + Integer.numberOfTrailingZeros(params.n()) + 50;
        Ciphertext r = z;
        java.math.BigInteger remaining = java.math.BigInteger.ONE;
        java.util.List<Long> primes = params.ciphertextPrimes();
        for (long q : primes) {
            remaining = remaining.multiply(java.math.BigInteger.valueOf(q));
        }
        for (int i = primes.size() - 1; i > 0; i--) {
            java.math.BigInteger after = remaining.divide(java.math.BigInteger.valueOf(primes.get(i)));
            if (after.bitLength() < floorBits) {
                break;
            }
            r = ev.modSwitchToNext(r);
            remaining = after;
        }
        int returned = BfvCodec.encode(r).length;
        step("modulus switch", "dropped " + r.level() + " prime(s): " + returned + " bytes back");

        Decryptor dec = new Decryptor(ctx, sk);
        double budget = dec.noiseBudget(r);
        if (budget < 1) {
            spec.commandLine().getErr().println("veil fhe eval-demo: " + preset + " has too little noise budget for a matrix"
                    + " product followed by a squaring (its " + ctx.primeCount() + " ciphertext primes give about "
                    + (int) new Decryptor(ctx, sk).noiseBudget(c) + " bits; each step costs about 30); use N8192 or larger");
            return Main.EXIT_FAILED;
        }
        long[] got = la.decodeVector(dec.decrypt(r), dim);
        step("decrypt", String.format("noise budget left %.1f bits", budget));

        long[] expected = new long[dim];
        for (int i = 0; i < dim; i++) {
            long acc = 0;
            for (int j = 0; j < dim; j++) {
                acc = tm.add(acc, tm.mul(matrix[i][j], query[j]));
            }
            expected[i] = tm.mul(acc, acc);
        }
        boolean ok = Arrays.equals(expected, got);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("ok", ok);
            o.put("preset", preset.name());
            o.put("dim", dim);
            o.put("queryBytes", sent);
            o.put("resultBytes", returned);
            o.put("noiseBudgetBits", budget);
            o.put("steps", steps);
            out.println(Json.pretty(o));
        } else {
            out.printf("eval-demo %s: (M·x)^2 for a %d-dimensional encrypted x: %s; query %,d B, answer %,d B,"
                    + " %.1f bits of budget left%n", preset, dim, ok ? "matches the cleartext" : "MISMATCH", sent, returned, budget);
        }
        return ok ? Main.EXIT_OK : Main.EXIT_FAILED;
    }
}
