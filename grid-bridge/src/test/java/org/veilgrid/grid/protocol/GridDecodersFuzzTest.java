package org.veilgrid.grid.protocol;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.security.SecureRandom;
import java.util.List;
import java.util.Set;
import org.veilgrid.core.cbor.Cbor;
import org.veilgrid.core.cbor.CborProfile;
import org.veilgrid.core.errors.VeilException;
import org.veilgrid.core.identity.AgentKey;
import org.veilgrid.core.identity.AgentPublicKey;
import org.veilgrid.grid.payment.Payment;
import org.veilgrid.grid.promise.CompletionPromise;
import org.veilgrid.grid.promise.CompletionReceipt;

/**
 * Arbitrary bytes into every decoder of the grid's wire: the envelopes of the three completion
 * protocols, the signed promise and receipt, and the payment item. The only acceptable failures
 * are Veilgrid's typed exceptions. Plain {@code mvn verify} replays the stored inputs;
 * {@code JAZZER_FUZZ=1 mvn -pl grid-bridge test -Dtest=GridDecodersFuzzTest} fuzzes for real.
 */
class GridDecodersFuzzTest {
    private static final AgentPublicKey NODE = AgentKey.generate(new SecureRandom()).publicKey();
    private static final CborProfile PAYMENT = new CborProfile(Payment.MAX_ENCODED_BYTES, 1, Payment.MAX_PROOF_BYTES, Set.of());
    private static final List<String> KINDS = List.of("request", "response", "index request", "index", "encrypted request",
            "encrypted response", "model request", "model", "key part", "keys stored", "neural request", "neural response");

    @FuzzTest(maxDuration = "10s")
    void decodersFailOnlyWithTypedErrors(FuzzedDataProvider data) {
        int which = data.consumeInt(0, KINDS.size() + 4);
        byte[] b = data.consumeRemainingAsBytes();
        try {
            if (which < KINDS.size()) {
                GridMessagesTest.read(KINDS.get(which), b);
            } else if (which == KINDS.size()) {
                CompletionPromise.verify(b, NODE);
            } else if (which == KINDS.size() + 1) {
                CompletionReceipt.verify(b, NODE);
            } else if (which == KINDS.size() + 2) {
                CompletionPromise.signerOf(b);
            } else if (which == KINDS.size() + 3) {
                CompletionReceipt.signerOf(b);
            } else {
                Payment.fromCbor(Cbor.decode(b, PAYMENT, "payment"), "payment").verify(1);
            }
        } catch (VeilException expected) {
            // refused with a typed error, as a decoder must
        }
    }
}
