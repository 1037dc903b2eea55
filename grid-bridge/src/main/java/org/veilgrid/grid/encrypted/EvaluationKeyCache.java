package org.veilgrid.grid.encrypted;

import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.veilgrid.core.errors.ParameterException;

/**
 * A node's clients' evaluation keys by key id, at most {@code capacity} sets, the least recently
 * used evicted first (a set is about 0.2 GB at N = 16384: the bound is the node's memory).
 * Thread-safe.
 */
public final class EvaluationKeyCache {
    private final int capacity;
    private final LinkedHashMap<String, NeuralEvaluationKeys> sets;
    private long evictions;

    /** @throws ParameterException unless 1 &le; capacity &le; 4096 */
    public EvaluationKeyCache(int capacity) {
        if (capacity < 1 || capacity > 4096) {
            throw new ParameterException("a key cache holds 1 to 4096 key sets, got " + capacity);
        }
        this.capacity = capacity;
        this.sets = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, NeuralEvaluationKeys> eldest) {
                if (size() > EvaluationKeyCache.this.capacity) {
                    evictions++;
                    return true;
                }
                return false;
            }
        };
    }

    /** Stores (or replaces) the set of a key id, evicting the least recently used beyond capacity. */
    public synchronized void put(byte[] keyId, NeuralEvaluationKeys keys) {
        sets.put(HexFormat.of().formatHex(keyId), keys);
    }

    /** The set of a key id, or null; a hit counts as a use. */
    public synchronized NeuralEvaluationKeys get(byte[] keyId) {
        return sets.get(HexFormat.of().formatHex(keyId));
    }

    public synchronized int size() {
        return sets.size();
    }

    public int capacity() {
        return capacity;
    }

    /** Sets evicted so far to make room. */
    public synchronized long evictions() {
        return evictions;
    }
}
