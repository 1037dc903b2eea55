package org.veilgrid.zk.bulletproofs;

import org.veilgrid.zk.group.RistrettoPoint;
import org.veilgrid.zk.group.Scalar;

/**
 * The messages of the aggregated range proof between the parties (one value each) and the
 * dealer (Bünz et al. 2018, section 4.5). Party j's messages carry its index; the dealer's
 * challenges are the Fiat–Shamir challenges of the one shared transcript.
 */
public final class Messages {
    private Messages() {
    }

    /** Party → dealer, round 1: V_j and its shares A_j, S_j of the bit-vector commitments. */
    public record BitCommitment(int party, RistrettoPoint v, RistrettoPoint a, RistrettoPoint s) {
    }

    /** Dealer → parties: y, z. */
    public record BitChallenge(Scalar y, Scalar z) {
    }

    /** Party → dealer, round 2: shares T1_j, T2_j of the commitments to t(X)'s coefficients. */
    public record PolyCommitment(int party, RistrettoPoint t1, RistrettoPoint t2) {
    }

    /** Dealer → parties: x. */
    public record PolyChallenge(Scalar x) {
    }

    /** Party → dealer, round 3: τ_x, μ, t̂ shares and the party's slices of l(x), r(x). */
    public record ProofShare(int party, Scalar taux, Scalar mu, Scalar tHat, Scalar[] l, Scalar[] r) {
        @Override
        public String toString() {
            return "ProofShare(party " + party + ")";
        }
    }
}
