package org.veilgrid.fhe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.veilgrid.core.errors.ParameterException;

class ParallelismTest {

    @ParameterizedTest(name = "{0} threads")
    @ValueSource(ints = {1, 2, 3, 8})
    void everyIndexRunsExactlyOnce(int threads) {
        try (Parallelism p = Parallelism.threads(threads)) {
            for (int count : new int[] {0, 1, 2, 5, 64, 1000}) {
                AtomicIntegerArray hits = new AtomicIntegerArray(Math.max(1, count));
                p.forEach(count, i -> hits.incrementAndGet(i));
                for (int i = 0; i < count; i++) {
                    assertEquals(1, hits.get(i), "index " + i + " of " + count);
                }
            }
        }
    }

    @Test
    void workIsSpreadOverAtMostTheGivenThreads() throws Exception {
        try (Parallelism p = Parallelism.threads(3)) {
            Set<Thread> seen = ConcurrentHashMap.newKeySet();
            java.util.concurrent.CountDownLatch together = new java.util.concurrent.CountDownLatch(3);
            // Each index waits until three are running at once: passes only if three threads work.
            p.forEach(3, i -> {
                seen.add(Thread.currentThread());
                together.countDown();
                try {
                    assertTrue(together.await(30, java.util.concurrent.TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertEquals(3, seen.size());
            assertTrue(seen.contains(Thread.currentThread()), "the caller is one of the threads");
            seen.clear();
            p.forEach(200, i -> seen.add(Thread.currentThread()));
            assertTrue(seen.size() <= 3, "at most 3 threads, saw " + seen.size());
        }
    }

    @Test
    void aFailureIsRethrownToTheCallerAndStopsTheRest() {
        try (Parallelism p = Parallelism.threads(2)) {
            AtomicInteger ran = new AtomicInteger();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.forEach(100_000, i -> {
                ran.incrementAndGet();
                if (i == 10) {
                    throw new IllegalArgumentException("index ten");
                }
            }));
            assertEquals("index ten", e.getMessage());
            assertTrue(ran.get() < 100_000, "the unclaimed indices were skipped");
            // The pool is still usable afterwards.
            AtomicInteger after = new AtomicInteger();
            p.forEach(10, i -> after.incrementAndGet());
            assertEquals(10, after.get());
        }
    }

    @Test
    void nestedCallsFromTheWorkersRunInlineWithoutDeadlock() {
        try (Parallelism p = Parallelism.threads(2)) {
            AtomicInteger leaves = new AtomicInteger();
            p.forEach(8, i -> p.forEach(8, j -> p.forEach(4, k -> leaves.incrementAndGet())));
            assertEquals(8 * 8 * 4, leaves.get());
        }
    }

    @Test
    void aClosedPoolRunsOnTheCaller() {
        Parallelism p = Parallelism.threads(4);
        p.close();
        Set<Thread> seen = ConcurrentHashMap.newKeySet();
        p.forEach(50, i -> seen.add(Thread.currentThread()));
        assertEquals(Set.of(Thread.currentThread()), seen);
    }

    @Test
    void threadCountsAreChecked() {
        assertSame(Parallelism.singleThread(), Parallelism.threads(1));
        assertEquals(1, Parallelism.singleThread().threads());
        assertThrows(ParameterException.class, () -> Parallelism.threads(0));
        assertThrows(ParameterException.class, () -> Parallelism.threads(-3));
        assertThrows(ParameterException.class, () -> Parallelism.threads(5000));
        assertTrue(Parallelism.availableCores() >= 1);
        try (Parallelism p = Parallelism.threads(2)) {
            assertEquals("Parallelism(2 threads)", p.toString());
        }
    }
}
