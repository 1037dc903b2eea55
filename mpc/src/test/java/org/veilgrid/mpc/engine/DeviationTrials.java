package org.veilgrid.mpc.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import org.veilgrid.mpc.field.Mersenne127;
import org.veilgrid.mpc.net.InMemoryNetwork;
import org.veilgrid.mpc.net.MpcNetwork;

/**
 * Trials of one corrupt party deviating from the protocol, for the adversarial tests: n parties
 * in one JVM ({@link InMemoryNetwork}) run a small program in four phases — inputs, products,
 * a comparison and a select, the output — and the corrupt party rewrites what it sends in one
 * round of the phase a {@link Deviation} targets. The corrupt party is mostly its wire messages:
 * everything it computes is the honest code's. A real cheater can do one thing more, keep its
 * own view in line with what it made the honest parties compute; without that, its own shares
 * fall off the honest parties' polynomials and the verification's degree check catches it,
 * whatever the MACs say. {@link Deviation#CONSISTENT_ERROR_ON_PRODUCT} models that cheater.
 *
 * <p>A trial records whether the tampering changed any message at all (a round in which the
 * corrupt party sends nothing is drawn again) and what every honest party ended with: the
 * output, or the abort.
 */
final class DeviationTrials {
    /** Ways a corrupt party deviates, each in the phase it belongs to. */
    enum Deviation {
        /** A wrong degree-2t share in a multiplication round, the same to every peer. */
        WRONG_MULTIPLICATION_RESHARE,
        /** An additive error of 1 on what it sends in a multiplication round, to every peer. */
        ADDITIVE_ERROR_ON_PRODUCT,
        /**
         * As {@link #ADDITIVE_ERROR_ON_PRODUCT} (a random error δ), by a cheater that keeps its own
         * view consistent: it reconstructs as if one honest peer j had sent (λ_c/λ_j)·δ more, so its
         * share of the product moves by λ_c·δ like the honest parties' (n = 2t + 1: every party's
         * reconstruction set is all n, λ the Lagrange coefficients at 0 for α = 1..n). Only the
         * MACs can catch it.
         */
        CONSISTENT_ERROR_ON_PRODUCT,
        /**
         * The same cheater in a round of the comparison, where the products (the random bits'
         * and the carry tree's) carry no MAC: only the verification's product check can catch
         * an error there.
         */
        CONSISTENT_ERROR_IN_COMPARISON,
        /** Different wrong shares to different peers in a round of the output phase (openings). */
        INCONSISTENT_OPENING_SHARES,
        /** Its input's share to one peer off the polynomial: a sharing of degree above t. */
        INPUT_SHARES_OF_HIGH_DEGREE,
        /** Wrong PRSS key material to one peer in the set-up round. */
        WRONG_PRSS_VALUES,
        /** An error of 1 on a share in the comparison (random bits, the masked opening, its bits). */
        FLIPPED_COMPARISON_BIT,
        /** A wrong share to exactly one peer, in any round after the set-up. */
        WRONG_SHARE_TO_ONE_PEER,
        /**
         * In the comparison's first round (n = 3: where the owners deal the random bits' u), a
         * consistent shift of its first 40 elements to every peer by h(α_to), h of degree 1 with
         * h(α_corrupt) = 0: for n = 3 its dealt u become a sharing of u + h(0), not a bit, while
         * its own share stays right, so only the bit check can see it.
         */
        DEALT_NON_BIT,
        /**
         * An additive error on one element of the comparison's third round (n = 3: the bit
         * check's inner products).
         */
        WRONG_BIT_CHECK_SHARE
    }

