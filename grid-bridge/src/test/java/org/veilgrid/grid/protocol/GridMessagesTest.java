package org.veilgrid.grid.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import com.upokecenter.cbor.CBORObject;
import com.upokecenter.numbers.EInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.veilgrid.core.cbor.Cbor;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.grid.GridEnvelope;
import org.veilgrid.core.grid.ProtocolId;
import org.veilgrid.core.identity.AgentKey;
import org.veilgrid.grid.payment.BalanceProof;
import org.veilgrid.grid.payment.Payment;
import org.veilgrid.grid.promise.CompletionPromise;
import org.veilgrid.grid.promise.CompletionReceipt;
import org.veilgrid.grid.wire.GridMessage;

/** The grid items of byte-completion-2 and encrypted-byte-completion-2: what they carry and what they refuse. */
class GridMessagesTest {
    private static final SecureRandom RNG = new SecureRandom();

    /** One message of every kind, with the reader that must take it back. */
    static Map<String, byte[]> examples() {
        AgentKey node = AgentKey.generate(RNG);
        Payment payment = Payment.of(BalanceProof.Balance.of(100, RNG), 40, RNG);
        byte[] request = new ByteCompletion.Request("of the peo".getBytes(StandardCharsets.US_ASCII), 16, payment).encode();
        CompletionPromise promise = CompletionPromise.make(node, request, 40, "VEIL", 1_800_000_000_000L);
        byte[] continuation = "ple, by the peopl".substring(0, 16).getBytes(StandardCharsets.US_ASCII);
        CompletionReceipt receipt = CompletionReceipt.make(node, promise, continuation, 1_799_999_999_000L);
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("request", request);
        m.put("unpaid request", new ByteCompletion.Request(new byte[0], 1, null).encode());
        m.put("response", ByteCompletion.response(continuation, promise.toBytes(), receipt.toBytes()).encode());
        m.put("index request", EncryptedByteCompletion.indexRequest());
        m.put("index", new EncryptedByteCompletion.Index(new byte[] {1, 2, 3}, 1,
                List.of(new byte[0], new byte[] {'a'}, "abcd".getBytes(StandardCharsets.US_ASCII))).encode());
        m.put("encrypted request", new EncryptedByteCompletion.Request(List.of(new byte[300], new byte[] {7}), payment).encode());
        m.put("encrypted response", EncryptedByteCompletion.response(new byte[400], promise.toBytes(), receipt.toBytes()).encode());
        return m;
    }

    /** Reads a message of the kind {@code kind} names, as a receiver does. */
    static void read(String kind, byte[] b) {
        switch (kind) {
            case "request", "unpaid request" -> ByteCompletion.Request.decode(b);
            case "response" -> ByteCompletion.readResponse(b);
            case "index request" -> EncryptedByteCompletion.readIndexRequest(b);
            case "index" -> EncryptedByteCompletion.Index.decode(b, 1 << 20);
            case "encrypted request" -> EncryptedByteCompletion.Request.decode(b, 1 << 20, 1 << 16);
            case "encrypted response" -> EncryptedByteCompletion.readResponse(b, 1 << 20);
            case "model request" -> NeuralCompletion.readModelRequest(b);
            case "model" -> NeuralCompletion.Model.decode(b);
            case "key part" -> NeuralCompletion.KeyPart.decode(b);
            case "keys stored" -> NeuralCompletion.KeysStored.decode(b);
            case "neural request" -> NeuralCompletion.Request.decode(b);
            case "neural response" -> NeuralCompletion.readResponse(b);
            default -> throw new AssertionError(kind);
        }
    }

