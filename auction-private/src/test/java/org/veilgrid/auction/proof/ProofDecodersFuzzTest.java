package org.veilgrid.auction.proof;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.veilgrid.core.errors.VeilException;

/**
 * Arbitrary bytes into every auction proof decoder: the only acceptable failures are
 * Veilgrid's typed exceptions. Under plain {@code mvn verify} the stored inputs run as a
 * regression test; {@code JAZZER_FUZZ=1 mvn -pl auction-private -am test -Dtest=ProofDecodersFuzzTest
 * -Dsurefire.failIfNoSpecifiedTests=false} fuzzes for real.
 */
class ProofDecodersFuzzTest {
    @FuzzTest(maxDuration = "10s")
    void decodersFailOnlyWithTypedErrors(FuzzedDataProvider data) {
        int which = data.consumeInt(0, 3);
        byte[] b = data.consumeRemainingAsBytes();
        try {
            switch (which) {
                case 0: CommittedOrder.fromBytes(b); break;
                case 1: ResultStatement.fromBytes(b); break;
                case 2: SignedResult.fromBytes(b); break;
                default: FillProof.fromBytes(b);
            }
        } catch (VeilException expected) {
            // rejected with a typed error, as a decoder must
        }
    }
}
