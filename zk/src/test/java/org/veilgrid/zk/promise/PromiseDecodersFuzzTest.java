package org.veilgrid.zk.promise;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.veilgrid.core.errors.VeilException;
import org.veilgrid.zk.bulletproofs.RangeProof;
import org.veilgrid.zk.sigma.DlogProof;

/**
 * Arbitrary bytes into every zk decoder: the only acceptable failures are Veilgrid's typed
 * exceptions. Under plain {@code mvn verify} the stored inputs run as a regression test;
 * {@code JAZZER_FUZZ=1 mvn -pl zk test -Dtest=PromiseDecodersFuzzTest} fuzzes for real.
 */
class PromiseDecodersFuzzTest {
    @FuzzTest(maxDuration = "10s")
    void decodersFailOnlyWithTypedErrors(FuzzedDataProvider data) {
        int which = data.consumeInt(0, 8);
        byte[] b = data.consumeRemainingAsBytes();
        try {
            switch (which) {
                case 0: Promise.fromBytes(b); break;
                case 1: Receipt.fromBytes(b); break;
                case 2: FulfilmentProof.fromBytes(b); break;
                case 3: TermOpenings.fromBytes(b); break;
                case 4: RangeProof.fromBytes(b); break;
                case 5: org.veilgrid.zk.bulletproofs.RangeProofBundle.fromBytes(b); break;
                case 6: org.veilgrid.zk.sigma.OpeningProof.fromBytes(b); break;
                case 7: org.veilgrid.zk.sigma.OneOfManyProof.fromBytes(b, 4); break;
                default: DlogProof.fromBytes(b);
            }
        } catch (VeilException expected) {
            // rejected with a typed error, as a decoder must
        }
    }
}
