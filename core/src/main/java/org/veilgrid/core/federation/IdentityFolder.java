package org.veilgrid.core.federation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.identity.AgentKey;
import org.veilgrid.core.identity.AgentKeyFile;
import org.veilgrid.core.identity.SealingKey;
import org.veilgrid.core.io.LocalFiles;
import org.veilgrid.core.text.SafeText;
import org.veilgrid.core.tls.CertificateFacts;
import org.veilgrid.core.tls.OrganisationPki;
import org.veilgrid.core.tls.SelfSignedIdentity;
import org.veilgrid.core.tls.TlsIdentity;
import org.veilgrid.core.tls.TlsRole;

/**
 * One participant's own folder: its secret keys, which never leave it, and its public card.
 *
 * <pre>
 * tls.key      TLS private key (PKCS#8 PEM, owner-only)     secret
 * tls.pem      its certificate (self-signed, or its organisation's:
 *              leaf first, then intermediates)              public (the leaf is also on the card)
 * agent.key    Ed25519 agent key (PEM, RFC 8410)            secret
 * agent.pub    its public key                               public (also on the card)
 * sealing.key  X25519 key others seal messages to (PEM)     secret
 * card.cose    the card (COSE_Sign1 by agent.key)           public: hand this out
 * </pre>
 *
 * <p>The folder is written whole or not at all (made beside the target and renamed into place),
 * and never over an existing folder with files in it.
 */
public final class IdentityFolder {
    public static final String TLS_KEY = "tls.key";
    public static final String TLS_CERTIFICATE = "tls.pem";
    public static final String AGENT_KEY = "agent.key";
    public static final String AGENT_PUBLIC = "agent.pub";
    public static final String SEALING_KEY = "sealing.key";
    public static final String CARD = "card.cose";
    /** How long a certificate made here is valid. */
    public static final Duration VALIDITY = Duration.ofDays(365);
    private static final int MAX_CARD_BYTES = 16 * 1024;
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

    private final Path folder;
    private final Card card;
    private final TlsIdentity tls;
    private final AgentKey agentKey;
    private final SealingKey sealingKey;

    private IdentityFolder(Path folder, Card card, TlsIdentity tls, AgentKey agentKey, SealingKey sealingKey) {
        this.folder = folder;
        this.card = card;
        this.tls = tls;
        this.agentKey = agentKey;
        this.sealingKey = sealingKey;
    }

    /**
     * Makes a participant's keys and card in {@code folder}.
     *
     * @param host the host others reach it at (the certificate's only name, and the card's)
     * @param port the port it listens on; 0 for a role that does not listen
     * @throws ParameterException if an argument is invalid or the folder exists and is not empty
     */
    public static IdentityFolder init(Path folder, String name, Role role, String host, int port, SecureRandom random) {
        return init(folder, name, role, host, port, List.of(), random);
    }

    /**
     * As {@link #init(Path, String, Role, String, int, SecureRandom)}, with the IP addresses the
     * host is at written on the card, so that peers reach it without resolving its name (e.g.
     * {@code party-0.test} at 127.0.0.2 on one machine, with no DNS entry).
     */
    public static IdentityFolder init(Path folder, String name, Role role, String host, int port,
                                      List<String> addresses, SecureRandom random) {
        return init(folder, name, role, host, port, addresses, null, random);
    }

