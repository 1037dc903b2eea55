package org.veilgrid.grid.protocol;

import com.upokecenter.cbor.CBORObject;
import java.util.Arrays;
import java.util.List;
import org.veilgrid.core.cbor.CborItems;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.grid.GridEnvelope;
import org.veilgrid.grid.payment.Payment;

/**
 * The messages of protocol encrypted-neural-completion-1
 * (docs/protocols/encrypted-neural-completion-1.md), each a {@code grid} item: the model request
 * {@code [pCID]}, the {@link Model}, a {@link KeyPart} of an evaluation-key upload, the
 * {@link KeysStored} acknowledgement, a {@link Request} and the response
 * {@code [pCID, answer, promise, receipt]} ({@link CompletionResponse}). CKKS parameters, keys and
 * ciphertexts stay opaque byte strings here, read by their own strict decoder ({@code CkksCodec}).
 */
public final class NeuralCompletion {
    public static final int MAX_PARAMETER_BYTES = 64 << 10;
    public static final int KEY_ID_BYTES = 16;
    /** The largest key part: one Galois element or the relinearization keys, seed-compressed (about 2.5 MB at N = 16384). */
    public static final int MAX_KEY_BYTES = 8 << 20;
    /** The largest query ciphertext (one seed-compressed CKKS ciphertext at level 0: 491 562 bytes at N = 16384). */
    public static final int MAX_QUERY_BYTES = 512 << 10;
    /** The largest answer (two polynomials of two 60-bit primes, bit-packed: 491 568 bytes). */
    public static final int MAX_ANSWER_BYTES = 500_000;
    public static final int MAX_REQUEST_BYTES = MAX_QUERY_BYTES + Payment.MAX_ENCODED_BYTES + 256;
    public static final int MAX_RESPONSE_BYTES = MAX_ANSWER_BYTES + 2 * GridMessages.MAX_STATEMENT_BYTES + 256;
    public static final int MAX_KEY_PART_BYTES = MAX_KEY_BYTES + 256;
    private static final GridProtocol PROTOCOL = GridProtocol.ENCRYPTED_NEURAL_COMPLETION;

    private NeuralCompletion() {
    }

    /** The model request: the pCID and nothing else. */
    public static byte[] modelRequest() {
        return new GridEnvelope(PROTOCOL.id(), List.of()).encode();
    }

    /** @throws MalformedInputException for anything but a model request */
    public static void readModelRequest(byte[] bytes) {
        GridMessages.open(bytes, PROTOCOL, GridMessages.profile(64, 64), 0, "model request");
    }

    /**
     * A node's public description of its neural model.
     *
     * @param ckksParameters the CKKS parameters ({@code CkksCodec} encoding)
     * @param contextBytes   k, 1 to 32
     * @param hiddenUnits    H, 1 to 8192
     * @param floodBits      log2 of the flood's half-width, 1 to 119
     */
    public record Model(byte[] ckksParameters, int contextBytes, int hiddenUnits, int floodBits) {
        public Model {
            ckksParameters = ByteCompletion.checked(ckksParameters, 1, MAX_PARAMETER_BYTES, "CKKS parameters");
            range(contextBytes, 1, 32, "context bytes");
            range(hiddenUnits, 1, 8192, "hidden units");
            range(floodBits, 1, 119, "flood bits");
        }

        @Override
        public byte[] ckksParameters() {
            return ckksParameters.clone();
        }

        public byte[] encode() {
            return new GridEnvelope(PROTOCOL.id(), List.of(CBORObject.FromObject(ckksParameters),
                    CBORObject.FromObject(contextBytes), CBORObject.FromObject(hiddenUnits), CBORObject.FromObject(floodBits)))
                    .encode();
        }

        /** @throws MalformedInputException with the reason, for anything but a model message */
        public static Model decode(byte[] bytes) {
            String what = "neural model";
            GridEnvelope e = GridMessages.open(bytes, PROTOCOL, GridMessages.profile(MAX_PARAMETER_BYTES + 256,
                    2 * MAX_PARAMETER_BYTES), 4, what);
            return new Model(CborItems.bytes(e.slots().get(0), 1, MAX_PARAMETER_BYTES, what + " ckks-parameters"),
                    (int) CborItems.integer(e.slots().get(1), 1, 32, what + " context-bytes"),
                    (int) CborItems.integer(e.slots().get(2), 1, 8192, what + " hidden-units"),
                    (int) CborItems.integer(e.slots().get(3), 1, 119, what + " flood-bits"));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Model m && Arrays.equals(ckksParameters, m.ckksParameters) && contextBytes == m.contextBytes
                    && hiddenUnits == m.hiddenUnits && floodBits == m.floodBits;
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(ckksParameters) * 31 + contextBytes * 7 + hiddenUnits;
        }

        @Override
        public String toString() {
            return "NeuralCompletion.Model(" + contextBytes + " context bytes, " + hiddenUnits + " hidden units, flood 2^"
                    + floodBits + ")";
        }
    }

    /** What a key part carries. */
    public enum KeyKind { PUBLIC, RELINEARIZATION, GALOIS }

    /** One part of an evaluation-key upload: a key of one kind (one Galois element), for key id. */
    public record KeyPart(byte[] keyId, KeyKind kind, byte[] key) {
        public KeyPart {
            keyId = ByteCompletion.checked(keyId, KEY_ID_BYTES, KEY_ID_BYTES, "a key id");
            java.util.Objects.requireNonNull(kind, "kind");
            key = ByteCompletion.checked(key, 1, MAX_KEY_BYTES, "a key");
        }

