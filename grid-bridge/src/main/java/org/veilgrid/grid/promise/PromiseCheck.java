package org.veilgrid.grid.promise;

import java.security.MessageDigest;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.errors.VerificationFailedException;
import org.veilgrid.core.identity.AgentPublicKey;

/**
 * How a client judges one answered request: the promise and receipt must be signed by the node it
 * asked, the promise must cover the request it sent, the receipt must bind that promise and the
 * response it got, and the answer must arrive by the deadline. Anything else is a broken promise,
 * with the reason. Promises and receipts are COSE_Sign1 statements ({@link CompletionPromise},
 * {@link CompletionReceipt}) verified against the key the client pinned.
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
     * Reads the promise and receipt bytes a node sent and judges them against the request and the
     * response bytes the receipt must bind ({@code continuation}: what the client reads from that
     * response). {@code expectedNode} is the key the client pinned for the node it asked: there is
     * no "accept whatever key the promise names", since a promise signed by a key nobody expected
     * proves nothing. Bytes that do not decode count as missing; a promise or receipt signed by
     * another key is {@code WRONG_NODE}; one whose signature does not verify {@code BAD_SIGNATURE}.
     *
     * @param request the exact bytes of the request sent
     * @throws ParameterException if {@code expectedNode} is null
     */
    public static CheckedCompletion judgeEncoded(AgentPublicKey expectedNode, byte[] request, byte[] promiseBytes,
                                                 byte[] receiptBytes, byte[] response, byte[] continuation,
                                                 long receivedAtMillis) {
        requireNodeKey(expectedNode);
        CompletionPromise promise;
        CompletionReceipt receipt;
        try {
            if (!CompletionPromise.signerOf(promiseBytes).equals(expectedNode.fingerprint())
                    || !CompletionReceipt.signerOf(receiptBytes).equals(expectedNode.fingerprint())) {
                return new CheckedCompletion(continuation, null, null, Outcome.WRONG_NODE);
            }
            promise = CompletionPromise.verify(promiseBytes, expectedNode);
            receipt = CompletionReceipt.verify(receiptBytes, expectedNode);
        } catch (MalformedInputException e) {
            return new CheckedCompletion(continuation, null, null, Outcome.MISSING);
        } catch (VerificationFailedException e) {
            // a statement of another kind or algorithm in its place, a signature that does not
            // verify, or a statement naming another node than the one whose key signed it
            return new CheckedCompletion(continuation, null, null, Outcome.BAD_SIGNATURE);
        }
        return new CheckedCompletion(continuation, promise, receipt,
                judge(expectedNode, request, promise, receipt, response, receivedAtMillis));
    }

    /**
     * Checks that a client pinned a node key before asking.
     *
     * @throws ParameterException if {@code nodeKey} is null
     */
    public static void requireNodeKey(AgentPublicKey nodeKey) {
        if (nodeKey == null) {
            throw new ParameterException("the public key of the node asked must be pinned: a promise signed by a key"
                    + " nobody expected proves nothing");
        }
    }

    /**
     * The verdict on one answer whose promise and receipt were made or verified already;
     * {@code expectedNode}: the pinned key of the node asked.
     */
    public static Outcome judge(AgentPublicKey expectedNode, byte[] request, CompletionPromise promise,
                                CompletionReceipt receipt, byte[] response, long receivedAtMillis) {
        if (promise == null || receipt == null || response == null) {
            return Outcome.MISSING;
        }
        if (!promise.node().equals(expectedNode) || !receipt.node().equals(expectedNode)) {
            return Outcome.WRONG_NODE;
        }
        if (!promise.covers(request)) {
            return Outcome.WRONG_REQUEST;
        }
        if (!receipt.binds(promise, response)) {
            return Outcome.WRONG_RESPONSE;
        }
        if (receivedAtMillis > promise.deadlineMillis() || receipt.servedAtMillis() > promise.deadlineMillis()) {
            return Outcome.LATE;
        }
        return Outcome.KEPT;
    }
}
