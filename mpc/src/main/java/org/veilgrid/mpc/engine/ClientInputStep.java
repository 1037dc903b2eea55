package org.veilgrid.mpc.engine;

import org.veilgrid.mpc.net.MpcNetwork;

/**
 * An outside client's input ({@link MpcSession#inputFromClient}): the client
 * ({@link org.veilgrid.mpc.net.InputClient}) Shamir-shares its vector and sends each party its
 * share directly, outside the rounds. Nothing passes between the parties: the step only waits
 * for this party's share to arrive. It is an interactive step all the same, so it is awaited with
 * the other interactive steps ready at that point, not in the scheduler's local pass. The parties
 * cannot see whether the client dealt consistent shares; {@link CheckedOpenStep} can tell.
 */
final class ClientInputStep extends Step {

    private final MpcNetwork network;
    private final String client;
    private final String label;
    private final Shared out;

    ClientInputStep(MpcNetwork network, String client, String label, Shared out) {
        this.network = network;
        this.client = client;
        this.label = label;
        this.out = out;
    }

    @Override
    boolean interactive() {
        return true;
    }

    @Override
    void send(Round r) {
        out.data = network.awaitClientInput(client, label, out.length);
    }
}
