package org.veilgrid.zk.bulletproofs;

import java.util.List;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.errors.ProtocolAbortException;
import org.veilgrid.core.errors.VerificationFailedException;
import org.veilgrid.zk.commit.PedersenGens;
import org.veilgrid.zk.group.MultiScalar;
import org.veilgrid.zk.group.RistrettoPoint;
import org.veilgrid.zk.group.Scalar;
import org.veilgrid.zk.transcript.Transcript;

/**
 * The dealer of an aggregated range proof (Bünz et al. 2018, section 4.5): it collects the m
 * parties' messages, derives the challenges on the one transcript, sums the shares
 * (A = Σ A_j, S = Σ S_j, T1, T2, τ_x, μ, t̂), concatenates l and r and runs the inner-product
 * argument. It checks the finished proof; if it does not verify, it checks every party's share
 * against that party's own commitments and aborts naming the first party whose share is wrong.
 */
public final class Dealer {
    private final RangeParameters p;
    private final BulletproofGens gens;
    private final PedersenGens pg = PedersenGens.standard();
    private Transcript t;
    private List<Messages.BitCommitment> bits;
    private List<Messages.PolyCommitment> polys;
    private RistrettoPoint[] commitments;
    private RistrettoPoint bigA;
    private RistrettoPoint bigS;
    private RistrettoPoint bigT1;
    private RistrettoPoint bigT2;
    private Scalar y;
    private Scalar z;
    private Scalar x;
    private int round;
    private final boolean checkResult;

    /** A dealer for parties in other processes: it verifies the proof it assembles. */
    public Dealer(RangeParameters params, BulletproofGens gens) {
        this(params, gens, true);
    }

    /**
     * @param checkResult verify the assembled proof (and blame on failure); a prover that runs
     *                    every party itself may skip it
     */
    public Dealer(RangeParameters params, BulletproofGens gens, boolean checkResult) {
        this.checkResult = checkResult;
        if (gens.capacity() < params.size()) {
            throw new ParameterException("generators too few for n·m = " + params.size());
        }
        this.p = params;
        this.gens = gens;
    }

    private void step(int expected) {
        if (round != expected) {
            throw new IllegalStateException("dealer rounds must run in order, once");
        }
        round++;
    }

    private void checkParties(List<?> msgs, java.util.function.ToIntFunction<Object> index) {
        if (msgs.size() != p.values()) {
            throw ProtocolAbortException.unattributed("expected " + p.values() + " messages, got " + msgs.size());
        }
        for (int i = 0; i < msgs.size(); i++) {
            if (index.applyAsInt(msgs.get(i)) != i) {
                throw new ProtocolAbortException("party " + i, "message out of order or from the wrong party");
            }
        }
    }

    /** Round 1: V_j, A_j, S_j from every party, in order → y, z. */
    public Messages.BitChallenge receiveBitCommitments(List<Messages.BitCommitment> msgs) {
        step(0);
        checkParties(msgs, m -> ((Messages.BitCommitment) m).party());
        bits = List.copyOf(msgs);
        commitments = new RistrettoPoint[msgs.size()];
        RistrettoPoint a = RistrettoPoint.IDENTITY;
        RistrettoPoint s = RistrettoPoint.IDENTITY;
        for (int i = 0; i < msgs.size(); i++) {
            commitments[i] = msgs.get(i).v();
            a = a.add(msgs.get(i).a());
            s = s.add(msgs.get(i).s());
        }
        bigA = a;
        bigS = s;
        t = RangeTranscript.start(p, commitments);
        t.append("A", bigA).append("S", bigS);
        y = t.challengeScalar("y");
        z = t.challengeScalar("z");
        return new Messages.BitChallenge(y, z);
    }

    /** Round 2: T1_j, T2_j from every party → x. */
    public Messages.PolyChallenge receivePolyCommitments(List<Messages.PolyCommitment> msgs) {
        step(1);
        checkParties(msgs, m -> ((Messages.PolyCommitment) m).party());
        polys = List.copyOf(msgs);
        RistrettoPoint t1 = RistrettoPoint.IDENTITY;
        RistrettoPoint t2 = RistrettoPoint.IDENTITY;
        for (Messages.PolyCommitment m : msgs) {
            t1 = t1.add(m.t1());
            t2 = t2.add(m.t2());
        }
        bigT1 = t1;
        bigT2 = t2;
        t.append("T1", bigT1).append("T2", bigT2);
        x = t.challengeScalar("x");
        return new Messages.PolyChallenge(x);
    }

