package org.veilgrid.grid.promise;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Set;
import java.util.function.Function;
import org.veilgrid.core.cbor.CborProfile;
import org.veilgrid.core.cbor.OlderFormats;
import org.veilgrid.core.cose.Signed;
import org.veilgrid.core.cose.StatementType;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.errors.VerificationFailedException;
import org.veilgrid.core.identity.AgentKey;
import org.veilgrid.core.identity.AgentPublicKey;
import org.veilgrid.core.identity.KeyFingerprint;

/**
 * What the grid's two signed statements (promise, receipt) share: reading one against the node key
 * the reader expects, refusing the byte format of version 1 by name, and their size bounds.
 */
final class GridStatements {
    /** The version of the grid's signed statements; 1 was a fixed byte layout behind a magic. */
    static final int VERSION = 2;

    /**
     * Signs only to measure: every COSE_Sign1 of a statement has the same length whoever signs it
     * (a 32-byte key id, a 64-byte signature), so the length of the largest statement signed by
     * this key is the bound for all.
     */
    private static final AgentKey SIZING_KEY = AgentKey.fromSeed(new byte[AgentKey.SEED_BYTES]);

    private GridStatements() {
    }

    /**
     * The bounds a statement is read under: depth 1 (an array of scalars), strings of at most
     * {@code longest} bytes, and 256 bytes in all. That is above the largest promise (104 bytes) or
     * receipt (112), each of which has a fixed shape its decoder checks exactly; the common bound
     * lets a statement of the other kind reach the content-type check and be named as such.
     */
    static CborProfile profile(int longest) {
        return new CborProfile(256, 1, longest, Set.of());
    }

    /** The length of {@code statement}'s COSE_Sign1 (the same for every signer). */
    static <T> int signedLength(T statement, StatementType<T> type) {
        return Signed.sign(statement, type, SIZING_KEY).encoded().length;
    }

    /**
     * The key id a statement names, its headers and content type checked, nothing verified: to
     * tell "signed by another node" from "signature broken" before verifying.
     */
    static <T> KeyFingerprint signerOf(byte[] bytes, StatementType<T> type, String what, String olderMagic) {
        refuseVersion1(bytes, what, olderMagic, type);
        return Signed.keyId(bytes, type);
    }

    /**
     * Verifies a statement signed by {@code node} that names {@code node} as its signer.
     *
     * @throws MalformedInputException if the bytes are not a version-2 statement of this type
     * @throws VerificationFailedException if it is of another type, signed by another key, names
     *         another node, or its signature does not verify
     */
    static <T> Signed<T> verify(byte[] bytes, StatementType<T> type, AgentPublicKey node, Function<T, AgentPublicKey> named,
                                String what, String olderMagic) {
        refuseVersion1(bytes, what, olderMagic, type);
        Signed<T> signed = Signed.verify(bytes, type, node);
        AgentPublicKey claimed = named.apply(signed.statement());
        if (!claimed.equals(node)) {
            throw new VerificationFailedException(what + " signed by " + node.fingerprint() + " names another node, "
                    + claimed.fingerprint());
        }
        return signed;
    }

    /**
     * Refuses, naming its version, a statement in the byte layout of version 1: the magic's four
     * ASCII letters, then the version byte. It is not read; the message says what is expected.
     */
    private static void refuseVersion1(byte[] bytes, String what, String magic, StatementType<?> type) {
        OlderFormats.refuse(bytes, what, magic, VERSION, "a COSE_Sign1 of " + type.contentType());
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
