package org.veilgrid.auction;

import java.util.Arrays;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.veilgrid.core.errors.VeilException;

/**
 * Arbitrary bytes into {@link AuctionTerms#fromBytes}: the only acceptable failures are
 * Veilgrid's typed exceptions, and terms it accepts encode back to the very bytes read.
 * {@code JAZZER_FUZZ=1 mvn -pl auction-private -am test -Dtest=AuctionTermsFuzzTest
 * -Dsurefire.failIfNoSpecifiedTests=false} fuzzes for real.
 */
class AuctionTermsFuzzTest {
    @FuzzTest(maxDuration = "10s")
    void termsDecoderFailsOnlyWithTypedErrors(byte[] b) {
        AuctionTerms t;
        try {
            t = AuctionTerms.fromBytes(b);
        } catch (VeilException expected) {
            return;
        }
        if (!Arrays.equals(b, t.toBytes())) {
            throw new AssertionError("accepted terms do not encode back to their bytes");
        }
    }
}
