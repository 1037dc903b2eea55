package org.veilgrid.mpc.engine;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

import org.veilgrid.core.errors.ProtocolAbortException;
import org.veilgrid.mpc.field.FieldPrg;
import org.veilgrid.mpc.field.FieldVectors;
import org.veilgrid.mpc.field.Mersenne127;

/**
 * The verification of malicious mode, five rounds, before every output: checks at once every
 * wire recorded since the last verification ({@link Wires}: each product, input and random value
 * with its MAC), after Chida, Genkin, Hamada, Ikarashi, Kikuchi, Lindell and Nof, "Fast
 * Large-Scale Honest-Majority MPC for Malicious Adversaries" (CRYPTO 2018), the verification
 * step of their protocol for large fields. Beside it, from round 2, the {@link ProductCheck} of
 * the products recorded without MACs; the all-OK round (5) waits until that check has passed too,
 * so a verification with products to check takes 2·L + 3 rounds for L levels.
 *
 * <p>Every recorded wire k is a pair of sharings ([z_k], [R·z_k]) for the session's secret key R.
 * A party that added an error somewhere (a product, an input's MAC) left at least one pair with
 * R·z_k − (what the MAC shares say) ≠ 0 — it cannot aim its errors at R, which it does not know.
 * <ol>
 *   <li><b>Coins</b> (round 1): a PRSS random value is opened, checked ({@link CheckedOpenStep}), only
 *       now that the wires are fixed; it seeds the public coefficients γ_k (AES-CTR). Locally,
 *       [a] = Σ γ_k [R·z_k] and [b] = Σ γ_k [z_k]; if every wire is right, a = R·b.</li>
 *   <li><b>Products and degree check</b> (round 2): with a fresh PRSS random [ρ],
 *       [u] = [ρ]·[a] and [v] = [ρ]·[b] (one {@link MultiplyStep.Reduction} of two products).
 *       In the same round the <em>degree check</em>: open, checked,
 *       [ρ'] + [a] + γ_1·[b] + γ_2·[R] + γ_3·[ρ] (γ_i from the same coins) for a fresh PRSS mask ρ': it is consistent only if
 *       the honest parties' shares of every recorded wire, of R and of ρ lie on polynomials of
 *       degree t (with per-party reconstruction the honest shares of a product can disagree when
 *       more than t + 1 parties are honest). A fault noted by an unverified opening is reported
 *       here too. Either aborts, without a culprit.</li>
 *   <li><b>Key</b> (round 3): [w] = [R]·[v].</li>
 *   <li><b>Check</b> (round 4): open, checked, T = u − w = ρ·(a − R·b) plus whatever errors
 *       were added to u, v, w; abort unless T = 0.</li>
 *   <li><b>All OK</b> (round 5): every party sends every other a flag; a party goes on (and
 *       outputs) only if all n − 1 arrive. A party that aborted sends an abort notice instead,
 *       so if any honest party aborts, all do.</li>
 * </ol>
 *
 * <p><b>Why ρ, and why R stays secret.</b> Multiplying the public combination [b] by [R] and
 * opening a − R·b directly is not sound: the coefficients γ are public by then, and an error e
 * added to that one product moves the opened value by e — a party that knows the value its
 * earlier error produced (e.g. a guess about an input) could cancel it and turn an abort into
 * a selective one. Here the value checked is ρ·δ + e_u − R·e_v − e_w with δ = a − R·b: ρ and R
 * are secret and uniform, so T = 0 happens with probability at most 1/p for δ ≠ 0, and at most
 * 1/p more for a nonzero e_v; errors e_u = e_w that cancel only pass a correct computation.
 * The combination with γ misses a wrong wire with probability at most 1/p. Soundness: a cheating
 * party passes a verification with probability at most about 2/p ≈ 2^−126. R is never opened, so
 * one key serves the whole session.
 *
 * <p><b>Values required to be zero</b> ({@link #requireZero}): a recorded value z that must be 0
 * when every party followed the protocol (the bit check of dealt random bits,
 * {@link RandomBits}) is opened, checked, in round 4 beside T, and the verification aborts
 * unless every element is 0. Its wire (z, R·z) is among those checked, so once T = 0 the
 * opened z is the correct value of the computation, not one an adversary shifted; and opening
 * it reveals nothing of the honest parties' data, since z is 0 plus terms that only the party
 * that deviated could have made nonzero (its own values, which it knows).
 *
 * <p>Outputs wait for {@link #done()}; the outputs recorded while a verification has not yet
 * started share it ({@link #cover}).
 */
final class VerifyStep extends Step {

    /** Coefficients drawn at a time for the combination. */
    private static final int COMBINE_CHUNK = 1024;

