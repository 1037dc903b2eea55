package org.veilgrid.mpc.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.veilgrid.core.errors.ProtocolAbortException;
import org.veilgrid.mpc.field.Mersenne127;
import org.veilgrid.mpc.net.InMemoryNetwork;

/**
 * The bit check of malicious mode's n = 3 random bits ({@link RandomBits}): the owner of a bit
 * deals u, and nothing but the batched check Σ γ·b·(b − 1) = 0 stops it from dealing a value
 * that is not a bit. Here the corrupt owner deals, for its bits, a consistent sharing of u + δ
 * (its own share unchanged, so every product it takes part in is computed correctly and the MACs
 * agree): every honest party aborts naming it, and none outputs. A wrong share in the check's
 * own inner product, or an error on the MAC of the PRSS bit b_o alone (only the bit's wire
 * (b, R·b) is recorded), makes every honest party abort too. Without tampering the bits open to 0s and
 * 1s.
 */
class DealtBitCheckTest {

    private static final int BITS = 30;
    private static final int N = 3;

    /** Each party's opened bits (long[]) or its failure, with {@code corrupt} tampering as {@code how} (null: honest). */
    private static List<Object> run(int corrupt, Tampering how) throws Exception {
        return runSeeingAll(how == null ? null
                : (offset, from, to, payload) -> from == corrupt ? how.apply(offset, corrupt, to, payload) : payload);
    }

    /**
     * As above, with {@code how} seeing every message (from any party): for a cheater whose own
     * view must stay consistent with what it made the honest parties compute (see
     * {@link #compensatedErrorsOnThePrssBitsMacAndTheBitsMacAbortWhateverTheDealtValue}).
     */
    private static List<Object> runSeeingAll(AnyTampering how) throws Exception {
        InMemoryNetwork net = InMemoryNetwork.of(N, 1, 20_000);
        AtomicLong dealRound = new AtomicLong(Long.MAX_VALUE);
        if (how != null) {
            net.tamper((round, from, to, payload) -> payload.length > 0
                    ? how.apply(round - dealRound.get(), from, to, payload) : payload);
        }
        ExecutorService threads = Executors.newFixedThreadPool(N);
        try {
            List<Future<long[]>> futures = new ArrayList<>();
            for (int p = 0; p < N; p++) {
                int self = p;
                futures.add(threads.submit(() -> {
                    MpcSession s = MpcSession.start(net.party(self), Security.MALICIOUS);
                    Shared x = s.input(0, self == 0 ? new long[] {4, -2} : null, 2);
                    s.run();
                    // Every party sets it (the same number) before it sends a message of the bits.
                    dealRound.set(s.rounds() + 1);
                    // The bits' first round carries the owners' dealings first ({@link RandomBits.OwnerXorStep}).
                    Shared bits = s.randomBits(BITS);
                    return s.open(s.concat(bits, x)).elements();
                }));
            }
            List<Object> out = new ArrayList<>();
            for (Future<long[]> f : futures) {
                try {
                    out.add(f.get(60, TimeUnit.SECONDS));
                } catch (java.util.concurrent.ExecutionException e) {
                    out.add(e.getCause());
                }
            }
            return out;
        } finally {
            threads.shutdownNow();
        }
    }

    /** What the corrupt party sends in the round {@code offset} rounds after the bits' first one. */
    @FunctionalInterface
    private interface Tampering {
        long[] apply(long offset, int corrupt, int to, long[] payload);
    }

    /** What party {@code from} sends to {@code to} in the round {@code offset} rounds after the bits' first one. */
    @FunctionalInterface
    private interface AnyTampering {
        long[] apply(long offset, int from, int to, long[] payload);
    }

    /**
     * In the dealing round, adds h(α_to) to each of the corrupt owner's dealt shares, with
     * h(x) = d·(α_c − x): a polynomial of degree 1 that is 0 at the corrupt party's own point, so
     * the honest shares and its own lie on the sharing of u + d·α_c (never a bit for a random d).
     */
    private static long[] shiftDealtBits(long offset, int corrupt, int to, long[] payload) {
        if (offset != 0) {
            return payload;
        }
        int owned = (BITS - corrupt + 2) / 3;
        long[] out = payload.clone();
        long[] shift = new long[2];
        // d = 2^40 + 12345: any value but 0 and ±1/α_c would do.
        Mersenne127.mulSmall((1L << 40) + 12345, 0, Math.abs((long) corrupt - to), shift, 0);
        for (int e = 0; e < owned; e++) {
            int q = 2 * e;
            if (corrupt > to) {
                Mersenne127.add(out[q], out[q + 1], shift[0], shift[1], out, q);
            } else {
                Mersenne127.sub(out[q], out[q + 1], shift[0], shift[1], out, q);
            }
        }
        return out;
    }

