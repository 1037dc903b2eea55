package org.veilgrid.core.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

import org.veilgrid.core.errors.ParameterException;

/**
 * What one party needs to speak mutual TLS: its name, its private key, its certificate chain
 * (leaf first) and the certificates it trusts for the other parties — one CA that vouches for
 * them all, or (with no CA) exactly the other parties' own pinned certificates.
 *
 * <p>The party name is the leaf certificate's subject CN, which is how a server learns who is
 * calling (see {@link PeerIdentity}). Immutable. {@link #toString()} never prints the private key,
 * so an identity can be logged safely.
 */
public final class TlsIdentity {

    /**
     * Party names become file names ({@code <party>.pem}) and certificate CNs, so they are kept to
     * a portable, unambiguous alphabet.
     */
    private static final Pattern PARTY_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    /** The CA's own file stem; a party with this name would overwrite the CA's files. */
    static final String CA_FILE_STEM = "ca";

    private final String partyName;
    private final PrivateKey privateKey;
    private final List<X509Certificate> certificateChain;
    private final List<X509Certificate> trustAnchors;
    /** CAs that must also have issued a peer's certificate (the CA mode); empty: pinning alone. */
    private final List<X509Certificate> authorities;

    /**
     * @param partyName        the party's name; must equal the leaf certificate's subject CN
     * @param privateKey       the private key of the leaf certificate
     * @param certificateChain the party's chain, leaf first (usually leaf then its CA)
     * @param trustedCa        the CA whose certificates this party accepts from peers
     * @throws ParameterException if the name is not a valid party name, the chain is empty, the
     *                            leaf's CN differs from the name, or the key is not the leaf's
     */
    public TlsIdentity(String partyName, PrivateKey privateKey,
                       List<X509Certificate> certificateChain, X509Certificate trustedCa) {
        this(partyName, privateKey, certificateChain, List.of(Objects.requireNonNull(trustedCa, "trustedCa")));
    }

    /**
     * @param partyName        the party's name; must equal the leaf certificate's subject CN
     * @param privateKey       the private key of the leaf certificate
     * @param certificateChain the party's chain, leaf first
     * @param trustAnchors     the certificates this party accepts peers by: a CA's, or the
     *                         peers' own self-signed certificates (pinned); not empty
     * @throws ParameterException as for the CA form, or if no trust anchor is given
     */
    public TlsIdentity(String partyName, PrivateKey privateKey,
                       List<X509Certificate> certificateChain, List<X509Certificate> trustAnchors) {
        this(partyName, privateKey, certificateChain, trustAnchors, List.of());
    }

    private TlsIdentity(String partyName, PrivateKey privateKey, List<X509Certificate> certificateChain,
                        List<X509Certificate> trustAnchors, List<X509Certificate> authorities) {
        this.authorities = List.copyOf(Objects.requireNonNull(authorities, "authorities"));
        for (X509Certificate ca : this.authorities) {
            OrganisationPki.checkAuthority(ca, "a CA trusted by '" + partyName + "'");
        }
        this.partyName = checkPartyName(partyName);
        this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
        this.certificateChain = List.copyOf(Objects.requireNonNull(certificateChain, "certificateChain"));
        this.trustAnchors = List.copyOf(Objects.requireNonNull(trustAnchors, "trustAnchors"));
        if (this.trustAnchors.isEmpty()) {
            throw new ParameterException("party '" + partyName + "' trusts no certificate");
        }
        if (this.certificateChain.isEmpty()) {
            throw new ParameterException("certificate chain of party '" + partyName + "' is empty");
        }
        String cn = Certificates.commonName(certificate()).orElse("");
        if (!cn.equals(partyName)) {
            throw new ParameterException("party name '" + partyName
                    + "' does not match its certificate's CN '" + cn + "'");
        }
        if (!Certificates.keyMatches(privateKey, certificate().getPublicKey())) {
            throw new ParameterException("private key of party '" + partyName
                    + "' does not belong to its certificate");
        }
    }

    /**
     * Reads {@code <party>.pem}, {@code <party>.key} and {@code ca.pem} from {@code directory}, as
     * written by {@link #save(Path)}.
     *
     * @throws org.veilgrid.core.errors.MalformedInputException if a file is not valid PEM of the
     *         expected kind
     * @throws ParameterException if a file is missing or the files do not belong together
     */
    public static TlsIdentity load(Path directory, String partyName) {
        checkPartyName(partyName);
        List<X509Certificate> chain = PemFiles.readCertificates(directory.resolve(partyName + ".pem"));
        PrivateKey key = PemFiles.readPrivateKey(directory.resolve(partyName + ".key"));
        List<X509Certificate> cas = PemFiles.readCertificates(directory.resolve(CA_FILE_STEM + ".pem"));
        if (cas.size() != 1) {
            throw new ParameterException(directory.resolve(CA_FILE_STEM + ".pem")
                    + ": expected exactly one CA certificate but found " + cas.size());
        }
        return new TlsIdentity(partyName, key, chain, cas.get(0));
    }