    /** What one trial did. */
    record Trial(Deviation deviation, int corrupt, long round, boolean tampered, List<Object> honestResults,
                 long[] expected) {
        /** Honest parties that returned a value other than the cleartext result. */
        long wrongOutputs() {
            return honestResults.stream().filter(r -> r instanceof long[] v && !Arrays.equals(v, expected)).count();
        }

        /** Honest parties that aborted. */
        long aborts() {
            return honestResults.stream().filter(r -> r instanceof org.veilgrid.core.errors.ProtocolAbortException).count();
        }

        /** Honest parties that failed in another way than an abort (a bug). */
        List<Object> otherFailures() {
            return honestResults.stream().filter(r -> r instanceof Throwable
                    && !(r instanceof org.veilgrid.core.errors.ProtocolAbortException)).toList();
        }

        @Override
        public String toString() {
            return deviation + " by party " + corrupt + " in round " + round + (tampered ? "" : " (nothing sent)")
                    + ": " + honestResults.stream().map(r -> r instanceof long[] v ? Arrays.toString(v)
                    : r instanceof Throwable e ? e.getClass().getSimpleName() + ": " + e.getMessage() : String.valueOf(r))
                    .toList();
        }
    }

    /** Last round of each phase (cumulative, from the set-up's round 1), measured on an honest run. */
    record Phases(long setup, long inputs, long products, long comparison, long output) {
    }

    static final int LENGTH = 2;
    static final long BOUND = 1000;

    private final int n;
    private final Function<MpcNetwork, MpcSession> open;
    private final ExecutorService threads;
    private final Phases phases;

    /**
     * @param open how each party opens its session on its network (the security mode under test)
     */
    DeviationTrials(int n, Function<MpcNetwork, MpcSession> open, ExecutorService threads) {
        this.n = n;
        this.open = open;
        this.threads = threads;
        this.phases = measurePhases();
    }

    Phases phases() {
        return phases;
    }

    private long[][] inputs(Random rng) {
        long[][] x = new long[3][LENGTH];
        for (long[] row : x) {
            for (int i = 0; i < LENGTH; i++) {
                row[i] = rng.nextLong(2 * BOUND + 1) - BOUND;
            }
        }
        return x;
    }

    /** The program's result in the clear, as packed field elements: q = x·y·z + x, b = [x < y], s = b ? x : y. */
    static long[] expected(long[][] in) {
        long[] out = new long[3 * LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            long x = in[0][i];
            long y = in[1][i];
            long z = in[2][i];
            out[i] = x * y * z + x;
            out[LENGTH + i] = x < y ? 1 : 0;
            out[2 * LENGTH + i] = x < y ? x : y;
        }
        return org.veilgrid.mpc.field.FieldVectors.fromLongs(out);
    }

    /** One party's program; {@code marks} (may be null) gets the round count after each phase. */
    private long[] program(MpcSession s, long[][] in, long[] marks) {
        int self = s.self();
        Shared x = s.input(0, self == 0 ? in[0] : null, LENGTH);
        Shared y = s.input(1, self == 1 ? in[1] : null, LENGTH);
        Shared z = s.input(2, self == 2 ? in[2] : null, LENGTH);
        s.run();
        mark(s, marks, 1);
        Shared q = x.mul(y).mul(z).add(x);
        s.run();
        mark(s, marks, 2);
        Shared b = x.lt(y);
        Shared sel = b.select(x, y);
        s.run();
        mark(s, marks, 3);
        // Field elements, not integers: a wrong result may be any element.
        long[] out = s.open(s.concat(q, b, sel)).elements();
        mark(s, marks, 4);
        return out;
    }

    private static void mark(MpcSession s, long[] marks, int i) {
        if (marks != null) {
            marks[i] = s.rounds();
        }
    }

    private Phases measurePhases() {
        InMemoryNetwork net = InMemoryNetwork.of(n, (n - 1) / 2, 60_000);
        long[][] in = inputs(new Random(1));
        long[][] marks = new long[n][5];
        List<Object> results = runAll(net, p -> {
            MpcSession s = open.apply(net.party(p));
            marks[p][0] = s.rounds();
            return program(s, in, marks[p]);
        });
        for (Object r : results) {
            if (!(r instanceof long[] v) || !Arrays.equals(v, expected(in))) {
                throw new AssertionError("the honest run does not give the cleartext result: " + r);
            }
        }
        return new Phases(marks[0][0], marks[0][1], marks[0][2], marks[0][3], marks[0][4]);
    }

