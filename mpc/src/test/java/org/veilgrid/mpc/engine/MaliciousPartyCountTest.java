package org.veilgrid.mpc.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.mpc.net.InMemoryNetwork;

/**
 * Malicious mode runs with n = 2t + 1 or n ≥ 3t + 1 parties and refuses the counts in between
 * (docs/mpc.md, "Open points"): 6 parties with t = 2 are refused before anything is sent, 6 with
 * t = 1 compute.
 */
class MaliciousPartyCountTest {
    @Test
    void sixPartiesWithThresholdTwoAreRefusedAndWithThresholdOneCompute() throws Exception {
        InMemoryNetwork two = InMemoryNetwork.of(6, 2, 10_000);
        ParameterException e = assertThrows(ParameterException.class,
                () -> MpcSession.start(two.party(0), Security.MALICIOUS));
        assertTrue(e.getMessage().contains("n = 2t + 1 or n >= 3t + 1") && e.getMessage().contains("threshold 1"),
                e.getMessage());

        InMemoryNetwork one = InMemoryNetwork.of(6, 1, 30_000);
        ExecutorService threads = Executors.newFixedThreadPool(6);
        try {
            List<Future<long[]>> out = new ArrayList<>();
            for (int p = 0; p < 6; p++) {
                int self = p;
                out.add(threads.submit(() -> {
                    MpcSession s = MpcSession.start(one.party(self), Security.MALICIOUS);
                    Shared x = s.input(0, self == 0 ? new long[] {6, -7} : null, 2);
                    Shared y = s.input(5, self == 5 ? new long[] {7, 3} : null, 2);
                    return s.open(x.mul(y)).toLongs();
                }));
            }
            for (Future<long[]> f : out) {
                assertArrayEquals(new long[] {42, -21}, f.get(60, TimeUnit.SECONDS));
            }
        } finally {
            threads.shutdownNow();
        }
    }
}
