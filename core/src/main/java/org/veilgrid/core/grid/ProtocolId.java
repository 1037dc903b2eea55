package org.veilgrid.core.grid;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;

import org.veilgrid.core.errors.MalformedInputException;

/**
 * A protocol CID (pCID): the CIDv1 of a protocol's specification document — version 1, codec
 * {@code raw} (0x55), multihash sha2-256 (0x12, 32 bytes) of the document's exact bytes. Naming a
 * protocol by the hash of its spec means two agents that agree on the pCID agree on the rules,
 * and any change to the rules is a new protocol.
 */
public final class ProtocolId {

    private static final int CID_V1 = 0x01;
    private static final int RAW = 0x55;
    private static final int SHA2_256 = 0x12;
    private static final int DIGEST_BYTES = 32;
    /** version, codec, hash function, digest length, then the digest. */
    public static final int BYTES = 4 + DIGEST_BYTES;

    private final byte[] cid;

    private ProtocolId(byte[] cid) {
        this.cid = cid;
    }

    /** The pCID of a specification document with exactly these bytes. */
    public static ProtocolId ofDocument(byte[] document) {
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256").digest(document);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
        byte[] cid = new byte[BYTES];
        cid[0] = CID_V1;
        cid[1] = RAW;
        cid[2] = SHA2_256;
        cid[3] = DIGEST_BYTES;
        System.arraycopy(digest, 0, cid, 4, DIGEST_BYTES);
        return new ProtocolId(cid);
    }

    /**
     * Reads the binary CID.
     *
     * @throws MalformedInputException unless it is a CIDv1, raw codec, sha2-256 multihash
     */
    public static ProtocolId fromBytes(byte[] cid) {
        if (cid == null || cid.length != BYTES) {
            throw MalformedInputException.wrongLength("protocol CID", BYTES, cid == null ? 0 : cid.length);
        }
        if (cid[0] != CID_V1 || cid[1] != RAW || cid[2] != SHA2_256 || cid[3] != DIGEST_BYTES) {
            throw new MalformedInputException("protocol CID", "not a CIDv1 with raw codec and a sha2-256 multihash");
        }
        return new ProtocolId(cid.clone());
    }

    /** The binary CID (36 bytes). */
    public byte[] bytes() {
        return cid.clone();
    }

    /** The multibase base32 text form ({@code b...}, lower case, no padding), as IPFS tools print it. */
    public String toBase32() {
        final String alphabet = "abcdefghijklmnopqrstuvwxyz234567";
        StringBuilder out = new StringBuilder("b");
        int buffer = 0;
        int bits = 0;
        for (byte b : cid) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(alphabet.charAt((buffer >>> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(alphabet.charAt((buffer << (5 - bits)) & 31));
        }
        return out.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProtocolId p && Arrays.equals(cid, p.cid);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(cid);
    }

    @Override
    public String toString() {
        return toBase32();
    }

    /** Hex of the binary CID, for logs and docs. */
    public String hex() {
        return HexFormat.of().formatHex(cid).toLowerCase(Locale.ROOT);
    }
}
