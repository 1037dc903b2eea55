package org.veilgrid.grid.promise;

import java.security.MessageDigest;

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
