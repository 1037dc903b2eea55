package org.veilgrid.core.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.IPAddress;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.errors.VerificationFailedException;

/**
 * A local, self-signed certificate authority that issues per-party TLS identities.
 *
 * <p>Real deployments between institutions bring their own PKI; for local runs, demos and tests
 * Veilgrid needs certificates with no set-up, so {@code veil} mints them here with BouncyCastle.
 * Keys are ECDSA P-256 and certificates are signed with SHA256withECDSA, because every TLS stack
 * on the path (the JDK, netty's BoringSSL, openssl, browsers) accepts them. Each issued
 * certificate carries the extended key usage of its holder's {@link TlsRole} (serverAuth for a
 * server, clientAuth for a client, both for an MPC party that is both), and the SANs
 * {@code localhost} and {@code 127.0.0.1} so that loopback runs pass hostname verification. The
 * SANs say nothing about <em>who</em> a server is; clients check that with the CN (see
 * {@link MutualTls#channel(String, int, TlsIdentity, String)}).
 *
 * <p>A CA can be {@linkplain #save(Path) saved} to and {@linkplain #load(Path) loaded} from a
 * directory as {@code ca.pem} and {@code ca.key}; identities go next to it as
 * {@code <party>.pem} and {@code <party>.key} (see {@link TlsIdentity#save(Path)}).
 */
public final class CertificateAuthority {

    /** How long a CA certificate is valid unless told otherwise; outlives the leaves it issues. */
    public static final Duration DEFAULT_CA_VALIDITY = Duration.ofDays(3650);

    /** How long an issued party certificate is valid unless told otherwise. */
    public static final Duration DEFAULT_VALIDITY = Duration.ofDays(365);

    /** Subject alternative names every issued certificate carries, for loopback runs. */
    public static final List<String> DEFAULT_SANS = List.of("localhost", "127.0.0.1");

    /** The CN of a CA created without a name. */
    public static final String DEFAULT_NAME = "Veilgrid local CA";

    private static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";
    private static final String CURVE = "secp256r1";

    /** Back-dates notBefore so that peers whose clocks lag a little still accept a fresh cert. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private static final Pattern DNS_NAME = Pattern.compile(
            "[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");

    private final PrivateKey key;
    private final X509Certificate certificate;
    private final String name;
    private final SecureRandom random;

    private CertificateAuthority(PrivateKey key, X509Certificate certificate, String name,
                                 SecureRandom random) {
        this.key = key;
        this.certificate = certificate;
        this.name = name;
        this.random = random;
    }

    /** Creates a CA named {@value #DEFAULT_NAME}, valid for {@link #DEFAULT_CA_VALIDITY}. */
    public static CertificateAuthority create() {
        return create(DEFAULT_NAME, DEFAULT_CA_VALIDITY);
    }

    /** Creates a CA with the given CN, valid for {@link #DEFAULT_CA_VALIDITY}. */
    public static CertificateAuthority create(String name) {
        return create(name, DEFAULT_CA_VALIDITY);
    }

