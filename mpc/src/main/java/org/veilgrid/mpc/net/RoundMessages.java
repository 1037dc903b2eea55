package org.veilgrid.mpc.net;

import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.mpc.field.FieldVectors;
import org.veilgrid.mpc.field.Mersenne127;
import org.veilgrid.mpc.wire.AbortNotice;
import org.veilgrid.mpc.wire.ClientInput;
import org.veilgrid.mpc.wire.RoundMessage;

import com.google.protobuf.UnsafeByteOperations;

/**
 * Encoding and strict decoding of the engine's messages. Decoding checks, before anything is
 * used: the version, the session, the sender index against the party count and against the
 * authenticated sender, the element count against the limit and against the byte length, and
 * that every element is below p. Round ids are checked against the receiver's window by
 * {@link PartyNetwork}, which knows where it is.
 */
public final class RoundMessages {

    /** Wire version of every message. */
    public static final int VERSION = 1;

    /** Most elements one message may carry (64 MiB of payload). */
    public static final int MAX_ELEMENTS = 1 << 22;

    private RoundMessages() {
    }

    /** A round message carrying elements [0, count) of the packed vector. */
    public static RoundMessage encode(long session, long round, int sender, long[] elements, int count) {
        return RoundMessage.newBuilder()
                .setVersion(VERSION)
                .setSession(session)
                .setRound(round)
                .setSender(sender)
                .setCount(count)
                .setElements(UnsafeByteOperations.unsafeWrap(FieldVectors.toBytes(elements, 0, count)))
                .build();
    }

    /**
     * The elements of a round message, after every check.
     *
     * @param expectedSender the index of the party whose certificate sent it
     */
    public static long[] decode(RoundMessage m, long session, int parties, int expectedSender) {
        checkHeader(m.getVersion(), m.getSession(), session, "RoundMessage");
        if (m.getSender() >= parties) {
            throw new MalformedInputException("RoundMessage.sender",
                    "party index " + m.getSender() + " is not below " + parties);
        }
        if (m.getSender() != expectedSender) {
            throw new MalformedInputException("RoundMessage.sender", "claims party " + m.getSender()
                    + " but the TLS certificate is party " + expectedSender + "'s");
        }
        if (m.getRound() == 0) {
            throw new MalformedInputException("RoundMessage.round", "rounds start at 1");
        }
        return elements(m.getCount(), m.getElements(), "RoundMessage.elements");
    }

    /** A client input message carrying {@code count} elements. */
    public static ClientInput encodeInput(long session, String label, long[] elements, int count) {
        return ClientInput.newBuilder()
                .setVersion(VERSION)
                .setSession(session)
                .setLabel(label)
                .setCount(count)
                .setElements(UnsafeByteOperations.unsafeWrap(FieldVectors.toBytes(elements, 0, count)))
                .build();
    }

    /** The elements of a client input, after the same checks as a round message. */
    public static long[] decodeInput(ClientInput m, long session) {
        checkHeader(m.getVersion(), m.getSession(), session, "ClientInput");
        checkLabel(m.getLabel(), "ClientInput.label");
        return elements(m.getCount(), m.getElements(), "ClientInput.elements");
    }

    /** Checks an abort notice's header and sizes. */
    public static void checkAbort(AbortNotice m, long session, int parties) {
        checkHeader(m.getVersion(), m.getSession(), session, "AbortNotice");
        if (m.getSender() >= parties) {
            throw new MalformedInputException("AbortNotice.sender",
                    "party index " + m.getSender() + " is not below " + parties);
        }
        if (m.getReason().length() > 1000 || m.getCulprit().length() > 64) {
            throw new MalformedInputException("AbortNotice", "culprit or reason too long");
        }
    }

    /** Input labels: 1 to 64 printable ASCII characters. */
    public static void checkLabel(String label, String where) {
        if (label.isEmpty() || label.length() > 64) {
            throw new MalformedInputException(where, "label must be 1..64 characters, got " + label.length());
        }
        for (int i = 0; i < label.length(); i++) {
            char c = label.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                throw new MalformedInputException(where, "label must be printable ASCII without spaces");
            }
        }
    }

    private static void checkHeader(int version, long session, long expectedSession, String message) {
        if (version != VERSION) {
            throw new MalformedInputException(message + ".version",
                    "version " + Integer.toUnsignedString(version) + " is not supported (expected " + VERSION + ")");
        }
        if (session != expectedSession) {
            throw new MalformedInputException(message + ".session", "message belongs to another session");
        }
    }

    private static long[] elements(int count, com.google.protobuf.ByteString bytes, String where) {
        if (count < 0 || count > MAX_ELEMENTS) {
            throw new MalformedInputException(where, "element count " + Integer.toUnsignedString(count)
                    + " exceeds the limit " + MAX_ELEMENTS);
        }
        if ((long) bytes.size() != (long) count * Mersenne127.BYTES) {
            throw MalformedInputException.wrongLength(where, (long) count * Mersenne127.BYTES, bytes.size());
        }
        return FieldVectors.fromBytes(bytes.asReadOnlyByteBuffer(), count, where);
    }
}
