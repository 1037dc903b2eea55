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
 * (its own share unchanged, so every product it takes part in is computed correctly): every
 * honest party aborts naming it, and none outputs. A wrong share in the check's own inner
 * product makes every honest party abort too, and a cheater that adds an error to a bit's
 * product or to the check, keeping its own view consistent, is caught by the product check
 * without an honest owner being named. Without tampering the bits open to 0s and 1s.
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
     * {@link #consistentError}).
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

    /**
     * A cheater that adds δ to its masked product of bit 5's u·(1 − 2b_o) (so the bit becomes
     * b + λ_0·δ, λ = (3, −3, 1) for α = 1, 2, 3) and keeps its own view consistent: it
     * reconstructs as if party 2 had sent λ_0·δ more (λ_2 = 1), so its share moves with the
     * honest parties' and no degree check can see it. The bit has no MAC; the verification's
     * product check must catch it, in every trial, whatever the bit is.
     */
    @Test
    void aConsistentErrorOnABitsProductIsCaughtByTheProductCheck() throws Exception {
        int bit = 5;
        for (int trial = 0; trial < 16; trial++) {
            // Round 1: the masked products u·(1 − 2b_o) (BITS elements), then the check's coin.
            List<Object> results = runSeeingAll(consistentError(1, bit));
            for (int p : new int[] {1, 2}) {
                ProtocolAbortException e = assertInstanceOf(ProtocolAbortException.class, results.get(p),
                        "trial " + trial + ": party " + p + " must abort");
                assertTrue(e.reason().contains("product checked without MACs"), e.reason());
            }
        }
    }

    /**
     * The same on owner 1's bit-check inner product z_1 (round 2: z_0, z_1, z_2), by party 0:
     * z_1 is then not 0 although owner 1 dealt bits. The product check must catch it before z_1
     * is judged, so the honest owner is never named.
     */
    @Test
    void aConsistentErrorOnTheBitCheckNeverBlamesTheHonestOwner() throws Exception {
        for (int trial = 0; trial < 8; trial++) {
            List<Object> results = runSeeingAll(consistentError(2, 1));
            for (int p : new int[] {1, 2}) {
                ProtocolAbortException e = assertInstanceOf(ProtocolAbortException.class, results.get(p),
                        "trial " + trial + ": party " + p + " must abort");
                assertTrue(e.culprit().isEmpty(), "an honest owner was named: " + e.getMessage());
                assertTrue(e.reason().contains("product checked without MACs"), e.reason());
            }
        }
    }

    /**
     * Party 0 adds δ = 1 to element {@code element} of what it sends in round {@code round} after
     * the dealing, and sees party 2's copy of that element 3 (= λ_0/λ_2) higher.
     */
    private static AnyTampering consistentError(long round, int element) {
        return (offset, from, to, payload) -> {
            long delta = from == 0 ? 1 : from == 2 && to == 0 ? 3 : 0;
            if (offset != round || delta == 0) {
                return payload;
            }
            long[] out = payload.clone();
            int q = 2 * element;
            Mersenne127.add(out[q], out[q + 1], delta, 0, out, q);
            return out;
        };
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
