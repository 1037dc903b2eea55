package org.veilgrid.mpc.engine;

import java.security.SecureRandom;
import java.util.Objects;

import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.errors.ProtocolAbortException;
import org.veilgrid.mpc.field.FieldPrg;
import org.veilgrid.mpc.field.FieldVectors;
import org.veilgrid.mpc.field.ShamirScheme;
import org.veilgrid.mpc.net.MpcNetwork;

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
 * <p><b>Modes</b> ({@link Security}): a {@link Security#MALICIOUS} session is secure with abort
 * against up to t &lt; n/2 parties that deviate (Chida, Genkin, Hamada, Ikarashi, Kikuchi, Lindell
 * and Nof, CRYPTO 2018): every value carries a MAC, every output waits for a verification of all
 * products and inputs so far ({@link VerifyStep}) and every opening is checked; outputs are
 * correct or every honest party aborts. A {@link Security#SEMI_HONEST} session skips all that.
 *
 * <p><b>Faults:</b> any failure of the network or of a peer surfaces as a
 * {@link ProtocolAbortException} from the call that forced evaluation, naming the culprit; the
 * session is then dead and every later call throws the same exception. A session is used by one
 * thread.
 */
public final class MpcSession implements AutoCloseable {

    private final MpcNetwork network;
    private final Scheduler scheduler;
    private final PartyContext party;
    private final SecureRandom random = new SecureRandom();
    private long nextId;
    /** Malicious mode: the verification that outputs recorded now will wait for, until it starts. */
    private VerifyStep nextVerification;

    private MpcSession(MpcNetwork network, Security security) {
        this.network = Objects.requireNonNull(network, "network");
        Objects.requireNonNull(security, "security");
        int n = network.parties();
        int t = network.threshold();
        if (!security.supports(n, t)) {
            throw new ParameterException("malicious mode runs with n = 2t + 1 or n >= 3t + 1 parties; " + n
                    + " parties with threshold " + t + " are neither: use threshold " + (n - 1) / 3
                    + " (n >= 3t + 1) or " + (n + 1) + " parties");
        }
        this.scheduler = new Scheduler(network);
        ShamirScheme scheme = new ShamirScheme(n, t);
        FieldPrg dealerPrg = FieldPrg.fromSecureRandom(random);
        Prss prss = scheduler.runAlone(round -> Prss.setUp(network, scheme, round, random));
        if (security == Security.MALICIOUS) {
            ProtocolAbortException mismatch = scheduler.runAlone(round -> prss.confirmKeys(network, round));
            if (mismatch != null) {
                throw scheduler.abort(mismatch);
            }
        }
        String[] names = new String[network.parties()];
        for (int i = 0; i < names.length; i++) {
            names[i] = network.partyName(i);
        }
        this.party = new PartyContext(network.self(), scheme, prss, dealerPrg, names, security, scheduler::abort);
        if (party.malicious()) {
            // Bounded storage: past Wires.BOUND recorded elements, verify without waiting for an output.
            party.wires.onFull(() -> {
                if (nextVerification == null || nextVerification.started()) {
                    nextVerification = new VerifyStep(this, party);
                    add(nextVerification);
                }
            });
        }
    }

    /**
     * Opens a session in the default mode, {@link Security#MALICIOUS} (see
     * {@link #start(MpcNetwork, Security)}).
     */
    public static MpcSession start(MpcNetwork network) {
        return new MpcSession(network, Security.MALICIOUS);
    }

    /**
     * Opens a session on a started network: runs the one-round PRSS key set-up with the peers
     * (every party must call this at the same point, with the same {@code security}). In
     * {@link Security#MALICIOUS} mode the session's secret MAC key [R] comes from PRSS (no
     * communication); every value then carries a MAC, and every output is preceded by a
     * verification ({@link VerifyStep}) — see docs/mpc.md for the costs.
     */
    public static MpcSession start(MpcNetwork network, Security security) {
        return new MpcSession(network, security);
    }

    // ---------------------------------------------------------------- inputs and constants

    /**
     * Party {@code owner}'s private input of {@code length} signed integers: the owner passes its
     * values, the others pass {@code null}. One round (the owner sends each party its shares).
     */
    public Shared input(int owner, long[] values, int length) {
        checkParty(owner);
        long[] packed = null;
        if (owner == party.self) {
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
        add(new InputStep(party, network, owner, owner == party.self ? packed.clone() : null, out));
        return withMac(out);
    }

    /**
     * An outside client's input {@code label} of {@code length} elements, secret-shared by the
     * client ({@link org.veilgrid.mpc.net.InputClient}) and sent to each party directly.
     */
    public Shared inputFromClient(String client, String label, int length) {
        Shared out = new Shared(this, length);
        add(new ClientInputStep(party, network, client, label, out));
        return withMac(out);
    }

    /** Public integers as a (trivial, degree-0) sharing, to combine with shared values. */
    public Shared constant(long... values) {
        Shared out = new Shared(this, values.length);
        long[] data = FieldVectors.fromLongs(values);
        // A constant c is the constant polynomial: every party's share is c (and of its MAC, c·[R]).
        if (party.malicious()) {
            long[] mac = new long[data.length];
            FieldVectors.mulScalar(data, party.macKey[0], party.macKey[1], mac, values.length);
            out.mac = mac;
        }
        out.data = data;
        return out;
    }

    /** A public vector of known integers (no communication). */
    public Public publicValues(long... values) {
        Public out = new Public(this, values.length);
        out.data = FieldVectors.fromLongs(values);
        return out;
    }

    /**
     * {@code length} uniformly random shared field elements (PRSS: no communication; in
     * malicious mode one round for their MAC).
     */
    public Shared random(int length) {
        Shared out = new Shared(this, length);
        local(out, () -> out.data = party.prss.random(out.id, length));
        return withMac(out);
    }

    /**
     * {@code raw} itself in semi-honest mode; in malicious mode raw with its MAC [R]·[raw] (one
     * round, {@link MacStep}): for a random value, or a value computed without MACs whose
     * products the {@link ProductCheck} covers ({@link #multiplyWithoutMac}).
     */
    Shared withMac(Shared raw) {
        if (!party.malicious()) {
            return raw;
        }
        Shared out = new Shared(this, raw.length);
        add(new MacStep(party, raw, out));
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
     * In malicious mode verified before anything uses them (a wrong bit in a comparison's mask
     * could show input bits before an abort): n = 3 the owner XOR with a batched check that every
     * dealt u is a bit (3 rounds) and a verification with the product check, then each bit's MAC
     * (one round); n &gt; 3 square roots with MACs (2 rounds) and a verification — see
     * {@link RandomBits}.
     */
    public Shared randomBits(int length) {
        Shared bits = RandomBits.of(this, party, length);
        // A caller may multiply them: bits that come without MACs get theirs.
        return RandomBits.withoutMacs(party) ? withMac(bits) : bits;
    }

    /**
     * As {@link #randomBits}, for data-only steps: in malicious mode with n = 3 without MACs
     * (one reduction per bit less), verified all the same before anything uses them.
     */
    Shared randomBitsWithoutMac(int length) {
        return RandomBits.of(this, party, length);
    }

    /** Shared random integers Σ_A R_A with each R_A in [0, 2^bits): below C(n,t)·2^bits. */
    Shared randomBounded(int bits, int length) {
        return withMac(randomBoundedWithoutMac(bits, length));
    }

    /** As {@link #randomBounded}, without a MAC in malicious mode (for data-only steps). */
    Shared randomBoundedWithoutMac(int bits, int length) {
        Shared out = new Shared(this, length);
        local(out, () -> out.data = party.prss.boundedInteger(out.id, bits, length));
        return out;
    }

    // ---------------------------------------------------------------- outputs

    /**
     * Opens {@code x} to every party (one round). In malicious mode after a verification
     * ({@link VerifyStep}, five rounds, shared by the outputs recorded before it starts), and
     * checked: every party sends its share to all and aborts unless all n lie on one polynomial
     * of degree t ({@link CheckedOpenStep}).
     */
    public Public open(Shared x) {
        requireSame(x);
        Public out = new Public(this, x.length);
        if (party.malicious()) {
            add(new CheckedOpenStep(party, x, out, null, CheckedOpenStep.OnFault.ABORT, verifiedBefore(x)));
        } else {
            add(new OpenStep(party.degreeT, x, out));
        }
        return out;
    }

    /**
     * Opens a value that is masked by randomness the adversary does not know (c = x + r in a
     * comparison), without a verification: one round. In malicious mode the opening is checked,
     * and an inconsistency is reported by the next verification ({@link CheckedOpenStep.OnFault#DEFER}).
     */
    Public openMasked(Shared x) {
        requireSame(x);
        Public out = new Public(this, x.length);
        if (party.malicious()) {
            add(new CheckedOpenStep(party, x, out, null, CheckedOpenStep.OnFault.DEFER));
        } else {
            add(new OpenStep(party.degreeT, x, out));
        }
        return out;
    }

    /** The node that exists once a verification covering {@code x} has passed on every party. */
    private Node verifiedBefore(Node x) {
        if (nextVerification == null || nextVerification.started()) {
            nextVerification = new VerifyStep(this, party);
            add(nextVerification);
        }
        nextVerification.cover(x);
        return nextVerification.done();
    }

    /**
     * The node that exists once a verification covering {@code x} has passed on every party, for
     * a value that later steps of the program wait for (random bits before a masked opening): the
     * verification is closed to later outputs, which may depend on what waits for it (they get a
     * verification of their own).
     */
    Node verifiedNow(Node x) {
        VerifyStep v = closedVerification();
        v.cover(x);
        return v.done();
    }

    /**
     * As {@link #verifiedNow}, and the verification also opens {@code z} and aborts with
     * {@code whenNot} (of the first nonzero element's index) unless z is all zero
     * ({@link VerifyStep#requireZero}).
     */
    Node verifiedZero(Shared z, java.util.function.IntFunction<ProtocolAbortException> whenNot) {
        VerifyStep v = closedVerification();
        v.requireZero(z, whenNot);
        return v.done();
    }

    /** The pending verification if it has not started (else a new one), no longer offered to later outputs. */
    private VerifyStep closedVerification() {
        if (nextVerification == null || nextVerification.started()) {
            nextVerification = new VerifyStep(this, party);
            add(nextVerification);
        }
        VerifyStep v = nextVerification;
        nextVerification = null;
        return v;
    }

    /**
     * Opens {@code x} to every party and checks it (one round): every party sends its share to
     * all others, interpolates f(0) from its reconstruction set S = {s_0, …, s_t}, and for each
     * party j outside S also from S' = S ∖ {s_t} ∪ {j}; the two agree for every j exactly when
     * all n shares lie on one polynomial of degree t (S' and S share t points and f(0)). A
     * dealer (e.g. an input client) that handed out inconsistent shares is thus caught, per
     * element, whatever subset a party would have used. Costs n − 1 messages per party instead
     * of t.
     *
     * <p>In malicious mode every opening is checked this way and aborts on an inconsistent
     * element, after a verification (as {@link #open}); the result's flags are then all 1. (A
     * client that dealt inconsistent shares is caught earlier, by the verification's degree
     * check.)
     */
    public CheckedOpening openChecked(Shared x) {
        requireSame(x);
        Public values = new Public(this, x.length);
        Public consistent = new Public(this, x.length);
        if (party.malicious()) {
            add(new CheckedOpenStep(party, x, values, null, CheckedOpenStep.OnFault.ABORT, verifiedBefore(x)));
            local(consistent, () -> {
                long[] ones = new long[2 * x.length];
                for (int e = 0; e < x.length; e++) {
                    ones[2 * e] = 1;
                }
                consistent.data = ones;
            }, values);
        } else {
            add(new CheckedOpenStep(party, x, values, consistent, CheckedOpenStep.OnFault.REPORT));
        }
        return new CheckedOpening(values, consistent);
    }

    /**
     * Opens {@code x} to party {@code receiver} only: the others send it their shares (one round).
     * In malicious mode after a verification, with all n − 1 others sending and the receiver
     * checking that the shares lie on one polynomial ({@link OpenToStep}).
     */
    public PrivateOutput openTo(int receiver, Shared x) {
        checkParty(receiver);
        requireSame(x);
        PrivateOutput out = new PrivateOutput(this, x.length, receiver);
        if (party.malicious()) {
            add(new OpenToStep(party, x, receiver, out, verifiedBefore(x)));
        } else {
            add(new OpenToStep(party, x, receiver, out));
        }
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
        linear(out, (l, d) -> {
            int pos = 0;
            for (Shared p : parts) {
                System.arraycopy(l.of(p), 0, d, pos, 2 * p.length);
                pos += 2 * p.length;
            }
        }, parts);
        return out;
    }

    /** this · other, elementwise ({@link Shared#mul(Shared)}): one {@link MultiplyStep}. */
    Shared multiply(Shared a, Shared b) {
        return product(a, b, false);
    }

    /**
     * a·b without a MAC in malicious mode ({@link MultiplyStep#withoutMac}): one reduction instead
     * of two, the product checked by the next verification's {@link ProductCheck}. The result
     * carries no MAC, so it may only feed data-only steps ({@link #linearData}, further products
     * without MACs, a masked opening) until {@link #withMac} gives a value its MAC again. In
     * semi-honest mode the same as {@link #multiply}.
     */
    Shared multiplyWithoutMac(Shared a, Shared b) {
        return product(a, b, true);
    }

    private Shared product(Shared a, Shared b, boolean withoutMac) {
        requireSame(a);
        requireSame(b);
        if (a.length != b.length) {
            throw new ParameterException("cannot multiply vectors of lengths " + a.length + " and " + b.length);
        }
        Shared out = new Shared(this, a.length);
        MultiplyStep step = new MultiplyStep(party, a, b, out);
        add(withoutMac ? step.withoutMac() : step);
        return out;
    }

    /** Evaluates every recorded step (e.g. before a benchmark stops its clock). */
    public void run() {
        evaluate(null);
    }

    // ---------------------------------------------------------------- introspection

    /** This party's index. */
    public int self() {
        return party.self;
    }

    /** n. */
    public int parties() {
        return party.n;
    }

    /** t. */
    public int threshold() {
        return party.t;
    }

    /** What this session protects against. */
    public Security security() {
        return party.security;
    }

    /** Rounds run so far (including the PRSS set-up). */
    public long rounds() {
        return scheduler.rounds();
    }

    /**
     * Elementwise secret multiplications run so far, each a degree reduction (in malicious mode
     * a product counts two, x·y and (R·x)·y; MACs of inputs and the verifications count too).
     */
    public long multiplications() {
        return party.multiplications();
    }

    /** The network (for its traffic counters). */
    public MpcNetwork network() {
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
        scheduler.farewell();
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

    private void checkParty(int index) {
        if (index < 0 || index >= party.n) {
            throw new ParameterException("party " + index + " is not in 0.." + (party.n - 1));
        }
    }

    void add(Step step) {
        scheduler.add(step);
    }

    /** Records a local step that computes {@code out} from {@code inputs}. */
    void local(Node out, Runnable compute, Node... inputs) {
        for (Node in : inputs) {
            requireSame(in);
        }
        scheduler.add(new Step(inputs) {
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

    /** Fills one layer's share vector of a local step's output ({@link Layer}). */
    @FunctionalInterface
    interface LayerFill {
        void fill(Layer layer, long[] out);
    }

    /**
     * Local step whose output is linear in shared inputs: {@code fill} computes the data from the
     * inputs' data and, in malicious mode, the MAC from their MACs ({@link Layer}).
     */
    void linear(Shared out, LayerFill fill, Node... inputs) {
        local(out, () -> {
            if (party.malicious()) {
                long[] mac = new long[2 * out.length];
                fill.fill(party.macLayer, mac);
                out.mac = mac;
            }
            long[] d = new long[2 * out.length];
            fill.fill(Layer.DATA, d);
            out.data = d;
        }, inputs);
    }

    /**
     * As {@link #linear}, the data only: the output carries no MAC, even in malicious mode (for
     * values whose products are checked by {@link ProductCheck}; see {@link #multiplyWithoutMac}).
     */
    void linearData(Shared out, LayerFill fill, Node... inputs) {
        local(out, () -> {
            long[] d = new long[2 * out.length];
            fill.fill(Layer.DATA, d);
            out.data = d;
        }, inputs);
    }

    /** Runs rounds until {@code target} is done (or, for null, until nothing is pending). */
    void evaluate(Node target) {
        scheduler.evaluate(target);
    }

    /** Kills the session on a protocol failure found by a local step and tells the peers; returns {@code e} to throw. */
    ProtocolAbortException abort(ProtocolAbortException e) {
        return scheduler.abort(e);
    }
}
