package org.veilgrid.core.tls;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Optional;

import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.veilgrid.core.errors.ParameterException;

/**
 * Small X.509 inspections used by several classes of this package (reading a subject's common
 * name, checking that a private key belongs to a certificate). Kept in one place so that every
 * caller reads names and matches keys the same way.
 */
final class Certificates {

    private Certificates() {
    }

    /** The first CN of the certificate's subject, which is where Veilgrid puts the party name. */
    static Optional<String> commonName(X509Certificate certificate) {
        X500Name subject;
        try {
            subject = new JcaX509CertificateHolder(certificate).getSubject();
        } catch (CertificateEncodingException e) {
            return Optional.empty();
        }
        RDN[] cns = subject.getRDNs(BCStyle.CN);
        if (cns.length == 0 || cns[0].getFirst() == null) {
            return Optional.empty();
        }
        return Optional.of(IETFUtils.valueToString(cns[0].getFirst().getValue()));
    }

    /** The JCA signature algorithm Veilgrid uses with a key of this kind. */
    static String signatureAlgorithm(String keyAlgorithm) {
        switch (keyAlgorithm) {
            case "EC":
                return "SHA256withECDSA";
            case "Ed25519":
            case "EdDSA":
                return "Ed25519";
            case "RSA": // certificates an organisation's own PKI issued (OrganisationPki)
                return "SHA256withRSA";
            default:
                throw new ParameterException("unsupported key algorithm " + keyAlgorithm
                        + " (expected EC, RSA or Ed25519)");
        }
    }

    /**
     * Whether {@code privateKey} is the partner of {@code publicKey}. Checked by signing a fresh
     * random challenge rather than comparing encodings, so it works for any supported algorithm
     * and catches a swapped key file before TLS fails with a less helpful message.
     */
    static boolean keyMatches(PrivateKey privateKey, PublicKey publicKey) {
        if (!privateKey.getAlgorithm().equals(publicKey.getAlgorithm())) {
            return false;
        }
        try {
            byte[] challenge = new byte[32];
            new SecureRandom().nextBytes(challenge);
            String algorithm = signatureAlgorithm(privateKey.getAlgorithm());
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(privateKey);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** Whether two certificates are byte-for-byte the same (DER). */
    static boolean sameCertificate(X509Certificate a, X509Certificate b) {
        try {
            return Arrays.equals(a.getEncoded(), b.getEncoded());
        } catch (CertificateEncodingException e) {
            return false;
        }
    }
}
