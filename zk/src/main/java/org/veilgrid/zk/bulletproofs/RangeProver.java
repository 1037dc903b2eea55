package org.veilgrid.zk.bulletproofs;

import java.security.SecureRandom;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.zk.group.RistrettoPoint;
import org.veilgrid.zk.group.Scalar;

/**
 * The prover of an aggregated range proof (Bünz et al. 2018, sections 4.1–4.3, with the
 * inner-product argument of section 3): for m values v_j with commitments
 * V_j = v_j·B + γ_j·B̃, it proves every v_j ∈ [0, 2^n).
 *
 * <pre>
 *  a_L = bits of v_0 ‖ … ‖ v_{m-1},  a_R = a_L − 1
 *  A = α·B̃ + ⟨a_L, G⟩ + ⟨a_R, H⟩,  S = ρ·B̃ + ⟨s_L, G⟩ + ⟨s_R, H⟩      → y, z
 *  l(X) = a_L − z·1 + s_L·X
 *  r(X) = y^N ∘ (a_R + z·1 + s_R·X) + Σ_j z^{2+j}·(0 ‖ 2^n ‖ 0)  (2^n in block j)
 *  t(X) = ⟨l(X), r(X)⟩ = t0 + t1·X + t2·X²;  T_i = t_i·B + τ_i·B̃       → x
 *  τ_x = τ_1·x + τ_2·x² + Σ_j z^{2+j}·γ_j,  μ = α + ρ·x,  t̂ = ⟨l(x), r(x)⟩  → w
 *  inner-product argument for l(x), r(x) over G, H' = y^{-i}·H_i, Q = w·B
 * </pre>
 * The work is split as in the paper's multi-party protocol (section 4.5): each {@link Party}
 * computes its value's shares of A, S, T1, T2, τ_x, μ, t̂ and its slices of l, r over its slice
 * of the generators, and the {@link Dealer} sums them, derives the challenges and runs the
 * inner-product argument; the {@link Messages} are what would travel between processes. This
 * class runs the dealer and all m parties in one process. Commitments to secret data are
 * constant-time (A by masked selects, since a_L, a_R are bits).
 */
public final class RangeProver {
    private RangeProver() {
    }

    /** A proof and the commitments it is about. */
    public record Output(RangeProof proof, RistrettoPoint[] commitments) {
    }

    /**
     * Proves that each value lies in [0, 2^bits); values are read as unsigned 64-bit integers.
     *
     * @param blindings γ_j, one per value
     * @throws ParameterException if a value is out of range or sizes disagree
     */
    public static Output prove(RangeParameters p, long[] values, Scalar[] blindings, SecureRandom rng) {
        int n = p.bits();
        int m = p.values();
        if (values.length != m || blindings.length != m) {
            throw new ParameterException("range proof for " + m + " values got " + values.length
                    + " values and " + blindings.length + " blindings");
        }
        for (long v : values) {
            if (n < 64 && (v >>> n) != 0) {
                throw new ParameterException("a value does not fit in " + n + " bits");
            }
        }
        BulletproofGens gens = BulletproofGens.forCapacity(p.size());
        // This prover plays the dealer and all m parties in one process.
        Dealer dealer = new Dealer(p, gens, false);
        java.util.List<Party> parties = new java.util.ArrayList<>();
        java.util.List<Messages.BitCommitment> bits = new java.util.ArrayList<>();
        for (int j = 0; j < m; j++) {
            Party party = new Party(j, n, values[j], blindings[j], gens, rng);
            parties.add(party);
            bits.add(party.commitBits());
        }
        Messages.BitChallenge yz = dealer.receiveBitCommitments(bits);
        java.util.List<Messages.PolyCommitment> polys = new java.util.ArrayList<>();
        for (Party party : parties) {
            polys.add(party.commitPoly(yz));
        }
        Messages.PolyChallenge x = dealer.receivePolyCommitments(polys);
        java.util.List<Messages.ProofShare> shares = new java.util.ArrayList<>();
        for (Party party : parties) {
            shares.add(party.share(x));
        }
        return dealer.receiveShares(shares);
    }

    /** Single-value convenience: proves v ∈ [0, 2^bits) for V = v·B + γ·B̃. */
    public static Output prove(int bits, long value, Scalar blinding, SecureRandom rng) {
        return prove(new RangeParameters(bits, 1), new long[] {value}, new Scalar[] {blinding}, rng);
    }
}
