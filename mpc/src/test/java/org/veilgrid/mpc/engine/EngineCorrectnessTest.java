package org.veilgrid.mpc.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;

import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.mpc.net.InputClient;

/**
 * Every operation of the engine against the same computation in the clear, on random inputs,
 * with real party servers (mutual TLS, loopback): semi-honest for n = 3, 5, 7, malicious (MACs,
 * verification, checked openings) for n = 3, 4, 5, 7.
 */
class EngineCorrectnessTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** Random values whose magnitude varies, with edge cases, in [−2^62, 2^62). */
    static long[] values(int m) {
        long[] v = new long[m];
        for (int i = 0; i < m; i++) {
            int bits = 1 + RANDOM.nextInt(62);
            v[i] = RANDOM.nextLong() >> (64 - bits);
        }
        return v;
    }

    static Stream<Arguments> modesAndSizes() {
        return Stream.of(
                Arguments.of(Security.SEMI_HONEST, 3), Arguments.of(Security.SEMI_HONEST, 5),
                Arguments.of(Security.SEMI_HONEST, 7),
                Arguments.of(Security.MALICIOUS, 3), Arguments.of(Security.MALICIOUS, 4),
                Arguments.of(Security.MALICIOUS, 5), Arguments.of(Security.MALICIOUS, 7));
    }

    @ParameterizedTest
    @MethodSource("modesAndSizes")
    void everyOperationMatchesTheClearComputation(Security security, int n) {
        int m = 24;
        long[] x = values(m);
        long[] y = values(m);
        // Force some equal and neighbouring pairs so that =, < and ≤ see their edge cases.
        for (int i = 0; i < 6; i++) {
            y[i] = x[i] + (i % 3) - 1;
        }
        y[6] = Long.MIN_VALUE / 4;
        x[6] = Long.MAX_VALUE / 4;
        long[] small = new long[m];
        long[] tiny = new long[m];
        for (int i = 0; i < m; i++) {
            small[i] = x[i] >> 34;
            tiny[i] = x[i] >> 52;
        }
        try (LoopbackCluster cluster = LoopbackCluster.start(n, 20_000, List.of("client-a"))) {
            Thread client = new Thread(() -> {
                try (InputClient c = new InputClient(cluster.config(), cluster.clientIdentity("client-a"))) {
                    c.submit("y", y);
                }
            });
            client.start();
            List<Map<String, long[]>> results = cluster.run(security, s -> {
                assertEquals(security, s.security());
                Shared sx = s.input(0, s.self() == 0 ? x : null, m);
                Shared sy = s.inputFromClient("client-a", "y", m);
                Shared ss = s.input(n - 1, s.self() == n - 1 ? small : null, m);
                Shared lt = sx.lt(sy);
                Shared bits = s.randomBits(200);
                Shared r = s.random(5);
                Map<String, Public> open = new java.util.LinkedHashMap<>();
                open.put("add", s.open(sx.add(sy)));
                open.put("sub", s.open(sx.sub(sy)));
                open.put("mulConst", s.open(sx.mul(-3).add(7)));
                open.put("mul", s.open(ss.mul(ss.add(5))));
                Shared st = ss.mul(1).sub(ss).add(s.constant(tiny));
                open.put("chain", s.open(st.mul(st).mul(st.add(3)).mul(st.sub(s.publicValues(tiny)).add(2))));
                open.put("mulPublic", s.open(ss.mul(s.publicValues(small))));
                open.put("sum", s.open(sx.sum()));
                open.put("prefix", s.open(sx.prefixSums()));
                open.put("lt", s.open(lt));
                open.put("le", s.open(sx.le(sy)));
                open.put("gt", s.open(sx.gt(sy)));
                open.put("ge", s.open(sx.ge(sy)));
                open.put("eq", s.open(sx.eq(sy)));
                open.put("ltConst", s.open(sx.lt(0)));
                open.put("eqConst", s.open(sy.eq(y[3])));
                open.put("select", s.open(lt.select(sx, sy)));
                open.put("bits", s.open(bits));
                open.put("random", s.open(r));
                open.put("concat", s.open(s.concat(sx.slice(2, 4), sy.get(0))));
                PrivateOutput toOne = s.openTo(1, sx.add(1));
                CheckedOpening checked = s.openChecked(sx.add(sy).mul(2));
                Map<String, long[]> out = new java.util.LinkedHashMap<>();
                for (Map.Entry<String, Public> e : open.entrySet()) {
                    if (e.getKey().equals("random")) {
                        out.put("random", e.getValue().elements());
                    } else {
                        out.put(e.getKey(), e.getValue().toLongs());
                    }
                }
                out.put("checked", checked.values().toLongs());
                out.put("checkedFlags", checked.consistent().toLongs());
                if (toOne.isMine()) {
                    out.put("toOne", toOne.toLongs());
                } else {
                    toOne.await();
                    assertThrows(ParameterException.class, toOne::toLongs);
                }
                return out;
            });
            for (int p = 0; p < n; p++) {
                Map<String, long[]> out = results.get(p);
                long[] add = new long[m], sub = new long[m], mulConst = new long[m], mul = new long[m];
                long[] prefix = new long[m], lt = new long[m], le = new long[m], gt = new long[m];
                long[] ge = new long[m], eq = new long[m], ltConst = new long[m], eqConst = new long[m];
                long[] select = new long[m], toOne = new long[m], chain = new long[m], checked = new long[m];
                long sum = 0;
                for (int i = 0; i < m; i++) {
                    add[i] = x[i] + y[i];
                    sub[i] = x[i] - y[i];
                    mulConst[i] = -3 * x[i] + 7;
                    mul[i] = small[i] * (small[i] + 5);
                    sum += x[i];
                    prefix[i] = sum;
                    lt[i] = x[i] < y[i] ? 1 : 0;
                    le[i] = x[i] <= y[i] ? 1 : 0;
                    gt[i] = x[i] > y[i] ? 1 : 0;
                    ge[i] = x[i] >= y[i] ? 1 : 0;
                    eq[i] = x[i] == y[i] ? 1 : 0;
                    ltConst[i] = x[i] < 0 ? 1 : 0;
                    eqConst[i] = y[i] == y[3] ? 1 : 0;
                    select[i] = x[i] < y[i] ? x[i] : y[i];
                    toOne[i] = x[i] + 1;
                    chain[i] = tiny[i] * tiny[i] * (tiny[i] + 3) * 2;
                    checked[i] = 2 * (x[i] + y[i]);
                }
                assertArrayEquals(add, out.get("add"), "add");
                assertArrayEquals(sub, out.get("sub"), "sub");
                assertArrayEquals(mulConst, out.get("mulConst"), "mulConst");
                assertArrayEquals(mul, out.get("mul"), "mul");
                assertArrayEquals(chain, out.get("chain"), "chain of products");
                assertArrayEquals(checked, out.get("checked"), "openChecked");
                long[] allOne = new long[m];
                java.util.Arrays.fill(allOne, 1);
                assertArrayEquals(allOne, out.get("checkedFlags"), "openChecked flags");
                assertArrayEquals(square(small), out.get("mulPublic"), "mulPublic");
                assertArrayEquals(new long[] {sum}, out.get("sum"), "sum");
                assertArrayEquals(prefix, out.get("prefix"), "prefix");
                assertArrayEquals(lt, out.get("lt"), "lt");
                assertArrayEquals(le, out.get("le"), "le");
                assertArrayEquals(gt, out.get("gt"), "gt");
                assertArrayEquals(ge, out.get("ge"), "ge");
                assertArrayEquals(eq, out.get("eq"), "eq");
                assertArrayEquals(ltConst, out.get("ltConst"), "ltConst");
                assertArrayEquals(eqConst, out.get("eqConst"), "eqConst");
                assertArrayEquals(select, out.get("select"), "select");
                assertArrayEquals(new long[] {x[2], x[3], y[0]}, out.get("concat"), "concat");
                int ones = 0;
                for (long b : out.get("bits")) {
                    assertTrue(b == 0 || b == 1, "random bit out of {0,1}");
                    ones += (int) b;
                }
                assertTrue(ones > 50 && ones < 150, "random bits are far from balanced: " + ones);
                // Every party opened the same random elements, and they are not all zero.
                assertArrayEquals(results.get(0).get("random"), out.get("random"));
                assertFalse(java.util.Arrays.equals(new long[10], out.get("random")));
                if (p == 1) {
                    assertArrayEquals(toOne, out.get("toOne"), "openTo");
                } else {
                    assertFalse(out.containsKey("toOne"));
                }
            }
            client.join();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    static long[] square(long[] v) {
        long[] out = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] * v[i];
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(Security.class)
    void comparisonsCoverTheWholeSigned64BitRange(Security security) {
        long[] x = {Long.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE, -1, 0, 0, 1, -5, Long.MIN_VALUE + 1};
        long[] y = {Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE, Long.MAX_VALUE, 0, -1, 0, 0, -5, Long.MIN_VALUE};
        int m = x.length;
        try (LoopbackCluster cluster = LoopbackCluster.start(3, 20_000)) {
            List<long[][]> results = cluster.run(security, s -> {
                Shared sx = s.input(0, s.self() == 0 ? x : null, m);
                Shared sy = s.input(1, s.self() == 1 ? y : null, m);
                Public lt = s.open(sx.lt(sy));
                Public le = s.open(sx.le(sy));
                Public eq = s.open(sx.eq(sy));
                return new long[][] {lt.toLongs(), le.toLongs(), eq.toLongs()};
            });
            for (long[][] r : results) {
                for (int i = 0; i < m; i++) {
                    assertEquals(x[i] < y[i] ? 1 : 0, r[0][i], "lt " + i);
                    assertEquals(x[i] <= y[i] ? 1 : 0, r[1][i], "le " + i);
                    assertEquals(x[i] == y[i] ? 1 : 0, r[2][i], "eq " + i);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Security.class)
    void independentMultiplicationsShareOneRound(Security security) {
        int m = 16;
        // Malicious: every output waits for one verification (5 rounds), shared by the outputs
        // recorded before it starts.
        int verify = security == Security.MALICIOUS ? 5 : 0;
        try (LoopbackCluster cluster = LoopbackCluster.start(3, 20_000)) {
            List<long[]> rounds = cluster.run(security, s -> {
                Shared a = s.random(m);
                Shared b = s.random(m);
                s.run();
                long before = s.rounds();
                // Ten independent products and an opening of each: two rounds, not twenty.
                Public[] opened = new Public[10];
                for (int i = 0; i < 10; i++) {
                    opened[i] = s.open(a.mul(b).mul((long) i));
                }
                s.run();
                long afterIndependent = s.rounds();
                // A chain of depth 4 needs 4 rounds plus the opening.
                Shared c = a;
                for (int i = 0; i < 4; i++) {
                    c = c.mul(b);
                }
                s.open(c).elements();
                return new long[] {afterIndependent - before, s.rounds() - afterIndependent,
                        s.network().stats().messagesSent()};
            });
            for (long[] r : rounds) {
                assertEquals(2 + verify, r[0], "independent products + openings");
                assertEquals(5 + verify, r[1], "chain of four products + opening");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Security.class)
    void productsOfFieldElementsMatchBigInteger(Security security) {
        int m = 50;
        try (LoopbackCluster cluster = LoopbackCluster.start(5, 20_000)) {
            List<long[][]> results = cluster.run(security, s -> {
                Shared a = s.random(m);
                Shared b = s.random(m);
                Public pa = s.open(a);
                Public pb = s.open(b);
                Public pab = s.open(a.mul(b));
                return new long[][] {pa.elements(), pb.elements(), pab.elements()};
            });
            long[][] r = results.get(0);
            for (int i = 0; i < m; i++) {
                BigInteger a = org.veilgrid.mpc.field.Mersenne127.toBigInteger(r[0][2 * i], r[0][2 * i + 1]);
                BigInteger b = org.veilgrid.mpc.field.Mersenne127.toBigInteger(r[1][2 * i], r[1][2 * i + 1]);
                BigInteger ab = org.veilgrid.mpc.field.Mersenne127.toBigInteger(r[2][2 * i], r[2][2 * i + 1]);
                assertEquals(a.multiply(b).mod(org.veilgrid.mpc.field.Mersenne127.P), ab);
            }
        }
    }
}
