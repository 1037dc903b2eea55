package org.veilgrid.examples.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * {@code veil demo} as a list of steps, run in order on one machine with no set-up. Today: the
 * kernels (doctor's checks) and an NTT multiplication; the private auction and the encrypted
 * byte completion join as steps of their own.
 */
public final class Demo {

    /**
     * One step's outcome.
     *
     * @param name   the step's name
     * @param result what it found
     * @param millis how long it took
     * @param error  the exception the step threw, or {@code null}
     */
    public record Outcome(String name, StepResult result, long millis, Throwable error) {
    }

    private Demo() {
    }

    /** The demo's steps, in order. */
    public static List<DemoStep> steps() {
        return List.of(new KernelsStep(), new NttProductStep(), new PrivateAuctionStep(), new GridCompletionStep(),
                new PromiseKeptStep(), new EncryptedQueryStep(), new EncryptedNeuralStep(), new PrivateSumStep());
    }

    /**
     * Runs every step, even after one fails (steps do not depend on each other yet); an
     * exception becomes a failed step with its message.
     *
     * @param before called with (index, step) before each step starts
     * @param after  called with each outcome as it completes
     */
    public static List<Outcome> run(List<DemoStep> steps, DemoContext ctx,
                                    BiConsumer<Integer, DemoStep> before, Consumer<Outcome> after) {
        List<Outcome> out = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            DemoStep step = steps.get(i);
            before.accept(i, step);
            long t0 = System.nanoTime();
            StepResult r;
            Throwable error = null;
            try {
                r = step.run(ctx);
            } catch (RuntimeException e) {
                error = e;
                String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                r = new StepResult(false, step.name() + " failed", msg, null);
            }
            Outcome o = new Outcome(step.name(), r, (System.nanoTime() - t0) / 1_000_000, error);
            out.add(o);
            after.accept(o);
        }
        return out;
    }
}
