package org.veilgrid.grid.promise;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.veilgrid.core.identity.AgentPublicKey;

/**
 * A record of promises kept and broken, per node (by its public key), with the evidence: the
 * promise and receipt (COSE_Sign1 bytes) of every kept promise, which anyone can re-check. The router prefers
 * nodes with a better record. Thread-safe.
 */
public final class Ledger {
    /** One node's record. */
    public static final class Record {
        public int kept;
        public int broken;
        public final List<byte[][]> evidence = new ArrayList<>();

        /**
         * (kept + 1) / (kept + 1 + 4 broken): a new node starts at 1, and a broken promise weighs
         * like four kept ones, so one failure is not averaged away by a single success.
         */
        public double score() {
            return (kept + 1.0) / (kept + 1.0 + 4.0 * broken);
        }
    }

    private final Map<AgentPublicKey, Record> records = new HashMap<>();

    public synchronized void record(AgentPublicKey nodeKey, PromiseCheck.Outcome outcome, CompletionPromise promise,
                                    CompletionReceipt receipt) {
        Record r = records.computeIfAbsent(nodeKey, k -> new Record());
        if (outcome == PromiseCheck.Outcome.KEPT) {
            r.kept++;
            r.evidence.add(new byte[][] {promise.toBytes(), receipt.toBytes()});
        } else {
            r.broken++;
        }
    }

    public synchronized double score(AgentPublicKey nodeKey) {
        Record r = records.get(nodeKey);
        return r == null ? 1.0 : r.score();
    }

    public synchronized int kept(AgentPublicKey nodeKey) {
        Record r = records.get(nodeKey);
        return r == null ? 0 : r.kept;
    }

    public synchronized int broken(AgentPublicKey nodeKey) {
        Record r = records.get(nodeKey);
        return r == null ? 0 : r.broken;
    }
}
