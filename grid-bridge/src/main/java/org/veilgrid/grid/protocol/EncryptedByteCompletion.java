package org.veilgrid.grid.protocol;

import com.upokecenter.cbor.CBORObject;
import java.util.ArrayList;
import java.util.List;
import org.veilgrid.core.cbor.CborItems;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.grid.GridEnvelope;
import org.veilgrid.grid.model.NGramModel;
import org.veilgrid.grid.payment.Payment;

/**
 * The messages of protocol encrypted-byte-completion-2
 * (docs/protocols/encrypted-byte-completion-2.md), each a {@code grid} item: the index request
 * {@code [pCID]}, the {@link Index} {@code [pCID, bfv-parameters, groups, [contexts]]}, a
 * {@link Request} {@code [pCID, [query ciphertexts], payment / null]} and a response
 * {@code [pCID, answer, promise, receipt]} ({@link CompletionResponse}). BFV parameters and
 * ciphertexts stay opaque byte strings here, read by their own strict decoders ({@code BfvCodec}).
 */
public final class EncryptedByteCompletion {
    /** The largest encoding of BFV parameters an index carries. */
    public static final int MAX_PARAMETER_BYTES = 64 << 10;
    /** The most query ciphertexts: one per 1 024 rows of the largest model. */
    public static final int MAX_GROUPS = 64;
    /** Framing of a request beyond its ciphertexts and proof: tag, array, pCID link, heads, commitment. */
    public static final int REQUEST_FRAMING_BYTES = 256;
    /** Framing per query ciphertext: its byte string head, at most 5 bytes (rounded up). */
    public static final int CIPHERTEXT_FRAMING_BYTES = 8;
    private static final String INDEX_REQUEST = "index request";

    private EncryptedByteCompletion() {
    }

    /** The index request: the pCID and nothing else. */
    public static byte[] indexRequest() {
        return new GridEnvelope(GridProtocol.ENCRYPTED_BYTE_COMPLETION.id(), List.of()).encode();
    }

    /**
     * Reads an index request.
     *
     * @throws MalformedInputException for anything but an encrypted-byte-completion-2 index request
     */
    public static void readIndexRequest(byte[] bytes) {
        GridMessages.open(bytes, GridProtocol.ENCRYPTED_BYTE_COMPLETION, GridMessages.profile(64, 64), 0, INDEX_REQUEST);
    }

    /** The largest request for {@code groups} ciphertexts of at most {@code maxCiphertextBytes}, with a payment. */
    public static long maxRequestBytes(int groups, long maxCiphertextBytes) {
        return groups * (maxCiphertextBytes + CIPHERTEXT_FRAMING_BYTES) + Payment.MAX_PROOF_BYTES + REQUEST_FRAMING_BYTES;
    }

    /**
     * A node's public index.
     *
     * @param bfvParameters the node's BFV parameters ({@code BfvCodec} encoding)
     * @param groups        query ciphertexts per request, 1 to {@value #MAX_GROUPS}
     * @param contexts      the row contexts in row order: at most {@link NGramModel#MAX_CONTEXTS}, each at
     *                      most {@link NGramModel#MAX_ORDER} bytes
     */
    public record Index(byte[] bfvParameters, int groups, List<byte[]> contexts) {
        public Index {
            bfvParameters = ByteCompletion.checked(bfvParameters, 1, MAX_PARAMETER_BYTES, "BFV parameters");
            if (groups < 1 || groups > MAX_GROUPS) {
                throw new ParameterException("an index has 1 to " + MAX_GROUPS + " groups, got " + groups);
            }
            if (contexts.size() > NGramModel.MAX_CONTEXTS) {
                throw new ParameterException("an index has at most " + NGramModel.MAX_CONTEXTS + " contexts");
            }
            List<byte[]> copy = new ArrayList<>();
            for (byte[] c : contexts) {
                copy.add(ByteCompletion.checked(c, 0, NGramModel.MAX_ORDER, "a row context"));
            }
            contexts = List.copyOf(copy);
        }

        @Override
        public byte[] bfvParameters() {
            return bfvParameters.clone();
        }

        /** The contexts (copies). */
        @Override
        public List<byte[]> contexts() {
            return contexts.stream().map(byte[]::clone).toList();
        }

        public byte[] encode() {
            CBORObject list = CBORObject.NewArray();
            for (byte[] c : contexts) {
                list.Add(CBORObject.FromObject(c));
            }
            return new GridEnvelope(GridProtocol.ENCRYPTED_BYTE_COMPLETION.id(), List.of(CBORObject.FromObject(bfvParameters),
                    CBORObject.FromObject(groups), list)).encode();
        }

