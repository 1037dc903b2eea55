package org.veilgrid.examples.cli;

import picocli.CommandLine.Option;
import org.veilgrid.core.errors.ParameterException;

/**
 * {@code --local-demo}, which the setup commands that deal every participant's keys from one
 * folder ({@code veil mpc|aggregate|grid|auction setup}) require: such a folder suits a demo on
 * one machine, never institutions that do not trust each other, so running one must be a choice,
 * not a default someone copies into a deployment.
 */
final class LocalDemoOption {
    @Option(names = "--local-demo", description = {"Required: acknowledge that this writes every participant's",
        "secret keys into one folder, for a demo on one machine. Between institutions, each makes its own",
        "identity (veil identity init) and all share a roster (veil roster add): docs/deploy.md."})
    boolean given;

    /**
     * Refuses to go on without {@code --local-demo}; call before anything is written.
     *
     * @throws ParameterException (exit 2, one line) naming the keys and the way to deploy
     */
    void require() {
        if (!given) {
            throw new ParameterException("this writes every participant's secret keys into one folder, for a demo on one"
                    + " machine only: add --local-demo to run it anyway; between institutions each participant makes"
                    + " its own identity (veil identity init) and all share a roster (veil roster add), see docs/deploy.md");
        }
    }
}
