package org.veilgrid.core.tls;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.io.LocalFiles;
import org.veilgrid.core.text.SafeText;

/**
 * The optional CA mode, for organisations with their own PKI: a participant's TLS certificate
 * issued by its organisation's CA instead of made by itself, and the check that a certificate
 * was issued by one of a roster's CAs.
 *
 * <p>Pinning stays in this mode: a peer's certificate must still be exactly the one on its card.
 * The CA check comes on top, so that an organisation's own policy (its CA, its validity periods)
 * is enforced too — a certificate its CA stopped vouching for by expiry is refused even though
 * the roster still pins it.
 *
 * <p>Paths are one step long: a participant's certificate must be issued directly by a
 * certificate the roster lists. An organisation whose participants' certificates come from an
 * issuing (intermediate) CA lists that issuing CA; it is trusted as an anchor in its own right.
 * No revocation lists are fetched (the participants may have no route to them); an organisation
 * withdraws a certificate by having it taken off the roster.
 */
public final class OrganisationPki {
    /** Most certificates in an imported chain file (the leaf and its intermediates). */
    public static final int MAX_CHAIN = 8;

    private OrganisationPki() {
    }

    /**
     * Reads an organisation-issued certificate (PEM: the leaf first, then optionally the
     * intermediates it chains through) and its private key, and checks that they belong together
     * and to {@code name}: the key is the leaf's, the leaf's subject CN is {@code name}, the leaf
     * is not a CA certificate, is valid at {@code now}, fits on a card, and each further
     * certificate issued the one before it. Whether the certificate suits a role and host is the
     * caller's to check (see {@code IdentityFolder}).
     *
     * @return the identity, trusting only its own certificate until a roster is applied
     * @throws MalformedInputException if a file is not PEM of its kind, or too large
     * @throws ParameterException if a file is missing or any check above fails
     */
    public static TlsIdentity importIdentity(String name, Path chainFile, Path keyFile, Instant now) {
        TlsIdentity.checkPartyName(name);
        Objects.requireNonNull(now, "now");
        String chainWhere = LocalFiles.printable(chainFile);
        List<X509Certificate> chain = PemFiles.readCertificates(chainFile);
        if (chain.size() > MAX_CHAIN) {
            throw new ParameterException(chainWhere + " holds " + chain.size() + " certificates; at most "
                    + MAX_CHAIN + " (the participant's first, then its intermediates)");
        }
        PrivateKey key = PemFiles.readPrivateKey(keyFile);
        X509Certificate leaf = chain.get(0);
        if (der(leaf).length > CertificateFacts.MAX_DER_BYTES) {
            throw new ParameterException(chainWhere + ": the first certificate is " + der(leaf).length
                    + " bytes; a card carries at most " + CertificateFacts.MAX_DER_BYTES);
        }
        if (leaf.getBasicConstraints() >= 0) {
            throw new ParameterException(chainWhere + ": the first certificate is a CA's ("
                    + subject(leaf) + "); put the participant's own certificate first");
        }
        if (!Certificates.keyMatches(key, leaf.getPublicKey())) {
            throw new ParameterException(LocalFiles.printable(keyFile) + " is not the private key of the certificate in "
                    + chainWhere);
        }
        String cn = Certificates.commonName(leaf).orElse("");
        if (!cn.equals(name)) {
            throw new ParameterException(chainWhere + ": the certificate's subject CN is '" + SafeText.abbreviate(cn, 64)
                    + "', not the participant's name '" + name + "' (the name is the CN peers see)");
        }
        try {
            leaf.checkValidity(Date.from(now));
        } catch (CertificateExpiredException e) {
            throw new ParameterException(chainWhere + ": the certificate expired at " + leaf.getNotAfter().toInstant());
        } catch (CertificateNotYetValidException e) {
            throw new ParameterException(chainWhere + ": the certificate is not valid before "
                    + leaf.getNotBefore().toInstant());
        }
        for (int i = 1; i < chain.size(); i++) {
            if (!issued(chain.get(i), chain.get(i - 1))) {
                throw new ParameterException(chainWhere + ": certificate " + (i + 1) + " (" + subject(chain.get(i))
                        + ") did not issue certificate " + i + "; list the leaf, then each issuer in turn");
            }
        }
        return new TlsIdentity(name, key, chain, List.of(leaf));
    }

    /**
     * Reads CA certificates from a PEM file: each becomes a trust anchor of its own.
     *
     * @throws MalformedInputException if the file is not PEM certificates, or too large
     * @throws ParameterException if the file is missing or a certificate is not a CA's
     */
    public static List<X509Certificate> readAuthorities(Path pemFile) {
        List<X509Certificate> out = new ArrayList<>();
        List<X509Certificate> read = PemFiles.readCertificates(pemFile);
        for (int i = 0; i < read.size(); i++) {
            checkAuthority(read.get(i), LocalFiles.printable(pemFile) + " (certificate " + (i + 1) + ")");
            out.add(read.get(i));
        }
        return out;
    }

