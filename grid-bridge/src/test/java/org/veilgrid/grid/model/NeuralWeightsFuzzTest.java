package org.veilgrid.grid.model;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.veilgrid.core.errors.MalformedInputException;

/**
 * Arbitrary bytes into the neural weights decoder, behind a valid magic half the time so the
 * fuzzer reaches the shape and length checks. The only acceptable failure is
 * {@link MalformedInputException}. Plain {@code mvn verify} replays the stored inputs;
 * {@code JAZZER_FUZZ=1 mvn -pl grid-bridge test -Dtest=NeuralWeightsFuzzTest} fuzzes for real.
 */
class NeuralWeightsFuzzTest {
    @FuzzTest(maxDuration = "10s")
    void weightsDecoderFailsOnlyWithTypedErrors(FuzzedDataProvider data) {
        boolean magic = data.consumeBoolean();
        byte[] rest = data.consumeRemainingAsBytes();
        byte[] b = rest;
        if (magic) {
            b = new byte[rest.length + 4];
            System.arraycopy(new byte[] {'V', 'G', 'N', 'N'}, 0, b, 0, 4);
            System.arraycopy(rest, 0, b, 4, rest.length);
        }
        try {
            NeuralByteModel m = NeuralByteModel.fromBytes("weights", b);
            m.complete(new byte[] {'a'}, 1);
        } catch (MalformedInputException expected) {
            // refused with a typed error, as a decoder must
        }
    }
}
