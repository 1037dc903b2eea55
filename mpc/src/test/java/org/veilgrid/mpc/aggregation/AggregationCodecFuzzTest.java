package org.veilgrid.mpc.aggregation;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.security.SecureRandom;
import org.veilgrid.core.errors.VeilException;
import org.veilgrid.mpc.aggregation.wire.ClientMessage;
import org.veilgrid.mpc.aggregation.wire.MemberReplyMessage;
import org.veilgrid.mpc.aggregation.wire.MemberTaskMessage;
import org.veilgrid.mpc.aggregation.wire.RoundInfo;
import org.veilgrid.mpc.aggregation.wire.UnmaskReply;
import org.veilgrid.mpc.aggregation.wire.UnmaskRequest;

/**
 * Every decoder either decodes or throws a typed Veilgrid exception, never anything else. Runs
 * its seed corpus in the normal build; {@code JAZZER_FUZZ=1 mvn -pl mpc -am test
 * -Dtest=AggregationCodecFuzzTest} fuzzes for real.
 */
class AggregationCodecFuzzTest {
    private static final Fixture FIXTURE = new Fixture(AggregationParams.of(16, 8, 100), 2, 2, new SecureRandom());

    @FuzzTest(maxDuration = "10s")
    void decodersFailOnlyWithTypedErrors(FuzzedDataProvider data) {
        int which = data.consumeInt(0, 5);
        byte[] bytes = data.consumeRemainingAsBytes();
        Round round = FIXTURE.round;
        try {
            switch (which) {
                case 0:
                    AggregationCodec.decode(AggregationCodec.parse("round", bytes, 1 << 20, RoundInfo.parser()));
                    break;
                case 1:
                    AggregationCodec.decode(round, AggregationCodec.parse("client", bytes,
                            AggregationCodec.maxClientMessageBytes(round), ClientMessage.parser()));
                    break;
                case 2:
                    AggregationCodec.decode(round, AggregationCodec.parse("task", bytes, 1 << 24, MemberTaskMessage.parser()));
                    break;
                case 3:
                    AggregationCodec.decode(round, AggregationCodec.parse("member", bytes, 1 << 20, MemberReplyMessage.parser()));
                    break;
                case 4:
                    AggregationCodec.decode(AggregationCodec.parse("unmask", bytes, UnmaskService.MAX_REQUEST_BYTES,
                            UnmaskRequest.parser()));
                    break;
                default:
                    AggregationCodec.decodeSum(round, 2, AggregationCodec.parse("unmask_reply", bytes, 1 << 20,
                            UnmaskReply.parser()));
                    break;
            }
        } catch (VeilException expected) {
            // a typed rejection is the contract
        }
    }
}
