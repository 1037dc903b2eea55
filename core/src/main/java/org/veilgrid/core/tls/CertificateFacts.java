package org.veilgrid.core.tls;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.veilgrid.core.errors.MalformedInputException;

/**
 * What a certificate says, read the way Veilgrid's TLS checks read it: the participant's name
 * (subject CN), the hosts it may be reached at (DNS and IP subject alternative names) and its
 * TLS role (extended key usage). Used where a certificate travels inside a signed statement (a
 * roster card) and must agree with the statement.
 */
public final class CertificateFacts {
    /** Longest DER certificate accepted from outside. */
    public static final int MAX_DER_BYTES = 8192;
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

    private CertificateFacts() {
    }

    /**
     * Decodes a DER X.509 certificate.
     *
     * @throws MalformedInputException if the bytes are not exactly one certificate
     */
    public static X509Certificate decode(byte[] der, String where) {
        if (der == null || der.length == 0 || der.length > MAX_DER_BYTES) {
            throw new MalformedInputException(where, "is not a DER certificate of 1.." + MAX_DER_BYTES + " bytes");
        }
        try {
            ByteArrayInputStream in = new ByteArrayInputStream(der);
            X509Certificate c = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            if (in.available() != 0) {
                throw new MalformedInputException(where, "has bytes after the certificate");
            }
            return c;
        } catch (CertificateException | ClassCastException e) {
            throw new MalformedInputException(where, "is not an X.509 certificate");
        }
    }

    /** The subject's first CN: the participant's name. */
    public static Optional<String> name(X509Certificate certificate) {
        return Certificates.commonName(certificate);
    }

    /** The DNS names and IP addresses the certificate is valid for. */
    public static List<String> hosts(X509Certificate certificate) {
        List<String> out = new ArrayList<>();
        try {
            Collection<List<?>> sans = certificate.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    Object type = san.get(0);
                    if ((Integer.valueOf(2).equals(type) || Integer.valueOf(7).equals(type)) && san.get(1) instanceof String s) {
                        out.add(s);
                    }
                }
            }
        } catch (CertificateParsingException e) {
            return List.of();
        }
        return out;
    }

    /** The TLS role its extended key usages give, if they are exactly one of Veilgrid's roles. */
    public static Optional<TlsRole> role(X509Certificate certificate) {
        List<String> usages;
        try {
            usages = certificate.getExtendedKeyUsage();
        } catch (CertificateParsingException e) {
            return Optional.empty();
        }
        if (usages == null) {
            return Optional.empty();
        }
        boolean server = usages.contains(SERVER_AUTH);
        boolean client = usages.contains(CLIENT_AUTH);
        if (usages.size() != (server ? 1 : 0) + (client ? 1 : 0)) {
            return Optional.empty();
        }
        return server && client ? Optional.of(TlsRole.PEER) : server ? Optional.of(TlsRole.SERVER)
                : client ? Optional.of(TlsRole.CLIENT) : Optional.empty();
    }
}
