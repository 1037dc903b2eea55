package org.veilgrid.examples.demo;

import org.veilgrid.examples.diagnostics.DoctorReport;

/** The checks of {@code veil doctor}: which kernels run here, and the NTT round-trip self-check. */
public final class KernelsStep implements DemoStep {

    @Override
    public String name() {
        return "kernels";
    }

    @Override
    public StepResult run(DemoContext context) {
        DoctorReport r = DoctorReport.collect(context.veilVersion());
        String kernels = "native kernels " + DoctorReport.nativeSummary(r.nativeStatus());
        return new StepResult(r.selfCheck().ok(),
                kernels + "; NTT self-check " + r.selfCheck().status(),
                r.selfCheck().detail(), r.toJson());
    }
}
