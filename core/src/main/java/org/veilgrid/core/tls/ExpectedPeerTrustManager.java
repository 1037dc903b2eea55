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
 *
 * <p>The name is checked before the chain: a participant of a federation answering at another's
 * address presents a certificate for its own host name, which the JDK's check would refuse as a
 * host-name mismatch, unseen by {@code onWrongPeer} — the caller would wait for its deadline
 * instead of naming the peer at once. Checking the name first only refuses sooner; a certificate
 * is accepted only if both checks pass.
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
        requireExpectedPeer(chain); // first: see the class comment
        delegate.checkServerTrusted(chain, authType, engine);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        requireExpectedPeer(chain); // first: see the class comment
        delegate.checkServerTrusted(chain, authType, socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        requireExpectedPeer(chain); // first: see the class comment
        delegate.checkServerTrusted(chain, authType);
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
