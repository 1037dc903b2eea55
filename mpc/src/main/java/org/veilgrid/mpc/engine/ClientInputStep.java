package org.veilgrid.mpc.engine;

import java.nio.ByteBuffer;
import java.util.Arrays;

import org.veilgrid.core.errors.ProtocolAbortException;
import org.veilgrid.mpc.net.ClientDealing;
import org.veilgrid.mpc.net.MpcNetwork;

/**
 * An outside client's input ({@link MpcSession#inputFromClient}): the client
 * ({@link org.veilgrid.mpc.net.InputClient}) deals its vector verifiably
 * ({@link ClientDealing}) and sends each party its share directly, outside the rounds; the
 * network checks this party's part of the dealing before the step sees it, and a dealing that
 * fails a check aborts the run naming the client.
 *
 * <p><b>Semi-honest mode:</b> nothing passes between the parties; the step only waits for this
 * party's share (an interactive step all the same, so it is awaited with the other interactive
 * steps ready at that point, not in the scheduler's local pass).
 *
 * <p><b>Malicious mode: one round, the header echo.</b> Each party's checks hold for the header
 * it received; a client could send different parties different headers, each consistent with
 * that party's shares. So every party sends every other the signed header it received. Another
 * header with a valid client signature proves the client dealt twice: abort naming the client.
 * One that does not verify was made up by the peer that sent it: abort naming that peer.
 */
final class ClientInputStep extends Step {

    /** Bytes packed into each element of the echo (15, so that every element is below p). */
    private static final int BYTES_PER_ELEMENT = 15;

    private final PartyContext party;
    private final MpcNetwork network;
    private final String client;
    private final String label;
    private final Shared out;
    private ClientDealing.Signed dealing;
    private byte[] echo;
    private int[] offsets;

    ClientInputStep(PartyContext party, MpcNetwork network, String client, String label, Shared out) {
        this.party = party;
        this.network = network;
        this.client = client;
        this.label = label;
        this.out = out;
    }

    @Override
    boolean interactive() {
        return true;
    }

    @Override
    void send(Round r) {
        ClientDealing.Received received = network.awaitClientInput(client, label, out.length);
        out.data = received.values();
        if (!party.malicious()) {
            return;
        }
        dealing = received.dealing();
        echo = echoBytes(dealing.header(), dealing.signature());
        long[] packed = pack(echo);
        offsets = new int[party.n];
        for (int k = 0; k < party.n; k++) {
            if (k != party.self) {
                r.send(k, packed);
                offsets[k] = r.expect(k, packed.length / 2);
            }
        }
    }

    @Override
    void receive(Round r) {
        if (!party.malicious()) {
            return;
        }
        int elements = (echo.length + BYTES_PER_ELEMENT - 1) / BYTES_PER_ELEMENT;
        for (int k = 0; k < party.n; k++) {
            if (k == party.self) {
                continue;
            }
            long[] packed = Arrays.copyOfRange(r.received[k], 2 * offsets[k], 2 * (offsets[k] + elements));
            byte[] theirs = unpack(packed, echo.length);
            if (Arrays.equals(theirs, echo)) {
                continue;
            }
            byte[][] parts = parseEcho(theirs, dealing.header().length);
            if (parts != null && dealing.signedByClient(parts[0], parts[1])) {
                throw party.abort(new ProtocolAbortException(client, "client '" + client + "' signed two different"
                        + " dealings of input '" + label + "' (the one this party received and the one party '"
                        + party.names[k] + "' received)"));
            }
            throw party.abort(new ProtocolAbortException(party.names[k], "party '" + party.names[k]
                    + "' echoed a dealing header of input '" + label + "' that client '" + client + "' did not sign"));
        }
    }

    /** header ‖ u16 signature length ‖ signature, zero-padded to the longest signature. */
    private static byte[] echoBytes(byte[] header, byte[] signature) {
        return ByteBuffer.allocate(header.length + 2 + ClientDealing.MAX_SIGNATURE_BYTES).put(header)
                .putShort((short) signature.length).put(signature).array();
    }

    /** (header, signature) from an echo, or null if its signature length is out of range. */
    private static byte[][] parseEcho(byte[] echo, int headerLength) {
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

    private static long[] pack(byte[] bytes) {
        int elements = (bytes.length + BYTES_PER_ELEMENT - 1) / BYTES_PER_ELEMENT;
        long[] out = new long[2 * elements];
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

    private static byte[] unpack(long[] packed, int length) {
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            int e = i / BYTES_PER_ELEMENT;
            int at = i % BYTES_PER_ELEMENT;
            long word = at < 8 ? packed[2 * e] >>> (8 * at) : packed[2 * e + 1] >>> (8 * (at - 8));
            out[i] = (byte) word;
        }
        return out;
    }
}
