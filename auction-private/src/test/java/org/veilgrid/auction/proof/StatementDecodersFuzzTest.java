package org.veilgrid.auction.proof;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.upokecenter.cbor.CBORObject;
import org.veilgrid.core.cbor.Cbor;
import org.veilgrid.core.cose.StatementType;
import org.veilgrid.core.errors.VeilException;
import org.veilgrid.core.identity.AgentKey;
import org.veilgrid.core.identity.AgentPublicKey;

/**
 * Arbitrary bytes into every auction statement reader (COSE_Sign1 and signature checks included)
 * and into each statement decoder alone: the only acceptable failures are Veilgrid's typed
 * exceptions, and a statement a decoder accepts encodes back to the very bytes it was read from.
 * Under plain {@code mvn verify} the stored inputs (one valid encoding of each kind, made by
 * {@link Statements}) run as a regression test; {@code JAZZER_FUZZ=1 mvn -pl auction-private -am
 * test -Dtest=StatementDecodersFuzzTest -Dsurefire.failIfNoSpecifiedTests=false} fuzzes for real.
 */
class StatementDecodersFuzzTest {
    private static final AgentPublicKey KEY = AgentKey.generate(new SecureRandom()).publicKey();
    private static final byte[] AUCTION = {'a', '-', '1'};
    private static final List<StatementType<?>> TYPES = List.of(CommittedOrder.TYPE, ResultStatement.TYPE,
            FillProof.TYPE, Rejection.TYPE);

    @FuzzTest(maxDuration = "10s")
    void decodersFailOnlyWithTypedErrors(FuzzedDataProvider data) {
        int which = data.consumeInt(0, 7);
        byte[] b = data.consumeRemainingAsBytes();
        try {
            switch (which) {
                case 0 -> CommittedOrder.fromBytes(b);
                case 1 -> SignedResult.verify(List.of(b), List.of(KEY));
                case 2 -> FillProof.fromBytes(b, KEY);
                case 3 -> Rejection.verify(b, AUCTION, "bank-z", KEY);
                default -> decodeAlone(TYPES.get(which - 4), b);
            }
        } catch (VeilException expected) {
            // refused with a typed error, as a reader must
        }
    }

    private static <T> void decodeAlone(StatementType<T> type, byte[] b) {
        T statement = type.decode(Cbor.decode(b, type.profile(), type.contentType()));
        CBORObject again = type.encode(statement);
        if (!Arrays.equals(b, Cbor.encode(again))) {
            throw new AssertionError(type + ": a decoded statement does not encode back to its bytes");
        }
    }
}
