package org.veilgrid.fhe.bfv;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;
import org.veilgrid.core.errors.VeilException;
import org.veilgrid.kernels.Primes;

/**
 * Arbitrary bytes into every BFV decoder: only Veilgrid's typed errors may come out. Plain
 * {@code mvn verify} replays the stored inputs; {@code JAZZER_FUZZ=1 mvn -pl fhe test
 * -Dtest=CodecFuzzTest} fuzzes for real.
 */
class CodecFuzzTest {
    private static final BfvContext CTX = BfvContext.create(BfvParameters.of(2048, 65537,
            Primes.nttPrimes(27, 2048, 2)));

    @FuzzTest(maxDuration = "10s")
    void decodersFailOnlyWithTypedErrors(FuzzedDataProvider data) {
        int which = data.consumeInt(0, 5);
        byte[] bytes = data.consumeRemainingAsBytes();
        try {
            switch (which) {
                case 0: BfvCodec.decodeCiphertext(CTX, bytes); break;
                case 1: BfvCodec.decodePublicKey(CTX, bytes); break;
                case 2: BfvCodec.decodeSecretKey(CTX, bytes); break;
                case 3: BfvCodec.decodeRelinKeys(CTX, bytes); break;
                case 4: BfvCodec.decodeGaloisKeys(CTX, bytes); break;
                default: BfvCodec.decodeParameters(bytes); break;
            }
        } catch (VeilException expected) {
            // A typed rejection is the right answer to arbitrary bytes.
        }
    }
}
