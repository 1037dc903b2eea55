package org.veilgrid.core.tls;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.veilgrid.core.errors.ParameterException;

/**
 * A TLS identity a participant makes for itself, with no CA: a fresh P-256 key and a
 * self-signed certificate {@code CN=<name>} carrying the extended key usage of its role and, as
 * subject alternative names, exactly the hosts it is reached at.
 *
 * <p>Nobody vouches for such a certificate; peers trust it because it is pinned in a roster they
 * agreed on ({@link TlsIdentity#trusting}). Until then the identity trusts only itself.
 */
public final class SelfSignedIdentity {

    private SelfSignedIdentity() {
    }

    /**
     * Makes a key and its self-signed certificate.
     *
     * @param name     the participant's name (the CN; see {@link TlsIdentity} for the alphabet)
     * @param role     what it does in TLS: serve, call, or both
     * @param hosts    DNS names or IP literals it is reached at (at least one)
     * @param validity how long the certificate is valid
     * @throws ParameterException if the name, a host or the validity is invalid
     */
    public static TlsIdentity generate(String name, TlsRole role, List<String> hosts, Duration validity,
                                       SecureRandom random) {
        TlsIdentity.checkPartyName(name);
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(random, "random");
        if (hosts == null || hosts.isEmpty()) {
            throw new ParameterException("a certificate needs at least one host name");
        }
        CertificateAuthority.checkValidity(validity);
        Instant now = Instant.now();
        KeyPair pair = CertificateAuthority.generateKeyPair(random);
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, name).build();
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                    CertificateAuthority.randomSerial(random), Date.from(now.minus(CertificateAuthority.CLOCK_SKEW)),
                    Date.from(now.plus(validity)), subject, pair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(role.purposes()))
                    .addExtension(Extension.subjectAlternativeName, false,
                            CertificateAuthority.hostNames(new LinkedHashSet<>(hosts)))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            utils.createSubjectKeyIdentifier(pair.getPublic()));
            X509Certificate certificate = CertificateAuthority.sign(builder, pair.getPrivate());
            return new TlsIdentity(name, pair.getPrivate(), List.of(certificate), List.of(certificate));
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot build the certificate of '" + name + "'", e);
        }
    }
}
