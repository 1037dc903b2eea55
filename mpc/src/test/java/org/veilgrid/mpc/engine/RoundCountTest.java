package org.veilgrid.mpc.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The cost of each operation in semi-honest mode: rounds and secret multiplications as docs/mpc.md states them,
 * messages and bytes per party as measured before the engine's split into protocol files. Pins
 * the scheduler's batching and each protocol step's traffic, so that a restructuring of the
 * engine that changed either shows up here.
 */
class RoundCountTest {

    /** One operation's cost on one party: rounds, multiplications, round messages and payload bytes sent. */
    private record Cost(String operation, long rounds, long multiplications, long messages, long bytes) {
    }

    private static void measure(MpcSession s, List<Cost> costs, String operation, Consumer<MpcSession> op) {
        s.run();
        long rounds = s.rounds();
        long multiplications = s.multiplications();
        long messages = s.network().stats().messagesSent();
        long bytes = s.network().stats().bytesSent();
        op.accept(s);
        s.run();
        costs.add(new Cost(operation, s.rounds() - rounds, s.multiplications() - multiplications,
                s.network().stats().messagesSent() - messages, s.network().stats().bytesSent() - bytes));
    }

    private static List<Cost> costs(MpcSession s) {
        List<Cost> costs = new ArrayList<>();
        int m = 4;
        Shared x = s.input(0, s.self() == 0 ? new long[] {5, -3, 0, 9} : null, m);
        Shared y = s.input(1, s.self() == 1 ? new long[] {5, 2, -1, 9} : null, m);
        s.run();
        measure(s, costs, "input", q -> q.input(1, q.self() == 1 ? new long[] {1, 2, 3, 4} : null, m));
        measure(s, costs, "open", q -> q.open(x));
        measure(s, costs, "openTo", q -> q.openTo(2, x));
        measure(s, costs, "openChecked", q -> q.openChecked(x));
        measure(s, costs, "mul", q -> x.mul(y));
        measure(s, costs, "randomBits", q -> q.randomBits(m));
        measure(s, costs, "lt", q -> x.lt(y));
        measure(s, costs, "eq", q -> x.eq(y));
        return costs;
    }

    /** "operation rounds multiplications" per the cost table and protocol notes of docs/mpc.md, for vectors of m = 4. */
    private static List<String> documented(int n) {
        int m = 4;
        // randomBits: n = 3 owner-shared XOR (one round) and one multiplication; n > 3 one opened square.
        int bitRounds = n == 3 ? 2 : 1;
        int bitProducts = n == 3 ? 1 : 0;
        return List.of(
                "input 1 0",
                "open 1 0",
                "openTo 1 0",
                "openChecked 1 0",
                "mul 1 " + m,
                "randomBits " + bitRounds + " " + bitProducts * m,
                // 64 random bits, then 6 rounds (the opening with the 32 first-level products, 5 of the tree), 89 products
                "lt " + (bitRounds + 6) + " " + (64 * bitProducts + 89) * m,
                // 65 random bits, then the opening and 7 rounds of the product tree, 64 products
                "eq " + (bitRounds + 8) + " " + (65 * bitProducts + 64) * m);
    }

    /**
     * Round messages and payload bytes each party sends per operation ("operation messages
     * bytes", comma-separated by party), as measured on the engine before its split into
     * protocol files: they follow from the reconstruction sets (party k reconstructs from k and
     * the first t, or 2t, others) and from which steps share a round.
     */
    private static List<String> traffic(int n) {
        return n == 3 ? List.of(
                "input 0,2,0 0,166,0",
                "open 2,1,0 162,83,0",
                "openTo 1,0,0 81,0,0",
                "openChecked 2,2,2 162,166,166",
                "mul 2,2,2 162,166,166",
                "randomBits 4,4,4 260,236,236",
                "lt 16,16,16 22754,22690,22626",
                "eq 20,19,18 19782,19739,19624")
                : List.of(
                "input 0,4,0,0,0 0,332,0,0,0",
                "open 4,4,2,0,0 324,332,166,0,0",
                "openTo 1,1,0,0,0 81,83,0,0,0",
                "openChecked 4,4,4,4,4 324,332,332,332,332",
                "mul 4,4,4,4,4 324,332,332,332,332",
                "randomBits 4,4,4,4,4 324,332,332,332,332",
                "lt 28,28,28,28,28 39932,39988,39860,39732,39732",
                "eq 36,36,34,32,32 33924,33996,33830,33664,33664");
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 5})
    void eachOperationCostsTheDocumentedRoundsAndMultiplicationsAndKeepsItsTraffic(int n) {
        try (LoopbackCluster cluster = LoopbackCluster.start(n, 30_000)) {
            List<List<Cost>> all = cluster.run(Security.SEMI_HONEST, RoundCountTest::costs);
            List<String> traffic = new ArrayList<>();
            for (int op = 0; op < all.get(0).size(); op++) {
                StringBuilder messages = new StringBuilder();
                StringBuilder bytes = new StringBuilder();
                for (int party = 0; party < n; party++) {
                    Cost c = all.get(party).get(op);
                    messages.append(party == 0 ? "" : ",").append(c.messages());
                    bytes.append(party == 0 ? "" : ",").append(c.bytes());
                }
                traffic.add(all.get(0).get(op).operation() + " " + messages + " " + bytes);
            }
            for (int party = 0; party < n; party++) {
                List<String> costs = all.get(party).stream()
                        .map(c -> c.operation() + " " + c.rounds() + " " + c.multiplications()).toList();
                assertEquals(documented(n), costs, "party " + party + ": rounds and multiplications");
            }
            assertEquals(traffic(n), traffic, "messages and bytes per party");
        }
    }
}
