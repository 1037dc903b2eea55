package org.veilgrid.core.cbor;

import java.util.Objects;

import com.upokecenter.cbor.CBOREncodeOptions;
import com.upokecenter.cbor.CBORException;
import com.upokecenter.cbor.CBORObject;
import org.veilgrid.core.errors.MalformedInputException;

/**
 * Deterministic CBOR (RFC 8949 §4.2.1, "core deterministic encoding"): the one encoding every
 * Veilgrid statement, signature structure and grid envelope uses.
 *
 * <p>Items are {@link CBORObject}s of Peter Occil's CBOR library (com.upokecenter:cbor), whose
 * encoder already writes the deterministic form: shortest heads, definite lengths, map keys
 * sorted bytewise by their encodings. Decoding is strict: {@link DeterministicScan} first proves
 * the bytes are the one deterministic encoding of one item within the format's
 * {@link CborProfile}, then the library builds the item. So {@code encode(decode(b))} equals
 * {@code b} for every accepted {@code b}, which is what lets a signature over bytes stand for a
 * signature over the statement.
 */
public final class Cbor {

    /** Decoding options: duplicates are already refused by the scan; keep the library strict too. */
    private static final CBOREncodeOptions DECODE = new CBOREncodeOptions("allowduplicatekeys=false");

    private Cbor() {
    }

    /** The deterministic encoding of {@code item}. */
    public static byte[] encode(CBORObject item) {
        return Objects.requireNonNull(item, "item").EncodeToBytes();
    }

    /**
     * Decodes exactly one deterministically encoded item within {@code profile}.
     *
     * @param what names the input in error messages (e.g. {@code "completion promise"})
     * @throws MalformedInputException naming the first rule the bytes break: empty, too large,
     *         truncated, trailing bytes, indefinite length, a long form, unsorted or duplicate map
     *         keys, a tag the profile does not allow, a float or other simple value, nesting or a
     *         length beyond the profile, invalid UTF-8 in a text string
     */
    public static CBORObject decode(byte[] bytes, CborProfile profile, String what) {
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(profile, "profile");
        DeterministicScan.check(bytes, profile, what);
        try {
            return CBORObject.DecodeFromBytes(bytes, DECODE);
        } catch (CBORException e) {
            // What remains after the scan is content the library refuses, e.g. invalid UTF-8.
            throw new MalformedInputException(what, "not valid CBOR (" + e.getMessage() + ")", e);
        }
    }
}
