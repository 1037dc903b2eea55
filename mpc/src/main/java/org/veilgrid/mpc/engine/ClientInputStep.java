package org.veilgrid.mpc.engine;

import org.veilgrid.mpc.net.ClientDealing;
import org.veilgrid.mpc.net.MpcNetwork;

/**
 * An outside client's input ({@link MpcSession#inputFromClient}): the client
 * ({@link org.veilgrid.mpc.net.InputClient}) deals its vector verifiably
 * ({@link ClientDealing}) and sends each party its share directly, outside the rounds; the
 * network checks this party's part of the dealing before the step sees it, and a dealing that
 * fails a check aborts the run naming the client.
 *
 * <p><b>Semi-honest mode:</b> nothing passes between the parties; the step only waits for this
 * party's share (an interactive step all the same, so it is awaited with the other interactive
 * steps ready at that point, not in the scheduler's local pass).
 *
 * <p><b>Malicious mode:</b> the same round carries the header echo ({@link DealingEcho}), so a
 * client that sent different parties different dealings is named.
 */
final class ClientInputStep extends Step {

    private final PartyContext party;
    private final MpcNetwork network;
    private final String client;
    private final String label;
    private final Shared out;
    private DealingEcho echo;

    ClientInputStep(PartyContext party, MpcNetwork network, String client, String label, Shared out) {
        this.party = party;
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
        ClientDealing.Received received = network.awaitClientInput(client, label, out.length);
        out.data = received.values();
        if (party.malicious()) {
            echo = new DealingEcho(party, received.dealing(), client, "input '" + label + "'");
            echo.send(r);
        }
    }

    @Override
    void receive(Round r) {
        if (echo != null) {
            echo.compare(r);
        }
    }
}
