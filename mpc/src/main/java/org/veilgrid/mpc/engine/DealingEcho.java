package org.veilgrid.mpc.engine;

import java.nio.ByteBuffer;
import java.util.Arrays;

import org.veilgrid.core.errors.ProtocolAbortException;
import org.veilgrid.mpc.net.ClientDealing;

/**
 * The header echo of a verifiable dealing ({@link ClientDealing}), one round: each party's checks
 * hold for the header it received, and a dealer could send different parties different headers,
 * each consistent with that party's shares. So every party sends every other the signed header it
 * received. Another header with a valid signature of the dealer proves that the dealer dealt
 * twice: abort naming the dealer. One that does not verify was made up by the peer that sent it:
 * abort naming that peer. Used by {@link ClientInputStep} and {@link InputStep} in malicious mode.
 *
 * <p>Bytes travel as field elements, 15 to an element (so that every element is below p).
 */
final class DealingEcho {

    private static final int BYTES_PER_ELEMENT = 15;

    private final PartyContext party;
    private final ClientDealing.Signed own;
    private final String dealer;
    private final String what;
    private final byte[] echo;
    private int[] offsets;

    /**
     * @param dealer the dealer's name (a client, or a compute party)
     * @param what   the dealt input, as messages name it
     */
    DealingEcho(PartyContext party, ClientDealing.Signed own, String dealer, String what) {
        this.party = party;
        this.own = own;
        this.dealer = dealer;
        this.what = what;
        this.echo = echoBytes(own.header(), own.signature());
    }

    /** Adds this party's echo for every peer to {@code r} and expects theirs. */
    void send(Round r) {
        long[] packed = pack(echo);
        offsets = new int[party.n];
        for (int k = 0; k < party.n; k++) {
            if (k != party.self) {
                r.send(k, packed);
                offsets[k] = r.expect(k, packed.length / 2);
            }
        }
    }

    /**
     * Compares every peer's echo with this party's header.
     *
     * @throws ProtocolAbortException naming the dealer or the peer, as above
     */
    void compare(Round r) {
        long[] mine = pack(echo);
        for (int k = 0; k < party.n; k++) {
            if (k == party.self) {
                continue;
            }
            long[] received = Arrays.copyOfRange(r.received[k], 2 * offsets[k], 2 * offsets[k] + mine.length);
            if (Arrays.equals(received, mine)) {
                continue;
            }
            byte[] theirs = unpack(received, 0, echo.length);
            if (!Arrays.equals(pack(theirs), received)) {
                throw party.abort(new ProtocolAbortException(party.names[k], "party '" + party.names[k]
                        + "' sent a malformed dealing echo of " + what));
            }
            byte[][] parts = parseEcho(theirs, own.header().length);
            if (parts != null && own.signedByClient(parts[0], parts[1])) {
                throw party.abort(new ProtocolAbortException(dealer, "'" + dealer + "' signed two different dealings of "
                        + what + " (the one this party received and the one party '" + party.names[k] + "' received)"));
            }
            throw party.abort(new ProtocolAbortException(party.names[k], "party '" + party.names[k]
                    + "' echoed a dealing header of " + what + " that '" + dealer + "' did not sign"));
        }
    }

    /** Elements that carry {@code bytes} bytes. */
    static int elements(int bytes) {
        return (bytes + BYTES_PER_ELEMENT - 1) / BYTES_PER_ELEMENT;
    }

    /** header ‖ u16 signature length ‖ signature, zero-padded to the longest signature. */
    static byte[] echoBytes(byte[] header, byte[] signature) {
        return ByteBuffer.allocate(header.length + 2 + ClientDealing.MAX_SIGNATURE_BYTES).put(header)
                .putShort((short) signature.length).put(signature).array();
    }

    /** (header, signature) from an echo, or null if its signature length is out of range. */
    static byte[][] parseEcho(byte[] echo, int headerLength) {
        ByteBuffer b = ByteBuffer.wrap(echo);
        byte[] header = new byte[headerLength];
        b.get(header);
        int length = Short.toUnsignedInt(b.getShort());
        if (length == 0 || length > ClientDealing.MAX_SIGNATURE_BYTES) {
            return null;
        }
        byte[] signature = new byte[length];
        b.get(signature);
        return new byte[][] {header, signature};
    }

    /** {@code bytes} packed into elements, 15 bytes each, little-endian. */
    static long[] pack(byte[] bytes) {
        long[] out = new long[2 * elements(bytes.length)];
        for (int i = 0; i < bytes.length; i++) {
            int e = i / BYTES_PER_ELEMENT;
            int at = i % BYTES_PER_ELEMENT;
            long v = bytes[i] & 0xFFL;
            if (at < 8) {
                out[2 * e] |= v << (8 * at);
            } else {
                out[2 * e + 1] |= v << (8 * (at - 8));
            }
        }
        return out;
    }

    /** {@code length} bytes from the elements of {@code packed} starting at element {@code offset}. */
    static byte[] unpack(long[] packed, int offset, int length) {
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            int e = offset + i / BYTES_PER_ELEMENT;
            int at = i % BYTES_PER_ELEMENT;
            long word = at < 8 ? packed[2 * e] >>> (8 * at) : packed[2 * e + 1] >>> (8 * (at - 8));
            out[i] = (byte) word;
        }
        return out;
    }
}