    /**
     * Creates a CA with a fresh P-256 key from {@link SecureRandom} and a self-signed certificate.
     *
     * @param name     the CA's common name (1 to 64 characters)
     * @param validity how long the CA certificate is valid; positive
     * @throws ParameterException if the name is empty or too long, or the validity not positive
     */
    public static CertificateAuthority create(String name, Duration validity) {
        if (name == null || name.isBlank() || name.length() > 64) {
            throw new ParameterException("CA name must be 1 to 64 characters, got "
                    + (name == null ? "null" : name.length() + " characters"));
        }
        checkValidity(validity);
        SecureRandom random = new SecureRandom();
        KeyPair pair = generateKeyPair(random);
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, name).build();
        Instant now = Instant.now();
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                    randomSerial(random), Date.from(now.minus(CLOCK_SKEW)),
                    Date.from(now.plus(validity)), subject, pair.getPublic())
                    // Path length 0: this CA signs party certificates, never other CAs.
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true,
                            new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            utils.createSubjectKeyIdentifier(pair.getPublic()));
            X509Certificate certificate = sign(builder, pair.getPrivate());
            return new CertificateAuthority(pair.getPrivate(), certificate, name, random);
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot build the CA certificate", e);
        }
    }

    /**
     * Loads a CA saved by {@link #save(Path)} from {@code ca.pem} and {@code ca.key}.
     *
     * @throws org.veilgrid.core.errors.MalformedInputException if a file is not valid PEM of the
     *         expected kind
     * @throws ParameterException if a file is missing, the certificate is not a CA certificate or
     *         the key does not belong to it
     * @throws VerificationFailedException if the certificate's self-signature does not verify
     */
    public static CertificateAuthority load(Path directory) {
        Path certificateFile = directory.resolve(TlsIdentity.CA_FILE_STEM + ".pem");
        Path keyFile = directory.resolve(TlsIdentity.CA_FILE_STEM + ".key");
        List<X509Certificate> certificates = PemFiles.readCertificates(certificateFile);
        if (certificates.size() != 1) {
            throw new ParameterException(certificateFile
                    + ": expected exactly one CA certificate but found " + certificates.size());
        }
        X509Certificate certificate = certificates.get(0);
        PrivateKey key = PemFiles.readPrivateKey(keyFile);
        if (certificate.getBasicConstraints() < 0) {
            throw new ParameterException(certificateFile + " is not a CA certificate");
        }
        try {
            certificate.verify(certificate.getPublicKey());
        } catch (GeneralSecurityException e) {
            throw new VerificationFailedException(certificateFile
                    + ": self-signature of the CA certificate does not verify", e);
        }
        if (!Certificates.keyMatches(key, certificate.getPublicKey())) {
            throw new ParameterException(keyFile + " does not belong to " + certificateFile);
        }
        String name = Certificates.commonName(certificate).orElse(DEFAULT_NAME);
        return new CertificateAuthority(key, certificate, name, new SecureRandom());
    }

    /**
     * Writes {@code ca.pem} and {@code ca.key} (owner-readable only where supported) into
     * {@code directory}, creating it if needed.
     *
     * @throws ParameterException if the directory already holds a different CA: overwriting it
     *         would orphan the party certificates issued by that CA
     */
    public void save(Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + directory, e);
        }
        Path certificateFile = directory.resolve(TlsIdentity.CA_FILE_STEM + ".pem");
        if (Files.exists(certificateFile)) {
            List<X509Certificate> existing = PemFiles.readCertificates(certificateFile);
            if (existing.size() != 1 || !Certificates.sameCertificate(existing.get(0), certificate)) {
                throw new ParameterException(certificateFile
                        + " already holds a different CA; remove it or choose another directory");
            }
        }
        PemFiles.writeCertificates(certificateFile, List.of(certificate));
        PemFiles.writePrivateKey(directory.resolve(TlsIdentity.CA_FILE_STEM + ".key"), key);
    }

    /**
     * Issues an identity for {@code partyName} in the {@link TlsRole#PEER} role (a party that both
     * serves and calls), with the default SANs and validity.
     */
    public TlsIdentity issue(String partyName) {
        return issue(partyName, TlsRole.PEER, List.of(), DEFAULT_VALIDITY);
    }

    /** Issues an identity for {@code partyName} in {@code role}, with the default SANs and validity. */
    public TlsIdentity issue(String partyName, TlsRole role) {
        return issue(partyName, role, List.of(), DEFAULT_VALIDITY);
    }

    /**
     * Issues an identity for {@code partyName} in {@code role}, valid for {@link #DEFAULT_VALIDITY}.
     *
     * @param extraSans DNS names or IP literals to add to {@link #DEFAULT_SANS}
     */
    public TlsIdentity issue(String partyName, TlsRole role, List<String> extraSans) {
        return issue(partyName, role, extraSans, DEFAULT_VALIDITY);
    }

    /**
     * Issues an identity for {@code partyName}: a fresh P-256 key and a certificate with subject
     * {@code CN=<partyName>}, signed by this CA, with the extended key usage of {@code role} only,
     * trusting this CA. The certificate never outlives the CA's own: its expiry is capped at the
     * CA's.
     *
     * @param partyName the party's name (see {@link TlsIdentity} for the allowed alphabet)
     * @param role      what the holder does in TLS: serve, call, or both
     * @param extraSans DNS names or IP literals to add to {@link #DEFAULT_SANS}
     * @param validity  how long the certificate is valid; positive
     * @throws ParameterException if the name, a SAN or the validity is invalid, or the CA expired
     */
    public TlsIdentity issue(String partyName, TlsRole role, List<String> extraSans, Duration validity) {
        TlsIdentity.checkPartyName(partyName);
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(extraSans, "extraSans");
        checkValidity(validity);
        Instant now = Instant.now();
        Instant caExpiry = certificate.getNotAfter().toInstant();
        if (!caExpiry.isAfter(now)) {
            throw new ParameterException("CA '" + name + "' expired at " + caExpiry);
        }
        Instant notAfter = now.plus(validity).isAfter(caExpiry) ? caExpiry : now.plus(validity);

        KeyPair pair = generateKeyPair(random);
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, partyName).build();
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    new JcaX509CertificateHolder(certificate).getSubject(), randomSerial(random),
                    Date.from(now.minus(CLOCK_SKEW)), Date.from(notAfter), subject, pair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(role.purposes()))
                    .addExtension(Extension.subjectAlternativeName, false, subjectAltNames(extraSans))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            utils.createSubjectKeyIdentifier(pair.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            utils.createAuthorityKeyIdentifier(certificate));
            X509Certificate leaf = sign(builder, key);
            return new TlsIdentity(partyName, pair.getPrivate(), List.of(leaf, certificate), certificate);
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot build the certificate of party '" + partyName + "'", e);
        }
    }

    /** The CA's self-signed certificate, which every party trusts. */
    public X509Certificate certificate() {
        return certificate;
    }

    /** The CA's common name. */
    public String name() {
        return name;
    }

    /** Name, serial and expiry only; never the key. */
    @Override
    public String toString() {
        return "CertificateAuthority[name=" + name
                + ", serial=" + certificate.getSerialNumber().toString(16)
                + ", notAfter=" + certificate.getNotAfter().toInstant() + "]";
    }

    private static GeneralNames subjectAltNames(List<String> extraSans) {
        Set<String> all = new LinkedHashSet<>(DEFAULT_SANS);
        all.addAll(extraSans);
        return hostNames(all);
    }

    /** Each name as a DNS-name or IP-address SAN entry. */
    static GeneralNames hostNames(Set<String> all) {
        GeneralName[] names = new GeneralName[all.size()];
        int i = 0;
        for (String san : all) {
            if (san != null && (IPAddress.isValidIPv4(san) || IPAddress.isValidIPv6(san))) {
                names[i++] = new GeneralName(GeneralName.iPAddress, san);
            } else if (san != null && san.length() <= 253 && DNS_NAME.matcher(san).matches()) {
                names[i++] = new GeneralName(GeneralName.dNSName, san);
            } else {
                throw new ParameterException("subject alternative name '" + san
                        + "' is neither a DNS name nor an IP address");
            }
        }
        return new GeneralNames(names);
    }

    static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signingKey)
            throws GeneralSecurityException {
        try {
            ContentSigner signer = new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).build(signingKey);
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("cannot create a " + SIGNATURE_ALGORITHM + " signer", e);
        }
    }

    static KeyPair generateKeyPair(SecureRandom random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(CURVE), random);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot generate " + CURVE + " keys", e);
        }
    }

    /** 126 random bits, top bit set: positive, unique in practice and within RFC 5280's 20 octets. */
    static BigInteger randomSerial(SecureRandom random) {
        return new BigInteger(126, random).setBit(125);
    }

    static void checkValidity(Duration validity) {
        if (validity == null || validity.isNegative() || validity.isZero()) {
            throw new ParameterException("validity must be a positive duration, got " + validity);
        }
    }
}
