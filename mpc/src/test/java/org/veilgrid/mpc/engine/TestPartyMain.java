package org.veilgrid.mpc.engine;

import java.nio.file.Path;
import java.util.Arrays;

import org.veilgrid.core.errors.ProtocolAbortException;
import org.veilgrid.core.errors.VeilException;
import org.veilgrid.core.tls.TlsIdentity;
import org.veilgrid.mpc.config.PartiesConfig;
import org.veilgrid.mpc.net.PartyNetwork;

/**
 * Test process: one party of {@link TestProgram} in a JVM of its own, configured from files on
 * disk (parties.json and its TLS folder), with nothing but the module's class path.
 *
 * <p>Usage: {@code TestPartyMain <config.json> <id> <q1,q2,...> <threshold> [warm-up rounds]}.
 * Prints {@code STARTED <id>} once its session is open, then {@code RESULT <TestProgram line>} and
 * exits 0, or {@code ABORT culprit=<name or -> reason=...} and exits 3, or {@code ERROR ...} and
 * exits 2. Warm-up rounds are a chain of dependent multiplications, one round each, that keep a
 * run busy long enough to kill a party in the middle of it.
 */
public final class TestPartyMain {

    private TestPartyMain() {
    }

    public static void main(String[] args) {
        try {
            PartiesConfig config = PartiesConfig.load(Path.of(args[0]));
            int id = Integer.parseInt(args[1]);
            long[] quantities = Arrays.stream(args[2].split(",")).mapToLong(Long::parseLong).toArray();
            long threshold = Long.parseLong(args[3]);
            int warmUp = args.length > 4 ? Integer.parseInt(args[4]) : 0;
            TlsIdentity identity = TlsIdentity.load(config.tlsDirectory().orElseThrow(), config.party(id).name());
            TestProgram.Result result;
            try (PartyNetwork network = new PartyNetwork(config, id, identity).start()) {
                MpcSession session = MpcSession.start(network);
                System.out.println("STARTED " + id);
                System.out.flush();
                Shared x = session.constant(1);
                for (int r = 0; r < warmUp; r++) {
                    x = x.mul(session.constant(1));
                    x.data();
                }
                result = TestProgram.run(session, quantities, threshold);
                session.finish();
            }
            System.out.println("RESULT " + result.line());
            System.out.flush();
            System.exit(0);
        } catch (ProtocolAbortException e) {
            System.out.println("ABORT culprit=" + e.culprit().orElse("-") + " reason=" + e.reason());
            System.out.flush();
            System.exit(3);
        } catch (VeilException | NumberFormatException e) {
            System.out.println("ERROR " + e.getMessage());
            System.out.flush();
            System.exit(2);
        }
    }
}
