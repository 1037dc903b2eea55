package org.veilgrid.examples.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.veilgrid.core.io.LocalFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import org.veilgrid.fhe.bfv.BfvCodec;
import org.veilgrid.fhe.bfv.BfvContext;
import org.veilgrid.fhe.bfv.BfvParameters;
import org.veilgrid.fhe.bfv.BfvPreset;
import org.veilgrid.fhe.bfv.KeyGenerator;
import org.veilgrid.fhe.bfv.SecretKey;

/** {@code veil fhe keygen}: a parameter file and a full key set in a directory. */
@Command(name = "keygen", mixinStandardHelpOptions = true,
        description = "Make BFV keys: params.bin, secret.key (owner-only), public.key, relin.key, galois.key."
                + " Refuses to replace existing key files unless --force.")
public final class FheKeygenCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--preset", defaultValue = "N8192",
            description = "Parameter preset at 128-bit security: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    BfvPreset preset;

    @Option(names = "--out", required = true, description = "Directory for the key files (created if missing).")
    Path out;

    @Option(names = "--force", description = "Replace existing key files in the directory (the old keys are lost).")
    boolean force;

    @Option(names = "--json", description = "Print a JSON summary.")
    boolean json;

    @Override
    public Integer call() {
        if (!force) {
            // check every file first, so that a refusal leaves the old key set whole
            for (String f : FheKeyFiles.ALL) {
                if (LocalFiles.exists(out.resolve(f))) {
                    throw new org.veilgrid.core.errors.ParameterException(LocalFiles.printable(out.resolve(f))
                            + " already exists; refusing to replace the keys there (ciphertexts made for them could"
                            + " no longer be decrypted); pass --force to replace them");
                }
            }
        }
        long start = System.nanoTime();
        BfvParameters params = BfvParameters.preset(preset);
        BfvContext ctx = BfvContext.create(params);
        KeyGenerator kg = new KeyGenerator(ctx);
        SecretKey sk = kg.secretKey();
        spec.commandLine().getErr().println("veil fhe keygen: " + params + "; writing keys to " + LocalFiles.printable(out));
        write(FheKeyFiles.PARAMS, BfvCodec.encode(params), false);
        write(FheKeyFiles.SECRET, BfvCodec.encode(sk), true);
        byte[] pk = BfvCodec.encode(kg.publicKey(sk));
        write(FheKeyFiles.PUBLIC, pk, false);
        byte[] rk = BfvCodec.encode(kg.relinKeys(sk));
        write(FheKeyFiles.RELIN, rk, false);
        byte[] gk = BfvCodec.encode(kg.galoisKeys(sk));
        write(FheKeyFiles.GALOIS, gk, false);
        double seconds = (System.nanoTime() - start) / 1e9;
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("preset", preset.name());
            o.put("n", params.n());
            o.put("logQ", params.logQ());
            o.put("plainModulus", params.plainModulus());
            o.put("directory", out.toString());
            o.put("keyId", sk.keyId().toString());
            o.put("publicKeyBytes", pk.length);
            o.put("relinKeyBytes", rk.length);
            o.put("galoisKeyBytes", gk.length);
            o.put("seconds", seconds);
            spec.commandLine().getOut().println(Json.pretty(o));
        } else {
            spec.commandLine().getOut().printf("keys for %s in %s (%.1f s): key %s, public %,d B, relin %,d B,"
                    + " galois %,d B%n", params, LocalFiles.printable(out), seconds, sk.keyId(), pk.length, rk.length,
                    gk.length);
        }
        return Main.EXIT_OK;
    }

    /** Without --force a file is created only if absent; a secret never through a symbolic link. */
    private void write(String name, byte[] bytes, boolean secret) {
        if (force) {
            LocalFiles.write(out.resolve(name), bytes, secret);
        } else {
            LocalFiles.writeNew(out.resolve(name), bytes, secret);
        }
    }
}