    /** The rounds a deviation may happen in, [first, last]. */
    long[] rounds(Deviation d) {
        return switch (d) {
            case WRONG_PRSS_VALUES -> new long[] {1, phases.setup()};
            case INPUT_SHARES_OF_HIGH_DEGREE -> new long[] {phases.setup() + 1, phases.inputs()};
            case WRONG_MULTIPLICATION_RESHARE, ADDITIVE_ERROR_ON_PRODUCT, CONSISTENT_ERROR_ON_PRODUCT ->
                    new long[] {phases.inputs() + 1, phases.products()};
            case FLIPPED_COMPARISON_BIT, CONSISTENT_ERROR_IN_COMPARISON -> new long[] {phases.products() + 1, phases.comparison()};
            case DEALT_NON_BIT -> new long[] {phases.products() + 1, phases.products() + 1};
            case WRONG_BIT_CHECK_SHARE -> new long[] {phases.products() + 3, phases.products() + 3};
            case INCONSISTENT_OPENING_SHARES -> new long[] {phases.comparison() + 1, phases.output()};
            case WRONG_SHARE_TO_ONE_PEER -> new long[] {phases.setup() + 1, phases.output()};
        };
    }

    /**
     * One trial: a random corrupt party (an input owner for the input deviation) deviates in a
     * random round of the deviation's phase, on a random element; fresh random inputs.
     */
    Trial run(Deviation d, Random rng) {
        for (int attempt = 0; ; attempt++) {
            long[] range = rounds(d);
            long round = range[0] + rng.nextLong(range[1] - range[0] + 1);
            int corrupt = d == Deviation.INPUT_SHARES_OF_HIGH_DEGREE ? rng.nextInt(3) : rng.nextInt(n);
            Trial t = run(d, corrupt, round, rng);
            if (t.tampered() || attempt > 100) {
                return t;
            }
        }
    }

    Trial run(Deviation d, int corrupt, long round, Random rng) {
        long[][] in = inputs(rng);
        InMemoryNetwork net = InMemoryNetwork.of(n, (n - 1) / 2, 20_000);
        AtomicBoolean tampered = new AtomicBoolean();
        int onePeer = (corrupt + 1 + rng.nextInt(n - 1)) % n;
        long seed = rng.nextLong();
        int witness = (corrupt + 1) % n;
        long[] delta = {new Random(seed).nextLong() | 1, 0};
        net.tamper((r, from, to, payload) -> {
            boolean consistent = d == Deviation.CONSISTENT_ERROR_ON_PRODUCT || d == Deviation.CONSISTENT_ERROR_IN_COMPARISON;
            if (consistent && r == round && payload.length > 0
                    && (from == corrupt || from == witness && to == corrupt)) {
                int element = new Random(seed ^ 0x5eedL).nextInt(payload.length / 2);
                long[] error = from == corrupt ? delta : compensation(n, corrupt, witness, delta);
                long[] out = payload.clone();
                Mersenne127.add(out[2 * element], out[2 * element + 1], error[0], error[1], out, 2 * element);
                tampered.set(true);
                return out;
            }
            if (from != corrupt || r != round || payload.length == 0) {
                return payload;
            }
            boolean toThisPeer = switch (d) {
                case INPUT_SHARES_OF_HIGH_DEGREE, WRONG_PRSS_VALUES, WRONG_SHARE_TO_ONE_PEER -> to == onePeer;
                default -> true;
            };
            if (!toThisPeer) {
                return payload;
            }
            if (d == Deviation.DEALT_NON_BIT) {
                tampered.set(true);
                return shiftConsistently(payload, corrupt, to, seed);
            }
            Random local = new Random(seed ^ (d == Deviation.INCONSISTENT_OPENING_SHARES ? to : 0));
            int element = local.nextInt(payload.length / 2);
            long[] error = new long[2];
            if (d == Deviation.ADDITIVE_ERROR_ON_PRODUCT || d == Deviation.FLIPPED_COMPARISON_BIT
                    || d == Deviation.WRONG_BIT_CHECK_SHARE) {
                error[0] = 1;
            } else {
                error[0] = local.nextLong();
                error[1] = local.nextLong() & (Mersenne127.HI_MASK >>> 1);
                if (error[0] == 0 && error[1] == 0) {
                    error[0] = 1;
                }
            }
            long[] out = payload.clone();
            Mersenne127.add(out[2 * element], out[2 * element + 1], error[0], error[1], out, 2 * element);
            tampered.set(true);
            return out;
        });
        List<Object> results = runAll(net, p -> program(open.apply(net.party(p)), in, null));
        List<Object> honest = new ArrayList<>(results);
        honest.remove(corrupt);
        return new Trial(d, corrupt, round, tampered.get(), honest, expected(in));
    }

