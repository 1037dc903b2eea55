package org.veilgrid.grid.encrypted;

import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.identity.AgentPublicKey;
import org.veilgrid.grid.promise.CheckedCompletion;

/**
 * An encrypted completion from a node whichever model it serves: a neural node
 * (encrypted-neural-completion-1: keys uploaded once, one CKKS call per byte) or an n-gram node
 * (encrypted-byte-completion-2: one BFV row selection). The neural protocol is asked first; a node
 * that serves no neural model says so and the n-gram protocol is used. The command line and the
 * demo share this flow.
 */
public final class EncryptedCompletions {
    private EncryptedCompletions() {
    }

    /** What happened, for reporting. */
    public record Result(CheckedCompletion completion, String protocol, int calls, long uploadBytes, long queryBytes,
                         long keyMillis, long completionMillis) {
    }

    /** What a long completion reports as it goes. */
    public interface Progress {
        /** Key parts sent so far, of {@code total}. */
        void keys(int sent, int total);

        /** Bytes completed so far, of {@code total}. */
        void bytes(int done, int total);

        Progress NONE = new Progress() {
            @Override
            public void keys(int sent, int total) {
            }

            @Override
            public void bytes(int done, int total) {
            }
        };
    }

    /**
     * Completes {@code context} by {@code bytes} bytes under encryption.
     *
     * @param neural  makes the neural client (it asks the node for its model description); its
     *                constructor throws {@link ParameterException} naming "serves no neural model"
     *                for an n-gram node
     * @param ngram   makes the n-gram client
     * @param pinned  the node's promise key, or null to take each client's roster key
     * @param onRequest hears every request's bytes before it is sent
     */
    public static Result complete(Supplier<NeuralCompletionClient> neural, Supplier<EncryptedCompletionClient> ngram,
                                  byte[] context, int bytes, AgentPublicKey pinned, Consumer<byte[]> onRequest,
                                  Progress progress) {
        Objects.requireNonNull(progress, "progress");
        NeuralCompletionClient n;
        try {
            n = neural.get();
        } catch (ParameterException e) {
            if (!e.getMessage().contains("serves no neural model")) {
                throw e;
            }
            n = null;
        }
        if (n == null) {
            long start = System.nanoTime();
            try (EncryptedCompletionClient c = ngram.get()) {
                c.onRequest(onRequest);
                CheckedCompletion done = pinned == null ? c.completeChecked(context) : c.completeChecked(context, pinned);
                return new Result(done, "encrypted-byte-completion-2 (BFV, n-gram rows)", 1, 0, c.queryBytes(context), 0,
                        (System.nanoTime() - start) / 1_000_000);
            }
        }
        try (NeuralCompletionClient c = n) {
            c.onRequest(onRequest);
            AgentPublicKey key = pinned == null ? c.rosterKey() : pinned;
            long start = System.nanoTime();
            int parts = c.keyParts();
            c.uploadKeys(sent -> progress.keys(sent, parts));
            long keyMillis = (System.nanoTime() - start) / 1_000_000;
            start = System.nanoTime();
            List<CheckedCompletion> calls = c.completeChecked(context, bytes, key, null, 0, done -> progress.bytes(done, bytes));
            long millis = (System.nanoTime() - start) / 1_000_000;
            return new Result(NeuralCompletionClient.combined(calls), "encrypted-neural-completion-1 (CKKS, neural model)",
                    calls.size(), c.uploadBytes(), c.queryBytes(context), keyMillis, millis);
        }
    }
}