    /**
     * As {@link #init(Path, String, Role, String, int, List, SecureRandom)}, with a TLS identity
     * the participant's organisation issued (see {@link OrganisationPki#importIdentity}) in place
     * of a self-signed one; {@code null} makes a self-signed one. Its key is written owner-only
     * like a generated one, its chain to {@code tls.pem}, and its leaf goes on the card.
     *
     * @throws ParameterException as the other form, or if {@code imported} is not {@code name}'s,
     *         does not name {@code host}, its extended key usage is not exactly the role's, or
     *         it is not valid now
     */
    public static IdentityFolder init(Path folder, String name, Role role, String host, int port,
                                      List<String> addresses, TlsIdentity imported, SecureRandom random) {
        Objects.requireNonNull(folder, "folder");
        Objects.requireNonNull(role, "role");
        if (Files.exists(folder, LinkOption.NOFOLLOW_LINKS) && !isEmptyDirectory(folder)) {
            throw new ParameterException(LocalFiles.printable(folder) + " already exists and is not empty;"
                    + " an identity is never written over another");
        }
        TlsIdentity tls;
        if (imported == null) {
            tls = SelfSignedIdentity.generate(name, role.tls(), List.of(host), VALIDITY, random);
        } else {
            checkImported(imported, name, role, host, Instant.now());
            tls = imported;
        }
        AgentKey agent = AgentKey.generate(random);
        SealingKey sealing = SealingKey.generate(random);
        Card card = Card.make(new Card.Statement(name, role, host, port, tls.certificate(), agent.publicKey(),
                sealing.publicKey(), Instant.now().getEpochSecond(), addresses), agent);

        Path parent = folder.toAbsolutePath().getParent();
        Path staging;
        try {
            Files.createDirectories(parent);
            staging = Files.createTempDirectory(parent, "." + folder.getFileName() + ".partial-");
        } catch (IOException e) {
            throw new ParameterException("cannot create " + LocalFiles.printable(folder) + " (" + e.getMessage() + ")");
        }
        try {
            tls.saveKeyAndChain(staging.resolve(TLS_KEY), staging.resolve(TLS_CERTIFICATE));
            LocalFiles.writeNew(staging.resolve(AGENT_KEY), AgentKeyFile.encodeSecret(agent), true);
            LocalFiles.writeNew(staging.resolve(AGENT_PUBLIC), AgentKeyFile.encodePublic(agent.publicKey()), false);
            LocalFiles.writeNew(staging.resolve(SEALING_KEY), sealing.toPem(), true);
            LocalFiles.writeNew(staging.resolve(CARD), card.toBytes(), false);
            if (Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
                Files.delete(folder); // empty, checked above
            }
            try {
                Files.move(staging, folder, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(staging, folder);
            }
        } catch (IOException | RuntimeException e) {
            deleteQuietly(staging);
            if (e instanceof RuntimeException r) {
                throw r;
            }
            throw new UncheckedIOException("cannot write " + LocalFiles.printable(folder), (IOException) e);
        }
        return new IdentityFolder(folder, card, tls, agent, sealing);
    }

    /**
     * Checks that an organisation-issued TLS identity can be {@code name}'s as a {@code role} at
     * {@code host}: what a card requires of its certificate, said before a card is made.
     */
    private static void checkImported(TlsIdentity tls, String name, Role role, String host, Instant now) {
        X509Certificate leaf = tls.certificate();
        if (!tls.partyName().equals(name)) {
            throw new ParameterException("the imported certificate is for '" + tls.partyName() + "', not '" + name + "'");
        }
        List<String> hosts = CertificateFacts.hosts(leaf);
        if (hosts.stream().noneMatch(h -> h.equalsIgnoreCase(host))) {
            throw new ParameterException("the imported certificate of '" + name + "' does not name host "
                    + SafeText.abbreviate(host, 64) + " in a DNS or IP subject alternative name (it names: "
                    + (hosts.isEmpty() ? "none" : SafeText.abbreviate(String.join(", ", hosts), 200)) + ")");
        }
        List<String> usages;
        try {
            usages = leaf.getExtendedKeyUsage();
        } catch (java.security.cert.CertificateParsingException e) {
            throw new ParameterException("the imported certificate of '" + name + "' has an unreadable extended key usage");
        }
        usages = usages == null ? List.of() : usages;
        boolean server = usages.contains(SERVER_AUTH);
        boolean client = usages.contains(CLIENT_AUTH);
        String needs = switch (role.tls()) {
            case SERVER -> "serverAuth";
            case CLIENT -> "clientAuth";
            case PEER -> "serverAuth and clientAuth";
        };
        if ((role.tls() != TlsRole.CLIENT && !server) || (role.tls() != TlsRole.SERVER && !client)) {
            throw new ParameterException("the imported certificate of '" + name + "' lacks the extended key usage a "
                    + role.label() + " needs: " + needs);
        }
        if (role.tls() == TlsRole.CLIENT && server) {
            throw new ParameterException("the imported certificate of '" + name + "' also allows serverAuth, which a "
                    + role.label() + " (it only calls) must not have: its holder could stand in for a server");
        }
        if (role.tls() == TlsRole.SERVER && client) {
            throw new ParameterException("the imported certificate of '" + name + "' also allows clientAuth, which a "
                    + role.label() + " (it only answers) must not have: a card's certificate carries exactly its role's usage");
        }
        if (CertificateFacts.role(leaf).orElse(null) != role.tls()) {
            throw new ParameterException("the imported certificate of '" + name + "' has extended key usages besides "
                    + needs + "; a card's certificate carries exactly its role's");
        }
        try {
            leaf.checkValidity(java.util.Date.from(now));
        } catch (java.security.cert.CertificateException e) {
            throw new ParameterException("the imported certificate of '" + name + "' is not valid now (valid "
                    + leaf.getNotBefore().toInstant() + " to " + leaf.getNotAfter().toInstant() + ")");
        }
    }

    /**
     * Reads a folder written by {@link #init} and checks that its secret keys are the card's.
     *
     * @throws ParameterException if a file is missing or the keys are not the card's
     * @throws org.veilgrid.core.errors.MalformedInputException if a file is malformed
     * @throws org.veilgrid.core.errors.VerificationFailedException if the card does not verify
     */
    public static IdentityFolder load(Path folder) {
        Card card = Card.fromBytes(read(folder, CARD, MAX_CARD_BYTES));
        String name = card.name();
        TlsIdentity tls = TlsIdentity.loadKeyAndChain(name, folder.resolve(TLS_KEY), folder.resolve(TLS_CERTIFICATE));
        if (!tls.certificate().equals(card.statement().certificate())) {
            throw new ParameterException(LocalFiles.printable(folder) + ": " + TLS_CERTIFICATE + " is not the card's certificate");
        }
        AgentKey agent = AgentKeyFile.decodeSecret(folder.resolve(AGENT_KEY).toString(),
                read(folder, AGENT_KEY, AgentKeyFile.MAX_LENGTH));
        if (!agent.publicKey().equals(card.statement().agent())) {
            throw new ParameterException(LocalFiles.printable(folder) + ": " + AGENT_KEY + " is not the card's agent key");
        }
        SealingKey sealing = SealingKey.fromPem(folder.resolve(SEALING_KEY).toString(),
                read(folder, SEALING_KEY, SealingKey.MAX_FILE_BYTES));
        if (!sealing.publicKey().equals(card.statement().sealing())) {
            throw new ParameterException(LocalFiles.printable(folder) + ": " + SEALING_KEY + " is not the card's sealing key");
        }
        return new IdentityFolder(folder, card, tls, agent, sealing);
    }

    /**
     * Loads the folder for the process that is meant to be {@code expectedName}.
     *
     * @throws ParameterException if the folder is another participant's
     */
    public static IdentityFolder load(Path folder, String expectedName) {
        IdentityFolder f = load(folder);
        if (!f.card.name().equals(expectedName)) {
            throw new ParameterException(LocalFiles.printable(folder) + " is the identity of '" + f.card.name()
                    + "', not of '" + expectedName + "'");
        }
        return f;
    }

    public Path folder() {
        return folder;
    }

    public Card card() {
        return card;
    }

    /** The TLS identity, trusting only itself until a roster is applied ({@link Roster#trust}). */
    public TlsIdentity tls() {
        return tls;
    }

    public AgentKey agentKey() {
        return agentKey;
    }

    public SealingKey sealingKey() {
        return sealingKey;
    }

    @Override
    public String toString() {
        return "IdentityFolder(" + card + ", secrets hidden)";
    }

    private static byte[] read(Path folder, String file, int max) {
        Path p = folder.resolve(file);
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            throw new ParameterException(LocalFiles.printable(folder) + " has no " + file
                    + " (make an identity with `veil identity init`)");
        }
        return LocalFiles.readBounded(p, max);
    }

    private static boolean isEmptyDirectory(Path p) {
        if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(p)) {
            return !s.iterator().hasNext();
        } catch (IOException e) {
            return false;
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort: a partial folder is named .partial-… and is never read
                }
            });
        } catch (IOException ignored) {
            // as above
        }
    }
}
