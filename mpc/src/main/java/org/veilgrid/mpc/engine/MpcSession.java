package org.veilgrid.mpc.engine;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.errors.ProtocolAbortException;
import org.veilgrid.mpc.field.FieldPrg;
import org.veilgrid.mpc.field.FieldVectors;
import org.veilgrid.mpc.field.Mersenne127;
import org.veilgrid.mpc.field.ShamirScheme;
import org.veilgrid.mpc.net.PartyNetwork;

/**
 * One party's view of a secure computation: the entry point of the program API.
 *
 * <p>Every party runs the same program (the same calls in the same order) on its own session;
 * values are vectors, either {@link Shared} (secret-shared, Shamir degree t) or {@link Public}
 * (known to all). Operations are <em>lazy</em>: a call records a step and returns at once;
 * nothing is computed or sent until a value is read ({@link Public#toLongs()},
 * {@link PrivateOutput#toLongs()}) or {@link #run()} is called. The engine then evaluates all
 * recorded steps in rounds: local steps as soon as their inputs exist, and every interactive step
 * whose inputs exist (multiplications, openings, inputs — however many, from anywhere in the
 * program) together in one round, with one message per peer. So independent operations share
 * rounds without the program saying so, and the round count is the depth of the program in
 * multiplications and openings.
 *
 * <p>A program over shared vectors reads like the math:
 * <pre>{@code
 * Shared bids  = session.inputFromClient("bank-a", "bids", n);
 * Shared asks  = session.input(1, myAsks, n);           // party 1's own input
 * Shared cross = bids.ge(asks);                          // 0/1 per price level
 * Public count = session.open(cross.sum());
 * long levels  = count.toLongs()[0];                     // runs everything above
 * }</pre>
 *
 * <p>Integers are encoded as elements of F_p, p = 2^127 − 1 (negative v as p + v), and addition
 * and multiplication are exact as long as results stay within ±(p−1)/2; comparisons need their
 * operands in [−2^63, 2^63) (see {@link Comparisons}).
 *
 * <p><b>Faults:</b> any failure of the network or of a peer surfaces as a
 * {@link ProtocolAbortException} from the call that forced evaluation, naming the culprit; the
 * session is then dead and every later call throws the same exception. A session is used by one
 * thread.
 */
public final class MpcSession implements AutoCloseable {

    private final PartyNetwork network;
    private final ShamirScheme scheme;
    private final int self;
    private final int n;
    private final int t;
    private final Prss prss;
    private final SecureRandom random = new SecureRandom();
    private FieldPrg dealerPrg;

    /** Reconstruction set of this party for degree t and 2t: itself, then the first others. */
    final int[] setT;
    final int[] set2T;
    final long[] lambdaT;
    final long[] lambda2T;
    private final long[] lambdaTSmall;
    private final long[] lambda2TSmall;
    /** sendT[k]: this party is in party k's degree-t reconstruction set (so it sends to k). */
    private final boolean[] sendT;
    private final boolean[] send2T;

    private final List<Step> pending = new ArrayList<>();
    private long nextId;
    private long round;
    private long multiplications;
    private ProtocolAbortException failure;

    private MpcSession(PartyNetwork network) {
        this.network = Objects.requireNonNull(network, "network");
        this.n = network.parties();
        this.self = network.self();
        this.scheme = new ShamirScheme(n, network.config().threshold());
        this.t = scheme.threshold();
        this.setT = reconstructionSet(self, t);
        this.set2T = reconstructionSet(self, 2 * t);
        this.lambdaT = scheme.lagrangeAtZero(setT);
        this.lambda2T = scheme.lagrangeAtZero(set2T);
        this.lambdaTSmall = small(lambdaT);
        this.lambda2TSmall = small(lambda2T);
        this.sendT = new boolean[n];
        this.send2T = new boolean[n];
        for (int k = 0; k < n; k++) {
            if (k != self) {
                sendT[k] = contains(reconstructionSet(k, t), self);
                send2T[k] = contains(reconstructionSet(k, 2 * t), self);
            }
        }
        this.dealerPrg = FieldPrg.fromSecureRandom(random);
        try {
            this.prss = Prss.setUp(network, scheme, ++round, random);
        } catch (ProtocolAbortException e) {
            failure = e;
            throw e;
        }
    }

