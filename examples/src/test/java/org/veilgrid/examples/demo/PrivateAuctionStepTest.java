package org.veilgrid.examples.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PrivateAuctionStepTest {
    @Test
    void theAuctionStepClaimsOnlyWhatItChecks() {
        StepResult r = new PrivateAuctionStep().run(new DemoContext("test", new SplittableRandom(3)));
        assertTrue(r.ok(), r.summary() + " / " + r.detail());
        String text = r.summary() + " " + r.detail();
        // Checked by the step: the result against the reference, each institution's own checks.
        assertTrue(r.summary().contains("as the cleartext reference"), text);
        assertTrue(r.detail().contains("6 of 6 orders range-proved, linked to their shares and accepted"), text);
        assertTrue(r.detail().contains("6 fill proofs verified"), text);
        assertTrue(r.detail().contains("3 MPC parties in malicious mode"), text);
        assertEquals("malicious", r.data().get("security"), text);
        // Not checked by the step, so not claimed: what the books or the fills revealed.
        assertFalse(text.contains("sealed"), text);
        assertFalse(text.contains("learned only"), text);
    }
}
