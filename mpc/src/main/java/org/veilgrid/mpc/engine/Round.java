package org.veilgrid.mpc.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The messages of one round being assembled: every interactive step of the round appends what it
 * sends to each peer and declares what it expects back; the engine then sends one message per
 * peer and hands each step its slice of what arrived, in the same order on every party.
 */
final class Round {

    private final int n;
    private final List<long[]>[] segments;
    private final int[] outCount;
    final int[] expected;
    long[][] received;

    @SuppressWarnings("unchecked")
    Round(int n) {
        this.n = n;
        this.segments = new List[n];
        for (int i = 0; i < n; i++) {
            segments[i] = new ArrayList<>();
        }
        this.outCount = new int[n];
        this.expected = new int[n];
        Arrays.fill(expected, -1);
    }

    /** Queues a whole packed vector for {@code peer}. */
    void send(int peer, long[] packed) {
        segments[peer].add(packed);
        outCount[peer] += packed.length / 2;
    }

    /** Declares {@code count} elements due from {@code peer}; returns their element offset. */
    int expect(int peer, int count) {
        int offset = Math.max(expected[peer], 0);
        expected[peer] = offset + count;
        return offset;
    }

    /** One packed vector per peer (null where nothing is sent); no copy for a single segment. */
    long[][] outgoing() {
        long[][] out = new long[n][];
        for (int j = 0; j < n; j++) {
            if (segments[j].isEmpty()) {
                continue;
            }
            if (segments[j].size() == 1) {
                out[j] = segments[j].get(0);
                continue;
            }
            long[] all = new long[2 * outCount[j]];
            int pos = 0;
            for (long[] s : segments[j]) {
                System.arraycopy(s, 0, all, pos, s.length);
                pos += s.length;
            }
            out[j] = all;
        }
        return out;
    }
}
