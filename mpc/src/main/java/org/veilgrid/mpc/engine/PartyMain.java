package org.veilgrid.mpc.engine;

import java.nio.file.Path;
import java.util.Arrays;

import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.errors.ProtocolAbortException;
import org.veilgrid.core.errors.VeilException;
import org.veilgrid.core.tls.TlsIdentity;
import org.veilgrid.mpc.config.PartiesConfig;
import org.veilgrid.mpc.net.PartyNetwork;

/**
 * One party as a process of its own: loads the config and its TLS identity from disk, starts
 * its server, runs {@link SampleComputation} with its quantities and prints one result line.
 * {@code veil mpc party} is the friendly front end; this entry point lets tests start parties as
 * separate JVMs with nothing but the module's class path.
 *
 * <p>Usage: {@code PartyMain <config.json> <id> <q1,q2,...> <threshold> [warm-up rounds]}.
 * Prints {@code RESULT ...} and exits 0, or prints {@code ABORT culprit=<name> ...} and exits 3,
 * or {@code ERROR ...} and exits 2.
 */
public final class PartyMain {

    private PartyMain() {
    }

    /** Runs party {@code id} of the config file's run and returns what it learns. */
    public static SampleComputation.Result runParty(PartiesConfig config, int id, long[] quantities, long threshold,
                                                    int warmUpRounds, Runnable started) {
        Path tls = config.tlsDirectory().orElseThrow(() ->
                new ParameterException("the config has no tls_dir; a party needs its certificate and key"));
        TlsIdentity identity = TlsIdentity.load(tls, config.party(id).name());
        return runParty(new PartyNetwork(config, id, identity), quantities, threshold, warmUpRounds, started);
    }

    /**
     * Runs the sample computation on {@code network} (not yet started; e.g. from
     * {@link PartyNetwork#ofRoster}) and returns what this party learns; closes the network.
     */
    public static SampleComputation.Result runParty(PartyNetwork unstarted, long[] quantities, long threshold,
                                                    int warmUpRounds, Runnable started) {
        try (PartyNetwork network = unstarted.start()) {
            MpcSession session = MpcSession.start(network);
            started.run();
            // Optional chain of dependent multiplications, one round each (used to keep a run busy).
            Shared x = session.constant(1);
            for (int r = 0; r < warmUpRounds; r++) {
                x = x.mul(session.constant(1));
                x.data();
            }
            SampleComputation.Result result = SampleComputation.run(session, quantities, threshold);
            session.finish();
            return result;
        }
    }

    public static void main(String[] args) {
        try {
            if (args.length < 4) {
                throw new ParameterException("usage: PartyMain <config.json> <id> <q1,q2,...> <threshold> [warm-up rounds]");
            }
            PartiesConfig config = PartiesConfig.load(Path.of(args[0]));
            int id = Integer.parseInt(args[1]);
            long[] q = Arrays.stream(args[2].split(",")).mapToLong(Long::parseLong).toArray();
            long threshold = Long.parseLong(args[3]);
            int warmUp = args.length > 4 ? Integer.parseInt(args[4]) : 0;
            SampleComputation.Result r = runParty(config, id, q, threshold, warmUp,
                    () -> System.out.println("STARTED " + id));
            System.out.println("RESULT levelsAtLeast=" + r.levelsAtLeast() + " maxTotal=" + r.maxTotal()
                    + " agree=" + r.levelsWhere0And1Agree()
                    + (r.totals() == null ? "" : " totals=" + Arrays.toString(r.totals()).replace(" ", "")));
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