    @Test
    void everyMessageRoundTripsExactly() {
        Payment payment = Payment.of(BalanceProof.Balance.of(100, RNG), 40, RNG);
        ByteCompletion.Request r = new ByteCompletion.Request(new byte[] {0, (byte) 0xff, 0x1b}, 3, payment);
        assertEquals(r, ByteCompletion.Request.decode(r.encode()));
        ByteCompletion.Request unpaid = new ByteCompletion.Request(new byte[ByteCompletion.MAX_CONTEXT_BYTES], 16, null);
        assertEquals(unpaid, ByteCompletion.Request.decode(unpaid.encode()));
        for (Map.Entry<String, byte[]> e : examples().entrySet()) {
            read(e.getKey(), e.getValue());
            GridEnvelope envelope = GridEnvelope.decode(e.getValue(), GridProtocol.KNOWN, GridMessages.profile(1 << 20, 1 << 16));
            assertArrayEquals(e.getValue(), envelope.encode(), e.getKey() + " re-encodes to the same bytes");
            boolean plain = List.of("request", "unpaid request", "response").contains(e.getKey());
            assertEquals((plain ? GridProtocol.BYTE_COMPLETION : GridProtocol.ENCRYPTED_BYTE_COMPLETION).id(), envelope.protocol(),
                    e.getKey());
        }
        EncryptedByteCompletion.Index index = new EncryptedByteCompletion.Index(new byte[] {9}, 2, List.of(new byte[0], new byte[] {1}));
        assertEquals(index, EncryptedByteCompletion.Index.decode(index.encode(), 1 << 20));
    }

    @Test
    void theEnvelopeAddsLessThanAHundredBytesToACompletionRequest() {
        Payment payment = Payment.of(BalanceProof.Balance.of(100, RNG), 40, RNG);
        for (int contextBytes : new int[] {0, 10, 23, 24, 255, 256, ByteCompletion.MAX_CONTEXT_BYTES}) {
            for (Payment p : new Payment[] {null, payment}) {
                byte[] context = new byte[contextBytes];
                byte[] envelope = new ByteCompletion.Request(context, 16, p).encode();
                // the bare fields: the context, one byte for max-bytes, and the payment's commitment and proof
                int payload = contextBytes + 1 + (p == null ? 0 : 32 + p.proof().length);
                int overhead = envelope.length - payload;
                assertTrue(overhead < 100, contextBytes + "-byte context" + (p == null ? "" : ", paid") + ": " + overhead + " bytes");
                // the fixed part: tag (5), array (1), the pCID link (2 + 2 + 37)
                assertTrue(overhead >= 47, "at least the grid tag and the pCID: " + overhead);
            }
        }
    }

    @Test
    void aReceiverRefusesWhatIsNotAGridItemOfItsProtocol() {
        ProtocolId ours = GridProtocol.BYTE_COMPLETION.id();
        byte[] link = new byte[ProtocolId.BYTES + 1];
        System.arraycopy(ours.bytes(), 0, link, 1, ProtocolId.BYTES);
        CBORObject goodSlots = CBORObject.NewArray().Add(CBORObject.FromObjectAndTag(link, 42))
                .Add(CBORObject.FromObject(new byte[] {'x'})).Add(4).Add(CBORObject.Null);
        assertEquals(4, ByteCompletion.Request.decode(grid(goodSlots)).maxBytes(), "the hand-made item is well formed");
        Map<String, byte[]> refused = new LinkedHashMap<>();
        refused.put("must wrap an array", grid(CBORObject.NewMap().Add(1, 2)));
        refused.put("tag-42 byte string", grid(CBORObject.NewArray().Add(CBORObject.FromObject(link)).Add(1)));
        refused.put("0x00 multibase prefix", grid(CBORObject.NewArray().Add(CBORObject.FromObjectAndTag(
                Arrays.copyOfRange(link, 1, link.length), 42)).Add(1)));
        refused.put("unknown protocol", new GridEnvelope(ProtocolId.ofDocument("a spec nobody wrote".getBytes(StandardCharsets.US_ASCII)),
                List.of(CBORObject.FromObject(new byte[] {'x'}), CBORObject.FromObject(4), CBORObject.Null)).encode());
        refused.put("not of byte-completion-2", new GridEnvelope(GridProtocol.PAYMENT.id(),
                List.of(CBORObject.FromObject(new byte[] {'x'}), CBORObject.FromObject(4), CBORObject.Null)).encode());
        refused.put("has 2 slots", new GridEnvelope(ours, List.of(CBORObject.FromObject(new byte[] {'x'}), CBORObject.FromObject(4))).encode());
        refused.put("max-bytes", new GridEnvelope(ours, List.of(CBORObject.FromObject(new byte[] {'x'}), CBORObject.FromObject(0),
                CBORObject.Null)).encode());
        refused.put("context", new GridEnvelope(ours, List.of(CBORObject.FromObject("text"), CBORObject.FromObject(4),
                CBORObject.Null)).encode());
        refused.put("payment", new GridEnvelope(ours, List.of(CBORObject.FromObject(new byte[] {'x'}), CBORObject.FromObject(4),
                CBORObject.False)).encode());
        refused.put("more than the 4096 allowed", new GridEnvelope(ours, List.of(CBORObject.FromObject(new byte[4097]),
                CBORObject.FromObject(4), CBORObject.Null)).encode());
        refused.put("more than the 6400", new GridEnvelope(ours, List.of(CBORObject.FromObject(new byte[4000]),
                CBORObject.FromObject(4), CBORObject.FromObject(new byte[4000]))).encode());
        refused.put("not tagged", Cbor.encode(goodSlots));
        refused.put("is not allowed", Cbor.encode(CBORObject.FromObjectAndTag(goodSlots, 18)));
        refused.put("shortest form", new byte[] {(byte) 0xda, 0x67, 0x72, 0x69, 0x64, (byte) 0x98, 0x01, 0x01});
        refused.put("truncated", new byte[] {(byte) 0xda, 0x67, 0x72, 0x69});
        for (Map.Entry<String, byte[]> e : refused.entrySet()) {
            MalformedInputException m = assertThrows(MalformedInputException.class, () -> ByteCompletion.Request.decode(e.getValue()),
                    e.getKey());
            assertTrue(m.getMessage().contains(e.getKey()), e.getKey() + " / " + m.getMessage());
            assertTrue(m.getMessage().startsWith("completion request"), m.getMessage());
        }
    }

