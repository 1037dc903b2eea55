package org.veilgrid.grid.promise;

import java.security.MessageDigest;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.zk.promise.AgentKeys;

/**
 * How a client judges one answered request: the promise and receipt must be signed by the node it
 * asked, the promise must cover the request it sent, the receipt must bind that promise and the
 * response it got, and the answer must arrive by the deadline. Anything else is a broken promise,
 * with the reason.
 */
public final class PromiseCheck {
    public enum Outcome {
        KEPT("the promise was kept"),
        BAD_SIGNATURE("a signature on the promise or the receipt does not verify"),
        WRONG_NODE("the promise or the receipt is signed by another key than the node's"),
        WRONG_REQUEST("the promise is for another request or other terms"),
        WRONG_RESPONSE("the receipt binds other bytes than those received"),
        LATE("the answer came after the promised deadline"),
        MISSING("no decodable promise or receipt came with the answer"),
        /** The receipt is in order but the answer is not what the model gives (found by an audit). */
        WRONG_ANSWER("the answer is not the model's (found by an audit)");

        private final String meaning;

        Outcome(String meaning) {
            this.meaning = meaning;
        }

        /** What the verdict means, as a sentence fragment for people. */
        public String meaning() {
            return meaning;
        }

        /** The verdict as a short lower-case label for machines: "kept", "wrong-node", "late", ... */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
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
     * that response); bytes that do not decode count as missing. {@code expectedNode} is the key
     * the client pinned for the node it asked: there is no "accept whatever key the promise names",
     * since a promise signed by a key nobody expected proves nothing.
     *
     * @throws ParameterException if {@code expectedNode} is not a 32-byte key
     */
    public static CheckedCompletion judgeEncoded(byte[] expectedNode, byte[] request, byte[] promiseBytes,
                                                 byte[] receiptBytes, byte[] response, byte[] continuation,
                                                 long receivedAtMillis) {
        requireNodeKey(expectedNode);
        CompletionPromise promise = null;
        CompletionReceipt receipt = null;
        try {
            promise = CompletionPromise.fromBytes(promiseBytes);
            receipt = CompletionReceipt.fromBytes(receiptBytes);
        } catch (MalformedInputException e) {
            // judged as missing below
        }
        return new CheckedCompletion(continuation, promise, receipt,
                judge(expectedNode, request, promise, receipt, response, receivedAtMillis));
    }

    /**
     * Checks that a client pinned a node key before asking.
     *
     * @throws ParameterException if {@code nodeKey} is null or not {@value AgentKeys#PUBLIC_LENGTH} bytes
     */
    public static void requireNodeKey(byte[] nodeKey) {
        if (nodeKey == null || nodeKey.length != AgentKeys.PUBLIC_LENGTH) {
            throw new ParameterException("the key of the node asked must be pinned: " + AgentKeys.PUBLIC_LENGTH
                    + " bytes, got " + (nodeKey == null ? "none" : nodeKey.length + " bytes"));
        }
    }

    /** The verdict on one answer; {@code expectedNode}: the pinned key of the node asked. */
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
