package org.veilgrid.grid.protocol;

import com.upokecenter.cbor.CBORObject;
import java.util.List;
import org.veilgrid.core.cbor.CborItems;
import org.veilgrid.core.cbor.CborProfile;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.grid.GridEnvelope;
import org.veilgrid.grid.model.NGramModel;
import org.veilgrid.grid.payment.Payment;

/**
 * The messages of protocol byte-completion-2 (docs/protocols/byte-completion-2.md), each a
 * {@code grid} item: a {@link Request} {@code [pCID, context, max-bytes, payment / null]} and a
 * response {@code [pCID, continuation, promise, receipt]} ({@link CompletionResponse}).
 */
public final class ByteCompletion {
    /** The longest context a request carries. */
    public static final int MAX_CONTEXT_BYTES = 4096;
    /** Framing of a request beyond its context and proof: tag, array, pCID link, heads, commitment. */
    private static final int REQUEST_FRAMING_BYTES = 256;
    /** The largest request: a full context and the largest payment, with framing (6400 bytes). */
    public static final int MAX_REQUEST_BYTES = MAX_CONTEXT_BYTES + Payment.MAX_PROOF_BYTES + REQUEST_FRAMING_BYTES;
    /** The largest response: 16 bytes, two statements and framing. */
    public static final int MAX_RESPONSE_BYTES = NGramModel.COMPLETION_BYTES + 2 * GridMessages.MAX_STATEMENT_BYTES + 256;

    private static final CborProfile REQUEST = GridMessages.profile(MAX_REQUEST_BYTES, MAX_CONTEXT_BYTES);

    private ByteCompletion() {
    }

    /**
     * A completion request.
     *
     * @param context  the bytes to continue, at most {@value #MAX_CONTEXT_BYTES}
     * @param maxBytes continuation bytes wanted, 1 to 16
     * @param payment  the payment, or null
     */
    public record Request(byte[] context, int maxBytes, Payment payment) {
        public Request {
            if (context == null || context.length > MAX_CONTEXT_BYTES) {
                throw new ParameterException("a context has at most " + MAX_CONTEXT_BYTES + " bytes, got "
                        + (context == null ? "none" : context.length));
            }
            if (maxBytes < 1 || maxBytes > NGramModel.COMPLETION_BYTES) {
                throw new ParameterException("max-bytes must lie in [1, " + NGramModel.COMPLETION_BYTES + "], got " + maxBytes);
            }
            context = context.clone();
        }

        @Override
        public byte[] context() {
            return context.clone();
        }

        /** The request's grid item: exactly the bytes sent, and what the promise covers. */
        public byte[] encode() {
            return new GridEnvelope(GridProtocol.BYTE_COMPLETION.id(), List.of(CBORObject.FromObject(context),
                    CBORObject.FromObject(maxBytes), GridMessages.payment(payment))).encode();
        }

        /**
         * Reads a completion request.
         *
         * @throws MalformedInputException with the reason, for anything but a byte-completion-2 request
         */
        public static Request decode(byte[] bytes) {
            String what = "completion request";
            GridEnvelope e = GridMessages.open(bytes, GridProtocol.BYTE_COMPLETION, REQUEST, 3, what);
            byte[] context = CborItems.bytes(e.slots().get(0), 0, MAX_CONTEXT_BYTES, what + " context");
            int maxBytes = (int) CborItems.integer(e.slots().get(1), 1, NGramModel.COMPLETION_BYTES, what + " max-bytes");
            return new Request(context, maxBytes, GridMessages.payment(e.slots().get(2), what));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Request r && java.util.Arrays.equals(context, r.context) && maxBytes == r.maxBytes
                    && java.util.Objects.equals(payment, r.payment);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(context) * 31 + maxBytes;
        }

        @Override
        public String toString() {
            // never the context: the node logs nothing about what it serves
            return "ByteCompletion.Request(" + context.length + " context bytes, " + maxBytes + " wanted"
                    + (payment == null ? "" : ", paid") + ")";
        }
    }

    /** A node's response: the continuation (1 to 16 bytes), its promise and its receipt. */
    public static CompletionResponse response(byte[] continuation, byte[] promise, byte[] receipt) {
        ByteCompletion.checked(continuation, 1, NGramModel.COMPLETION_BYTES, "a continuation");
        return new CompletionResponse(GridProtocol.BYTE_COMPLETION, continuation, promise, receipt);
    }

    /**
     * Reads a completion response.
     *
     * @throws MalformedInputException with the reason, for anything but a byte-completion-2 response
     */
    public static CompletionResponse readResponse(byte[] bytes) {
        return CompletionResponse.decode(bytes, GridProtocol.BYTE_COMPLETION, MAX_RESPONSE_BYTES, NGramModel.COMPLETION_BYTES,
                "completion response");
    }

    /** A copy of {@code b}, of {@code min} to {@code max} bytes. */
    static byte[] checked(byte[] b, int min, int max, String what) {
        if (b == null || b.length < min || b.length > max) {
            throw new ParameterException(what + " has " + min + " to " + max + " bytes, got " + (b == null ? "none" : b.length));
        }
        return b.clone();
    }
}
