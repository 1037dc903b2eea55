package org.veilgrid.mpc.aggregation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The slow tier (about a minute): 10^5-entry vectors and 10^4 clients, with random client and
 * committee dropouts, against the cleartext sum. Run with
 * {@code mvn -B -pl mpc -am verify -Dveil.slow=true -Dtest=AggregationSlowTest -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@EnabledIfSystemProperty(named = "veil.slow", matches = "true")
class AggregationSlowTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    @ParameterizedTest(name = "{0} clients, L = {1}")
    @CsvSource({"200, 100000", "10000, 1000"})
    void largeRoundsSumExactly(int clients, int length) {
        AggregationParams params = AggregationParams.of(length, clients, 1 << 16);
        Fixture f = new Fixture(params, 10, 6, RANDOM);
        AggregationServer server = new AggregationServer(f.round);
        long[] expected = new long[length];
        List<String> arrived = Collections.synchronizedList(new ArrayList<>());
        // Clients in parallel, as independent devices would be; 20 % never arrive.
        IntStream.range(0, clients).parallel().forEach(c -> {
            if (RANDOM.nextDouble() < 0.2) {
                return;
            }
            long[] x = Fixture.randomInput(RANDOM, params);
            ClientSubmission s = new AggregationClient(RANDOM).submit(f.round, "c" + c, x);
            synchronized (expected) {
                for (int i = 0; i < length; i++) {
                    expected[i] += x[i];
                }
            }
            server.accept(s);
            arrived.add("c" + c);
        });
        server.close();
        List<Integer> seats = Fixture.seats(1, 10);
        Collections.shuffle(seats, RANDOM);
        for (int seat : seats.subList(0, 7)) { // three members drop
            server.accept(f.member(seat).answer(f.round, server.taskFor(seat)));
        }
        AggregationResult r = server.finish();
        assertEquals(arrived.size(), r.counted.size());
        assertArrayEquals(expected, r.sum);
    }
}
