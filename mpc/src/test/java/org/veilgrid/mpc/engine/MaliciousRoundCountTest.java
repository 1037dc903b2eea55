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
     * them for n parties (3: owner-XOR bits; 5: square-root bits).
     */
    private static List<String> documented(int n) {
        int m = 4;
        int verify = 5;
        int verifyReductions = 3;
        // Random bits are verified before any use: their rounds end with a verification (5 rounds,
        // 3 reductions). n = 3: round 1 the owner deals u and [R]·[b_o], round 2 u·(1 − 2b_o) with
        // its MAC (2 products) beside the check's coin, round 3 the bit check's inner products (6
        // elements for the 3 owners). n > 3: round 1 r·r and R·r, round 2 (R·r)·r with the checked
        // opening of r².
        int bitRounds = (n == 3 ? 3 : 2) + verify;
        int bitReductions = 3;
        int bitBatchReductions = (n == 3 ? 6 : 0) + verifyReductions;
        // lt: 64 bits, the opening of c with the 32 pair products, 5 rounds of the carry tree
        // (57 products), then the result's MAC (one round): the 89 products of the comparison
        // carry no MAC (one reduction each) and are left to the next output's verification.
        int ltReductions = 64 * bitReductions + 89 + 1;
        int eqReductions = 65 * bitReductions + 64 + 1;
        // openLt's verification also checks those products, its own lt's and the eq's before it.
        int[] check = productCheck((89 + 64) * m);
        // input: the owner's verifiable dealing, the header echo, then the MAC [R]·[x].
        return List.of(
                "input 3 " + m,
                "random 1 " + m,
                "open " + (verify + 1) + " " + verifyReductions,
                "openTo " + (verify + 1) + " " + verifyReductions,
                "openChecked " + (verify + 1) + " " + verifyReductions,
                "twoOpens " + (verify + 1) + " " + verifyReductions,
                "mul 1 " + 2 * m,
                "randomBits " + bitRounds + " " + (bitReductions * m + bitBatchReductions),
                "lt " + (bitRounds + 7) + " " + (ltReductions * m + bitBatchReductions),
                "eq " + (bitRounds + 9) + " " + (eqReductions * m + bitBatchReductions),
                "openLt " + (bitRounds + 7 + check[0] + 1) + " "
                        + (ltReductions * m + bitBatchReductions + verifyReductions + check[1]));
    }

    /**
     * Rounds and reductions of a verification that checks {@code products} products without
     * MACs ({@link ProductCheck}, K = 4): a level per 4-fold compression while more than 4 remain
     * (2 rounds, 6 reduced elements), the last level (2 rounds, 8 elements) and the opening of the
     * result; they start in the verification's second round, and its all-OK round follows.
     */
    private static int[] productCheck(int products) {
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
        return new int[] {1 + 2 * levels + 1 + 1, reductions};
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