    /**
     * Round 3: the shares → the proof.
     *
     * @throws ProtocolAbortException naming a party whose share is inconsistent
     */
    public RangeProver.Output receiveShares(List<Messages.ProofShare> shares) {
        step(2);
        checkParties(shares, m -> ((Messages.ProofShare) m).party());
        int n = p.bits();
        int size = p.size();
        Scalar taux = Scalar.ZERO;
        Scalar mu = Scalar.ZERO;
        Scalar tHat = Scalar.ZERO;
        Scalar[] l = new Scalar[size];
        Scalar[] r = new Scalar[size];
        for (Messages.ProofShare s : shares) {
            if (s.l() == null || s.r() == null || s.l().length != n || s.r().length != n) {
                throw new ProtocolAbortException("party " + s.party(), "share vectors must have " + n + " entries");
            }
            taux = taux.add(s.taux());
            mu = mu.add(s.mu());
            tHat = tHat.add(s.tHat());
            System.arraycopy(s.l(), 0, l, s.party() * n, n);
            System.arraycopy(s.r(), 0, r, s.party() * n, n);
        }
        t.append("taux", taux).append("mu", mu).append("t_hat", tHat);
        Scalar w = t.challengeScalar("w");
        RistrettoPoint q = pg.g().mul(w);
        Scalar[] yInvPow = new Scalar[size];
        Scalar yInv = y.invert();
        yInvPow[0] = Scalar.ONE;
        for (int k = 1; k < size; k++) {
            yInvPow[k] = yInvPow[k - 1].mul(yInv);
        }
        InnerProductProof ipp = InnerProductProof.prove(t, gens, q, yInvPow, l, r);
        RangeProof proof = new RangeProof(bigA, bigS, bigT1, bigT2, taux, mu, tHat, ipp);
        if (checkResult) {
            try {
                RangeVerifier.verify(p, commitments, proof);
            } catch (VerificationFailedException e) {
                blame(shares, yInvPow);
                throw ProtocolAbortException.unattributed("the aggregated range proof does not verify");
            }
        }
        return new RangeProver.Output(proof, commitments.clone());
    }

    /** Checks each share against its party's commitments; throws naming the first bad one. */
    private void blame(List<Messages.ProofShare> shares, Scalar[] yInvPow) {
        int n = p.bits();
        Scalar twoNMinus1 = Scalar.ofUnsignedLong(n == 64 ? -1L : (1L << n) - 1);
        Scalar zz = z.square();
        Scalar yj = Scalar.ONE;
        for (Messages.ProofShare s : shares) {
            int j = s.party();
            Messages.BitCommitment b = bits.get(j);
            Messages.PolyCommitment pc = polys.get(j);
            Scalar ip = Scalar.ZERO;
            Scalar sumY = Scalar.ZERO;
            Scalar yi = yj;
            for (int i = 0; i < n; i++) {
                ip = ip.add(s.l()[i].mul(s.r()[i]));
                sumY = sumY.add(yi);
                yi = yi.mul(y);
            }
            // t̂_j·B + τ_x,j·B̃ = z^{2+j}·V_j + δ_j·B + x·T1_j + x²·T2_j
            Scalar delta = z.sub(z.square()).mul(sumY).sub(zz.mul(z).mul(twoNMinus1));
            RistrettoPoint tCheck = new MultiScalar(6).add(s.tHat().sub(delta), pg.g()).add(s.taux(), pg.h())
                    .add(zz.negate(), b.v()).add(x.negate(), pc.t1()).add(x.square().negate(), pc.t2()).vartime();
            // A_j + x·S_j − z·ΣG_i + Σ (z + z^{2+j}·2^i·y^{-k} − r_i·y^{-k})·H_k − μ_j·B̃ − ⟨l_j, G⟩ = 0
            MultiScalar pCheck = new MultiScalar(2 * n + 3).add(Scalar.ONE, b.a()).add(x, b.s())
                    .add(s.mu().negate(), pg.h());
            Scalar twoI = zz;
            for (int i = 0; i < n; i++) {
                int k = j * n + i;
                pCheck.add(z.negate().sub(s.l()[i]), gens.g(k));
                pCheck.add(z.add(twoI.sub(s.r()[i]).mul(yInvPow[k])), gens.h(k));
                twoI = twoI.add(twoI);
            }
            if (!ip.equals(s.tHat()) || !tCheck.isIdentity() || !pCheck.vartime().isIdentity()) {
                throw new ProtocolAbortException("party " + j, "its proof share does not match its commitments");
            }
            zz = zz.mul(z);
            yj = yi;
        }
    }
}