    @Test
    void everyTruncationOfEveryMessageIsRefusedAndAFlippedPcidIsAnUnknownProtocol() {
        for (Map.Entry<String, byte[]> e : examples().entrySet()) {
            byte[] enc = e.getValue();
            for (int n = 0; n < enc.length; n++) {
                byte[] cut = Arrays.copyOf(enc, n);
                assertThrows(MalformedInputException.class, () -> read(e.getKey(), cut), e.getKey() + " cut to " + n);
            }
            assertThrows(MalformedInputException.class, () -> read(e.getKey(), Arrays.copyOf(enc, enc.length + 1)));
            // bytes 11..46 are the binary CID: version, codec, hash, length, digest
            for (int i = 11; i < 11 + ProtocolId.BYTES; i++) {
                byte[] t = enc.clone();
                t[i] ^= 0x20;
                MalformedInputException m = assertThrows(MalformedInputException.class, () -> read(e.getKey(), t),
                        e.getKey() + " byte " + i);
                assertTrue(m.getMessage().contains(i < 15 ? "protocol CID" : "unknown protocol"), m.getMessage());
            }
        }
    }

    @Test
    void aVersionOneProtobufMessageIsRefusedNamingItsVersion() throws Exception {
        UnknownFieldSet old = UnknownFieldSet.newBuilder()
                .addField(1, UnknownFieldSet.Field.newBuilder().addVarint(1).build())
                .addField(2, UnknownFieldSet.Field.newBuilder().addLengthDelimited(ByteString.copyFromUtf8("ctx")).build())
                .build();
        GridMessage parsed = GridMessage.parseFrom(old.toByteString());
        MalformedInputException e = assertThrows(MalformedInputException.class, () -> GridMessages.unwrap(parsed, "completion request"));
        assertTrue(e.getMessage().contains("version-1") && e.getMessage().contains("version 2"), e.getMessage());
        byte[] item = EncryptedByteCompletion.indexRequest();
        assertArrayEquals(item, GridMessages.unwrap(GridMessages.wrap(item), "index request"));
        GridMessage extra = GridMessage.parseFrom(UnknownFieldSet.newBuilder().addField(7, UnknownFieldSet.Field.newBuilder()
                .addFixed32(1).build()).build().toByteString());
        assertThrows(MalformedInputException.class, () -> GridMessages.unwrap(extra, "x"));
    }

    private static byte[] grid(CBORObject inside) {
        return Cbor.encode(CBORObject.FromObjectAndTag(inside, EInteger.FromInt64(GridEnvelope.GRID_TAG)));
    }
}
