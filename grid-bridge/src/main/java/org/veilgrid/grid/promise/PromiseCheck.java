package org.veilgrid.grid.promise;

import java.security.MessageDigest;
import org.veilgrid.core.errors.MalformedInputException;

/**
 * How a client judges one answered request: the promise and receipt must be signed by the node it
 * asked, the promise must cover the request it sent, the receipt must bind that promise and the
 * response it got, and the answer must arrive by the deadline. Anything else is a broken promise,
 * with the reason.
 */
public final class PromiseCheck {
    public enum Outcome {
        KEPT, BAD_SIGNATURE, WRONG_NODE, WRONG_REQUEST, WRONG_RESPONSE, LATE, MISSING,
        /** The receipt is in order but the answer is not what the model gives (found by an audit). */
        WRONG_ANSWER
    }

    private PromiseCheck() {
    }

    /**
     * An auditor's second look at a kept promise: someone who can compute the right answer (a
     * holder of the public model, or another node asked the same question) compares it with the
     * answer the receipt binds.
     */
    public static Outcome audit(Outcome judged, byte[] answer, byte[] expected) {
        if (judged != Outcome.KEPT) {
            return judged;
        }
        return MessageDigest.isEqual(answer, expected) ? Outcome.KEPT : Outcome.WRONG_ANSWER;
    }

    /**
     * Decodes the promise and receipt bytes a node sent and judges them against the request and
     * the response bytes the receipt must bind ({@code continuation}: what the client reads from
     * that response); bytes that do not decode count as missing. {@code expectedNode} null accepts
     * the key the promise names.
     */
    public static CheckedCompletion judgeEncoded(byte[] expectedNode, byte[] request, byte[] promiseBytes,
                                                 byte[] receiptBytes, byte[] response, byte[] continuation,
                                                 long receivedAtMillis) {
        CompletionPromise promise = null;
        CompletionReceipt receipt = null;
        try {
            promise = CompletionPromise.fromBytes(promiseBytes);
            receipt = CompletionReceipt.fromBytes(receiptBytes);
        } catch (MalformedInputException e) {
            // judged as missing below
        }
        byte[] expected = expectedNode != null ? expectedNode : promise == null ? new byte[32] : promise.nodeKey;
        return new CheckedCompletion(continuation, promise, receipt,
                judge(expected, request, promise, receipt, response, receivedAtMillis));
    }

    public static Outcome judge(byte[] expectedNode, byte[] request, CompletionPromise promise, CompletionReceipt receipt,
                                byte[] response, long receivedAtMillis) {
        if (promise == null || receipt == null || response == null) {
            return Outcome.MISSING;
        }
        if (!promise.signatureValid() || !receipt.signatureValid()) {
            return Outcome.BAD_SIGNATURE;
        }
        if (!MessageDigest.isEqual(promise.nodeKey, expectedNode) || !MessageDigest.isEqual(receipt.nodeKey, expectedNode)) {
            return Outcome.WRONG_NODE;
        }
        if (!promise.covers(request)) {
            return Outcome.WRONG_REQUEST;
        }
        if (!receipt.binds(promise, response)) {
            return Outcome.WRONG_RESPONSE;
        }
        if (receivedAtMillis > promise.deadlineMillis || receipt.servedAtMillis > promise.deadlineMillis) {
            return Outcome.LATE;
        }
        return Outcome.KEPT;
    }
}
