package org.veilgrid.grid.promise;

/**
 * One completion as a client received it, plaintext or encrypted alike: the continuation it reads,
 * the node's promise and receipt (null where absent or undecodable), and its verdict on them.
 */
public record CheckedCompletion(byte[] continuation, CompletionPromise promise, CompletionReceipt receipt,
                                PromiseCheck.Outcome outcome) {
}
