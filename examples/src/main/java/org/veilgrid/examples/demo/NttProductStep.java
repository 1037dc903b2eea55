package org.veilgrid.examples.demo;

import java.util.Map;
import org.veilgrid.examples.diagnostics.CheckResult;
import org.veilgrid.examples.diagnostics.NttChecks;

/**
 * A negacyclic multiplication of two random polynomials through the NTT (forward, pointwise
 * product, inverse) on every backend, compared with schoolbook multiplication — the operation
 * every lattice ciphertext product is made of.
 */
public final class NttProductStep implements DemoStep {
    /** Ring degree: large enough to exercise every NTT stage, small enough for an O(N^2) reference. */
    public static final int N = 1024;

    @Override
    public String name() {
        return "NTT multiplication";
    }

    @Override
    public StepResult run(DemoContext context) {
        CheckResult r = NttChecks.negacyclicProduct(N, context.random());
        return new StepResult(r.ok(), "NTT multiplication check " + r.status(), r.detail(),
                Map.of("n", N, "check", r.status()));
    }
}
