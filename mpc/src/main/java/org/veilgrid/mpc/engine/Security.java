package org.veilgrid.mpc.engine;

/**
 * What a session protects against, chosen when it starts ({@link MpcSession#start(org.veilgrid.mpc.net.MpcNetwork, Security)});
 * every party of a run must choose the same.
 */
public enum Security {
    /**
     * Security with abort against a malicious minority (t &lt; n/2 parties that deviate as they
     * like), after Chida, Genkin, Hamada, Ikarashi, Kikuchi, Lindell and Nof, "Fast Large-Scale
     * Honest-Majority MPC for Malicious Adversaries" (CRYPTO 2018): every shared value carries a
     * sharing of R·x for a secret random key R, every multiplication computes both, and a
     * verification before every output checks them all at once; openings are checked. Outputs
     * are correct or every honest party aborts. Costs about twice the multiplications and a few
     * rounds per output.
     */
    MALICIOUS,
    /**
     * Semi-honest security: correct and private if every party follows the protocol; a deviating
     * party can change outputs undetected.
     */
    SEMI_HONEST
}
