package org.veilgrid.examples.cli;

import java.nio.charset.StandardCharsets;
import org.veilgrid.core.text.SafeText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.io.LocalFiles;
import org.veilgrid.zk.promise.AgentKeys;

/**
 * Files of {@code veil grid} in a setup folder, beside each party's TLS identity (NAME.pem,
 * NAME.key): a node's Ed25519 promise key, NAME.promise.key (the 32-byte seed, owner-only) and
 * NAME.promise.pub (the 32-byte public key), which clients pin to judge the node's promises.
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

    static void writePromiseKey(Path dir, String name, AgentKeys keys) {
        LocalFiles.write(dir.resolve(name + SECRET_SUFFIX), keys.seed(), true);
        LocalFiles.write(dir.resolve(name + PUBLIC_SUFFIX), keys.publicKey(), false);
    }

    /** The node's own promise key, which it signs with. */
    static AgentKeys readPromiseKey(Path dir, String name) {
        return AgentKeys.fromSeed(read32(dir.resolve(name + SECRET_SUFFIX), name));
    }

    /** The node's public promise key, which a client pins. */
    static byte[] readPromisePublicKey(Path dir, String name) {
        return read32(dir.resolve(name + PUBLIC_SUFFIX), name);
    }

    private static byte[] read32(Path file, String name) {
        if (!Files.exists(file)) {
            throw new ParameterException("no promise key for '" + name + "' in " + file.getParent() + " (" + file.getFileName()
                    + "): only the nodes 'veil grid setup' made have one");
        }
        byte[] b = LocalFiles.readBounded(file, AgentKeys.PUBLIC_LENGTH);
        if (b.length != AgentKeys.PUBLIC_LENGTH) {
            throw new MalformedInputException(file.toString(), "a promise key file holds 32 bytes, not " + b.length);
        }
        return b;
    }

    /** --node-key: 64 hex digits, or a file holding the 32-byte public key. */
    static byte[] parseNodeKey(String value) {
        if (value.matches("[0-9a-fA-F]{64}")) {
            return HexFormat.of().parseHex(value);
        }
        Path file = Path.of(value);
        if (!Files.isRegularFile(file)) {
            throw new ParameterException("--node-key must be 64 hex digits or a 32-byte public key file"
                    + " (NAME.promise.pub from 'veil grid setup'); no such file: " + SafeText.abbreviate(value, 200));
        }
        byte[] b = LocalFiles.readBounded(file, AgentKeys.PUBLIC_LENGTH);
        if (b.length != AgentKeys.PUBLIC_LENGTH) {
            throw new MalformedInputException(file.toString(), "a public key file holds 32 bytes, not " + b.length);
        }
        return b;
    }

    /** Bytes as text for a terminal: UTF-8, with control and formatting characters escaped. */
    static String printable(byte[] bytes) {
        return SafeText.escape(new String(bytes, StandardCharsets.UTF_8));
    }
}
