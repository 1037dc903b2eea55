package org.veilgrid.mpc.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.concurrent.ExecutorService;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the semi-honest engine does not catch, shown with the adversarial harness: a corrupt party
 * that sends a wrong reshare in a multiplication makes honest parties output a wrong result
 * without any abort. (The malicious mode's tests run the same trials and require an abort.) Also
 * checks that the harness's tampering takes effect at all.
 */
class SemiHonestDeviationTest {
    private static ExecutorService threads;

    @BeforeAll
    static void start() {
        threads = DeviationTrials.threads();
    }

    @AfterAll
    static void stop() {
        threads.shutdownNow();
    }

    @Test
    void aWrongReshareMakesSemiHonestPartiesOutputAWrongResultWithoutAborting() {
        DeviationTrials trials = new DeviationTrials(3, net -> MpcSession.start(net, Security.SEMI_HONEST), threads);
        Random rng = new Random(16);
        int silentlyWrong = 0;
        for (int i = 0; i < 20; i++) {
            DeviationTrials.Trial t = trials.run(DeviationTrials.Deviation.WRONG_MULTIPLICATION_RESHARE, rng);
            assertTrue(t.tampered(), t::toString);
            assertTrue(t.otherFailures().isEmpty(), t::toString);
            if (t.aborts() == 0 && t.wrongOutputs() > 0) {
                silentlyWrong++;
            }
        }
        assertTrue(silentlyWrong > 0, "no trial gave a wrong output: the harness did not tamper effectively");
    }
}