        /**
         * Reads an index of at most {@code maxBytes}.
         *
         * @throws MalformedInputException with the reason, for anything but an index within the bounds above
         */
        public static Index decode(byte[] bytes, int maxBytes) {
            String what = "index";
            // strings and arrays up to twice the longest legal one, so that a count one beyond the
            // limit is reported by the checks below, with the limit, rather than by the scan
            GridEnvelope e = GridMessages.open(bytes, GridProtocol.ENCRYPTED_BYTE_COMPLETION,
                    GridMessages.profile(maxBytes, 2 * Math.max(MAX_PARAMETER_BYTES, NGramModel.MAX_CONTEXTS)), 3, what);
            byte[] parameters = CborItems.bytes(e.slots().get(0), 1, MAX_PARAMETER_BYTES, what + " bfv-parameters");
            int groups = (int) CborItems.integer(e.slots().get(1), 1, MAX_GROUPS, what + " groups");
            CBORObject list = e.slots().get(2);
            if (list.getType() != com.upokecenter.cbor.CBORType.Array || list.isTagged()) {
                throw new MalformedInputException(what + " contexts", "expected an array");
            }
            if (list.size() > NGramModel.MAX_CONTEXTS) {
                throw new MalformedInputException(what + " contexts", list.size() + " contexts; at most " + NGramModel.MAX_CONTEXTS);
            }
            List<byte[]> contexts = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                contexts.add(CborItems.bytes(list.get(i), 0, NGramModel.MAX_ORDER, what + " contexts[" + i + "]"));
            }
            return new Index(parameters, groups, contexts);
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Index x) || groups != x.groups || !java.util.Arrays.equals(bfvParameters, x.bfvParameters)
                    || contexts.size() != x.contexts.size()) {
                return false;
            }
            for (int i = 0; i < contexts.size(); i++) {
                if (!java.util.Arrays.equals(contexts.get(i), x.contexts.get(i))) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(bfvParameters) * 31 + groups;
        }

        @Override
        public String toString() {
            return "EncryptedByteCompletion.Index(" + groups + " groups, " + contexts.size() + " rows)";
        }
    }

    /**
     * An encrypted request.
     *
     * @param query   the row selection: one BFV ciphertext ({@code BfvCodec} encoding) per group
     * @param payment the payment, or null
     */
    public record Request(List<byte[]> query, Payment payment) {
        public Request {
            if (query.isEmpty() || query.size() > MAX_GROUPS) {
                throw new ParameterException("a query has 1 to " + MAX_GROUPS + " ciphertexts, got " + query.size());
            }
            List<byte[]> copy = new ArrayList<>();
            for (byte[] c : query) {
                copy.add(ByteCompletion.checked(c, 1, Integer.MAX_VALUE, "a query ciphertext"));
            }
            query = List.copyOf(copy);
        }

        /** The ciphertexts (copies). */
        @Override
        public List<byte[]> query() {
            return query.stream().map(byte[]::clone).toList();
        }

        /** The request's grid item: exactly the bytes sent, and what the promise covers. */
        public byte[] encode() {
            CBORObject list = CBORObject.NewArray();
            for (byte[] c : query) {
                list.Add(CBORObject.FromObject(c));
            }
            return new GridEnvelope(GridProtocol.ENCRYPTED_BYTE_COMPLETION.id(), List.of(list,
                    GridMessages.payment(payment))).encode();
        }

        /**
         * Reads an encrypted request of at most {@code maxBytes} whose ciphertexts have at most
         * {@code maxCiphertextBytes} each; both are checked while the bytes are scanned, before
         * anything is built from them.
         *
         * @throws MalformedInputException with the reason, for anything but such a request
         */
        public static Request decode(byte[] bytes, int maxBytes, int maxCiphertextBytes) {
            String what = "encrypted request";
            GridEnvelope e = GridMessages.open(bytes, GridProtocol.ENCRYPTED_BYTE_COMPLETION,
                    GridMessages.profile(maxBytes, Math.max(maxCiphertextBytes, Payment.MAX_PROOF_BYTES)), 2, what);
            CBORObject list = e.slots().get(0);
            if (list.getType() != com.upokecenter.cbor.CBORType.Array || list.isTagged()) {
                throw new MalformedInputException(what + " query", "expected an array");
            }
            if (list.size() < 1 || list.size() > MAX_GROUPS) {
                throw new MalformedInputException(what + " query", list.size() + " ciphertexts; 1 to " + MAX_GROUPS);
            }
            List<byte[]> query = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                query.add(CborItems.bytes(list.get(i), 1, maxCiphertextBytes, what + " query[" + i + "]"));
            }
            return new Request(query, GridMessages.payment(e.slots().get(1), what));
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Request r) || query.size() != r.query.size() || !java.util.Objects.equals(payment, r.payment)) {
                return false;
            }
            for (int i = 0; i < query.size(); i++) {
                if (!java.util.Arrays.equals(query.get(i), r.query.get(i))) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public int hashCode() {
            return query.size();
        }

        @Override
        public String toString() {
            return "EncryptedByteCompletion.Request(" + query.size() + " ciphertexts" + (payment == null ? "" : ", paid") + ")";
        }
    }

    /** A node's response: the answer ciphertext, its promise and its receipt (binding the answer's bytes). */
    public static CompletionResponse response(byte[] answer, byte[] promise, byte[] receipt) {
        return new CompletionResponse(GridProtocol.ENCRYPTED_BYTE_COMPLETION, answer, promise, receipt);
    }

    /**
     * Reads an encrypted response of at most {@code maxBytes}.
     *
     * @throws MalformedInputException with the reason, for anything but such a response
     */
    public static CompletionResponse readResponse(byte[] bytes, int maxBytes) {
        return CompletionResponse.decode(bytes, GridProtocol.ENCRYPTED_BYTE_COMPLETION, maxBytes, maxBytes, "encrypted response");
    }
}
