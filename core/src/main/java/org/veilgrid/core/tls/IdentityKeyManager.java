package org.veilgrid.core.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A key manager that presents exactly one identity, held in memory. The JDK's usual route, a
 * PKCS#12 key store, encrypts the key with thousands of PBKDF2 iterations only to decrypt it
 * again, which made every new channel cost tens of milliseconds; this one costs nothing.
 */
final class IdentityKeyManager extends X509ExtendedKeyManager {
    private final String alias;
    private final PrivateKey key;
    private final X509Certificate[] chain;

    IdentityKeyManager(TlsIdentity identity) {
        this.alias = identity.partyName();
        this.key = identity.privateKey();
        this.chain = identity.certificateChain().toArray(new X509Certificate[0]);
    }

    private boolean fits(String keyType) {
        // TLS 1.2 asks for "EC" or "EC_EC", TLS 1.3 for the signature's key algorithm.
        return keyType != null && keyType.startsWith(key.getAlgorithm());
    }

    private String choose(String[] keyTypes) {
        if (keyTypes != null) {
            for (String t : keyTypes) {
                if (fits(t)) {
                    return alias;
                }
            }
        }
        return null;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return fits(keyType) ? new String[] {alias} : null;
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
        return choose(keyTypes);
    }

    @Override
    public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
        return choose(keyTypes);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return fits(keyType) ? new String[] {alias} : null;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return fits(keyType) ? alias : null;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return fits(keyType) ? alias : null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String a) {
        return alias.equals(a) ? chain.clone() : null;
    }

    @Override
    public PrivateKey getPrivateKey(String a) {
        return alias.equals(a) ? key : null;
    }

    @Override
    public String toString() {
        return "IdentityKeyManager(" + alias + ")";
    }
}
