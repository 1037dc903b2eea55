package org.veilgrid.mpc.config;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.veilgrid.core.io.LocalFiles;
import org.veilgrid.core.tls.CertificateAuthority;
import org.veilgrid.core.tls.TlsRole;
import org.veilgrid.mpc.field.ShamirScheme;

/**
 * Writes everything a local multi-process run needs into one folder: a fresh CA, one identity per
 * party (and per outside client), and {@code parties.json} pointing at them, with the parties on
 * 127.0.0.1 at consecutive ports. For real deployments each institution keeps its own key and the
 * CA is operated jointly; this is the local stand-in.
 */
public final class LocalSetup {

    private LocalSetup() {
    }

    /**
     * @return the written config (also saved as {@code directory/parties.json})
     */
    public static PartiesConfig write(Path directory, int parties, int firstPort, int timeoutMs, List<String> clients) {
        CertificateAuthority ca = CertificateAuthority.create("Veilgrid MPC local CA");
        Path tls = directory.resolve("tls");
        ca.save(tls);
        List<PartyAddress> list = new ArrayList<>();
        for (int i = 0; i < parties; i++) {
            list.add(new PartyAddress(i, "party-" + i, "127.0.0.1", firstPort + i));
        }
        PartiesConfig config = new PartiesConfig(list, ShamirScheme.maxThreshold(parties),
                new SecureRandom().nextLong(), timeoutMs, Optional.of(Path.of("tls")), clients);
        for (PartyAddress p : list) {
            ca.issue(p.name(), TlsRole.PEER).save(tls);
        }
        for (String c : clients) {
            ca.issue(c, TlsRole.CLIENT).save(tls);
        }
        LocalFiles.write(directory.resolve("parties.json"), config.toJson().getBytes(StandardCharsets.UTF_8), false);
        return PartiesConfig.load(directory.resolve("parties.json"));
    }
}
