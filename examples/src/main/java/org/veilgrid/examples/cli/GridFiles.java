package org.veilgrid.examples.cli;

import java.nio.charset.StandardCharsets;
import org.veilgrid.core.text.SafeText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.identity.AgentKey;
import org.veilgrid.core.identity.AgentKeyFile;
import org.veilgrid.core.identity.AgentPublicKey;
import org.veilgrid.core.io.LocalFiles;

/**
 * Files of {@code veil grid} in a setup folder, beside each party's TLS identity (NAME.pem,
 * NAME.key): a node's Ed25519 promise key, NAME.promise.key (PEM "PRIVATE KEY", owner-only) and
 * NAME.promise.pub (PEM "PUBLIC KEY"), which clients pin to judge the node's promises. Both are
 * {@link AgentKeyFile}s: a secret key where a public one is expected is refused by name, and the
 * raw 32-byte key files of earlier versions are refused.
 */
final class GridFiles {
    private static final String SECRET_SUFFIX = ".promise.key";
    private static final String PUBLIC_SUFFIX = ".promise.pub";

    private GridFiles() {
    }

    /** A party name usable as a file name in the setup folder (no path separators, no leading dot). */
    static String checkName(String name, String option) {
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw new ParameterException(option + " must be 1 to 64 letters, digits, '.', '_' or '-', starting with a"
                    + " letter or digit, got '" + SafeText.abbreviate(String.valueOf(name), 80) + "'");
        }
        return name;
    }

    static void writePromiseKey(Path dir, String name, AgentKey key) {
        LocalFiles.write(dir.resolve(name + SECRET_SUFFIX), AgentKeyFile.encodeSecret(key), true);
        LocalFiles.write(dir.resolve(name + PUBLIC_SUFFIX), AgentKeyFile.encodePublic(key.publicKey()), false);
    }

    /** The node's own promise key, which it signs with. */
    static AgentKey readPromiseKey(Path dir, String name) {
        Path file = existing(dir.resolve(name + SECRET_SUFFIX), name);
        return AgentKeyFile.decodeSecret(LocalFiles.printable(file), keyFile(file));
    }

    /** The node's public promise key, which a client pins. */
    static AgentPublicKey readPromisePublicKey(Path dir, String name) {
        Path file = existing(dir.resolve(name + PUBLIC_SUFFIX), name);
        return AgentKeyFile.decodePublic(LocalFiles.printable(file), keyFile(file));
    }

    private static Path existing(Path file, String name) {
        if (!Files.exists(file)) {
            throw new ParameterException("no promise key for '" + name + "' in " + LocalFiles.printable(file.getParent())
                    + " (" + LocalFiles.printable(file.getFileName()) + "): only the nodes 'veil grid setup' made have one");
        }
        return file;
    }

    /** A key file's bytes; the raw 32-byte files of earlier versions are refused with what to do instead. */
    private static byte[] keyFile(Path file) {
        byte[] b = LocalFiles.readBounded(file, AgentKeyFile.MAX_LENGTH);
        if (b.length == 32) {
            throw new MalformedInputException(LocalFiles.printable(file), "is a raw 32-byte promise key of an earlier veil"
                    + " version; it is not read, because a secret seed and a public key cannot be told apart by their bytes."
                    + " Make the setup folder again with 'veil grid setup' (promise keys are now PEM files)");
        }
        return b;
    }

    /** --node-key: 64 hex digits, or a PEM public key file (NAME.promise.pub from 'veil grid setup'). */
    static AgentPublicKey parseNodeKey(String value) {
        if (value.matches("[0-9a-fA-F]{64}")) {
            return AgentPublicKey.of(HexFormat.of().parseHex(value));
        }
        Path file = Path.of(value);
        if (!Files.isRegularFile(file)) {
            throw new ParameterException("--node-key must be 64 hex digits or a PEM public key file"
                    + " (NAME.promise.pub from 'veil grid setup'); no such file: " + SafeText.abbreviate(value, 200));
        }
        return AgentKeyFile.decodePublic(LocalFiles.printable(file), keyFile(file));
    }

    /** Bytes as text for a terminal: UTF-8, with control and formatting characters escaped. */
    /**
     * Whether a model file holds a neural model's weights (it starts with "VGNN"); anything else
     * is read as an n-gram model, whose own decoder reports what is wrong with it.
     */
    static boolean isNeuralModel(Path file) {
        try (var in = java.nio.file.Files.newInputStream(file)) {
            byte[] head = in.readNBytes(4);
            return java.util.Arrays.equals(head, new byte[] {'V', 'G', 'N', 'N'});
        } catch (java.io.IOException e) {
            return false; // the model's own reader reports the file's problem
        }
    }

    static String printable(byte[] bytes) {
        return SafeText.escape(new String(bytes, StandardCharsets.UTF_8));
    }
}
