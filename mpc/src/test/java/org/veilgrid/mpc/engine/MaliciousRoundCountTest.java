package org.veilgrid.mpc.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The cost of each operation in MALICIOUS mode, rounds and degree reductions, as docs/mpc.md's
 * cost table states them (next to the semi-honest {@link RoundCountTest}).
 */
class MaliciousRoundCountTest {

    private static String measure(MpcSession s, String operation, Consumer<MpcSession> op) {
        s.run();
        long rounds = s.rounds();
        long reductions = s.multiplications();
        op.accept(s);
        s.run();
        return operation + " " + (s.rounds() - rounds) + " " + (s.multiplications() - reductions);
    }

    private static List<String> costs(MpcSession s) {
        List<String> costs = new ArrayList<>();
        int m = 4;
        Shared x = s.input(0, s.self() == 0 ? new long[] {5, -3, 0, 9} : null, m);
        Shared y = s.input(1, s.self() == 1 ? new long[] {5, 2, -1, 9} : null, m);
        s.run();
        costs.add(measure(s, "input", q -> q.input(1, q.self() == 1 ? new long[] {1, 2, 3, 4} : null, m)));
        costs.add(measure(s, "random", q -> q.random(m)));
        costs.add(measure(s, "open", q -> q.open(x)));
        costs.add(measure(s, "openTo", q -> q.openTo(2, x)));
        costs.add(measure(s, "openChecked", q -> q.openChecked(x)));
        costs.add(measure(s, "twoOpens", q -> {
            q.open(x);
            q.open(y);
        }));
        costs.add(measure(s, "mul", q -> x.mul(y)));
        costs.add(measure(s, "randomBits", q -> q.randomBits(m)));
        costs.add(measure(s, "lt", q -> x.lt(y)));
        costs.add(measure(s, "eq", q -> x.eq(y)));
        costs.add(measure(s, "openLt", q -> q.open(x.lt(y))));
        return costs;
    }

    /**
     * "operation rounds reductions" for vectors of m = 4, as docs/mpc.md's malicious column states
     * them for n parties (3: owner-XOR bits checked without MACs; 5: square-root bits with MACs).
     */
    private static List<String> documented(int n) {
        int m = 4;
        int[] plain = verification(0);
        // Random bits are verified before any use: their rounds end with a verification, which
        // also checks every product recorded without a MAC until then. n = 3: round 1 the owner
        // deals u, round 2 u·(1 − 2b_o) without MAC beside the check's coin, round 3 the bit
        // check's inner products (3 elements, one per owner), which share the factor u with the
        // products: 1 element to check per bit. n > 3:
        // round 1 r·r and R·r, round 2 (R·r)·r with the checked opening of r² (3 reductions per bit).
        boolean owners = n == 3;
        int bitRounds = owners ? 3 : 2;
        int bitReductions = owners ? 1 : 3;
        int bitBatchReductions = owners ? 3 : 0;
        int bitProducts = owners ? 1 : 0;
        // randomBits on its own: the public call gives n = 3 bits their MACs (one more round).
        int[] bitsCheck = verification(bitProducts * m);
        String randomBits = "randomBits " + (bitRounds + bitsCheck[0] + (owners ? 1 : 0)) + " "
                + (bitReductions * m + bitBatchReductions + bitsCheck[1] + (owners ? m : 0));
        // lt: 64 bits, the opening of c with the 32 pair products, 5 rounds of the carry tree
        // (57 products), the result's MAC (one round): the comparison's 89 products carry no MAC
        // and are checked by the next verification. eq: 65 bits, 7 rounds of a 64-product tree.
        int ltProducts = 89 * m;
        int eqProducts = 64 * m;
        int[] ltBits = verification(64 * bitProducts * m);
        int ltRounds = bitRounds + ltBits[0] + 1 + 5 + 1;
        int ltReductions = 64 * bitReductions * m + bitBatchReductions + ltBits[1] + ltProducts + m;
        // eq's bits' verification also checks lt's products.
        int[] eqBits = verification(65 * bitProducts * m + ltProducts);
        int eqRounds = bitRounds + eqBits[0] + 1 + 7 + 1;
        int eqReductions = 65 * bitReductions * m + bitBatchReductions + eqBits[1] + eqProducts + m;
        // openLt: its bits' verification checks eq's products, the output's verification lt's.
        int[] openLtBits = verification(64 * bitProducts * m + eqProducts);
        int[] output = verification(ltProducts);
        int openLtRounds = bitRounds + openLtBits[0] + 1 + 5 + 1 + output[0] + 1;
        int openLtReductions = 64 * bitReductions * m + bitBatchReductions + openLtBits[1] + ltProducts + m + output[1];
        // input: the owner's verifiable dealing, the header echo, then the MAC [R]·[x].
        return List.of(
                "input 3 " + m,
                "random 1 " + m,
                "open " + (plain[0] + 1) + " " + plain[1],
                "openTo " + (plain[0] + 1) + " " + plain[1],
                "openChecked " + (plain[0] + 1) + " " + plain[1],
                "twoOpens " + (plain[0] + 1) + " " + plain[1],
                "mul 1 " + 2 * m,
                randomBits,
                "lt " + ltRounds + " " + ltReductions,
                "eq " + eqRounds + " " + eqReductions,
                "openLt " + openLtRounds + " " + openLtReductions);
    }

    /**
     * Rounds and reductions of a verification that checks {@code products} products without
     * MACs: the MAC part alone is 5 rounds and 3 reductions. The {@link ProductCheck} (K = 4)
     * starts in its second round: a level per 4-fold compression while more than 4 remain (2
     * rounds, 6 reduced elements), the last level (2 rounds, 8 elements) and the opening of the
     * result; the all-OK round follows.
     */
    private static int[] verification(int products) {
        if (products == 0) {
            return new int[] {5, 3};
        }
        int levels = 0;
        int reductions = 0;
        for (int n = products; ; n = (n + 3) / 4) {
            levels++;
            if (n <= 4) {
                reductions += 8;
                break;
            }
            reductions += 6;
        }
        return new int[] {Math.max(5, 1 + 2 * levels + 1 + 1), 3 + reductions};
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 5})
    void eachOperationCostsTheDocumentedRoundsAndReductions(int n) {
        try (LoopbackCluster cluster = LoopbackCluster.start(n, 30_000)) {
            List<List<String>> all = cluster.run(Security.MALICIOUS, MaliciousRoundCountTest::costs);
            for (int party = 0; party < n; party++) {
                assertEquals(documented(n), all.get(party), "party " + party);
            }
        }
    }

    @Test
    void recordingMoreThanTheBoundVerifiesWithoutAnOutput() {
        int m = (int) Wires.BOUND;
        try (LoopbackCluster cluster = LoopbackCluster.start(3, 60_000)) {
            List<long[]> rounds = cluster.run(Security.MALICIOUS, s -> {
                s.run();
                long before = s.rounds();
                s.random(m - 1);
                s.run();
                long belowBound = s.rounds() - before;
                s.random(1);
                s.run();
                return new long[] {belowBound, s.rounds() - before - belowBound};
            });
            for (long[] r : rounds) {
                // Just below the bound: the MAC's round only. At the bound: its round and a verification.
                assertEquals(1, r[0], "rounds below the bound");
                assertEquals(1 + 5, r[1], "rounds at the bound");
            }
        }
    }
}
