package org.veilgrid.zk.cbor;

import java.nio.charset.StandardCharsets;

import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import com.upokecenter.numbers.EInteger;
import org.veilgrid.core.cbor.Cbor;
import org.veilgrid.core.cbor.CborItems;
import org.veilgrid.core.cbor.CborProfile;
import org.veilgrid.core.cbor.OlderFormats;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.zk.group.RistrettoPoint;
import org.veilgrid.zk.group.Scalar;

/**
 * The zk module's CBOR pieces on top of {@link CborItems}: group elements and scalars as 32-byte
 * strings read with their strict decoders (RFC 9496 canonical points, scalars below ℓ),
 * unsigned 64-bit integers, and the versioned arrays the unsigned zk files are.
 *
 * <p>Each unsigned file is one array whose element 0 is its format version; {@link #openFile}
 * reads that first, so a file of another version is refused by naming both versions, and a
 * file in the byte formats of earlier Veilgrid versions (which began with a four-letter magic
 * such as {@code VGFP}) is named as such rather than reported as a CBOR error.
 */
public final class ZkItems {

    /** The current version of every zk file format (1 was the byte format before CBOR/COSE). */
    public static final int VERSION = 2;

    /** The length of an encoded point or scalar. */
    public static final int ELEMENT_BYTES = 32;

    private ZkItems() {
    }

    /** A point as a 32-byte string. */
    public static CBORObject point(RistrettoPoint p) {
        return CBORObject.FromObject(p.encode());
    }

    /** A canonically encoded Ristretto255 point (RFC 9496 decoding: every other encoding is refused). */
    public static RistrettoPoint point(CBORObject item, String field) {
        byte[] b = CborItems.bytes(item, ELEMENT_BYTES, field);
        RistrettoPoint p = RistrettoPoint.decodeOrNull(b, 0);
        if (p == null) {
            throw new MalformedInputException(field, "is not a canonical Ristretto255 point");
        }
        return p;
    }

    /** A scalar as its 32-byte canonical encoding. */
    public static CBORObject scalar(Scalar s) {
        return CBORObject.FromObject(s.toBytes());
    }

    /** A canonical scalar (32 bytes, little-endian, below ℓ). */
    public static Scalar scalar(CBORObject item, String field) {
        byte[] b = CborItems.bytes(item, ELEMENT_BYTES, field);
        try {
            return Scalar.fromCanonicalBytes(b);
        } catch (MalformedInputException e) {
            throw new MalformedInputException(field, "is not a canonical scalar", e);
        }
    }

    /** An unsigned 64-bit value (Java's long read as unsigned) as a CBOR unsigned integer. */
    public static CBORObject unsigned64(long value) {
        return value >= 0 ? CBORObject.FromObject(value) : CBORObject.FromObject(EInteger.FromInt64AsUnsigned(value));
    }

    /** An unsigned integer below 2^64, returned as the long with those 64 bits. */
    public static long unsigned64(CBORObject item, String field) {
        if (item == null || item.getType() != CBORType.Integer || item.isTagged()) {
            throw new MalformedInputException(field, "expected an unsigned integer");
        }
        EInteger v = item.AsEIntegerValue();
        if (v.signum() < 0 || v.GetUnsignedBitLengthAsInt64() > 64) {
            throw new MalformedInputException(field, "is not an unsigned 64-bit integer");
        }
        return v.ToInt64Unchecked();
    }

    /** UTF-8 text of at most {@code maxBytes} bytes (the limit is on the encoding, as it was on the wire). */
    public static String utf8(CBORObject item, int maxBytes, String field) {
        String s = CborItems.text(item, maxBytes, field);
        int bytes = s.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > maxBytes) {
            throw new MalformedInputException(field, "is " + bytes + " bytes of UTF-8; at most " + maxBytes);
        }
        return s;
    }

    /**
     * An array of at most {@code max} elements.
     */
    public static CBORObject list(CBORObject item, int min, int max, String field) {
        if (item == null || item.getType() != CBORType.Array || item.isTagged()) {
            throw new MalformedInputException(field, "expected an array");
        }
        if (item.size() < min || item.size() > max) {
            throw new MalformedInputException(field, "has " + item.size() + " elements; expected " + min + " to " + max);
        }
        return item;
    }

    /**
     * Reads an unsigned zk file: one deterministic CBOR array within {@code profile} whose element 0
     * is {@link #VERSION} and which has exactly {@code elements} elements (the version included).
     *
     * @param what        names the file's format in messages, e.g. {@code "fulfilment proof"}
     * @param olderMagic  the four letters the version-1 byte format of this file began with
     * @throws MalformedInputException for a file of another version (naming it), a file of the
     *         version-1 byte format, or anything that is not the expected array
     */
    public static CBORObject openFile(byte[] bytes, CborProfile profile, String what, String olderMagic, int elements) {
        refuseOlderFormat(bytes, what, olderMagic, "a CBOR array");
        if (bytes.length > 0 && (bytes[0] & 0xe0) != 0x80) {
            throw new MalformedInputException(what, "is not a version-" + VERSION + " " + what + " (a CBOR array):"
                    + " not CBOR, or a file of another kind or of an older Veilgrid format");
        }
        CBORObject item = Cbor.decode(bytes, profile, what);
        if (item.getType() != CBORType.Array || item.isTagged() || item.size() < 1) {
            throw new MalformedInputException(what, "expected a non-empty array");
        }
        CBORObject version = item.get(0);
        if (version.getType() != CBORType.Integer || version.isTagged() || !version.CanValueFitInInt64()) {
            throw new MalformedInputException(what + " version", "expected an integer");
        }
        long v = version.AsInt64Value();
        if (v != VERSION) {
            throw new MalformedInputException(what, "is a version-" + v + " " + what + "; this Veilgrid reads version "
                    + VERSION);
        }
        return CborItems.array(item, elements, what);
    }

    /**
     * Refuses, naming the version, a file in the version-1 byte format: four magic letters, then
     * the version byte. Those files are not read (issue #14 replaced the format); the message
     * says what to do instead of reporting a CBOR error on the first byte.
     *
     * @param expected what a current file is, for the message (e.g. "a COSE_Sign1")
     */
    public static void refuseOlderFormat(byte[] bytes, String what, String olderMagic, String expected) {
        OlderFormats.refuse(bytes, what, olderMagic, VERSION, expected);
    }
}
