package org.veilgrid.examples.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.io.LocalFiles;
import org.veilgrid.zk.promise.AgentKeys;

/**
 * Files of {@code veil zk}: agent keys (NAME.key holds the 32-byte Ed25519 seed, owner-only;
 * NAME.pub the 32-byte public key), promises, receipts, proofs and openings (secret) in the zk
 * module's binary encodings.
 */
final class ZkFiles {
    /** Far above any zk file; stops a wrong path to a huge file early. */
    private static final long MAX_FILE_BYTES = 1L << 20;

    private ZkFiles() {
    }

    static byte[] read(Path file) {
        return LocalFiles.readBounded(file, MAX_FILE_BYTES);
    }

    static AgentKeys readKey(Path file) {
        byte[] seed = read(file);
        if (seed.length != 32) {
            throw new MalformedInputException(file.toString(), "an agent key file holds 32 bytes, not " + seed.length);
        }
        return AgentKeys.fromSeed(seed);
    }

    static byte[] readPublicKey(Path file) {
        byte[] pub = read(file);
        if (pub.length != 32) {
            throw new MalformedInputException(file.toString(), "a public key file holds 32 bytes, not " + pub.length);
        }
        return pub;
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    /** Parses NAME=VALUE pairs (VALUE an unsigned 64-bit decimal). */
    static Map<String, Long> parseTerms(java.util.List<String> pairs, String option) {
        Map<String, Long> m = new LinkedHashMap<>();
        if (pairs == null) {
            return m;
        }
        for (String p : pairs) {
            int eq = p.indexOf('=');
            if (eq <= 0) {
                throw new MalformedInputException(option, "'" + p + "' is not NAME=VALUE");
            }
            String name = p.substring(0, eq);
            long v;
            try {
                v = Long.parseUnsignedLong(p.substring(eq + 1));
            } catch (NumberFormatException e) {
                throw new MalformedInputException(option, "value of '" + name + "' is not an unsigned 64-bit integer");
            }
            if (m.put(name, v) != null) {
                throw new MalformedInputException(option, "term '" + name + "' given twice");
            }
        }
        return m;
    }
}
