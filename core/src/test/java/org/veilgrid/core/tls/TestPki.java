package org.veilgrid.core.tls;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;

/**
 * An organisation's PKI in a test: CA and participant certificates with any name, hosts, key
 * usage and validity period (including ones already expired or not yet valid), made with
 * BouncyCastle. Test code only.
 */
public final class TestPki {
    private static final SecureRandom RNG = new SecureRandom();

    private TestPki() {
    }

    /** A certificate and its private key. */
    public record Issued(X509Certificate certificate, PrivateKey key) {
    }

    /** A self-signed CA valid from {@code from} to {@code until}. */
    public static Issued ca(String cn, Instant from, Instant until) {
        KeyPair pair = CertificateAuthority.generateKeyPair(RNG);
        X500Name subject = name(cn);
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject, CertificateAuthority.randomSerial(RNG),
                java.util.Date.from(from), java.util.Date.from(until), subject, pair.getPublic());
        try {
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(1))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            return new Issued(CertificateAuthority.sign(b, pair.getPrivate()), pair.getPrivate());
        } catch (GeneralSecurityException | org.bouncycastle.cert.CertIOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A CA valid for ten years from a minute ago. */
    public static Issued ca(String cn) {
        Instant now = Instant.now();
        return ca(cn, now.minus(Duration.ofMinutes(1)), now.plus(Duration.ofDays(3650)));
    }

    /**
     * A participant certificate {@code CN=cn} issued by {@code ca}, naming {@code hosts} (DNS or
     * IP; none: no SAN extension), with extended key usages {@code usages} (none: no extension).
     */
    public static Issued leaf(Issued ca, String cn, List<String> hosts, List<KeyPurposeId> usages,
                              Instant from, Instant until) {
        return leaf(ca, cn, hosts, usages, from, until, CertificateAuthority.generateKeyPair(RNG));
    }

    /** As the other form, for a key pair of the caller's (e.g. RSA, as many organisations' PKIs issue). */
    public static Issued leaf(Issued ca, String cn, List<String> hosts, List<KeyPurposeId> usages,
                              Instant from, Instant until, KeyPair pair) {
        try {
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
                    new JcaX509CertificateHolder(ca.certificate()).getSubject(), CertificateAuthority.randomSerial(RNG),
                    java.util.Date.from(from), java.util.Date.from(until), name(cn), pair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            if (!usages.isEmpty()) {
                b.addExtension(Extension.extendedKeyUsage, false,
                        new ExtendedKeyUsage(usages.toArray(new KeyPurposeId[0])));
            }
            if (!hosts.isEmpty()) {
                b.addExtension(Extension.subjectAlternativeName, false,
                        CertificateAuthority.hostNames(new LinkedHashSet<>(hosts)));
            }
            return new Issued(CertificateAuthority.sign(b, ca.key()), pair.getPrivate());
        } catch (GeneralSecurityException | org.bouncycastle.cert.CertIOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A participant certificate valid for a year from a minute ago, with the usages of {@code role}. */
    public static Issued leaf(Issued ca, String cn, List<String> hosts, TlsRole role) {
        Instant now = Instant.now();
        return leaf(ca, cn, hosts, List.of(role.purposes()), now.minus(Duration.ofMinutes(1)),
                now.plus(Duration.ofDays(365)));
    }

    /** A fresh RSA-2048 key pair. */
    public static KeyPair rsa() {
        try {
            java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("RSA");
            g.initialize(2048, RNG);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes certificates as PEM (the leaf first for a chain). */
    public static Path writeCertificates(Path file, X509Certificate... certificates) {
        PemFiles.writeCertificates(file, List.of(certificates));
        return file;
    }

    /** Writes a private key as PKCS#8 PEM. */
    public static Path writeKey(Path file, PrivateKey key) {
        PemFiles.writePrivateKey(file, key);
        return file;
    }

    private static X500Name name(String cn) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, cn).build();
    }
}
