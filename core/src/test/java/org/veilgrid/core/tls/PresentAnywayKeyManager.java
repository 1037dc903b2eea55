package org.veilgrid.core.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A test-only key manager that presents its certificate even when the server's certificate
 * request names other CAs. A normal JSSE key manager politely sends nothing in that case, which
 * would test "no certificate" instead of "a certificate from a CA the server does not trust"; an
 * attacker is not polite.
 */
final class PresentAnywayKeyManager extends X509ExtendedKeyManager {

    private final TlsIdentity identity;

    PresentAnywayKeyManager(TlsIdentity identity) {
        this.identity = identity;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
        return identity.partyName();
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return identity.partyName();
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return new String[] {identity.partyName()};
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return identity.partyName().equals(alias)
                ? identity.certificateChain().toArray(new X509Certificate[0]) : null;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return identity.partyName().equals(alias) ? identity.privateKey() : null;
    }
}
