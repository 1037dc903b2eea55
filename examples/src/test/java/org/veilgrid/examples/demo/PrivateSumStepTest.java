package org.veilgrid.examples.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PrivateSumStepTest {
    @Test
    void theStepClaimsOneMessagePerClientOnlyFromTheServersCount() {
        StepResult r = new PrivateSumStep().run(new DemoContext("test", new SplittableRandom(1)));
        assertTrue(r.ok(), r::toString);
        assertEquals(Boolean.TRUE, r.data().get("oneMessagePerClient"), r::toString);
        assertTrue(r.summary().contains("one message from each (server's count)"), r.summary());
        assertFalse(r.summary().contains("spoke once"), r.summary());
    }
}
