package org.veilgrid.mpc.net;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.InvalidProtocolBufferException;
import org.veilgrid.core.errors.VeilException;
import org.veilgrid.mpc.config.PartiesConfig;
import org.veilgrid.mpc.wire.AbortNotice;
import org.veilgrid.mpc.wire.ClientInput;
import org.veilgrid.mpc.wire.RoundMessage;

/**
 * Arbitrary bytes into every decoder of the MPC wire format and the config reader: the only
 * acceptable failures are protobuf's parse error (before our decoder runs) and Veilgrid's typed
 * exceptions; anything decoded is canonical. Plain {@code mvn verify} replays the stored inputs;
 * {@code JAZZER_FUZZ=1 mvn -pl mpc test -Dtest=WireFuzzTest} fuzzes for real.
 */
class WireFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void decodersFailOnlyWithTypedErrors(FuzzedDataProvider data) {
        int which = data.consumeInt(0, 3);
        long session = data.consumeBoolean() ? 7 : data.consumeLong();
        int sender = data.consumeInt(0, 4);
        byte[] bytes = data.consumeRemainingAsBytes();
        try {
            switch (which) {
                case 0 -> check(RoundMessages.decode(RoundMessage.parseFrom(bytes), session, 3, sender));
                case 1 -> check(RoundMessages.decodeInput(ClientInput.parseFrom(bytes), session));
                case 2 -> RoundMessages.checkAbort(AbortNotice.parseFrom(bytes), session, 3);
                default -> PartiesConfig.parse(new String(bytes, java.nio.charset.StandardCharsets.UTF_8), null, "fuzz");
            }
        } catch (InvalidProtocolBufferException | VeilException expected) {
            // Rejected with a parse error or a typed error: what a decoder must do.
        }
    }

    private static void check(long[] elements) {
        for (int i = 0; i < elements.length; i += 2) {
            if (!org.veilgrid.mpc.field.Mersenne127.isCanonical(elements[i], elements[i + 1])) {
                throw new AssertionError("decoder accepted an element not below p");
            }
        }
    }
}
