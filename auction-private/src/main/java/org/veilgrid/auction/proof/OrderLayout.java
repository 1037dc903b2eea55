package org.veilgrid.auction.proof;

import java.util.ArrayList;
import java.util.List;
import org.veilgrid.auction.Order;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.zk.bulletproofs.RangeParameters;
import org.veilgrid.zk.commit.PedersenGens;
import org.veilgrid.zk.group.RistrettoPoint;
import org.veilgrid.zk.group.Scalar;

/**
 * Where each value of an institution's input sits, for K price points, and which derived
 * values are range-proved. The committed (and secret-shared) values x_0 … x_{L−1}, L = 2K + 8:
 * <pre>
 *  x_k          = demand(k)          k = 0 … K−1
 *  x_{K+k}      = supply(k)          k = 0 … K−1
 *  x_{2K+j}     = mask limb j        j = 0 … 5: buy mask r_b = l_0 + 2^40·l_1 + 2^80·l_2, sell mask l_3 … l_5
 *  x_{2K+6+e}   = linking mask s_e   e = 0, 1 (never range-proved)
 * </pre>
 * The first D = 2K + 6 are the <em>data</em> values the linking challenges weight. From their
 * commitments C_i the verifier derives, homomorphically, R = 2K + 14 commitments whose values
 * must all lie in [0, 2^64):
 * <pre>
 *  demand(k) − demand(k+1) (k &lt; K−1),  demand(K−1),  MAX − demand(0)
 *  supply(k) − supply(k−1) (k ≥ 1),     supply(0),    MAX − supply(K−1)
 *  l_j, MAX − l_j                        (j = 0 … 5)        MAX = 2^40
 * </pre>
 * These hold exactly when demand is non-increasing, supply non-decreasing, and every value
 * and limb lies in [0, MAX]: the chain sums K + 1 values below 2^64 (below 2^77 ≪ ℓ, so
 * nothing wraps mod ℓ) to MAX. The R values are proved in chunks of at most 64 by 64-bit
 * aggregated Bulletproofs, the last chunk padded with the identity (a commitment to 0 with
 * blinding 0) up to a power of two.
 */
public final class OrderLayout {
    /** Mask limbs per side, 40 bits each (masks below 2^120). */
    public static final int MASK_LIMBS = 3;
    /** Bits per mask limb. */
    public static final int LIMB_BITS = 40;
    /** Linking repetitions (each soundness 2^-32). */
    public static final int REPETITIONS = 2;
    /** Blinding limbs per committed value: γ = Σ_j 2^{32j}·b_j mod ℓ. */
    public static final int BLINDING_LIMBS = 8;
    /** Largest grid this proof system accepts (proving cost grows linearly). */
    public static final int MAX_POINTS = 4096;
    /** Values per aggregated range proof. */
    public static final int CHUNK = 64;

    private static final Scalar MAX = Scalar.ofLong(Order.MAX_VALUE);

    private final int k;

    public OrderLayout(int pricePoints) {
        if (pricePoints < 1 || pricePoints > MAX_POINTS) {
            throw new ParameterException("proved orders need 1 to " + MAX_POINTS + " price points, got " + pricePoints);
        }
        this.k = pricePoints;
    }

    public int pricePoints() {
        return k;
    }

    public int demand(int i) {
        return i;
    }

    public int supply(int i) {
        return k + i;
    }

    /** Mask limb j of side 0 (buy) or 1 (sell). */
    public int maskLimb(int side, int j) {
        return 2 * k + MASK_LIMBS * side + j;
    }

    public int linkMask(int e) {
        return 2 * k + 2 * MASK_LIMBS + e;
    }

    /** D: the values the linking challenges weight. */
    public int dataValues() {
        return 2 * k + 2 * MASK_LIMBS;
    }

    /** L: committed (and shared) values. */
    public int committedValues() {
        return dataValues() + REPETITIONS;
    }

    /** Field elements of the one shared input: L values, then L·8 blinding limbs. */
    public int sharedElements() {
        return committedValues() * (1 + BLINDING_LIMBS);
    }