    private final PartyContext party;
    private final List<Node> covered = new ArrayList<>();
    private final List<Shared> zeros = new ArrayList<>();
    private final List<IntFunction<ProtocolAbortException>> zeroFailures = new ArrayList<>();
    private final Public done;
    private final long coinStream;
    private final long rhoStream;
    private final long maskStream;
    private final long productStream;
    private final long keyStream;
    private int phase;
    private int[] offsets;
    private long[] share;
    private long[] rho;
    private long[] a;
    private long[] b;
    private long[] u;
    private long[] v;
    private long[] degreeCheck;
    private MultiplyStep.Reduction reduction;
    /** The wires this verification checks, from round 1's start until the coins arrive. */
    private List<Wires.Wire> pendingWires;
    /** The products without MACs this verification checks ({@link ProductCheck}), likewise. */
    private List<Wires.Triple> pendingTriples;
    private final ProductCheck products;
    /** The opened values required to be zero, judged once the product check has passed. */
    private long[] openedZeros;
    /** What this round carries: the MAC part's phase, the product check's, or both. */
    private boolean macSent;
    private boolean productsSent;

    VerifyStep(MpcSession session, PartyContext party) {
        this.party = party;
        this.done = new Public(session, 0);
        this.coinStream = session.nextId();
        this.rhoStream = session.nextId();
        this.maskStream = session.nextId();
        this.productStream = session.nextId();
        this.keyStream = session.nextId();
        long[] checkStreams = new long[ProductCheck.streamCount()];
        for (int i = 0; i < checkStreams.length; i++) {
            checkStreams[i] = session.nextId();
        }
        this.products = new ProductCheck(party, checkStreams);
    }

    /** Makes this verification wait for {@code x} (before it starts), so that it covers x's wires. */
    void cover(Node x) {
        if (started()) {
            throw new IllegalStateException("verification already started");
        }
        covered.add(x);
    }

    /**
     * Makes this verification also open {@code z} (checked) once T = 0 and abort unless every
     * element is 0, with {@code whenNot} of the first nonzero element's index; covers z.
     */
    void requireZero(Shared z, IntFunction<ProtocolAbortException> whenNot) {
        cover(z);
        zeros.add(z);
        zeroFailures.add(whenNot);
    }

    /** Whether round 1 has been sent (the wires it checks are fixed). */
    boolean started() {
        return phase > 0;
    }

    /** Exists once every party has passed this verification. */
    Public done() {
        return done;
    }

    @Override
    boolean ready() {
        for (Node x : covered) {
            if (!x.done()) {
                return false;
            }
        }
        return true;
    }

    @Override
    boolean interactive() {
        return true;
    }

    @Override
    boolean again() {
        return !done.done();
    }

    @Override
    void send(Round r) {
        // The all-OK round waits for the product check, whose rounds run beside the MAC part's.
        macSent = !(phase == 4 && !products.finished());
        productsSent = products.active();
        if (macSent) {
            sendMacPart(r);
        }
        if (productsSent) {
            products.send(r);
        }
    }

    private void sendMacPart(Round r) {
        switch (phase) {
            case 0 -> {
                // The wires are fixed before anyone sees the coins: those of steps in this very
                // round are recorded when it ends, and go to the next verification.
                List<Wires.Wire> wires = party.wires.take();
                pendingTriples = party.wires.takeTriples();
                share = party.prss.random(coinStream, 1);
                offsets = CheckedOpenStep.sendToAll(party, r, share, 1);
                a = new long[2];
                b = new long[2];
                pendingWires = wires;
            }
            case 1 -> {
                reduction = new MultiplyStep.Reduction(party, productStream,
                        new long[] {rho[0], rho[1], rho[0], rho[1]}, new long[] {a[0], a[1], b[0], b[1]}, 2);
                reduction.send(r);
                offsets = CheckedOpenStep.sendToAll(party, r, degreeCheck, 1);
            }
            case 2 -> {
                reduction = new MultiplyStep.Reduction(party, keyStream, party.macKey, v, 1);
                reduction.send(r);
            }
            case 3 -> {
                // T, then every value required to be zero, in one checked opening.
                int m = 1;
                for (Shared z : zeros) {
                    m += z.length;
                }
                long[] all = new long[2 * m];
                System.arraycopy(share, 0, all, 0, 2);
                int pos = 2;
                for (Shared z : zeros) {
                    System.arraycopy(z.data, 0, all, pos, 2 * z.length);
                    pos += 2 * z.length;
                }
                share = all;
                offsets = CheckedOpenStep.sendToAll(party, r, share, m);
            }
            case 4 -> {
                judgeZeros();
                offsets = CheckedOpenStep.sendToAll(party, r, new long[] {1, 0}, 1);
            }
            default -> throw new IllegalStateException("verification phase " + phase);
        }
        phase++;
    }

    @Override
    void receive(Round r) {
        if (macSent) {
            receiveMacPart(r);
        }
        if (productsSent) {
            products.receive(r);
        }
    }

