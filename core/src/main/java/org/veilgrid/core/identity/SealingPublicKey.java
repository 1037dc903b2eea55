package org.veilgrid.core.identity;

import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.XECPublicKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPublicKeySpec;
import java.util.Arrays;
import java.util.HexFormat;

import com.upokecenter.cbor.CBORObject;
import org.veilgrid.core.cbor.CborItems;
import org.veilgrid.core.errors.MalformedInputException;

/**
 * An X25519 public key (RFC 7748) that others encrypt to: shares sealed for a committee member,
 * anything meant for one participant only. Travels as its 32-byte little-endian u-coordinate.
 */
public final class SealingPublicKey {
    /** Encoded length. */
    public static final int BYTES = 32;
    private final byte[] u;

    private SealingPublicKey(byte[] u) {
        this.u = u;
    }

    /**
     * A key from its 32 bytes.
     *
     * @throws MalformedInputException if the length is wrong or the point is of small order (all
     *         agreements with it would give a known secret)
     */
    public static SealingPublicKey of(byte[] encoded) {
        if (encoded == null || encoded.length != BYTES) {
            throw new MalformedInputException("sealing key", "is not " + BYTES + " bytes");
        }
        byte[] copy = encoded.clone();
        if (isSmallOrder(copy)) {
            throw new MalformedInputException("sealing key", "is a point of small order");
        }
        return new SealingPublicKey(copy);
    }

    /** The key of a JDK X25519 public key. */
    public static SealingPublicKey of(PublicKey key) {
        if (!(key instanceof XECPublicKey x) || !(x.getParams() instanceof NamedParameterSpec p)
                || !p.getName().equalsIgnoreCase("X25519")) {
            throw new MalformedInputException("sealing key", "is not an X25519 key");
        }
        byte[] be = x.getU().toByteArray();
        byte[] le = new byte[BYTES];
        for (int i = 0; i < BYTES && i < be.length; i++) {
            le[i] = be[be.length - 1 - i];
        }
        return of(le);
    }

    /** The key as a JDK public key, for key agreement. */
    public PublicKey toPublicKey() {
        return rawToPublicKey(u);
    }

    /** A JDK X25519 public key from a little-endian u-coordinate (no checks). */
    static PublicKey rawToPublicKey(byte[] le) {
        byte[] be = new byte[BYTES];
        for (int i = 0; i < BYTES; i++) {
            be[i] = le[BYTES - 1 - i];
        }
        try {
            return KeyFactory.getInstance("XDH").generatePublic(
                    new XECPublicKeySpec(NamedParameterSpec.X25519, new BigInteger(1, be)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("X25519 is not available in this JDK", e);
        }
    }

    /** The 32 bytes. */
    public byte[] encoded() {
        return u.clone();
    }

    /** As a CBOR byte string. */
    public CBORObject toCbor() {
        return CBORObject.FromObject(u);
    }

    /** Reads a key written by {@link #toCbor()}. */
    public static SealingPublicKey fromCbor(CBORObject item, String field) {
        byte[] b = CborItems.bytes(item, BYTES, field);
        try {
            return of(b);
        } catch (MalformedInputException e) {
            throw new MalformedInputException(field, "is not a usable X25519 public key", e);
        }
    }

    /** All-zero or one of the few small-order u-coordinates (RFC 7748 §7 warns of them). */
    private static boolean isSmallOrder(byte[] le) {
        byte[] masked = le.clone();
        masked[31] &= 0x7f;
        BigInteger v = new BigInteger(1, reverse(masked));
        BigInteger p = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(19));
        v = v.mod(p);
        return v.signum() == 0 || v.equals(BigInteger.ONE) || v.equals(p.subtract(BigInteger.ONE))
                || v.equals(new BigInteger("325606250916557431795983626356110631294008115727848805560023387167927233504"))
                || v.equals(new BigInteger("39382357235489614581723060781553021112529911719440698176882885853963445705823"));
    }

    private static byte[] reverse(byte[] b) {
        byte[] r = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            r[i] = b[b.length - 1 - i];
        }
        return r;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SealingPublicKey k && Arrays.equals(u, k.u);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(u);
    }

    @Override
    public String toString() {
        return "SealingPublicKey(" + HexFormat.of().formatHex(u, 0, 8) + "…)";
    }
}