    /**
     * Writes {@code <party>.pem} (the chain), {@code <party>.key} (owner-readable only where
     * supported) and, if absent, {@code ca.pem} (the trusted CA) into {@code directory}, creating
     * it if needed. An existing {@code ca.pem} must be this identity's trusted CA, so that saving a
     * party next to its CA works but saving it next to a different CA fails instead of silently
     * changing whom the other parties in that directory trust.
     *
     * @throws ParameterException if {@code ca.pem} exists and holds a different certificate
     */
    public void save(Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + directory, e);
        }
        Path caFile = directory.resolve(CA_FILE_STEM + ".pem");
        if (Files.exists(caFile)) {
            List<X509Certificate> existing = PemFiles.readCertificates(caFile);
            if (existing.size() != 1 || !Certificates.sameCertificate(existing.get(0), trustedCa())) {
                throw new ParameterException(caFile + " holds a different CA than the one party '"
                        + partyName + "' trusts");
            }
        } else {
            PemFiles.writeCertificates(caFile, List.of(trustedCa()));
        }
        PemFiles.writeCertificates(directory.resolve(partyName + ".pem"), certificateChain);
        PemFiles.writePrivateKey(directory.resolve(partyName + ".key"), privateKey);
    }

    /**
     * Writes the private key to {@code keyFile} (PKCS#8 PEM, owner-only where supported) and the
     * chain to {@code chainFile}: a participant's own TLS files, with no CA beside them.
     */
    public void saveKeyAndChain(Path keyFile, Path chainFile) {
        PemFiles.writePrivateKey(keyFile, privateKey);
        PemFiles.writeCertificates(chainFile, certificateChain);
    }

    /**
     * Reads files written by {@link #saveKeyAndChain}. The identity trusts only its own
     * certificate until it is given its peers' ({@link #trusting}).
     *
     * @throws org.veilgrid.core.errors.MalformedInputException if a file is not valid PEM of its kind
     * @throws ParameterException if the name is not the certificate's or the key not its key
     */
    public static TlsIdentity loadKeyAndChain(String partyName, Path keyFile, Path chainFile) {
        List<X509Certificate> chain = PemFiles.readCertificates(chainFile);
        PrivateKey key = PemFiles.readPrivateKey(keyFile);
        if (chain.isEmpty()) {
            throw new ParameterException(chainFile + " holds no certificate");
        }
        return new TlsIdentity(partyName, key, chain, List.of(chain.get(0)));
    }

    /** The party's name, as in the leaf certificate's CN. */
    public String partyName() {
        return partyName;
    }

    /**
     * The private key. Handle with care: never log it, never put it in an exception message.
     */
    public PrivateKey privateKey() {
        return privateKey;
    }

    /** The certificate chain, leaf first; unmodifiable. */
    public List<X509Certificate> certificateChain() {
        return certificateChain;
    }

    /** The leaf certificate. */
    public X509Certificate certificate() {
        return certificateChain.get(0);
    }

    /**
     * The CA this party trusts to have issued its peers' certificates.
     *
     * @throws IllegalStateException if the identity trusts pinned certificates rather than one CA
     */
    public X509Certificate trustedCa() {
        if (trustAnchors.size() != 1) {
            throw new IllegalStateException("party '" + partyName + "' trusts " + trustAnchors.size()
                    + " pinned certificates, not one CA");
        }
        return trustAnchors.get(0);
    }

    /** Every certificate this party accepts peers by (a CA, or the peers' pinned ones); unmodifiable. */
    public List<X509Certificate> trustAnchors() {
        return trustAnchors;
    }

    /** The same key and chain, trusting exactly {@code anchors} instead (e.g. a roster's certificates). */
    public TlsIdentity trusting(List<X509Certificate> anchors) {
        return new TlsIdentity(partyName, privateKey, certificateChain, anchors);
    }

    /**
     * The same key and chain, trusting exactly the {@code pinned} certificates, and of those only
     * the ones that one of {@code authorities} issued and that are valid at the moment of each
     * handshake (the CA mode: see {@link OrganisationPki}). With no authorities this is
     * {@link #trusting(List)}.
     *
     * @throws ParameterException if an authority is not a CA certificate
     */
    public TlsIdentity trusting(List<X509Certificate> pinned, List<X509Certificate> authorities) {
        return new TlsIdentity(partyName, privateKey, certificateChain, pinned, authorities);
    }

    /** The CAs a peer's certificate must also be issued by; empty when pinning alone decides. */
    public List<X509Certificate> authorities() {
        return authorities;
    }

    /** Names, serial and expiry only, so that identities can be logged without leaking the key. */
    @Override
    public String toString() {
        X509Certificate leaf = certificate();
        return "TlsIdentity[party=" + partyName
                + ", subject=" + leaf.getSubjectX500Principal().getName()
                + ", issuer=" + leaf.getIssuerX500Principal().getName()
                + ", serial=" + leaf.getSerialNumber().toString(16)
                + ", notAfter=" + leaf.getNotAfter().toInstant()
                + (trustAnchors.size() == 1 ? ", trustedCa=" + trustAnchors.get(0).getSubjectX500Principal().getName()
                        : ", trusted=" + trustAnchors.size() + " pinned certificates")
                + (authorities.isEmpty() ? "" : ", issued by one of " + authorities.size() + " CA(s)")
                + ", key=" + privateKey.getAlgorithm() + " (hidden)]";
    }

    /**
     * Checks that {@code name} can be a party name.
     *
     * @return {@code name}
     * @throws ParameterException if it cannot
     */
    public static String checkPartyName(String name) {
        if (name == null || !PARTY_NAME.matcher(name).matches()) {
            throw new ParameterException("invalid party name '" + org.veilgrid.core.text.SafeText.abbreviate(
                    String.valueOf(name), 80) + "': use 1 to 64 letters, "
                    + "digits, '.', '_' or '-', starting with a letter or digit");
        }
        if (name.equalsIgnoreCase(CA_FILE_STEM)) {
            throw new ParameterException("party name '" + name + "' is reserved for the CA's files");
        }
        return name;
    }
}
