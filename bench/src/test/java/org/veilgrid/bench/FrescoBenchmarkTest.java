package org.veilgrid.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;
import java.util.concurrent.ExecutionException;

import dk.alexandra.fresco.framework.DRes;
import dk.alexandra.fresco.framework.MaliciousException;
import dk.alexandra.fresco.framework.value.SInt;
import dk.alexandra.fresco.lib.common.compare.Comparison;
import org.junit.jupiter.api.Test;

/**
 * The FRESCO harness on small batches: SPDZ computes correct products and comparisons when each
 * party uses its own shares, and its MAC check aborts when every party is handed party 1's
 * shares (the harness bug that had been reported as "SPDZ fails its own MAC check").
 */
class FrescoBenchmarkTest {

    private static FrescoBenchmark started(String suite) throws Exception {
        FrescoBenchmark b = new FrescoBenchmark();
        b.suite = suite;
        b.multiplications = 64;
        b.comparisons = 16;
        // setup() itself runs both operations and compares 16 opened results with the cleartext.
        b.setup();
        return b;
    }

    @Test
    void spdzProductAndComparisonOpenToTheCleartext() throws Exception {
        FrescoBenchmark b = started("spdz");
        try {
            int k = 5;
            List<List<BigInteger>> opened = b.runAll(party -> builder -> {
                List<DRes<SInt>>[] in = b.inputs.get(party);
                DRes<BigInteger> product = builder.numeric().open(builder.numeric().mult(in[0].get(k), in[1].get(k)));
                DRes<BigInteger> less = builder.numeric().open(Comparison.using(builder).compareLT(in[0].get(k), in[1].get(k)));
                return () -> List.of(product.out(), less.out());
            });
            BigInteger wantProduct = FrescoBenchmark.x(k).multiply(FrescoBenchmark.y(k));
            BigInteger wantLess = FrescoBenchmark.x(k).compareTo(FrescoBenchmark.y(k)) < 0 ? BigInteger.ONE : BigInteger.ZERO;
            for (List<BigInteger> party : opened) {
                assertEquals(List.of(wantProduct, wantLess), party);
            }
        } finally {
            b.tearDown();
        }
    }

    @Test
    void spdzMacCheckAbortsWhenEveryPartyComputesOnPartyOnesShares() throws Exception {
        FrescoBenchmark b = started("spdz");
        try {
            ExecutionException e = assertThrows(ExecutionException.class, () -> b.runAll(party -> builder -> {
                List<DRes<SInt>>[] in = b.inputs.get(0); // party 1's shares and MACs, for everyone
                DRes<SInt> product = builder.numeric().mult(in[0].get(0), in[1].get(0));
                return () -> product;
            }));
            assertTrue(hasCause(e, MaliciousException.class), () -> "expected a MaliciousException, got " + e);
        } finally {
            b.tearDown();
        }
    }

    @Test
    void dummySuiteSetupPassesItsCleartextCheck() throws Exception {
        FrescoBenchmark b = started("dummy");
        b.tearDown();
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }
}
