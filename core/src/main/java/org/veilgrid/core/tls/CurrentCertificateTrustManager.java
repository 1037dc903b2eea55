package org.veilgrid.core.tls;

import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;

import javax.net.ssl.X509ExtendedTrustManager;

import org.veilgrid.core.text.SafeText;

/**
 * Refuses a peer whose own certificate is not valid at the handshake, after the manager it wraps
 * accepted it. The JDK checks the dates of every certificate on a path except a trust anchor's,
 * and a roster's pinned certificates are anchors: without this a pinned certificate would be
 * accepted for ever after it expired.
 */
final class CurrentCertificateTrustManager extends AddedCheckTrustManager {
    CurrentCertificateTrustManager(X509ExtendedTrustManager inner) {
        super(inner);
    }

    @Override
    void check(X509Certificate[] chain) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("the peer presented no certificate");
        }
        X509Certificate leaf = chain[0];
        String who = "certificate of '" + SafeText.abbreviate(Certificates.commonName(leaf).orElse(""), 64) + "'";
        try {
            leaf.checkValidity();
        } catch (CertificateExpiredException e) {
            throw new CertificateExpiredException(who + " expired at " + leaf.getNotAfter().toInstant()
                    + ": its holder must make a new identity, and the roster a new card");
        } catch (CertificateNotYetValidException e) {
            throw new CertificateNotYetValidException(who + " is not valid before " + leaf.getNotBefore().toInstant()
                    + " (is a clock wrong?)");
        }
    }
}
