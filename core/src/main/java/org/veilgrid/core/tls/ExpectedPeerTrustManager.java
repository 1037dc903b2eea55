package org.veilgrid.core.tls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Objects;
import java.util.function.Consumer;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A client-side trust manager that accepts a server only if its certificate chains to the trusted
 * CA (checked by the JDK, with the serverAuth usage) <em>and</em> names the peer the client meant
 * to reach.
 *
 * <p>Every certificate from the CA is valid for {@code localhost}, so a host-name check alone
 * would let any participant that can listen on a peer's port stand in for that peer. The check
 * runs inside the handshake, so a wrong server is refused before a single application byte is
 * sent to it.
 */
final class ExpectedPeerTrustManager extends X509ExtendedTrustManager {

    private final X509ExtendedTrustManager delegate;
    private final String expectedPeer;
    private final Consumer<WrongPeerCertificateException> onWrongPeer;

    ExpectedPeerTrustManager(X509ExtendedTrustManager delegate, String expectedPeer,
                             Consumer<WrongPeerCertificateException> onWrongPeer) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.expectedPeer = TlsIdentity.checkPartyName(expectedPeer);
        this.onWrongPeer = Objects.requireNonNull(onWrongPeer, "onWrongPeer");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        delegate.checkServerTrusted(chain, authType, engine);
        requireExpectedPeer(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        delegate.checkServerTrusted(chain, authType, socket);
        requireExpectedPeer(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        delegate.checkServerTrusted(chain, authType);
        requireExpectedPeer(chain);
    }

    // This manager is only handed to clients; a server never asks it about a client.
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        throw new CertificateException("a client-side trust manager cannot judge clients");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        throw new CertificateException("a client-side trust manager cannot judge clients");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("a client-side trust manager cannot judge clients");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return delegate.getAcceptedIssuers();
    }

    private void requireExpectedPeer(X509Certificate[] chain) throws CertificateException {
        String presented = chain == null || chain.length == 0 ? ""
                : Certificates.commonName(chain[0]).orElse("");
        if (!presented.equals(expectedPeer)) {
            WrongPeerCertificateException wrong = new WrongPeerCertificateException(expectedPeer, presented);
            onWrongPeer.accept(wrong);
            throw wrong;
        }
    }
}
