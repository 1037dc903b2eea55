package org.veilgrid.mpc.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.veilgrid.core.errors.ProtocolAbortException;
import org.veilgrid.mpc.field.Mersenne127;
import org.veilgrid.mpc.net.InMemoryNetwork;

/**
 * The {@link ProductCheck} on a batch long enough for its halving levels (a comparison of 800
 * pairs: 71 200 products without MACs in the carry tree, 51 200 random bits): an honest run
 * outputs the cleartext comparison, and a cheater that adds an error to one product of the carry
 * tree — keeping its own view consistent, so no degree check or MAC can see it — makes every
 * honest party abort in the product check.
 */
class ProductCheckTest {

    private static final int N = 3;
    private static final int LENGTH = 800;
    private static final ExecutorService THREADS = Executors.newFixedThreadPool(N);

    @AfterAll
    static void stop() {
        THREADS.shutdownNow();
    }

    private static List<Object> run(long[] a, long[] b, InMemoryNetwork net) throws Exception {
        List<Future<long[]>> futures = new ArrayList<>();
        for (int p = 0; p < N; p++) {
            int self = p;
            futures.add(THREADS.submit(() -> {
                MpcSession s = MpcSession.start(net.party(self), Security.MALICIOUS);
                Shared x = s.input(0, self == 0 ? a : null, LENGTH);
                Shared y = s.input(1, self == 1 ? b : null, LENGTH);
                return s.open(x.lt(y)).elements();
            }));
        }
        List<Object> out = new ArrayList<>();
        for (Future<long[]> f : futures) {
            try {
                out.add(f.get(120, TimeUnit.SECONDS));
            } catch (java.util.concurrent.ExecutionException e) {
                out.add(e.getCause());
            }
        }
        return out;
    }

    private static long[][] operands() {
        Random rng = new Random(17);
        long[] a = new long[LENGTH];
        long[] b = new long[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            a[i] = rng.nextLong();
            b[i] = i % 7 == 0 ? a[i] : rng.nextLong();
        }
        return new long[][] {a, b};
    }

    @Test
    void anHonestLongBatchPassesAndOutputsTheCleartextComparison() throws Exception {
        long[][] ab = operands();
        List<Object> results = run(ab[0], ab[1], InMemoryNetwork.of(N, 1, 60_000));
        long[] expected = new long[2 * LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            expected[2 * i] = ab[0][i] < ab[1][i] ? 1 : 0;
        }
        for (Object r : results) {
            assertArrayEquals(expected, (long[]) assertInstanceOf(long[].class, r));
        }
    }

    @Test
    void aConsistentErrorOnOneCarryTreeProductMakesEveryHonestPartyAbort() throws Exception {
        long[][] ab = operands();
        InMemoryNetwork net = InMemoryNetwork.of(N, 1, 60_000);
        // The carry tree's second level reduces 15 products per comparison: the only round with
        // exactly 15·800 elements. Party 0 adds δ = 1 to one of them and reconstructs as if
        // party 2 had sent λ_0/λ_2 = 3 more (λ = (3, −3, 1) for α = 1, 2, 3), so its own share
        // moves with the honest parties'.
        AtomicBoolean tampered = new AtomicBoolean();
        int element = 4321;
        net.tamper((round, from, to, payload) -> {
            if (payload.length != 2 * 15 * LENGTH) {
                return payload;
            }
            long delta = from == 0 ? 1 : from == 2 && to == 0 ? 3 : 0;
            if (delta == 0) {
                return payload;
            }
            tampered.set(true);
            long[] out = payload.clone();
            Mersenne127.add(out[2 * element], out[2 * element + 1], delta, 0, out, 2 * element);
            return out;
        });
        List<Object> results = run(ab[0], ab[1], net);
        assertTrue(tampered.get(), "the carry tree's round was not found");
        for (int p : new int[] {1, 2}) {
            ProtocolAbortException e = assertInstanceOf(ProtocolAbortException.class, results.get(p), "party " + p);
            assertTrue(e.reason().contains("product checked without MACs"), e.reason());
        }
    }
}
