package org.veilgrid.grid.promise;

/**
 * One completion as a client received it, plaintext or encrypted alike: the continuation it reads,
 * the node's promise and receipt (null where absent, undecodable, or not verified against the key
 * the client pinned), its verdict on them, and the exact bytes of the request it sent (the grid
 * item the promise must cover).
 */
public record CheckedCompletion(byte[] continuation, CompletionPromise promise, CompletionReceipt receipt,
                                PromiseCheck.Outcome outcome, byte[] request) {
    @Override
    public byte[] continuation() {
        return continuation.clone();
    }

    @Override
    public byte[] request() {
        return request.clone();
    }

    @Override
    public String toString() {
        return "CheckedCompletion(" + outcome.label() + ", " + continuation.length + " bytes)";
    }
}
