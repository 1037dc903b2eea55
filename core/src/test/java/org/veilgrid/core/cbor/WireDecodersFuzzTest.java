package org.veilgrid.core.cbor;

import java.security.SecureRandom;
import java.util.Set;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.upokecenter.cbor.CBORObject;
import org.veilgrid.core.cose.Signed;
import org.veilgrid.core.cose.StatementType;
import org.veilgrid.core.errors.VeilException;
import org.veilgrid.core.grid.GridEnvelope;
import org.veilgrid.core.grid.ProtocolId;
import org.veilgrid.core.identity.AgentKey;
import org.veilgrid.core.identity.AgentPublicKey;

/**
 * Arbitrary bytes into the strict CBOR decoder, the COSE_Sign1 verifier and the grid envelope
 * decoder: the only acceptable failures are Veilgrid's typed exceptions (an unchecked library
 * exception, a stack overflow or an allocation out of proportion fails the test). Plain
 * {@code mvn verify} replays the stored inputs; {@code JAZZER_FUZZ=1 mvn -pl core test
 * -Dtest=WireDecodersFuzzTest} fuzzes for real.
 */
class WireDecodersFuzzTest {

    private static final AgentPublicKey KEY = AgentKey.generate(new SecureRandom()).publicKey();
    private static final ProtocolId PROTOCOL = ProtocolId.ofDocument(new byte[] {'p'});
    private static final CborProfile PROFILE = new CborProfile(4096, 8, 4096, Set.of(1L, 2L, 42L, 18L));

    /** A statement type that accepts any item, so that only the COSE layer is exercised. */
    private static final StatementType<CBORObject> ANY = new StatementType<>() {
        @Override
        public String contentType() {
            return "application/vnd.veilgrid.fuzz+cbor";
        }

        @Override
        public byte[] domain() {
            return Signed.domain("veilgrid/fuzz/1");
        }

        @Override
        public CborProfile profile() {
            return PROFILE;
        }

        @Override
        public CBORObject encode(CBORObject statement) {
            return statement;
        }

        @Override
        public CBORObject decode(CBORObject item) {
            return item;
        }
    };

    @FuzzTest(maxDuration = "10s")
    void decodersFailOnlyWithTypedErrors(FuzzedDataProvider data) {
        int which = data.consumeInt(0, 2);
        byte[] bytes = data.consumeRemainingAsBytes();
        try {
            switch (which) {
                case 0 -> {
                    CBORObject item = Cbor.decode(bytes, PROFILE, "fuzz");
                    // Whatever is accepted is the one deterministic encoding of what was read.
                    if (!java.util.Arrays.equals(bytes, Cbor.encode(item))) {
                        throw new AssertionError("accepted a non-deterministic encoding");
                    }
                }
                case 1 -> Signed.verify(bytes, ANY, KEY);
                default -> GridEnvelope.decode(bytes, Set.of(PROTOCOL), GridEnvelope.profile(PROFILE));
            }
        } catch (VeilException expected) {
            // Refused with a typed error: what a decoder must do.
        }
    }
}
