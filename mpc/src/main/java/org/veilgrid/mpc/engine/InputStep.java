package org.veilgrid.mpc.engine;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Arrays;

import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.errors.ProtocolAbortException;
import org.veilgrid.mpc.net.ClientDealing;
import org.veilgrid.mpc.net.MpcNetwork;

/**
 * A party's private input ({@link MpcSession#input}): Shamir's sharing (1979) by the owner.
 *
 * <p><b>Semi-honest mode, one round.</b> The owner draws a random polynomial of degree t per
 * element, its coefficients from its dealer PRG (AES-CTR keyed from {@code SecureRandom}), keeps
 * its own share and sends every other party its share, m elements each; the others send nothing
 * and take what the owner sent.
 *
 * <p><b>Malicious mode, two rounds: a verifiable dealing.</b> The owner deals as an outside client
 * does ({@link ClientDealing}: a random mask shared with the values, commitments to every party's
 * shares, check values in a header it signs with its TLS key), sending each party its m + 1
 * shares, its salt and the signed header. Each party checks its part; a failure is provably the
 * owner's (it signed what contradicts the shares it sent), so the party aborts naming the owner.
 * Round 2 is the header echo ({@link DealingEcho}): an owner that sent different parties
 * different dealings is named. The input is available after the echo, so nothing computed from
 * it is sent before every check passed.
 */
final class InputStep extends Step {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final PartyContext party;
    private final MpcNetwork network;
    private final int owner;
    private final long[] values;
    private final Shared out;
    private int offset;
    private int phase;
    private long[] dealt;
    private DealingEcho echo;

    /** {@code values}: the packed elements on the owner, null on the others. */
    InputStep(PartyContext party, MpcNetwork network, int owner, long[] values, Shared out) {
        this.party = party;
        this.network = network;
        this.owner = owner;
        this.values = values;
        this.out = out;
    }

    @Override
    boolean interactive() {
        return true;
    }

    /** The label the owner's dealing is signed under: the input's node id, the same on every party. */
    private String label() {
        return "input-" + out.id;
    }

    /** Bytes after the shares in the owner's message to a party: salt ‖ header ‖ signature slot. */
    private int trailerBytes() {
        return ClientDealing.SALT_BYTES + ClientDealing.Header.length(party.names[owner], label(), party.n) + 2
                + ClientDealing.MAX_SIGNATURE_BYTES;
    }

    @Override
    void send(Round r) {
        if (!party.malicious()) {
            sendPlain(r);
            return;
        }
        if (phase == 1) {
            echo.send(r);
            return;
        }
        int self = party.self;
        int m = out.length;
        if (owner == self) {
            ClientDealing.PartyShare[] shares = ClientDealing.deal(network.session(), party.names[self], label(), values,
                    m, party.scheme, RANDOM, network::sign);
            for (int k = 0; k < party.n; k++) {
                if (k != self) {
                    r.send(k, message(shares[k], m));
                }
            }
            dealt = Arrays.copyOf(shares[self].shares(), 2 * m);
            echo = new DealingEcho(party, new ClientDealing.Signed(shares[self].header(), shares[self].signature(),
                    network.partyKey(self)), party.names[self], "the input of party '" + party.names[self] + "'");
        } else {
            offset = r.expect(owner, m + 1 + DealingEcho.elements(trailerBytes()));
        }
    }

    /** shares (m + 1 elements) ‖ salt, header, signature length and signature packed 15 bytes to an element. */
    private long[] message(ClientDealing.PartyShare share, int m) {
        byte[] trailer = ByteBuffer.allocate(trailerBytes()).put(share.salt()).put(share.header())
                .putShort((short) share.signature().length).put(share.signature()).array();
        long[] packed = DealingEcho.pack(trailer);
        long[] msg = Arrays.copyOf(share.shares(), 2 * (m + 1) + packed.length);
        System.arraycopy(packed, 0, msg, 2 * (m + 1), packed.length);
        return msg;
    }

    @Override
    void receive(Round r) {
        if (!party.malicious()) {
            receivePlain(r);
            return;
        }
        if (phase == 1) {
            echo.compare(r);
            out.data = dealt;
            phase = 2;
            return;
        }
        if (owner != party.self) {
            int m = out.length;
            long[] in = r.received[owner];
            long[] withMask = Arrays.copyOfRange(in, 2 * offset, 2 * (offset + m + 1));
            int headerLength = ClientDealing.Header.length(party.names[owner], label(), party.n);
            byte[] trailerBytes = DealingEcho.unpack(in, offset + m + 1, trailerBytes());
            long[] packed = DealingEcho.pack(trailerBytes);
            if (!Arrays.equals(packed, Arrays.copyOfRange(in, 2 * (offset + m + 1), 2 * (offset + m + 1) + packed.length))) {
                throw party.abort(new ProtocolAbortException(party.names[owner], "party '" + party.names[owner]
                        + "' sent a malformed dealing of its input"));
            }
            ByteBuffer trailer = ByteBuffer.wrap(trailerBytes);
            byte[] salt = new byte[ClientDealing.SALT_BYTES];
            byte[] header = new byte[headerLength];
            trailer.get(salt).get(header);
            int signatureLength = Short.toUnsignedInt(trailer.getShort());
            String owned = "party '" + party.names[owner] + "'";
            try {
                if (signatureLength == 0 || signatureLength > ClientDealing.MAX_SIGNATURE_BYTES) {
                    throw new MalformedInputException("dealing signature", "has length " + signatureLength);
                }
                byte[] signature = new byte[signatureLength];
                trailer.get(signature);
                ClientDealing.Received received = ClientDealing.check(header, signature, salt, withMask, network.session(),
                        party.names[owner], label(), party.self, party.scheme, network.partyKey(owner));
                dealt = received.values();
                echo = new DealingEcho(party, received.dealing(), party.names[owner], "the input of " + owned);
            } catch (MalformedInputException e) {
                throw party.abort(new ProtocolAbortException(party.names[owner], owned
                        + " dealt its input inconsistently: " + e.getMessage()));
            }
        }
        phase = 1;
    }

    @Override
    boolean again() {
        return party.malicious() && phase == 1;
    }

    private void sendPlain(Round r) {
        int self = party.self;
        if (owner == self) {
            long[][] shares = party.scheme.share(values, out.length, party.dealerPrg);
            for (int k = 0; k < party.n; k++) {
                if (k != self) {
                    r.send(k, shares[k]);
                }
            }
            out.data = shares[self];
        } else {
            offset = r.expect(owner, out.length);
        }
    }

    private void receivePlain(Round r) {
        if (owner != party.self) {
            long[] d = new long[2 * out.length];
            System.arraycopy(r.received[owner], 2 * offset, d, 0, d.length);
            out.data = d;
        }
    }
}
