package org.veilgrid.examples.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DiagnosticsTest {

    @Test
    void checksPassOnEveryBackend() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int n : new int[] {16, 256, 4096}) {
            CheckResult r = NttChecks.roundTrip(n, rnd);
            assertTrue(r.ok(), r::detail);
            assertEquals("ok", r.status());
        }
        CheckResult p = NttChecks.negacyclicProduct(128, rnd);
        assertTrue(p.ok(), p::detail);
    }

    @Test
    void cpuModelFromCpuinfo() {
        assertEquals(Optional.of("AMD EPYC 7B13 64-Core Processor"), SystemInfo.parseCpuModel(List.of(
                "processor\t: 0", "vendor_id\t: AuthenticAMD", "model\t\t: 1",
                "model name\t: AMD EPYC 7B13   64-Core Processor", "")));
        assertEquals(Optional.empty(), SystemInfo.parseCpuModel(List.of("processor : 0")));
    }

    @Test
    void throughputIsPositive() {
        double us = NttThroughput.timePerOp(() -> { }, 0.0, 0.005);
        assertTrue(us >= 0 && us < 1000, "per-op " + us);
    }
}
