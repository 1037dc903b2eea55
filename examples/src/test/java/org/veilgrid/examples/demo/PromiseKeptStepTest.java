package org.veilgrid.examples.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PromiseKeptStepTest {
    @Test
    void thePromiseIsProvedKeptFromItsSignedEncodingsAndAFalseClaimIsRefused() {
        StepResult r = new PromiseKeptStep().run(new DemoContext("test", new SplittableRandom(7)));
        assertTrue(r.ok(), r::toString);
        assertEquals("ok", r.data().get("check"), r::toString);
        assertEquals(2, r.data().get("claims"), r::toString);
        // two 2-value range proofs of 32-bit values, each 672 bytes, in one CBOR file
        assertTrue((Integer) r.data().get("proofBytes") > 2 * 672, r::toString);
        assertTrue((Integer) r.data().get("promiseBytes") > 0, r::toString);
    }
}