    @ParameterizedTest(name = "corrupt owner {0}")
    @ValueSource(ints = {0, 1, 2})
    void anOwnerThatDealsNonBitsIsNamedByEveryHonestParty(int corrupt) throws Exception {
        List<Object> results = run(corrupt, DealtBitCheckTest::shiftDealtBits);
        for (int p = 0; p < N; p++) {
            if (p == corrupt) {
                continue;
            }
            Object r = results.get(p);
            ProtocolAbortException e = assertInstanceOf(ProtocolAbortException.class, r, "party " + p + " must abort");
            assertEquals("party-" + corrupt, e.culprit().orElse(null), "party " + p + ": " + e.getMessage());
            assertTrue(e.reason().contains("not 0 or 1"), e.reason());
        }
    }

    @Test
    void aWrongShareInTheBitCheckMakesEveryHonestPartyAbort() throws Exception {
        // Two rounds after the dealing the check's inner products are reduced (six elements).
        List<Object> results = run(1, (offset, corrupt, to, payload) -> {
            if (offset != 2) {
                return payload;
            }
            long[] out = payload.clone();
            Mersenne127.add(out[0], out[1], 1, 0, out, 0);
            return out;
        });
        for (int p : new int[] {0, 2}) {
            assertInstanceOf(ProtocolAbortException.class, results.get(p), "party " + p + " must abort");
        }
    }

    @Test
    void anErrorOnlyOnThePrssBitsMacMakesEveryHonestPartyAbort() throws Exception {
        // The dealing round carries, after the corrupt party's dealt shares, its masked products
        // of [R]·[b_o]; the bit's wire (b, R·b) must still come out wrong.
        List<Object> results = run(2, (offset, corrupt, to, payload) -> {
            if (offset != 0) {
                return payload;
            }
            int owned = (BITS - corrupt + 2) / 3;
            long[] out = payload.clone();
            int q = 2 * (owned + 5);
            Mersenne127.add(out[q], out[q + 1], 1, 0, out, q);
            return out;
        });
        for (int p : new int[] {0, 1}) {
            assertInstanceOf(ProtocolAbortException.class, results.get(p), "party " + p + " must abort");
        }
    }

    /**
     * A selective-failure attempt by party 0, which is not the owner of bit 5 (party 2 is) and so
     * knows its PRSS bit b_o: an error e on [R·b_o] and −e on the bit's MAC product
     * u·(R − 2R·b_o) leave the bit's MAC R·b + e·(1 − 2u) − e, right exactly when u = 0. If only
     * the bit's wire (b, R·b) were checked, going unnoticed would tell the cheater u, hence the
     * secret bit b = u ⊕ b_o. With the PRSS bit's own wire (b_o, R·b_o) checked too, every trial
     * aborts, whatever u is.
     *
     * <p>The cheater keeps its own view consistent, as a real one would: it adds δ = 1 to its
     * masked product (the honest parties reconstruct the product plus e = λ_0·δ, λ = (3, −3, 1) for
     * α = 1, 2, 3) and reconstructs as if party 2 had sent λ_0·δ more (λ_2 = 1), so its own share
     * moves by e as theirs do; a cheater whose own share stayed behind would be caught by the
     * degree check of the verification instead, whatever u is.
     */
    @Test
    void compensatedErrorsOnThePrssBitsMacAndTheBitsMacAbortWhateverTheDealtValue() throws Exception {
        int corrupt = 0;
        int bit = 5;
        for (int trial = 0; trial < 16; trial++) {
            List<Object> results = runSeeingAll((offset, from, to, payload) -> {
                long sign = offset == 0 ? 1 : offset == 1 ? -1 : 0;
                long delta = from == corrupt ? 1 : from == 2 && to == corrupt ? 3 : 0;
                if (sign == 0 || delta == 0) {
                    return payload;
                }
                // Round 0: the sender's dealt shares (its owned bits: 10 for parties 0 and 2), then
                // its masked R·b_o; round 1: the masked products flip·u, then their MACs, then the coin.
                int element = offset == 0 ? (BITS - from + 2) / 3 + bit : BITS + bit;
                long[] out = payload.clone();
                int q = 2 * element;
                if (sign > 0) {
                    Mersenne127.add(out[q], out[q + 1], delta, 0, out, q);
                } else {
                    Mersenne127.sub(out[q], out[q + 1], delta, 0, out, q);
                }
                return out;
            });
            for (int p : new int[] {1, 2}) {
                assertInstanceOf(ProtocolAbortException.class, results.get(p), "trial " + trial + ": party " + p + " must abort");
            }
        }
    }

    @Test
    void honestOwnersDealBitsThatOpenToZerosAndOnes() throws Exception {
        List<Object> results = run(0, null);
        long[] first = (long[]) results.get(0);
        int ones = 0;
        for (int e = 0; e < BITS; e++) {
            assertEquals(0, first[2 * e + 1]);
            assertTrue(first[2 * e] == 0 || first[2 * e] == 1, "element " + e + " is not a bit");
            ones += (int) first[2 * e];
        }
        assertTrue(ones > 0 && ones < BITS, "30 random bits all equal: " + ones);
        for (Object r : results) {
            assertTrue(java.util.Arrays.equals(first, (long[]) r), "parties disagree");
        }
    }
}