    /**
     * Checks that {@code ca} may issue certificates: a CA certificate (basic constraints) whose
     * key usage, if stated, includes certificate signing, and that fits in a roster.
     *
     * @param where names it in the message
     * @throws ParameterException if not
     */
    public static void checkAuthority(X509Certificate ca, String where) {
        Objects.requireNonNull(ca, "ca");
        if (der(ca).length > CertificateFacts.MAX_DER_BYTES) {
            throw new ParameterException(where + ": a CA certificate of " + der(ca).length + " bytes; at most "
                    + CertificateFacts.MAX_DER_BYTES);
        }
        if (ca.getBasicConstraints() < 0) {
            throw new ParameterException(where + ": " + subject(ca) + " is not a CA certificate (basic constraints)");
        }
        boolean[] usage = ca.getKeyUsage();
        if (usage != null && (usage.length <= 5 || !usage[5])) {
            throw new ParameterException(where + ": " + subject(ca) + " may not sign certificates (key usage)");
        }
    }

    /**
     * Why {@code leaf} was not, at {@code at}, issued by one of {@code authorities}; empty if it
     * was. PKIX path validation (RFC 5280) with the leaf as the whole path and each authority as
     * a trust anchor, revocation not checked; and, since PKIX takes an anchor as given, the
     * issuing authority's own validity period too.
     */
    public static Optional<String> whyNotIssued(X509Certificate leaf, List<X509Certificate> authorities, Instant at) {
        Objects.requireNonNull(leaf, "leaf");
        Date when = Date.from(Objects.requireNonNull(at, "at"));
        List<String> reasons = new ArrayList<>();
        for (X509Certificate ca : authorities) {
            if (!ca.getSubjectX500Principal().equals(leaf.getIssuerX500Principal())) {
                continue;
            }
            try {
                ca.checkValidity(when);
            } catch (CertificateExpiredException e) {
                reasons.add("its CA " + subject(ca) + " expired at " + ca.getNotAfter().toInstant());
                continue;
            } catch (CertificateNotYetValidException e) {
                reasons.add("its CA " + subject(ca) + " is not valid before " + ca.getNotBefore().toInstant());
                continue;
            }
            Optional<String> why = pkix(leaf, ca, when);
            if (why.isEmpty()) {
                return Optional.empty();
            }
            reasons.add(why.get());
        }
        if (reasons.isEmpty()) {
            return Optional.of("its issuer " + SafeText.abbreviate(leaf.getIssuerX500Principal().getName(), 120)
                    + " is none of the roster's " + authorities.size() + " CA(s)");
        }
        return Optional.of(String.join("; ", reasons));
    }

    /** SHA-256 of the certificate's DER, in hex: how people compare a CA certificate. */
    public static String fingerprint(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der(certificate)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }

    /** The subject's distinguished name (RFC 2253), escaped for printing. */
    public static String subject(X509Certificate certificate) {
        return SafeText.abbreviate(certificate.getSubjectX500Principal().getName(), 200);
    }

    private static Optional<String> pkix(X509Certificate leaf, X509Certificate ca, Date when) {
        try {
            CertPath path = CertificateFactory.getInstance("X.509").generateCertPath(List.of(leaf));
            PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(ca, null)));
            parameters.setRevocationEnabled(false);
            parameters.setDate(when);
            CertPathValidator.getInstance("PKIX").validate(path, parameters);
            return Optional.empty();
        } catch (CertPathValidatorException e) {
            CertPathValidatorException.Reason reason = e.getReason();
            if (reason == CertPathValidatorException.BasicReason.EXPIRED) {
                return Optional.of("it expired at " + leaf.getNotAfter().toInstant());
            }
            if (reason == CertPathValidatorException.BasicReason.NOT_YET_VALID) {
                return Optional.of("it is not valid before " + leaf.getNotBefore().toInstant());
            }
            if (reason == CertPathValidatorException.BasicReason.INVALID_SIGNATURE) {
                return Optional.of("it is not signed by CA " + subject(ca));
            }
            return Optional.of("it does not validate under CA " + subject(ca) + " ("
                    + SafeText.abbreviate(String.valueOf(e.getMessage()), 120) + ")");
        } catch (CertificateException | InvalidAlgorithmParameterException | NoSuchAlgorithmException e) {
            return Optional.of("it cannot be validated under CA " + subject(ca) + " ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    private static boolean issued(X509Certificate issuer, X509Certificate subject) {
        if (!issuer.getSubjectX500Principal().equals(subject.getIssuerX500Principal())) {
            return false;
        }
        try {
            subject.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static byte[] der(X509Certificate c) {
        try {
            return c.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new MalformedInputException("certificate", "does not encode");
        }
    }
}
