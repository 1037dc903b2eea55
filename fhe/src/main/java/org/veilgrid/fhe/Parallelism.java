package org.veilgrid.fhe;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;
import org.veilgrid.core.errors.ParameterException;

/**
 * How many threads the wide parts of a homomorphic operation may use: the RNS rows of a product
 * or a key switch, the operands of a lift, the baby-step rotations of a matrix–vector product.
 * A bounded pool of {@code threads - 1} daemon workers; the calling thread is the last one, so
 * an operation never has more than {@code threads} threads at work. {@link #singleThread()}
 * (the default everywhere) runs everything on the caller, as single-threaded peers do.
 *
 * <p>Work handed to {@link #forEach} must be leaf work: each index writes disjoint parts of
 * shared arrays and runs no call that itself waits on this pool. A call made from one of the
 * pool's own workers runs inline, so nesting never deadlocks and never oversubscribes the
 * cores. Results do not depend on the thread count: each index computes the same values
 * whichever thread runs it.
 *
 * <p>Close a pool made with {@link #threads(int)} when done with it ({@link #close} lets running
 * work finish); the single-thread instance ignores close.
 */
public final class Parallelism implements AutoCloseable {
    private static final Parallelism SINGLE = new Parallelism(1);
    /** Set on the pool's workers, so that a nested forEach runs inline. */
    private static final ThreadLocal<Boolean> IN_POOL = ThreadLocal.withInitial(() -> false);
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final int threads;
    private final ThreadPoolExecutor workers;

    private Parallelism(int threads) {
        this.threads = threads;
        if (threads == 1) {
            this.workers = null;
            return;
        }
        int pool = POOLS.incrementAndGet();
        AtomicInteger count = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(threads - 1, threads - 1, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(() -> {
                        IN_POOL.set(true);
                        r.run();
                    }, "veil-fhe-" + pool + "-" + count.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    /** Everything on the calling thread. */
    public static Parallelism singleThread() {
        return SINGLE;
    }

    /**
     * A pool for {@code threads} threads in all (the caller and {@code threads - 1} workers).
     *
     * @throws ParameterException unless 1 &le; threads &le; 1024
     */
    public static Parallelism threads(int threads) {
        if (threads < 1 || threads > 1024) {
            throw new ParameterException("the thread count must lie in [1, 1024], got " + threads);
        }
        return threads == 1 ? SINGLE : new Parallelism(threads);
    }

    /** The cores this JVM may use: the default of {@code --threads}. */
    public static int availableCores() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** The most threads one operation uses. */
    public int threads() {
        return threads;
    }

    /**
     * Runs {@code body} for every index in [0, count) and returns when all have run. Indices are
     * claimed one at a time by the caller and the free workers, so uneven indices balance
     * themselves. The first failure is rethrown here after the others have stopped; the indices
     * not yet claimed by then are skipped.
     */
    public void forEach(int count, IntConsumer body) {
        if (count <= 0) {
            return;
        }
        if (workers == null || count == 1 || IN_POOL.get() || workers.isShutdown()) {
            for (int i = 0; i < count; i++) {
                body.accept(i);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Runnable claim = () -> {
            int i;
            while (failure.get() == null && (i = next.getAndIncrement()) < count) {
                try {
                    body.accept(i);
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            }
        };
        int helpers = Math.min(threads, count) - 1;
        List<Helper> started = new ArrayList<>(helpers);
        for (int h = 0; h < helpers; h++) {
            Helper helper = new Helper(claim);
            try {
                helper.future = workers.submit(helper);
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                break; // closed meanwhile: the caller claims the rest
            }
            started.add(helper);
        }
        claim.run();
        // A helper still queued (the workers busy elsewhere) is revoked: it would only find
        // nothing left to claim. One that started is waited for: it may still be on an index.
        for (Helper helper : started) {
            if (!helper.state.compareAndSet(Helper.QUEUED, Helper.REVOKED)) {
                awaitQuietly(helper.future);
            }
        }
        Throwable t = failure.get();
        if (t instanceof RuntimeException e) {
            throw e;
        }
        if (t instanceof Error e) {
            throw e;
        }
        if (t != null) {
            throw new IllegalStateException("parallel work failed", t);
        }
    }

    /** A worker's share of one forEach: runs the claim loop unless the caller revoked it first. */
    private static final class Helper implements Runnable {
        static final int QUEUED = 0;
        static final int RUNNING = 1;
        static final int REVOKED = 2;
        final AtomicInteger state = new AtomicInteger(QUEUED);
        final Runnable claim;
        Future<?> future;

        Helper(Runnable claim) {
            this.claim = claim;
        }

        @Override
        public void run() {
            if (state.compareAndSet(QUEUED, RUNNING)) {
                claim.run();
            }
        }
    }

    private static void awaitQuietly(Future<?> f) {
        boolean interrupted = false;
        while (true) {
            try {
                f.get();
                break;
            } catch (InterruptedException e) {
                interrupted = true; // the helper must finish before its arrays are reused
            } catch (ExecutionException e) {
                break; // recorded by the helper itself
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the workers once their current work is done; later forEach calls run inline. */
    @Override
    public void close() {
        if (workers != null) {
            workers.shutdown();
        }
    }

    @Override
    public String toString() {
        return threads == 1 ? "Parallelism(single thread)" : "Parallelism(" + threads + " threads)";
    }
}