    private void receiveMacPart(Round r) {
        switch (phase) {
            case 1 -> {
                long[] coins = openChecked(r, "the verification's coins", 1);
                combine(pendingWires, coins);
                pendingWires = null;
                products.start(pendingTriples, seed(coins));
                pendingTriples = null;
            }
            case 2 -> {
                long[] uv = reduction.receive(r);
                reduction = null;
                u = new long[] {uv[0], uv[1]};
                v = new long[] {uv[2], uv[3]};
                long[][] all = CheckedOpenStep.gather(party, r, degreeCheck, offsets, 1);
                boolean[] ok = new boolean[1];
                CheckedOpenStep.open(party, all, 1, ok);
                String deferred = party.takeDeferredFault();
                if (!ok[0]) {
                    throw party.abort(ProtocolAbortException.unattributed(
                            "verification failed: the shares of the recorded values do not lie on polynomials of degree " + party.t));
                }
                if (deferred != null) {
                    throw party.abort(ProtocolAbortException.unattributed("verification failed: " + deferred));
                }
            }
            case 3 -> {
                long[] w = reduction.receive(r);
                reduction = null;
                share = new long[2];
                Mersenne127.sub(u[0], u[1], w[0], w[1], share, 0);
            }
            case 4 -> {
                long[] t = openChecked(r, "the verification value", share.length / 2);
                if (t[0] != 0 || t[1] != 0) {
                    throw party.abort(ProtocolAbortException.unattributed(
                            "verification failed: a party deviated in a multiplication, an input or an opening"));
                }
                // Judged before the all-OK round, once the product check has passed too: a value
                // required to be zero may be an inner product checked there (the bit check).
                openedZeros = t;
                share = null;
            }
            case 5 -> {
                for (int k = 0; k < party.n; k++) {
                    if (k != party.self) {
                        long[] flag = r.received[k];
                        if (flag[2 * offsets[k]] != 1 || flag[2 * offsets[k] + 1] != 0) {
                            throw party.abort(new ProtocolAbortException(party.names[k],
                                    "did not confirm the verification"));
                        }
                    }
                }
                done.data = new long[0];
            }
            default -> throw new IllegalStateException("verification phase " + phase);
        }
    }

    /** Aborts with the culprit a nonzero value required to be zero names (every check has passed). */
    private void judgeZeros() {
        int pos = 2;
        for (int i = 0; i < zeros.size(); i++) {
            for (int e = 0; e < zeros.get(i).length; e++, pos += 2) {
                if (openedZeros[pos] != 0 || openedZeros[pos + 1] != 0) {
                    throw party.abort(zeroFailures.get(i).apply(e));
                }
            }
        }
        openedZeros = null;
    }

    /** The values of an m-element checked opening sent in this round; aborts if one is inconsistent. */
    private long[] openChecked(Round r, String what, int m) {
        long[][] all = CheckedOpenStep.gather(party, r, share, offsets, m);
        boolean[] ok = new boolean[m];
        long[] value = CheckedOpenStep.open(party, all, m, ok);
        if (!CheckedOpenStep.allTrue(ok)) {
            // Before the check passes the honest shares themselves may disagree: name nobody.
            throw party.abort(ProtocolAbortException.unattributed(
                    "the shares of " + what + " do not lie on one polynomial of degree " + party.t));
        }
        return value;
    }

    /** [a], [b] and the degree check's sharing from the wires and the coefficients seeded by the coins. */
    /** The PRG seed the opened coins give (stream 0: the wires' γ; stream 1: the products' θ). */
    private static byte[] seed(long[] coins) {
        return ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(coins[0]).putLong(coins[1]).array();
    }

    private void combine(List<Wires.Wire> wires, long[] coins) {
        FieldPrg gamma = new FieldPrg(seed(coins), 0);
        // γ in chunks (a vector of a wire's size would be a large allocation per verification).
        long[] g = new long[2 * COMBINE_CHUNK];
        for (Wires.Wire wire : wires) {
            for (int from = 0; from < wire.m(); from += COMBINE_CHUNK) {
                int count = Math.min(COMBINE_CHUNK, wire.m() - from);
                gamma.nextElements(g, 0, count);
                FieldVectors.dotProducts(g, wire.mac(), wire.data(), from, count, a, b);
            }
        }
        long[] extra = gamma.nextElements(3);
        rho = party.prss.random(rhoStream, 1);
        degreeCheck = party.prss.random(maskStream, 1);
        Mersenne127.add(degreeCheck[0], degreeCheck[1], a[0], a[1], degreeCheck, 0);
        addProduct(extra, 0, b);
        addProduct(extra, 1, party.macKey);
        addProduct(extra, 2, rho);
    }

    /** degreeCheck += extra[i] · x. */
    private void addProduct(long[] extra, int i, long[] x) {
        long[] t = new long[2];
        Mersenne127.mul(extra[2 * i], extra[2 * i + 1], x[0], x[1], t, 0);
        Mersenne127.add(degreeCheck[0], degreeCheck[1], t[0], t[1], degreeCheck, 0);
    }

    @Override
    public String toString() {
        return "VerifyStep[phase " + phase + "]";
    }
}
