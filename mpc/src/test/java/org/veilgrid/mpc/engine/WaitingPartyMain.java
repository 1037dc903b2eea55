package org.veilgrid.mpc.engine;

import java.nio.file.Path;

import org.veilgrid.core.errors.ProtocolAbortException;
import org.veilgrid.core.tls.TlsIdentity;
import org.veilgrid.mpc.config.PartiesConfig;
import org.veilgrid.mpc.net.PartyNetwork;

/**
 * Test process: one party that opens its session and then waits for an outside client's input
 * that never comes, the way an auction party waits for institutions. It sends nothing while it
 * waits, so a peer that dies can only be noticed by watching the connection.
 *
 * <p>Usage: {@code WaitingPartyMain <config.json> <id> <client>}. Prints {@code STARTED <id>},
 * then {@code ABORT culprit=<name or -> reason=...} and exits 3 (or {@code RESULT} and 0).
 */
public final class WaitingPartyMain {

    private WaitingPartyMain() {
    }

    public static void main(String[] args) {
        PartiesConfig config = PartiesConfig.load(Path.of(args[0]));
        int id = Integer.parseInt(args[1]);
        TlsIdentity identity = TlsIdentity.load(config.tlsDirectory().orElseThrow(), config.party(id).name());
        try (PartyNetwork network = new PartyNetwork(config, id, identity).start()) {
            MpcSession session = MpcSession.start(network);
            System.out.println("STARTED " + id);
            System.out.flush();
            session.inputFromClient(args[2], "never", 1).data();
            System.out.println("RESULT");
        } catch (ProtocolAbortException e) {
            System.out.println("ABORT culprit=" + e.culprit().orElse("-") + " reason=" + e.reason());
            System.out.flush();
            System.exit(3);
        }
        System.exit(0);
    }
}
