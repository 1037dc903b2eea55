package org.veilgrid.grid.promise;

/**
 * One completion as a client received it, plaintext or encrypted alike: the continuation it reads,
 * the node's promise and receipt (null where absent, undecodable, or not verified against the key
 * the client pinned), and its verdict on them.
 */
public record CheckedCompletion(byte[] continuation, CompletionPromise promise, CompletionReceipt receipt,
                                PromiseCheck.Outcome outcome) {
    @Override
    public byte[] continuation() {
        return continuation.clone();
    }

    @Override
    public String toString() {
        return "CheckedCompletion(" + outcome.label() + ", " + continuation.length + " bytes)";
    }
}
