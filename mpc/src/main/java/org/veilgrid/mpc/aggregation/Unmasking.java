package org.veilgrid.mpc.aggregation;

/**
 * Where a round's last step runs: {@link #LOCAL} in the server's own process, or on the server's
 * stateless unmasking replicas ({@link RemoteUnmasking}).
 */
@FunctionalInterface
public interface Unmasking {
    /** The job run in this process. */
    Unmasking LOCAL = UnmaskJob::unmask;

    /**
     * Runs {@code job}.
     *
     * @return the L sums
     * @throws org.veilgrid.core.errors.ProtocolAbortException if the residue is inconsistent, or
     *         the job could not be run (no replica answered)
     */
    long[] unmask(UnmaskJob job);
}