    /** R: range-proved derived values. */
    public int rangeValues() {
        return 2 * (k + 1) + 4 * MASK_LIMBS;
    }

    /** The range proofs' parameters, chunk by chunk. */
    public List<RangeParameters> chunks() {
        List<RangeParameters> out = new ArrayList<>();
        for (int left = rangeValues(); left > 0; left -= CHUNK) {
            int m = Math.min(CHUNK, left);
            out.add(new RangeParameters(64, Integer.highestOneBit(m) == m ? m : Integer.highestOneBit(m) << 1));
        }
        return out;
    }

    /** Encoded length of all range proofs. */
    public int proofBytes() {
        int n = 0;
        for (RangeParameters p : chunks()) {
            n += p.proofLength();
        }
        return n;
    }

    /**
     * A linear form over the committed values: Σ coef_i·x_i + constant·MAX. Each range-proved
     * value is one such form (coefficients ±1, constant 0 or 1).
     */
    record Form(int plus, int minus, boolean max) {
    }

    /** The R range-proved forms, in proof order. */
    List<Form> rangeForms() {
        List<Form> f = new ArrayList<>();
        for (int i = 0; i < k - 1; i++) {
            f.add(new Form(demand(i), demand(i + 1), false));
        }
        f.add(new Form(demand(k - 1), -1, false));
        f.add(new Form(-1, demand(0), true));
        for (int i = 1; i < k; i++) {
            f.add(new Form(supply(i), supply(i - 1), false));
        }
        f.add(new Form(supply(0), -1, false));
        f.add(new Form(-1, supply(k - 1), true));
        for (int side = 0; side < 2; side++) {
            for (int j = 0; j < MASK_LIMBS; j++) {
                f.add(new Form(maskLimb(side, j), -1, false));
                f.add(new Form(-1, maskLimb(side, j), true));
            }
        }
        return f;
    }

    /** The derived commitments, chunked and padded with the identity, from the L value commitments. */
    List<RistrettoPoint[]> rangeCommitments(RistrettoPoint[] c) {
        PedersenGens pg = PedersenGens.standard();
        RistrettoPoint maxB = pg.g().mulVartime(MAX);
        List<Form> forms = rangeForms();
        List<RistrettoPoint[]> out = new ArrayList<>();
        int pos = 0;
        for (RangeParameters p : chunks()) {
            RistrettoPoint[] chunk = new RistrettoPoint[p.values()];
            for (int j = 0; j < chunk.length; j++, pos++) {
                if (pos >= forms.size()) {
                    chunk[j] = RistrettoPoint.IDENTITY;
                    continue;
                }
                Form fm = forms.get(pos);
                RistrettoPoint v = fm.max() ? maxB : RistrettoPoint.IDENTITY;
                if (fm.plus() >= 0) {
                    v = v.add(c[fm.plus()]);
                }
                if (fm.minus() >= 0) {
                    v = v.sub(c[fm.minus()]);
                }
                chunk[j] = v;
            }
            out.add(chunk);
        }
        return out;
    }

    /** The prover's side of {@link #rangeCommitments}: values and blindings of the derived forms. */
    void rangeWitness(long[] x, Scalar[] gamma, List<long[]> values, List<Scalar[]> blindings) {
        List<Form> forms = rangeForms();
        int pos = 0;
        for (RangeParameters p : chunks()) {
            long[] v = new long[p.values()];
            Scalar[] b = new Scalar[p.values()];
            for (int j = 0; j < v.length; j++, pos++) {
                if (pos >= forms.size()) {
                    b[j] = Scalar.ZERO;
                    continue;
                }
                Form fm = forms.get(pos);
                long val = fm.max() ? Order.MAX_VALUE : 0;
                Scalar bl = Scalar.ZERO;
                if (fm.plus() >= 0) {
                    val += x[fm.plus()];
                    bl = bl.add(gamma[fm.plus()]);
                }
                if (fm.minus() >= 0) {
                    val -= x[fm.minus()];
                    bl = bl.sub(gamma[fm.minus()]);
                }
                v[j] = val;
                b[j] = bl;
            }
            values.add(v);
            blindings.add(b);
        }
    }
}
