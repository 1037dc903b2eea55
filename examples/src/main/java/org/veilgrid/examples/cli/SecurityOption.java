package org.veilgrid.examples.cli;

import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.text.SafeText;
import org.veilgrid.mpc.engine.Security;
import picocli.CommandLine.Option;

/** {@code --security malicious|semi-honest} for the commands that run the MPC engine. */
final class SecurityOption {
    @Option(names = "--security", paramLabel = "MODE", defaultValue = "malicious", description = {
        "malicious (default): security with abort against a malicious minority — every product is",
        "MAC-checked before any output (Chida et al., CRYPTO 2018; docs/mpc.md); semi-honest: faster,",
        "correct only if every party follows the protocol. Every party of a run must choose the same."})
    String mode;

    /**
     * @throws ParameterException if the mode is neither
     */
    Security security() {
        try {
            return Security.parse(mode);
        } catch (ParameterException e) {
            throw new ParameterException("--security must be malicious or semi-honest, got '"
                    + SafeText.abbreviate(mode, 40) + "'");
        }
    }

    /** The mode as the command line spells it. */
    static String label(Security s) {
        return s.label();
    }
}
