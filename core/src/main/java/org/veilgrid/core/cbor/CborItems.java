package org.veilgrid.core.cbor;

import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import org.veilgrid.core.errors.MalformedInputException;

/**
 * Typed reads from a decoded item, each refusing the wrong type or an out-of-range value with a
 * {@link MalformedInputException} naming the field. Statement decoders are written with these,
 * so every field is checked once, the same way.
 */
public final class CborItems {

    private CborItems() {
    }

    /** An array of exactly {@code length} elements. */
    public static CBORObject array(CBORObject item, int length, String field) {
        if (item == null || item.getType() != CBORType.Array || item.isTagged()) {
            throw new MalformedInputException(field, "expected an array");
        }
        if (item.size() != length) {
            throw new MalformedInputException(field, "expected " + length + " elements but found " + item.size());
        }
        return item;
    }

    /** A map (untagged). */
    public static CBORObject map(CBORObject item, String field) {
        if (item == null || item.getType() != CBORType.Map || item.isTagged()) {
            throw new MalformedInputException(field, "expected a map");
        }
        return item;
    }

    /** A byte string of {@code min} to {@code max} bytes. */
    public static byte[] bytes(CBORObject item, int min, int max, String field) {
        if (item == null || item.getType() != CBORType.ByteString || item.isTagged()) {
            throw new MalformedInputException(field, "expected a byte string");
        }
        byte[] b = item.GetByteString();
        if (b.length < min || b.length > max) {
            throw new MalformedInputException(field, min == max ? "expected " + min + " bytes but got " + b.length
                    : "expected " + min + " to " + max + " bytes but got " + b.length);
        }
        return b;
    }

    /** A byte string of exactly {@code length} bytes. */
    public static byte[] bytes(CBORObject item, int length, String field) {
        return bytes(item, length, length, field);
    }

    /** A text string of at most {@code maxChars} characters. */
    public static String text(CBORObject item, int maxChars, String field) {
        if (item == null || item.getType() != CBORType.TextString || item.isTagged()) {
            throw new MalformedInputException(field, "expected a text string");
        }
        String s = item.AsString();
        if (s.length() > maxChars) {
            throw new MalformedInputException(field, "longer than " + maxChars + " characters");
        }
        return s;
    }

    /** An integer in {@code [min, max]}. */
    public static long integer(CBORObject item, long min, long max, String field) {
        if (item == null || item.getType() != CBORType.Integer || item.isTagged() || !item.CanValueFitInInt64()) {
            throw new MalformedInputException(field, "expected an integer");
        }
        long v = item.AsInt64Value();
        if (v < min || v > max) {
            throw new MalformedInputException(field, "value " + v + " is outside [" + min + ", " + max + "]");
        }
        return v;
    }

    /** A boolean. */
    public static boolean bool(CBORObject item, String field) {
        if (item == null || item.getType() != CBORType.Boolean || item.isTagged()) {
            throw new MalformedInputException(field, "expected true or false");
        }
        return item.AsBoolean();
    }
}
