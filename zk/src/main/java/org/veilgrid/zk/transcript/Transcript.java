package org.veilgrid.zk.transcript;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.veilgrid.zk.group.RistrettoPoint;
import org.veilgrid.zk.group.Scalar;

/**
 * A Fiat–Shamir transcript: a running SHA-512 chaining value that absorbs every public message
 * of a proof, with labels and lengths, and squeezes challenge scalars from it.
 *
 * <p>Construction (docs/zk.md, "Transcript"): the state is a 64-byte chaining value h.
 * <pre>
 *   new(protocol):        h = SHA-512("veilgrid-transcript-v1" || 0x00 || enc(protocol))
 *   append(label, data):  h = SHA-512(h || 0x01 || enc(label) || enc(data))
 *   challenge(label):     c = SHA-512(h || 0x02 || enc(label));  h = SHA-512(h || 0x03 || enc(label))
 *                         returns c reduced mod ℓ (64 bytes, bias below 2^-250)
 *   enc(x) = 8-byte big-endian length of x || x
 * </pre>
 * The operation byte separates appends from challenges, the length prefixes make every
 * sequence of (label, data) pairs decode uniquely, and the protocol label at creation separates
 * domains. Since challenge outputs and the next state are two independent hashes of the state,
 * a challenge reveals nothing about later ones. Each proof type starts its transcript with its
 * own protocol label and appends its parameters (sizes, generators' label) before any message.
 *
 * <p>Not thread-safe; one transcript per proof run.
 */
public final class Transcript {
    private static final byte[] VERSION = "veilgrid-transcript-v1".getBytes(StandardCharsets.US_ASCII);
    private static final byte OP_INIT = 0, OP_APPEND = 1, OP_CHALLENGE = 2, OP_NEXT = 3;

    private byte[] state;

    public Transcript(String protocol) {
        MessageDigest md = sha512();
        md.update(VERSION);
        md.update(OP_INIT);
        putBytes(md, protocol.getBytes(StandardCharsets.UTF_8));
        state = md.digest();
    }

    private Transcript(byte[] state) {
        this.state = state;
    }

    /** An independent copy (e.g. to verify several proofs that share a prefix). */
    public Transcript fork() {
        return new Transcript(state.clone());
    }

    private static MessageDigest sha512() {
        try {
            return MessageDigest.getInstance("SHA-512");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-512 missing from the JDK", e);
        }
    }

    private static void putBytes(MessageDigest md, byte[] b) {
        long len = b.length;
        for (int i = 7; i >= 0; i--) {
            md.update((byte) (len >>> (8 * i)));
        }
        md.update(b);
    }

    /** Absorbs labelled bytes. */
    public Transcript append(String label, byte[] data) {
        MessageDigest md = sha512();
        md.update(state);
        md.update(OP_APPEND);
        putBytes(md, label.getBytes(StandardCharsets.UTF_8));
        putBytes(md, data);
        state = md.digest();
        return this;
    }

    public Transcript append(String label, RistrettoPoint p) {
        return append(label, p.encode());
    }

    public Transcript append(String label, Scalar s) {
        return append(label, s.toBytes());
    }

    public Transcript append(String label, long value) {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (value >>> (56 - 8 * i));
        }
        return append(label, b);
    }

    public Transcript append(String label, String value) {
        return append(label, value.getBytes(StandardCharsets.UTF_8));
    }

    /** Squeezes a challenge scalar and advances the state. */
    public Scalar challengeScalar(String label) {
        byte[] l = label.getBytes(StandardCharsets.UTF_8);
        MessageDigest md = sha512();
        md.update(state);
        md.update(OP_CHALLENGE);
        putBytes(md, l);
        byte[] c = md.digest();
        md.update(state);
        md.update(OP_NEXT);
        putBytes(md, l);
        state = md.digest();
        return Scalar.fromBytesWide(c);
    }
}
