package org.veilgrid.grid.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.upokecenter.cbor.CBORObject;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.grid.GridEnvelope;
import org.veilgrid.grid.payment.BalanceProof;
import org.veilgrid.grid.payment.Payment;

/** encrypted-neural-completion-1's messages: exact round trips and refusals with the reason. */
class NeuralCompletionMessagesTest {
    private static final SecureRandom RNG = new SecureRandom();

    @Test
    void everyMessageRoundTripsExactly() {
        NeuralCompletion.readModelRequest(NeuralCompletion.modelRequest());
        NeuralCompletion.Model m = new NeuralCompletion.Model(new byte[] {1, 2, 3}, 8, 256, 99);
        assertEquals(m, NeuralCompletion.Model.decode(m.encode()));
        NeuralCompletion.KeyPart p = new NeuralCompletion.KeyPart(new byte[16], NeuralCompletion.KeyKind.GALOIS, new byte[] {9});
        assertEquals(p, NeuralCompletion.KeyPart.decode(p.encode()));
        NeuralCompletion.KeysStored k = new NeuralCompletion.KeysStored(new byte[16], 42);
        assertEquals(k, NeuralCompletion.KeysStored.decode(k.encode()));
        Payment payment = Payment.of(BalanceProof.Balance.of(100, RNG), 40, RNG);
        NeuralCompletion.Request r = new NeuralCompletion.Request(new byte[16], new byte[] {7, 7}, payment);
        assertEquals(r, NeuralCompletion.Request.decode(r.encode()));
        NeuralCompletion.Request unpaid = new NeuralCompletion.Request(new byte[16], new byte[NeuralCompletion.MAX_QUERY_BYTES], null);
        assertEquals(unpaid, NeuralCompletion.Request.decode(unpaid.encode()));
        CompletionResponse resp = NeuralCompletion.response(new byte[] {1}, new byte[] {2}, new byte[] {3});
        assertArrayEquals(resp.encode(), NeuralCompletion.readResponse(resp.encode()).encode());
    }

    @Test
    void malformedOutOfRangeAndForeignMessagesAreRefusedWithTheReason() {
        // Another protocol's message.
        MalformedInputException e = assertThrows(MalformedInputException.class,
                () -> NeuralCompletion.Model.decode(EncryptedByteCompletion.indexRequest()));
        assertTrue(e.getMessage().contains("encrypted-byte-completion-2"), e.getMessage());
        // Out of range: a 33-byte context, a key id of 15 bytes, an unknown key kind.
        byte[] bad = new GridEnvelope(GridProtocol.ENCRYPTED_NEURAL_COMPLETION.id(), List.of(CBORObject.FromObject(new byte[1]),
                CBORObject.FromObject(33), CBORObject.FromObject(256), CBORObject.FromObject(99))).encode();
        assertThrows(MalformedInputException.class, () -> NeuralCompletion.Model.decode(bad));
        byte[] shortId = new GridEnvelope(GridProtocol.ENCRYPTED_NEURAL_COMPLETION.id(), List.of(CBORObject.FromObject(new byte[15]),
                CBORObject.FromObject(0), CBORObject.FromObject(new byte[1]))).encode();
        assertThrows(MalformedInputException.class, () -> NeuralCompletion.KeyPart.decode(shortId));
        byte[] kind = new GridEnvelope(GridProtocol.ENCRYPTED_NEURAL_COMPLETION.id(), List.of(CBORObject.FromObject(new byte[16]),
                CBORObject.FromObject(3), CBORObject.FromObject(new byte[1]))).encode();
        assertThrows(MalformedInputException.class, () -> NeuralCompletion.KeyPart.decode(kind));
        // Oversized query, truncated item, wrong slot count.
        assertThrows(ParameterException.class, () -> new NeuralCompletion.Request(new byte[16],
                new byte[NeuralCompletion.MAX_QUERY_BYTES + 1], null));
        byte[] good = new NeuralCompletion.Request(new byte[16], new byte[] {1}, null).encode();
        assertThrows(MalformedInputException.class, () -> NeuralCompletion.Request.decode(java.util.Arrays.copyOf(good, good.length - 1)));
        assertThrows(MalformedInputException.class, () -> NeuralCompletion.KeysStored.decode(NeuralCompletion.modelRequest()));
    }
}