        @Override
        public byte[] keyId() {
            return keyId.clone();
        }

        @Override
        public byte[] key() {
            return key.clone();
        }

        public byte[] encode() {
            return new GridEnvelope(PROTOCOL.id(), List.of(CBORObject.FromObject(keyId), CBORObject.FromObject(kind.ordinal()),
                    CBORObject.FromObject(key))).encode();
        }

        /** @throws MalformedInputException with the reason, for anything but a key part */
        public static KeyPart decode(byte[] bytes) {
            String what = "key part";
            GridEnvelope e = GridMessages.open(bytes, PROTOCOL, GridMessages.profile(MAX_KEY_PART_BYTES, 2 * MAX_KEY_BYTES), 3, what);
            return new KeyPart(CborItems.bytes(e.slots().get(0), KEY_ID_BYTES, KEY_ID_BYTES, what + " key-id"),
                    KeyKind.values()[(int) CborItems.integer(e.slots().get(1), 0, 2, what + " kind")],
                    CborItems.bytes(e.slots().get(2), 1, MAX_KEY_BYTES, what + " key"));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof KeyPart p && Arrays.equals(keyId, p.keyId) && kind == p.kind && Arrays.equals(key, p.key);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(keyId) * 31 + kind.hashCode();
        }

        @Override
        public String toString() {
            return "NeuralCompletion.KeyPart(" + kind + ", " + key.length + " bytes)";
        }
    }

    /** The node's acknowledgement of a complete upload. */
    public record KeysStored(byte[] keyId, int galoisElements) {
        public KeysStored {
            keyId = ByteCompletion.checked(keyId, KEY_ID_BYTES, KEY_ID_BYTES, "a key id");
            range(galoisElements, 0, 1 << 16, "Galois elements");
        }

        @Override
        public byte[] keyId() {
            return keyId.clone();
        }

        public byte[] encode() {
            return new GridEnvelope(PROTOCOL.id(), List.of(CBORObject.FromObject(keyId), CBORObject.FromObject(galoisElements)))
                    .encode();
        }

        /** @throws MalformedInputException with the reason, for anything but a keys-stored message */
        public static KeysStored decode(byte[] bytes) {
            String what = "keys stored";
            GridEnvelope e = GridMessages.open(bytes, PROTOCOL, GridMessages.profile(256, 64), 2, what);
            return new KeysStored(CborItems.bytes(e.slots().get(0), KEY_ID_BYTES, KEY_ID_BYTES, what + " key-id"),
                    (int) CborItems.integer(e.slots().get(1), 0, 1 << 16, what + " galois-elements"));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof KeysStored k && Arrays.equals(keyId, k.keyId) && galoisElements == k.galoisElements;
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(keyId) * 31 + galoisElements;
        }
    }

    /** A neural request: the query ciphertext under key id, and the payment or null. */
    public record Request(byte[] keyId, byte[] query, Payment payment) {
        public Request {
            keyId = ByteCompletion.checked(keyId, KEY_ID_BYTES, KEY_ID_BYTES, "a key id");
            query = ByteCompletion.checked(query, 1, MAX_QUERY_BYTES, "a query ciphertext");
        }

        @Override
        public byte[] keyId() {
            return keyId.clone();
        }

        @Override
        public byte[] query() {
            return query.clone();
        }

        /** The request's grid item: exactly the bytes sent, and what the promise covers. */
        public byte[] encode() {
            return new GridEnvelope(PROTOCOL.id(), List.of(CBORObject.FromObject(keyId), CBORObject.FromObject(query),
                    GridMessages.payment(payment))).encode();
        }

        /** @throws MalformedInputException with the reason, for anything but a neural request within the bounds */
        public static Request decode(byte[] bytes) {
            String what = "neural request";
            GridEnvelope e = GridMessages.open(bytes, PROTOCOL, GridMessages.profile(MAX_REQUEST_BYTES,
                    Math.max(MAX_QUERY_BYTES, Payment.MAX_PROOF_BYTES)), 3, what);
            return new Request(CborItems.bytes(e.slots().get(0), KEY_ID_BYTES, KEY_ID_BYTES, what + " key-id"),
                    CborItems.bytes(e.slots().get(1), 1, MAX_QUERY_BYTES, what + " query"),
                    GridMessages.payment(e.slots().get(2), what));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Request r && Arrays.equals(keyId, r.keyId) && Arrays.equals(query, r.query)
                    && java.util.Objects.equals(payment, r.payment);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(keyId);
        }

        @Override
        public String toString() {
            return "NeuralCompletion.Request(" + query.length + " bytes" + (payment == null ? "" : ", paid") + ")";
        }
    }

    /** A node's response: the answer ciphertext, its promise and its receipt (binding the answer's bytes). */
    public static CompletionResponse response(byte[] answer, byte[] promise, byte[] receipt) {
        return new CompletionResponse(PROTOCOL, answer, promise, receipt);
    }

    /** @throws MalformedInputException with the reason, for anything but a neural response */
    public static CompletionResponse readResponse(byte[] bytes) {
        return CompletionResponse.decode(bytes, PROTOCOL, MAX_RESPONSE_BYTES, MAX_ANSWER_BYTES, "neural response");
    }

    private static void range(long v, long min, long max, String what) {
        if (v < min || v > max) {
            throw new ParameterException(what + " must be " + min + " to " + max + ", got " + v);
        }
    }
}
