package org.veilgrid.examples.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.identity.AgentKey;
import org.veilgrid.core.identity.AgentPublicKey;
import org.veilgrid.core.io.LocalFiles;
import org.veilgrid.zk.bulletproofs.RangeProofBundle;
import org.veilgrid.core.identity.AgentKeyFile;
import org.veilgrid.zk.promise.FulfilmentProof;
import org.veilgrid.zk.promise.Promise;
import org.veilgrid.zk.promise.Receipt;
import org.veilgrid.zk.promise.TermOpenings;

/**
 * Files of {@code veil zk}: agent keys (NAME.key, the secret key as PEM "PRIVATE KEY", owner-only;
 * NAME.pub, the public key as PEM "PUBLIC KEY"; see {@link AgentKeyFile}), promises and receipts
 * (COSE_Sign1), proofs and openings (secret) (versioned deterministic CBOR), in the zk module's
 * encodings. Every file is read with the bound its format allows, so a wrong path (a device, a
 * huge file) fails at once. Promises and receipts are verified as they are read.
 */
final class ZkFiles {
    /** A values file: 64 unsigned 64-bit decimals with separators, and room for comments. */
    static final long MAX_VALUES_FILE_BYTES = 4096;

    private ZkFiles() {
    }

    private static String name(Path file) {
        return LocalFiles.printable(file);
    }

    static Promise readPromise(Path file) {
        return Promise.fromBytes(LocalFiles.readBounded(file, Promise.MAX_LENGTH));
    }

    static Receipt readReceipt(Path file) {
        return Receipt.fromBytes(LocalFiles.readBounded(file, Receipt.MAX_LENGTH));
    }

    static FulfilmentProof readProof(Path file) {
        return FulfilmentProof.fromBytes(LocalFiles.readBounded(file, FulfilmentProof.MAX_LENGTH));
    }

    static TermOpenings readOpenings(Path file) {
        return TermOpenings.fromBytes(LocalFiles.readBounded(file, TermOpenings.MAX_LENGTH));
    }

    static RangeProofBundle readRangeProof(Path file) {
        return RangeProofBundle.fromBytes(LocalFiles.readBounded(file, RangeProofBundle.MAX_LENGTH));
    }

    /** A secret key file (NAME.key); a public key file here is refused. */
    static AgentKey readSecretKey(Path file) {
        return AgentKeyFile.decodeSecret(name(file), LocalFiles.readBounded(file, AgentKeyFile.MAX_LENGTH));
    }

    /** A public key file (NAME.pub); a secret key file here is refused, so it is never published. */
    static AgentPublicKey readPublicKey(Path file) {
        return AgentKeyFile.decodePublic(name(file), LocalFiles.readBounded(file, AgentKeyFile.MAX_LENGTH));
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    /**
     * The private values of a command: from the command line (visible to other users in
     * {@code ps}) or from a file or standard input ({@code -}), exactly one of the two.
     *
     * @param inline the command-line values, or null
     * @param file the values file or "-", or null
     * @param separator how a file's items are separated (a regex)
     */
    static java.util.List<String> values(java.util.List<String> inline, String inlineOption, String file,
                                         String fileOption, String separator) {
        if ((inline == null) == (file == null)) {
            throw new org.veilgrid.core.errors.ParameterException("give exactly one of " + inlineOption + " and "
                    + fileOption + " (" + fileOption + " keeps the values out of the process list; - reads standard input)");
        }
        if (inline != null) {
            return inline;
        }
        String text = new String(SecretInput.read(file, MAX_VALUES_FILE_BYTES), StandardCharsets.UTF_8);
        java.util.List<String> items = new java.util.ArrayList<>();
        for (String line : text.split("\r?\n")) {
            int hash = line.indexOf('#');
            String content = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (!content.isEmpty()) {
                items.addAll(java.util.List.of(content.split(separator)));
            }
        }
        if (items.isEmpty()) {
            throw new MalformedInputException(SecretInput.describe(file), "holds no values");
        }
        return items;
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
                // the pair may hold a private value: name the option and the position, not the text
                throw new MalformedInputException(option, "item " + (m.size() + 1) + " is not NAME=VALUE");
            }
            String name = p.substring(0, eq);
            long v;
            try {
                v = Long.parseUnsignedLong(p.substring(eq + 1));
            } catch (NumberFormatException e) {
                throw new MalformedInputException(option, "value of '" + LocalFiles.printable(name)
                        + "' is not an unsigned 64-bit integer");
            }
            if (m.put(name, v) != null) {
                throw new MalformedInputException(option, "term '" + LocalFiles.printable(name) + "' given twice");
            }
        }
        return m;
    }
}
