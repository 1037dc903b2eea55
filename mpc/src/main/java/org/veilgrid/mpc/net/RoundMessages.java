package org.veilgrid.mpc.net;

import java.util.ArrayList;
import java.util.List;

import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.mpc.field.FieldVectors;
import org.veilgrid.mpc.field.Mersenne127;
import org.veilgrid.mpc.wire.AbortNotice;
import org.veilgrid.mpc.wire.ClientInput;
import org.veilgrid.mpc.wire.RoundMessage;

import com.google.protobuf.ByteString;
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

    /**
     * Most messages one round's payload to one peer may be split into ({@link #MAX_ELEMENTS}
     * each): a round carries at most 2^26 elements (1 GiB) to a peer.
     */
    public static final int MAX_PARTS = 16;

    private RoundMessages() {
    }

    /** A round message carrying elements [0, count) of the packed vector. */
    public static RoundMessage encode(long session, long round, int sender, long[] elements, int count) {
        return encodePart(session, round, sender, elements, 0, count, 0, 1);
    }

    /**
     * The messages of one round's payload to one peer: elements [0, count) of the packed vector
     * in ⌈count / {@link #MAX_ELEMENTS}⌉ parts (one message when it fits).
     *
     * @throws org.veilgrid.core.errors.ParameterException if it needs more than {@link #MAX_PARTS}
     */
    public static List<RoundMessage> encodeParts(long session, long round, int sender, long[] elements, int count) {
        int parts = Math.max(1, (count + MAX_ELEMENTS - 1) / MAX_ELEMENTS);
        if (parts > MAX_PARTS) {
            throw new ParameterException("round " + round + " would send " + count + " elements to one peer; at most "
                    + (long) MAX_PARTS * MAX_ELEMENTS + " fit in a round: split the batch");
        }
        List<RoundMessage> out = new ArrayList<>(parts);
        for (int k = 0; k < parts; k++) {
            int from = k * MAX_ELEMENTS;
            out.add(encodePart(session, round, sender, elements, from, Math.min(MAX_ELEMENTS, count - from), k, parts));
        }
        return out;
    }

    private static RoundMessage encodePart(long session, long round, int sender, long[] elements, int from, int count,
                                           int part, int parts) {
        RoundMessage.Builder b = RoundMessage.newBuilder()
                .setVersion(VERSION)
                .setSession(session)
                .setRound(round)
                .setSender(sender)
                .setCount(count)
                .setElements(UnsafeByteOperations.unsafeWrap(FieldVectors.toBytes(elements, from, count)));
        if (parts > 1) {
            b.setPart(part).setParts(parts);
        }
        return b.build();
    }

    /** How many messages carry this message's round (1 for a payload sent whole). */
    public static int parts(RoundMessage m) {
        return Math.max(1, m.getParts());
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
        if (Integer.compareUnsigned(m.getParts(), MAX_PARTS) > 0) {
            throw new MalformedInputException("RoundMessage.parts", Integer.toUnsignedString(m.getParts())
                    + " parts exceed the limit " + MAX_PARTS);
        }
        if (Integer.compareUnsigned(m.getPart(), parts(m)) >= 0) {
            throw new MalformedInputException("RoundMessage.part", "part " + Integer.toUnsignedString(m.getPart())
                    + " is not below the " + parts(m) + " parts of the round");
        }
        return elements(m.getCount(), m.getElements(), "RoundMessage.elements");
    }

    /** Party i's part of a client's dealing ({@link ClientDealing#deal}) of input {@code label}. */
    public static ClientInput encodeInput(long session, String label, ClientDealing.PartyShare share, int count) {
        return ClientInput.newBuilder()
                .setVersion(VERSION)
                .setSession(session)
                .setLabel(label)
                .setCount(count)
                .setElements(UnsafeByteOperations.unsafeWrap(FieldVectors.toBytes(share.shares(), 0, count)))
                .setSalt(ByteString.copyFrom(share.salt()))
                .setHeader(ByteString.copyFrom(share.header()))
                .setSignature(ByteString.copyFrom(share.signature()))
                .build();
    }

    /**
     * The elements of a client input (its values' shares and, last, the mask's), after the same
     * checks as a round message; the dealing's fields are checked for size only (the party checks
     * the dealing itself).
     */
    public static long[] decodeInput(ClientInput m, long session) {
        checkHeader(m.getVersion(), m.getSession(), session, "ClientInput");
        checkLabel(m.getLabel(), "ClientInput.label");
        if (m.getCount() == 0) {
            throw new MalformedInputException("ClientInput.count", "a dealing carries at least the mask's share");
        }
        if (m.getSalt().size() != ClientDealing.SALT_BYTES) {
            throw MalformedInputException.wrongLength("ClientInput.salt", ClientDealing.SALT_BYTES, m.getSalt().size());
        }
        if (m.getHeader().isEmpty()) {
            throw new MalformedInputException("ClientInput.header", "is missing: the client did not sign a dealing"
                    + " (a Veilgrid older than this party?)");
        }
        if (m.getSignature().isEmpty() || m.getSignature().size() > ClientDealing.MAX_SIGNATURE_BYTES) {
            throw new MalformedInputException("ClientInput.signature", "must be 1.." + ClientDealing.MAX_SIGNATURE_BYTES
                    + " bytes, got " + m.getSignature().size());
        }
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
