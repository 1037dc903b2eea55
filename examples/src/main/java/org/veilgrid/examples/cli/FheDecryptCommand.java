package org.veilgrid.examples.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import org.veilgrid.fhe.bfv.BatchEncoder;
import org.veilgrid.fhe.bfv.BfvContext;
import org.veilgrid.fhe.bfv.Ciphertext;
import org.veilgrid.fhe.bfv.Decryptor;

/** {@code veil fhe decrypt}: a ciphertext file back to its slot values. */
@Command(name = "decrypt", mixinStandardHelpOptions = true,
        description = "Decrypt a ciphertext with secret.key and print its first slots and noise budget.")
public final class FheDecryptCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--keys", required = true, description = "Key directory from `veil fhe keygen`.")
    Path keys;

    @Option(names = "--in", required = true, description = "Ciphertext file.")
    Path in;

    @Option(names = "--count", defaultValue = "16", description = "How many slots to print (default ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() {
        BfvContext ctx = FheKeyFiles.context(keys);
        if (count < 0 || count > ctx.n()) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--count must lie in [0, N = " + ctx.n() + "], got " + count);
        }
        Decryptor dec = new Decryptor(ctx, FheKeyFiles.secretKey(ctx, keys));
        Ciphertext c = FheKeyFiles.ciphertext(ctx, in);
        double budget = dec.noiseBudget(c);
        long[] slots = Arrays.copyOf(new BatchEncoder(ctx).decode(dec.decrypt(c)), count);
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("values", Arrays.stream(slots).boxed().toList());
            o.put("noiseBudgetBits", budget);
            o.put("level", c.level());
            spec.commandLine().getOut().println(Json.pretty(o));
        } else {
            spec.commandLine().getOut().println(Arrays.toString(slots).replaceAll("[\\[\\]]", ""));
            spec.commandLine().getErr().printf("noise budget %.1f bits, level %d%n", budget, c.level());
        }
        return Main.EXIT_OK;
    }
}
