package org.veilgrid.core.tls;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import javax.net.ssl.X509ExtendedTrustManager;

import org.veilgrid.core.text.SafeText;

/**
 * A trust manager for the CA mode ({@link OrganisationPki}): a peer is accepted only if the
 * pinning manager it wraps accepts it (its certificate is exactly a roster's) <em>and</em> its
 * certificate was, at the moment of the handshake, issued by one of the roster's CAs.
 *
 * <p>The wrapped manager runs first: it checks the certificate usage of the peer's role and that
 * the certificate is pinned, and a certificate that is not pinned is refused for that reason,
 * whatever its issuer. The CA check then adds the organisations' own policy (chiefly expiry of the
 * leaf or of the CA) that pinning alone does not look at.
 */
final class AuthorityTrustManager extends AddedCheckTrustManager {
    private final List<X509Certificate> authorities;

    AuthorityTrustManager(X509ExtendedTrustManager pinned, List<X509Certificate> authorities) {
        super(pinned);
        this.authorities = List.copyOf(authorities);
        if (this.authorities.isEmpty()) {
            throw new IllegalArgumentException("no CA to check against");
        }
    }

    @Override
    void check(X509Certificate[] chain) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("the peer presented no certificate");
        }
        Optional<String> why = OrganisationPki.whyNotIssued(chain[0], authorities, Instant.now());
        if (why.isPresent()) {
            throw new CertificateException("certificate of '"
                    + SafeText.abbreviate(Certificates.commonName(chain[0]).orElse(""), 64)
                    + "' is refused by the roster's CAs: " + why.get());
        }
    }
}
