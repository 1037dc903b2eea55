package org.veilgrid.examples.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.veilgrid.core.io.LocalFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.fhe.bfv.BatchEncoder;
import org.veilgrid.fhe.bfv.BfvCodec;
import org.veilgrid.fhe.bfv.BfvContext;
import org.veilgrid.fhe.bfv.Ciphertext;
import org.veilgrid.fhe.bfv.Encryptor;
import org.veilgrid.fhe.bfv.Plaintext;

/** {@code veil fhe encrypt}: integers into slots, encrypted to a file. */
@Command(name = "encrypt", mixinStandardHelpOptions = true,
        description = "Encrypt up to N integers (batched into slots, the rest zero) with the public key,"
                + " or with the secret key (--symmetric: half the size).")
public final class FheEncryptCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--keys", required = true, description = "Key directory from `veil fhe keygen`.")
    Path keys;

    @Option(names = "--values", description = "Comma-separated integers in [0, t).")
    String values;

    @Option(names = "--in", description = "A text file of integers in [0, t), separated by commas or whitespace.")
    Path in;

    @Option(names = "--out", required = true, description = "Ciphertext file to write.")
    Path out;

    @Option(names = "--symmetric", description = "Encrypt with secret.key (the ciphertext carries a 32-byte seed for c1).")
    boolean symmetric;

    @Override
    public Integer call() {
        if ((values == null) == (in == null)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "give exactly one of --values and --in");
        }
        String text = values != null ? values : new String(FheKeyFiles.read(in), StandardCharsets.UTF_8);
        BfvContext ctx = FheKeyFiles.context(keys);
        long[] slots = parseSlots(text, ctx.n(), ctx.parameters().plainModulus(), values != null ? "--values" : in.toString());
        Plaintext p = new BatchEncoder(ctx).encode(slots);
        Encryptor enc = new Encryptor(ctx);
        Ciphertext c = symmetric
                ? enc.encryptSymmetric(BfvCodec.decodeSecretKey(ctx, FheKeyFiles.read(keys.resolve(FheKeyFiles.SECRET))), p)
                : enc.encrypt(BfvCodec.decodePublicKey(ctx, FheKeyFiles.read(keys.resolve(FheKeyFiles.PUBLIC))), p);
        byte[] bytes = BfvCodec.encode(c);
        LocalFiles.write(out, bytes, false);
        spec.commandLine().getOut().printf("encrypted %d value(s) into %s (%,d bytes)%n", countValues(text), out, bytes.length);
        return Main.EXIT_OK;
    }

    private static int countValues(String text) {
        String t = text.trim();
        return t.isEmpty() ? 0 : t.split("[,\\s]+").length;
    }

    /** Parses integers; refuses non-numbers, out-of-range values and more than N values. */
    static long[] parseSlots(String text, int n, long t, String where) {
        long[] slots = new long[n];
        String trimmed = text.trim();
        if (trimmed.isEmpty()) {
            return slots;
        }
        String[] parts = trimmed.split("[,\\s]+");
        if (parts.length > n) {
            throw new MalformedInputException(where, parts.length + " values but only N = " + n + " slots");
        }
        for (int i = 0; i < parts.length; i++) {
            long v;
            try {
                v = Long.parseLong(parts[i]);
            } catch (NumberFormatException e) {
                throw new MalformedInputException(where + " value " + (i + 1), "'" + abbreviate(parts[i]) + "' is not an integer");
            }
            if (v < 0 || v >= t) {
                throw new MalformedInputException(where + " value " + (i + 1), v + " lies outside [0, t = " + t + ")");
            }
            slots[i] = v;
        }
        return slots;
    }

    private static String abbreviate(String s) {
        return s.length() > 20 ? s.substring(0, 20) + "..." : s;
    }
}