    /**
     * Opens a session on a started network: runs the one-round PRSS key set-up with the peers
     * (every party must call this at the same point).
     */
    public static MpcSession start(PartyNetwork network) {
        return new MpcSession(network);
    }

    private static long[] small(long[] packed) {
        long[] out = new long[packed.length / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = Mersenne127.smallValue(packed[2 * i], packed[2 * i + 1]);
        }
        return out;
    }

    /** Receiver k's degree-d set: k, then the first d parties other than k. */
    private int[] reconstructionSet(int k, int degree) {
        int[] set = new int[degree + 1];
        set[0] = k;
        int pos = 1;
        for (int j = 0; pos <= degree; j++) {
            if (j != k) {
                set[pos++] = j;
            }
        }
        return set;
    }

    private static boolean contains(int[] set, int x) {
        for (int v : set) {
            if (v == x) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- inputs and constants

    /**
     * Party {@code owner}'s private input of {@code length} signed integers: the owner passes its
     * values, the others pass {@code null}. One round (the owner sends each party its shares).
     */
    public Shared input(int owner, long[] values, int length) {
        checkParty(owner);
        long[] packed = null;
        if (owner == self) {
            if (values == null || values.length != length) {
                throw new ParameterException("party " + owner + " must supply exactly " + length + " input values");
            }
            packed = FieldVectors.fromLongs(values);
        }
        return inputElements(owner, packed, length);
    }

    /** Like {@link #input(int, long[], int)} for packed field elements. */
    public Shared inputElements(int owner, long[] packed, int length) {
        checkParty(owner);
        Shared out = new Shared(this, length);
        add(new InputStep(owner, owner == self ? packed.clone() : null, out));
        return out;
    }

    /**
     * An outside client's input {@code label} of {@code length} elements, secret-shared by the
     * client ({@link org.veilgrid.mpc.net.InputClient}) and sent to each party directly.
     */
    public Shared inputFromClient(String client, String label, int length) {
        Shared out = new Shared(this, length);
        add(new ClientInputStep(client, label, out));
        return out;
    }

    /** Public integers as a (trivial, degree-0) sharing, to combine with shared values. */
    public Shared constant(long... values) {
        Shared out = new Shared(this, values.length);
        out.data = FieldVectors.fromLongs(values);
        // A constant c is the constant polynomial: every party's share is c.
        return out;
    }

    /** A public vector of known integers (no communication). */
    public Public publicValues(long... values) {
        Public out = new Public(this, values.length);
        out.data = FieldVectors.fromLongs(values);
        return out;
    }

    /** {@code length} uniformly random shared field elements (PRSS: no communication). */
    public Shared random(int length) {
        Shared out = new Shared(this, length);
        local(out, () -> out.data = prss.random(out.id, length));
        return out;
    }

    /**
     * {@code length} shared uniformly random bits, by whichever of two methods is cheaper for n:
     * <ul>
     *   <li>n = 3: the XOR of the three PRSS bits b_0, b_1, b_2 (b_j known to the two parties
     *       other than j). The owner o of a bit (o = index mod 3, so the work rotates) knows
     *       u = b_j ⊕ b_k for the two sets without it and Shamir-shares u (one round, one
     *       element to each peer); then b = u ⊕ b_o with one multiplication. Each party misses
     *       one of the three bits, so none knows b;</li>
     *   <li>larger n: square roots (Damgård et al., TCC 2006): a PRSS random [r], open r² (one
     *       round, re-randomised with a degree-2t PRSS zero sharing), s = √(r²) = r^((p+1)/4)
     *       in public, and b = (r/s + 1)/2, since r/s = ±1 with equal probability. The XOR tree
     *       would cost C(n, t) − 1 multiplications per bit: 34 for n = 7.</li>
     * </ul>
     */
    public Shared randomBits(int length) {
        return n == 3 ? randomBitsForThreeParties(length) : randomBitsBySquareRoot(length);
    }

    private Shared randomBitsBySquareRoot(int length) {
        Shared r = random(length);
        Public square = new Public(this, length);
        add(new OpenSquareStep(r, square));
        Shared out = new Shared(this, length);
        map(out, d -> {
            long[] roots = new long[2 * length];
            long[] t = new long[2];
            for (int e = 0; e < length; e++) {
                long v0 = square.data[2 * e];
                long v1 = square.data[2 * e + 1];
                if (v0 == 0 && v1 == 0) {
                    // r = 0: probability 2^-127 per bit.
                    throw failWith(ProtocolAbortException.unattributed("a random bit's mask was zero; rerun"));
                }
                long s0 = v0;
                long s1 = v1;
                for (int k = 0; k < 125; k++) {
                    Mersenne127.mul(s0, s1, s0, s1, t, 0);
                    s0 = t[0];
                    s1 = t[1];
                }
                Mersenne127.mul(s0, s1, s0, s1, t, 0);
                if (t[0] != v0 || t[1] != v1) {
                    // Only a party that deviates can make r² a non-residue.
                    throw failWith(ProtocolAbortException.unattributed("an opened square is not a square"));
                }
                roots[2 * e] = s0;
                roots[2 * e + 1] = s1;
            }
            FieldVectors.batchInverse(roots, roots, length);
            for (int e = 0; e < length; e++) {
                int q = 2 * e;
                Mersenne127.mul(r.data[q], r.data[q + 1], roots[q], roots[q + 1], t, 0);
                Mersenne127.add(t[0], t[1], 1, 0, t, 0);
                // 1/2 = 2^126 because 2^127 ≡ 1
                Mersenne127.mul(t[0], t[1], 0, 1L << 62, d, q);
            }
        }, r, square);
        return out;
    }

    private ProtocolAbortException failWith(ProtocolAbortException e) {
        failure = e;
        network.abort(e.culprit().orElse(null), e.reason());
        return e;
    }

    private Shared randomBitsForThreeParties(int length) {
        Node source = new Shared(this, 0);
        long[][][] raw = new long[1][][];
        local(source, () -> {
            raw[0] = prss.rawBits(source.id, length);
            source.data = new long[0];
        });
        Shared u = new Shared(this, length);
        add(new OwnerXorStep(source, raw, u));
        // [b_o] = b_o · f_o(x): this party's share is f_o(α_self) where b_o = 1, if it holds set o.
        Shared other = new Shared(this, length);
        map(other, d -> {
            for (int e = 0; e < length; e++) {
                int o = e % 3;
                long[] bits = raw[0][o];
                if (bits != null && bits[e] != 0) {
                    long[] f = prss.fAtSelf(o);
                    d[2 * e] = f[0];
                    d[2 * e + 1] = f[1];
                }
            }
        }, source);
        return u.xor(other);
    }

    /**
     * For n = 3: the owner of each bit (index mod 3) shares u = XOR of the two PRSS bits it
     * knows (sets {j}, {k} with j, k ≠ owner); one round.
     */
    private final class OwnerXorStep extends Step {
        private final long[][][] raw;
        private final Shared out;
        private long[] own;
        private final int[] offsets = new int[3];

        OwnerXorStep(Node source, long[][][] raw, Shared out) {
            super(source);
            this.raw = raw;
            this.out = out;
        }

        private int owned(int owner) {
            return (out.length - owner + 2) / 3;
        }

        @Override
        boolean interactive() {
            return true;
        }

        @Override
        void send(Round r) {
            int mine = owned(self);
            long[] u = new long[2 * mine];
            long[] a = raw[0][(self + 1) % 3];
            long[] b = raw[0][(self + 2) % 3];
            for (int i = 0, e = self; i < mine; i++, e += 3) {
                u[2 * i] = a[e] ^ b[e];
            }
            long[][] shares = scheme.share(u, mine, dealerPrg);
            for (int k = 0; k < n; k++) {
                if (k != self) {
                    r.send(k, shares[k]);
                    offsets[k] = r.expect(k, owned(k));
                }
            }
            own = shares[self];
        }

        @Override
        void receive(Round r) {
            long[] d = new long[2 * out.length];
            for (int e = 0; e < out.length; e++) {
                int o = e % 3;
                int i = e / 3;
                if (o == self) {
                    d[2 * e] = own[2 * i];
                    d[2 * e + 1] = own[2 * i + 1];
                } else {
                    d[2 * e] = r.received[o][2 * (offsets[o] + i)];
                    d[2 * e + 1] = r.received[o][2 * (offsets[o] + i) + 1];
                }
            }
            out.data = d;
            own = null;
        }
    }

    /** Shared random integers Σ_A R_A with each R_A in [0, 2^bits): below C(n,t)·2^bits. */
    Shared randomBounded(int bits, int length) {
        Shared out = new Shared(this, length);
        local(out, () -> out.data = prss.boundedInteger(out.id, bits, length));
        return out;
    }

    // ---------------------------------------------------------------- outputs

    /** Opens {@code x} to every party (one round). */
    public Public open(Shared x) {
        requireSame(x);
        Public out = new Public(this, x.length);
        add(new OpenStep(x, out));
        return out;
    }

    /**
     * Opens {@code x} to every party and checks it (one round): every party sends its share to
     * all others, interpolates f(0) from its reconstruction set S = {s_0, …, s_t}, and for each
     * party j outside S also from S' = S ∖ {s_t} ∪ {j}; the two agree for every j exactly when
     * all n shares lie on one polynomial of degree t (S' and S share t points and f(0)). A
     * dealer (e.g. an input client) that handed out inconsistent shares is thus caught, per
     * element, whatever subset a party would have used. Costs n − 1 messages per party instead
     * of t.
     */
    public CheckedOpening openChecked(Shared x) {
        requireSame(x);
        Public values = new Public(this, x.length);
        Public consistent = new Public(this, x.length);
        add(new CheckedOpenStep(x, values, consistent));
        return new CheckedOpening(values, consistent);
    }

    /** Opens {@code x} to party {@code receiver} only: the others send it their shares (one round). */
    public PrivateOutput openTo(int receiver, Shared x) {
        checkParty(receiver);
        requireSame(x);
        PrivateOutput out = new PrivateOutput(this, x.length, receiver);
        add(new OpenToStep(x, receiver, out));
        return out;
    }

    /** Concatenation of shared vectors (no communication). */
    public Shared concat(Shared... parts) {
        int total = 0;
        for (Shared p : parts) {
            requireSame(p);
            total += p.length;
        }
        Shared out = new Shared(this, total);
        local(out, () -> {
            long[] d = new long[2 * out.length];
            int pos = 0;
            for (Shared p : parts) {
                System.arraycopy(p.data, 0, d, pos, p.data.length);
                pos += p.data.length;
            }
            out.data = d;
        }, parts);
        return out;
    }

    /** Evaluates every recorded step (e.g. before a benchmark stops its clock). */
    public void run() {
        evaluate(null);
    }

    // ---------------------------------------------------------------- introspection

    /** This party's index. */
    public int self() {
        return self;
    }

    /** n. */
    public int parties() {
        return n;
    }

    /** t. */
    public int threshold() {
        return t;
    }

    /** Rounds run so far (including the PRSS set-up). */
    public long rounds() {
        return round;
    }

    /** Elementwise secret multiplications run so far (each a degree reduction). */
    public long multiplications() {
        return multiplications;
    }

    /** The network (for its traffic counters). */
    public PartyNetwork network() {
        return network;
    }

    @Override
    public void close() {
        network.close();
    }

    /**
     * Ends the session cleanly on every party: evaluates what is pending, then runs one empty
     * round with every peer. A party finishes its last round as soon as it has what it needs,
     * possibly while a peer's message to it is still in flight; closing its server then would
     * make that peer abort. After this round every earlier message has been acknowledged (a party
     * enters a round only once its previous sends are acknowledged), so the network can close.
     * Call it on every party after the last output; a failure here is ignored, since the outputs
     * are already final.
     */
    public void finish() {
        run();
        int n = network.parties();
        long[][] outgoing = new long[n][];
        int[] expected = new int[n];
        for (int j = 0; j < n; j++) {
            outgoing[j] = j == self ? null : new long[0];
            expected[j] = j == self ? -1 : 0;
        }
        try {
            network.exchange(++round, outgoing, expected);
        } catch (org.veilgrid.core.errors.ProtocolAbortException e) {
            // Outputs are final; a peer that is already gone only loses the farewell.
        }
        network.finished(); // peers may leave now
    }

    // ---------------------------------------------------------------- engine

    long nextId() {
        return nextId++;
    }

    void requireSame(Node x) {
        if (x.session != this) {
            throw new ParameterException("value belongs to another session");
        }
    }

    private void checkParty(int party) {
        if (party < 0 || party >= n) {
            throw new ParameterException("party " + party + " is not in 0.." + (n - 1));
        }
    }

    void add(Step step) {
        pending.add(step);
    }

    /** Records a local step that computes {@code out} from {@code inputs}. */
    void local(Node out, Runnable compute, Node... inputs) {
        for (Node in : inputs) {
            requireSame(in);
        }
        pending.add(new Step(inputs) {
            @Override
            boolean interactive() {
                return false;
            }

            @Override
            void send(Round r) {
                compute.run();
            }
        });
    }

    /** Local step over packed arrays: {@code fn} receives the inputs' data and fills the output. */
    void map(Node out, Consumer<long[]> fill, Node... inputs) {
        local(out, () -> {
            long[] d = new long[2 * out.length];
            fill.accept(d);
            out.data = d;
        }, inputs);
    }

    /** Runs rounds until {@code target} is done (or, for null, until nothing is pending). */
    void evaluate(Node target) {
        if (failure != null) {
            throw failure;
        }
        while (target == null ? !pending.isEmpty() : !target.done()) {
            // Local steps in creation order: one pass settles every chain of local steps.
            List<Step> waiting = new ArrayList<>();
            for (Step s : pending) {
                if (!s.interactive() && s.ready()) {
                    s.send(null);
                } else {
                    waiting.add(s);
                }
            }
            pending.clear();
            pending.addAll(waiting);
            if (target == null ? pending.isEmpty() : target.done()) {
                break;
            }
            List<Step> batch = new ArrayList<>();
            waiting = new ArrayList<>();
            for (Step s : pending) {
                if (s.interactive() && s.ready()) {
                    batch.add(s);
                } else {
                    waiting.add(s);
                }
            }
            if (batch.isEmpty()) {
                if (waiting.stream().anyMatch(Step::ready)) {
                    continue;
                }
                throw new IllegalStateException("program cannot make progress: a value depends on a step that is never recorded");
            }
            pending.clear();
            pending.addAll(waiting);
            Round r = new Round(n);
            for (Step s : batch) {
                s.send(r);
            }
            try {
                r.received = network.exchange(++round, r.outgoing(), r.expected);
                for (Step s : batch) {
                    s.receive(r);
                }

            } catch (ProtocolAbortException e) {
                failure = e;
                throw e;
            }
        }
    }

    /** Interpolates at zero: own share times λ_0 plus each set member's received slice. */
    /** Sends {@code data} to every party k with {@code to[k]} (this party is in k's reconstruction set). */
    private void sendTo(Round r, boolean[] to, long[] data) {
        for (int k = 0; k < n; k++) {
            if (to[k]) {
                r.send(k, data);
            }
        }
    }

    /**
     * Expects {@code m} elements from every other member of this party's reconstruction set
     * ({@code set[0]} is this party); returns where each one's elements start, for {@link #interpolate}.
     */
    private static int[] expectFrom(Round r, int[] set, int m) {
        int[] offsets = new int[set.length];
        for (int j = 1; j < set.length; j++) {
            offsets[j] = r.expect(set[j], m);
        }
        return offsets;
    }

    private long[] interpolate(long[] own, int[] set, long[] lambda, long[][] received, int[] offsets, int m) {
        long[] small = lambda == lambdaT ? lambdaTSmall : lambda2TSmall;
        long[] out = new long[2 * m];
        FieldVectors.mulConstantAdd(own, 0, lambda[0], lambda[1], small[0], out, m);
        for (int j = 1; j < set.length; j++) {
            FieldVectors.mulConstantAdd(received[set[j]], offsets[j], lambda[2 * j], lambda[2 * j + 1], small[j], out, m);
        }
        return out;
    }

    // ---------------------------------------------------------------- interactive steps

    /** Damgård–Nielsen multiplication with PRSS double randoms: one round. */
    Shared multiply(Shared a, Shared b) {
        requireSame(a);
        requireSame(b);
        if (a.length != b.length) {
            throw new ParameterException("cannot multiply vectors of lengths " + a.length + " and " + b.length);
        }
        Shared out = new Shared(this, a.length);
        add(new MulStep(a, b, out));
        return out;
    }

    private final class MulStep extends Step {
        private final Shared a;
        private final Shared b;
        private final Shared out;
        private long[] rt;
        private long[] masked;
        private int[] offsets;

        MulStep(Shared a, Shared b, Shared out) {
            super(a, b);
            this.a = a;
            this.b = b;
            this.out = out;
        }

        @Override
        boolean interactive() {
            return true;
        }

        @Override
        void send(Round r) {
            int m = out.length;
            long[][] dr = prss.doubleRandom(out.id, m);
            rt = dr[0];
            // d_i = a_i·b_i + r_i^(2t): a degree-2t sharing of ab + r, safe to reveal.
            masked = dr[1];
            FieldVectors.mulAdd(a.data, b.data, masked, masked, m);
            sendTo(r, send2T, masked);
            offsets = expectFrom(r, set2T, m);
        }

        @Override
        void receive(Round r) {
            int m = out.length;
            long[] opened = interpolate(masked, set2T, lambda2T, r.received, offsets, m);
            FieldVectors.sub(opened, rt, opened, m);
            out.data = opened;
            multiplications += m;
            rt = null;
            masked = null;
        }
    }

    /** Opens x² to all: a degree-2t sharing re-randomised by a PRSS zero sharing (one round). */
    private final class OpenSquareStep extends Step {
        private final Shared x;
        private final Public out;
        private long[] masked;
        private int[] offsets;

        OpenSquareStep(Shared x, Public out) {
            super(x);
            this.x = x;
            this.out = out;
        }

        @Override
        boolean interactive() {
            return true;
        }

        @Override
        void send(Round r) {
            int m = x.length;
            masked = prss.zero2t(out.id, m);
            FieldVectors.mulAdd(x.data, x.data, masked, masked, m);
            sendTo(r, send2T, masked);
            offsets = expectFrom(r, set2T, m);
        }

        @Override
        void receive(Round r) {
            out.data = interpolate(masked, set2T, lambda2T, r.received, offsets, x.length);
            masked = null;
        }
    }

    private final class OpenStep extends Step {
        private final Shared x;
        private final Public out;
        private int[] offsets;

        OpenStep(Shared x, Public out) {
            super(x);
            this.x = x;
            this.out = out;
        }

        @Override
        boolean interactive() {
            return true;
        }

        @Override
        void send(Round r) {
            sendTo(r, sendT, x.data);
            offsets = expectFrom(r, setT, x.length);
        }

        @Override
        void receive(Round r) {
            out.data = interpolate(x.data, setT, lambdaT, r.received, offsets, x.length);
        }
    }

    private final class CheckedOpenStep extends Step {
        private final Shared x;
        private final Public values;
        private final Public consistent;
        private final int[] offsets = new int[n];

        CheckedOpenStep(Shared x, Public values, Public consistent) {
            super(x);
            this.x = x;
            this.values = values;
            this.consistent = consistent;
        }

        @Override
        boolean interactive() {
            return true;
        }

        @Override
        void send(Round r) {
            for (int k = 0; k < n; k++) {
                if (k != self) {
                    r.send(k, x.data);
                    offsets[k] = r.expect(k, x.length);
                }
            }
        }

        @Override
        void receive(Round r) {
            long[][] all = new long[n][];
            for (int k = 0; k < n; k++) {
                all[k] = k == self ? x.data
                        : java.util.Arrays.copyOfRange(r.received[k], 2 * offsets[k], 2 * (offsets[k] + x.length));
            }
            long[] f0 = reconstructFrom(setT, all, x.length);
            long[] ok = new long[2 * x.length];
            for (int e = 0; e < x.length; e++) {
                ok[2 * e] = 1;
            }
            for (int j = 0; j < n; j++) {
                if (contains(setT, j)) {
                    continue;
                }
                int[] other = setT.clone();
                other[other.length - 1] = j;
                long[] g0 = reconstructFrom(other, all, x.length);
                for (int e = 0; e < x.length; e++) {
                    if (g0[2 * e] != f0[2 * e] || g0[2 * e + 1] != f0[2 * e + 1]) {
                        ok[2 * e] = 0;
                    }
                }
            }
            values.data = f0;
            consistent.data = ok;
        }

        private long[] reconstructFrom(int[] set, long[][] all, int m) {
            long[][] shares = new long[set.length][];
            for (int j = 0; j < set.length; j++) {
                shares[j] = all[set[j]];
            }
            return scheme.reconstruct(set, shares, m);
        }
    }

    private final class OpenToStep extends Step {
        private final Shared x;
        private final int receiver;
        private final PrivateOutput out;
        private int[] offsets;

        OpenToStep(Shared x, int receiver, PrivateOutput out) {
            super(x);
            this.x = x;
            this.receiver = receiver;
            this.out = out;
        }

        @Override
        boolean interactive() {
            return true;
        }

        @Override
        void send(Round r) {
            if (receiver == self) {
                offsets = expectFrom(r, setT, x.length);
            } else if (sendT[receiver]) {
                r.send(receiver, x.data);
            }
        }

        @Override
        void receive(Round r) {
            out.data = receiver == self
                    ? interpolate(x.data, setT, lambdaT, r.received, offsets, x.length)
                    : new long[0];
        }
    }

    private final class InputStep extends Step {
        private final int owner;
        private final long[] values;
        private final Shared out;
        private int offset;

        InputStep(int owner, long[] values, Shared out) {
            this.owner = owner;
            this.values = values;
            this.out = out;
        }

        @Override
        boolean interactive() {
            return true;
        }

        @Override
        void send(Round r) {
            if (owner == self) {
                long[][] shares = scheme.share(values, out.length, dealerPrg);
                for (int k = 0; k < n; k++) {
                    if (k != self) {
                        r.send(k, shares[k]);
                    }
                }
                out.data = shares[self];
            } else {
                offset = r.expect(owner, out.length);
            }
        }

        @Override
        void receive(Round r) {
            if (owner != self) {
                long[] d = new long[2 * out.length];
                System.arraycopy(r.received[owner], 2 * offset, d, 0, d.length);
                out.data = d;
            }
        }
    }

    private final class ClientInputStep extends Step {
        private final String client;
        private final String label;
        private final Shared out;

        ClientInputStep(String client, String label, Shared out) {
            this.client = client;
            this.label = label;
            this.out = out;
        }

        @Override
        boolean interactive() {
            return true;
        }

        @Override
        void send(Round r) {
            out.data = network.awaitClientInput(client, label, out.length);
        }
    }
}
