package org.veilgrid.examples.demo;

/**
 * One step of {@code veil demo}. Steps run in order, each on its own; a new capability joins the
 * demo as a new step in {@link Demo#steps()}.
 */
public interface DemoStep {

    /** A short name, e.g. "kernels" or "NTT multiplication". */
    String name();

    /**
     * Runs the step. A failed check is a result with {@code ok = false}; an exception is a
     * failure too, reported by the runner with its message.
     */
    StepResult run(DemoContext context);
}
