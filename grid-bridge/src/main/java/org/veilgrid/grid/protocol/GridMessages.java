package org.veilgrid.grid.protocol;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import com.upokecenter.cbor.CBORObject;
import java.util.Set;
import org.veilgrid.core.cbor.CborItems;
import org.veilgrid.core.cbor.CborProfile;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.grid.GridEnvelope;
import org.veilgrid.grid.payment.Payment;
import org.veilgrid.grid.wire.GridMessage;

/**
 * The pieces every byte-completion message shares: the gRPC carrier ({@link GridMessage}, whose
 * only field is the item's bytes) and opening a {@code grid} item for one protocol with a given
 * number of slots.
 */
public final class GridMessages {
    /** Nesting of an envelope: grid tag, array, then a tag-42 link or an array of strings. */
    private static final int DEPTH = 3;

    private GridMessages() {
    }

    /** The gRPC message carrying {@code item}. */
    public static GridMessage wrap(byte[] item) {
        return GridMessage.newBuilder().setGrid(ByteString.copyFrom(item)).build();
    }

    /**
     * The item's bytes from a gRPC message.
     *
     * @param what names the message in errors, e.g. "completion request"
     * @throws MalformedInputException for a message of version 1 (protobuf fields, whose field 1 was
     *         the version number; it parses here as an unknown field), naming that version
     */
    public static byte[] unwrap(GridMessage message, String what) {
        UnknownFieldSet unknown = message.getUnknownFields();
        if (!unknown.asMap().isEmpty()) {
            UnknownFieldSet.Field first = unknown.getField(1);
            if (first != null && first.getVarintList().size() == 1) {
                long version = first.getVarintList().get(0);
                throw new MalformedInputException(what, "is a version-" + Long.toUnsignedString(version) + " message"
                        + " (protobuf fields, before grid envelopes); this Veilgrid speaks version 2 (a grid item,"
                        + " docs/protocols): the other side runs an older Veilgrid");
            }
            throw new MalformedInputException(what, "is not a grid message (unexpected protobuf fields " + unknown.asMap().keySet() + ")");
        }
        return message.getGrid().toByteArray();
    }

    /** A profile for an envelope of at most {@code maxBytes}, no string or array longer than {@code maxLength}. */
    static CborProfile profile(int maxBytes, int maxLength) {
        return GridEnvelope.profile(new CborProfile(maxBytes, DEPTH, maxLength, Set.of()));
    }

    /**
     * Opens a grid item that must be of protocol {@code expected} with exactly {@code slots} slots
     * after slot 0.
     *
     * @throws MalformedInputException if it is not a grid item within {@code profile}, names an
     *         unknown protocol or another one, or has another number of slots
     */
    static GridEnvelope open(byte[] bytes, GridProtocol expected, CborProfile profile, int slots, String what) {
        GridEnvelope envelope;
        try {
            envelope = GridEnvelope.decode(bytes, GridProtocol.KNOWN, profile);
        } catch (MalformedInputException e) {
            throw new MalformedInputException(what, e.getMessage(), e);
        }
        if (!envelope.protocol().equals(expected.id())) {
            throw new MalformedInputException(what, "is a message of protocol " + GridProtocol.of(envelope.protocol()).title()
                    + " (" + envelope.protocol() + "), not of " + expected.title() + " (" + expected.id() + ")");
        }
        if (envelope.slots().size() != slots) {
            throw new MalformedInputException(what, "has " + envelope.slots().size() + " slots after the protocol; "
                    + expected.title() + " gives it " + slots);
        }
        return envelope;
    }

    /** The most bytes a promise or receipt slot holds (both statements stay well below it). */
    public static final int MAX_STATEMENT_BYTES = 512;

    /** A payment slot: the payment's array, or null. */
    static CBORObject payment(Payment payment) {
        return payment == null ? CBORObject.Null : payment.toCbor();
    }

    /** Reads a payment slot: null, or a payment-2 array. */
    static Payment payment(CBORObject slot, String what) {
        return slot.isNull() ? null : Payment.fromCbor(slot, what + " payment");
    }

    /** Reads a promise or receipt slot: the COSE_Sign1 bytes, verified later against the pinned key. */
    static byte[] statement(CBORObject slot, String field) {
        return CborItems.bytes(slot, 1, MAX_STATEMENT_BYTES, field);
    }
}
