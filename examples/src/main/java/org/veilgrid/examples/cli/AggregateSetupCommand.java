package org.veilgrid.examples.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import org.veilgrid.core.io.LocalFiles;
import org.veilgrid.core.tls.CertificateAuthority;
import org.veilgrid.core.tls.TlsRole;
import org.veilgrid.mpc.aggregation.AggregationService;
import org.veilgrid.mpc.aggregation.AggregationCodec;
import org.veilgrid.mpc.aggregation.AggregationParams;
import org.veilgrid.mpc.aggregation.Round;
import org.veilgrid.mpc.aggregation.SeedHomomorphicPrg;
import org.veilgrid.mpc.aggregation.ShareCipher;

/**
 * {@code veil aggregate setup}: everything a local multi-process round needs in one folder: a CA,
 * the server's and each client's TLS identity, each client's X25519 committee key (owner-only
 * files), and round.bin (parameters, a fresh public seed, the committee it selects, the registered
 * clients and the fewest a sum may cover).
 */
@Command(name = "setup", mixinStandardHelpOptions = true,
        description = {"Create a folder with a CA, TLS identities, committee keys and the round for N clients.",
            "LOCAL DEMO ONLY: one folder holds every participant's secret keys. Between institutions, "
                + "each makes its own identity (veil identity init) and all share a roster (veil roster add): docs/deploy.md."})
public final class AggregateSetupCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    LocalDemoOption localDemo;

    @Option(names = "--dir", required = true, description = "Folder to create (must not exist or be empty).")
    Path dir;

    @Option(names = "--clients", defaultValue = "5", description = "Number of clients (default ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--dim", defaultValue = "4", description = "Vector length L (default ${DEFAULT-VALUE}).")
    int dim;

    @Option(names = "--bound", defaultValue = "1000000", description = "Inputs lie in [-bound, bound] (default ${DEFAULT-VALUE}).")
    long bound;

    @Option(names = "--committee", defaultValue = "3", description = "Committee size (default ${DEFAULT-VALUE}).")
    int committee;

    @Option(names = "--threshold", defaultValue = "2", description = "Members needed to unmask (default ${DEFAULT-VALUE}).")
    int threshold;

    @Option(names = "--min-counted", defaultValue = "2",
            description = "The fewest clients a sum may cover (default ${DEFAULT-VALUE}); the round aborts below "
                    + "it. 1 lets a sum be one client's input.")
    int minCounted;

    @Override
    public Integer call() throws Exception {
        localDemo.require();
        if (clients < 1 || clients > 10_000) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--clients must lie in [1, 10000], got " + clients);
        }
        Printable.checkPath("--dir", dir);
        if (Files.exists(dir) && (!Files.isDirectory(dir) || Files.list(dir).findAny().isPresent())) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), dir + " exists and is not an empty folder");
        }
        if (minCounted < 1 || minCounted > clients) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--min-counted must lie in [1, " + clients
                    + "] (the number of clients), got " + minCounted);
        }
        AggregationParams params;
        try {
            params = AggregationParams.of(dim, clients, bound);
        } catch (org.veilgrid.core.errors.ParameterException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        Files.createDirectories(dir);
        CertificateAuthority ca = CertificateAuthority.create();
        ca.save(dir);
        ca.issue(AggregationService.DEFAULT_SERVER_NAME, TlsRole.SERVER).save(dir);
        Map<String, PublicKey> candidates = new LinkedHashMap<>();
        List<String> registered = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            String id = AggregateFiles.clientId(c);
            ca.issue(id, TlsRole.CLIENT).save(dir);
            KeyPair kp = ShareCipher.newKeyPair();
            LocalFiles.write(AggregateFiles.memberKey(dir, id), kp.getPrivate().getEncoded(), true);
            candidates.put(id, kp.getPublic());
            registered.add(id);
        }
        SecureRandom random = new SecureRandom();
        byte[] id = new byte[Round.ID_BYTES];
        byte[] seed = new byte[SeedHomomorphicPrg.SEED_BYTES];
        random.nextBytes(id);
        random.nextBytes(seed);
        Round round;
        try {
            round = new Round(id, seed, params, Round.selectCommittee(seed, candidates, committee), threshold, registered,
                    minCounted);
        } catch (org.veilgrid.core.errors.ParameterException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        LocalFiles.write(AggregateFiles.round(dir), AggregationCodec.encode(round).toByteArray(), false);
        spec.commandLine().getOut().printf(
                "set up %s: %d clients (%s .. %s), L = %d, committee %s (threshold %d), sums over at least %d clients%n",
                dir, clients, AggregateFiles.clientId(0), AggregateFiles.clientId(clients - 1), dim,
                round.committee().stream().map(s -> s.memberId).toList(), threshold, minCounted);
        return Main.EXIT_OK;
    }
}
