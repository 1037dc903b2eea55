package org.veilgrid.core.tls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Objects;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A trust manager that accepts a peer only if the manager it wraps does <em>and</em> one more
 * check on the peer's chain passes ({@link #check}), on both sides of a handshake and through
 * every overload JSSE may call.
 */
abstract class AddedCheckTrustManager extends X509ExtendedTrustManager {
    private final X509ExtendedTrustManager inner;

    AddedCheckTrustManager(X509ExtendedTrustManager inner) {
        this.inner = Objects.requireNonNull(inner, "inner");
    }

    /**
     * The check added after the wrapped manager accepted {@code chain} (the peer's certificate
     * first).
     *
     * @throws CertificateException to refuse the peer, saying why
     */
    abstract void check(X509Certificate[] chain) throws CertificateException;

    @Override
    public final void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        inner.checkClientTrusted(chain, authType, socket);
        check(chain);
    }

    @Override
    public final void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        inner.checkClientTrusted(chain, authType, engine);
        check(chain);
    }

    @Override
    public final void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        inner.checkClientTrusted(chain, authType);
        check(chain);
    }

    @Override
    public final void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        inner.checkServerTrusted(chain, authType, socket);
        check(chain);
    }

    @Override
    public final void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        inner.checkServerTrusted(chain, authType, engine);
        check(chain);
    }

    @Override
    public final void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        inner.checkServerTrusted(chain, authType);
        check(chain);
    }

    @Override
    public final X509Certificate[] getAcceptedIssuers() {
        return inner.getAcceptedIssuers();
    }
}
