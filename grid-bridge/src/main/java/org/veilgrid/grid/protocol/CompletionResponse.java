package org.veilgrid.grid.protocol;

import com.upokecenter.cbor.CBORObject;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.veilgrid.core.cbor.CborItems;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.grid.GridEnvelope;

/**
 * A node's answer in either completion protocol, the same four slots in both:
 * {@code [pCID, answer, promise, receipt]}, the answer being the continuation (byte-completion-2)
 * or the answer ciphertext (encrypted-byte-completion-2) and the receipt binding exactly its bytes.
 *
 * @param protocol {@link GridProtocol#BYTE_COMPLETION} or {@link GridProtocol#ENCRYPTED_BYTE_COMPLETION}
 * @param answer   the answer bytes
 * @param promise  the node's promise (COSE_Sign1 bytes, verified by the client against its pinned key)
 * @param receipt  the node's receipt (likewise)
 */
public record CompletionResponse(GridProtocol protocol, byte[] answer, byte[] promise, byte[] receipt) {
    public CompletionResponse {
        Objects.requireNonNull(protocol, "protocol");
        answer = ByteCompletion.checked(answer, 1, Integer.MAX_VALUE, "an answer");
        promise = ByteCompletion.checked(promise, 1, GridMessages.MAX_STATEMENT_BYTES, "a promise");
        receipt = ByteCompletion.checked(receipt, 1, GridMessages.MAX_STATEMENT_BYTES, "a receipt");
    }

    @Override
    public byte[] answer() {
        return answer.clone();
    }

    @Override
    public byte[] promise() {
        return promise.clone();
    }

    @Override
    public byte[] receipt() {
        return receipt.clone();
    }

    /** The response's grid item. */
    public byte[] encode() {
        return new GridEnvelope(protocol.id(), List.of(CBORObject.FromObject(answer), CBORObject.FromObject(promise),
                CBORObject.FromObject(receipt))).encode();
    }

    /**
     * Reads a response of {@code protocol}: at most {@code maxBytes} in all, an answer of 1 to
     * {@code maxAnswerBytes}.
     *
     * @throws MalformedInputException with the reason, for anything else
     */
    static CompletionResponse decode(byte[] bytes, GridProtocol protocol, int maxBytes, int maxAnswerBytes, String what) {
        GridEnvelope e = GridMessages.open(bytes, protocol,
                GridMessages.profile(maxBytes, Math.max(maxAnswerBytes, GridMessages.MAX_STATEMENT_BYTES)), 3, what);
        return new CompletionResponse(protocol, CborItems.bytes(e.slots().get(0), 1, maxAnswerBytes, what + " answer"),
                GridMessages.statement(e.slots().get(1), what + " promise"),
                GridMessages.statement(e.slots().get(2), what + " receipt"));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CompletionResponse r && protocol == r.protocol && Arrays.equals(answer, r.answer)
                && Arrays.equals(promise, r.promise) && Arrays.equals(receipt, r.receipt);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(promise);
    }

    @Override
    public String toString() {
        return "CompletionResponse(" + protocol.title() + ", " + answer.length + "-byte answer)";
    }
}