    /**
     * (λ_c/λ_j)·δ: what the witness j's message to the corrupt party c must carry more for c's
     * reconstruction over all n parties to move by λ_c·δ, as the honest parties' does.
     */
    private static long[] compensation(int n, int corrupt, int witness, long[] delta) {
        // λ over all n parties (every reconstruction set when n = 2t + 1), packed two longs each.
        int[] everyone = java.util.stream.IntStream.range(0, n).toArray();
        long[] lambda = new org.veilgrid.mpc.field.ShamirScheme(n, (n - 1) / 2).lagrangeAtZero(everyone);
        long[] ratio = new long[2];
        Mersenne127.inverse(lambda[2 * witness], lambda[2 * witness + 1], ratio, 0);
        Mersenne127.mul(ratio[0], ratio[1], lambda[2 * corrupt], lambda[2 * corrupt + 1], ratio, 0);
        Mersenne127.mul(ratio[0], ratio[1], delta[0], delta[1], ratio, 0);
        return ratio;
    }

    /**
     * The payload with its first 40 elements moved by h(α_to) = δ·(α_corrupt − α_to) (α_i = i + 1)
     * for a random nonzero δ: to all peers together, a consistent degree-1 shift that leaves the
     * corrupt party's own share where it was.
     */
    private static long[] shiftConsistently(long[] payload, int corrupt, int to, long seed) {
        long delta = new Random(seed).nextLong(1L << 50) + 2;
        long[] shift = new long[2];
        Mersenne127.mulSmall(delta, 0, Math.abs((long) corrupt - to), shift, 0);
        long[] out = payload.clone();
        for (int e = 0; e < Math.min(40, payload.length / 2); e++) {
            int q = 2 * e;
            if (corrupt > to) {
                Mersenne127.add(out[q], out[q + 1], shift[0], shift[1], out, q);
            } else {
                Mersenne127.sub(out[q], out[q + 1], shift[0], shift[1], out, q);
            }
        }
        return out;
    }

    /** A pool of daemon threads for the trials' parties (shut down by the test class). */
    static ExecutorService threads() {
        return java.util.concurrent.Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "deviation-trial");
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs {@code party} for every party on its own thread; each entry is a long[] or a Throwable. */
    private List<Object> runAll(InMemoryNetwork net, Function<Integer, long[]> party) {
        List<Future<long[]>> futures = new ArrayList<>();
        for (int p = 0; p < n; p++) {
            int id = p;
            futures.add(threads.submit(() -> party.apply(id)));
        }
        List<Object> out = new ArrayList<>();
        for (Future<long[]> f : futures) {
            try {
                out.add(f.get(120, TimeUnit.SECONDS));
            } catch (java.util.concurrent.ExecutionException e) {
                out.add(e.getCause());
            } catch (Exception e) {
                out.add(e);
            }
        }
        return out;
    }
}
