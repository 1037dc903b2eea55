package org.veilgrid.examples.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.io.LocalFiles;
import org.veilgrid.fhe.bfv.BatchEncoder;
import org.veilgrid.fhe.bfv.BfvCodec;
import org.veilgrid.fhe.bfv.BfvContext;
import org.veilgrid.fhe.bfv.Ciphertext;
import org.veilgrid.fhe.bfv.Encryptor;
import org.veilgrid.fhe.bfv.Plaintext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code veil fhe encrypt}: integers into slots, encrypted to a file. */
@Command(name = "encrypt", mixinStandardHelpOptions = true,
        description = "Encrypt 1 to N integers (batched into slots, the rest zero) with the public key,"
                + " or with the secret key (--symmetric: half the size).")
public final class FheEncryptCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--keys", required = true, description = "Key directory from `veil fhe keygen`.")
    Path keys;

    @Option(names = "--values", description = "Comma-separated integers in [0, t). Visible to other users in the"
            + " process list: prefer --values-file.")
    String values;

    @Option(names = {"--values-file", "--in"}, paramLabel = "FILE", description = "A text file of integers in [0, t),"
            + " separated by commas or whitespace; - reads standard input.")
    String valuesFile;

    @Option(names = "--out", required = true, description = "Ciphertext file to write.")
    Path out;

    @Option(names = "--symmetric", description = "Encrypt with secret.key (the ciphertext carries a 32-byte seed for c1).")
    boolean symmetric;

    @Override
    public Integer call() {
        if ((values == null) == (valuesFile == null)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "give exactly one of --values and --values-file (--values-file keeps the values out of the process"
                            + " list; - reads standard input)");
        }
        BfvContext ctx = FheKeyFiles.context(keys);
        String where = values != null ? "--values" : SecretInput.describe(valuesFile);
        String text = values != null ? values
                : new String(SecretInput.read(valuesFile, FheKeyFiles.maxValuesBytes(ctx)), StandardCharsets.UTF_8);
        long[] slots = parseSlots(text, ctx.n(), ctx.parameters().plainModulus(), where);
        Plaintext p = new BatchEncoder(ctx).encode(slots);
        Encryptor enc = new Encryptor(ctx);
        Ciphertext c = symmetric
                ? enc.encryptSymmetric(FheKeyFiles.secretKey(ctx, keys), p)
                : enc.encrypt(FheKeyFiles.publicKey(ctx, keys), p);
        byte[] bytes = BfvCodec.encode(c);
        LocalFiles.write(out, bytes, false);
        spec.commandLine().getOut().printf("encrypted %d value(s) into %s (%,d bytes, key %s)%n", countValues(text),
                LocalFiles.printable(out), bytes.length, c.keyId());
        return Main.EXIT_OK;
    }

    private static int countValues(String text) {
        return text.strip().split("[,\\s]+").length;
    }

    /**
     * Parses 1 to N integers; refuses no values at all, non-numbers, out-of-range values and more
     * than N values. Messages give the position, never the text: it may be a private value.
     */
    static long[] parseSlots(String text, int n, long t, String where) {
        long[] slots = new long[n];
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            throw new ParameterException(where + ": no values to encrypt");
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
                throw new MalformedInputException(where + " value " + (i + 1), "is not an integer");
            }
            if (v < 0 || v >= t) {
                throw new MalformedInputException(where + " value " + (i + 1), "lies outside [0, t = " + t + ")");
            }
            slots[i] = v;
        }
        return slots;
    }
}
