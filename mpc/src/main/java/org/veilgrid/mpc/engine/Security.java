package org.veilgrid.mpc.engine;

import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.text.SafeText;

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
    SEMI_HONEST;

    /**
     * Whether a session of n parties with threshold t may run in this mode: malicious mode runs
     * with n = 2t + 1 or n ≥ 3t + 1 only (between them a party can hand honest parties
     * inconsistent reductions of a product, whose disagreement then depends on secrets and shows
     * in later openings before the abort; docs/mpc.md).
     */
    public boolean supports(int n, int t) {
        return this == SEMI_HONEST || n < 2 * t + 2 || n > 3 * t;
    }

    /** The mode as files and command lines spell it: {@code malicious} or {@code semi-honest}. */
    public String label() {
        return this == MALICIOUS ? "malicious" : "semi-honest";
    }

    /**
     * The mode {@code label} names ({@link #label()}).
     *
     * @throws ParameterException if it names neither mode (the message quotes at most 40
     *         characters of it, control characters escaped)
     */
    public static Security parse(String label) {
        for (Security s : values()) {
            if (s.label().equals(label)) {
                return s;
            }
        }
        throw new ParameterException("the security mode must be malicious or semi-honest, got '"
                + SafeText.abbreviate(String.valueOf(label), 40) + "'");
    }
}
