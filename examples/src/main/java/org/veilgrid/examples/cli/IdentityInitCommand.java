package org.veilgrid.examples.cli;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.federation.Card;
import org.veilgrid.core.federation.IdentityFolder;
import org.veilgrid.core.federation.Role;
import org.veilgrid.core.text.SafeText;
import org.veilgrid.core.tls.OrganisationPki;
import org.veilgrid.core.tls.TlsIdentity;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code veil identity init}: makes one participant's keys and card, locally. */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = {"Make this participant's identity in its own folder: a TLS key and self-signed certificate"
                + " naming HOST (or, with --tls-cert/--tls-key, the certificate its organisation's CA issued), an Ed25519 agent key and an X25519 sealing key (all secret, owner-only), and"
                + " card.cose, the public card (name, role, host:port, certificate, public keys) signed by the agent"
                + " key. Hand out only card.cose; nothing else leaves the folder.",
            "Roles: compute-party, institution, aggregation-server, aggregation-unmasker, aggregation-client,"
                + " committee-member, grid-node, grid-client."})
public final class IdentityInitCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--name", required = true, description = "The participant's name (1-64 letters, digits, . _ -).")
    String name;

    @Option(names = "--role", required = true, description = "What it does in the federation (see above).")
    String role;

    @Option(names = "--host", required = true, description = "The host name or IP address others reach it at.")
    String host;

    @Option(names = "--port", description = "The port it listens on (required for roles that listen).")
    Integer port;

    @Option(names = "--address", paramLabel = "IP", description = {"An IP address HOST is at, written on the card",
        "(repeatable, at most 4): peers connect to it without looking HOST up, and TLS still checks HOST."})
    java.util.List<String> addresses = new java.util.ArrayList<>();

    @Option(names = "--tls-cert", paramLabel = "CERT.pem", description = {"Use this certificate, issued by your"
            + " organisation's CA, instead of a self-signed one (PEM: the participant's certificate first, then any",
        "intermediates). Its subject CN must be NAME, a DNS or IP SAN must be HOST, its extended key usage exactly the"
            + " role's, and it must be valid now. Needs --tls-key."})
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "KEY.pem", description = "The private key of --tls-cert (unencrypted"
            + " PEM); copied owner-only into the folder.")
    Path tlsKey;

    @Option(names = "--out", description = "The identity folder to create (default: ./NAME); never overwritten.")
    Path out;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() {
        Role r = Role.of(role);
        if (r.listens() && port == null) {
            throw new ParameterException("--port is required for a " + r.label() + " (it listens)");
        }
        if (!r.listens() && port != null) {
            throw new ParameterException("a " + r.label() + " does not listen: drop --port");
        }
        if ((tlsCert == null) != (tlsKey == null)) {
            throw new ParameterException("--tls-cert and --tls-key go together: give both (an organisation-issued"
                    + " certificate and its key) or neither (a self-signed certificate is made)");
        }
        Path folder = Printable.checkPath("--out", out == null ? Path.of(name) : out);
        TlsIdentity imported = tlsCert == null ? null : OrganisationPki.importIdentity(name,
                Printable.checkPath("--tls-cert", tlsCert), Printable.checkPath("--tls-key", tlsKey), Instant.now());
        IdentityFolder id = IdentityFolder.init(folder, name, r, host, port == null ? 0 : port, addresses, imported,
                new SecureRandom());
        Card.Statement s = id.card().statement();
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", s.name());
            m.put("role", s.role().label());
            m.put("host", s.host());
            m.put("port", s.port());
            m.put("addresses", s.addresses());
            m.put("folder", folder.toString());
            m.put("card", folder.resolve(IdentityFolder.CARD).toString());
            m.put("fingerprint", id.card().fingerprint());
            m.put("certificateIssuer", imported == null ? "self-signed"
                    : SafeText.escape(s.certificate().getIssuerX500Principal().getName()));
            spec.commandLine().getOut().println(Json.pretty(m));
        } else {
            spec.commandLine().getOut().printf("%s (%s at %s%s): identity in %s; hand out %s%nfingerprint %s%n",
                    s.name(), s.role().label(), s.host(), s.port() == 0 ? "" : ":" + s.port(), folder,
                    folder.resolve(IdentityFolder.CARD), id.card().fingerprint());
            if (imported != null) {
                spec.commandLine().getOut().printf("certificate issued by %s%n",
                        SafeText.abbreviate(s.certificate().getIssuerX500Principal().getName(), 200));
            }
        }
        return Main.EXIT_OK;
    }
}
