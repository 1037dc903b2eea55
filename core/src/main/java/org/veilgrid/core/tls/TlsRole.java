package org.veilgrid.core.tls;

import org.bouncycastle.asn1.x509.KeyPurposeId;

/**
 * What a certificate may be used for in a TLS handshake, written into its extended key usage.
 *
 * <p>A client certificate that also says "server" lets whoever holds it impersonate a server:
 * a bank that submits orders could listen at a compute party's address and be accepted by the
 * other parties. So each certificate gets the usage of its holder's role and nothing more, and the
 * JDK's trust manager refuses a certificate presented in the other role.
 */
public enum TlsRole {
    /** Only answers calls: a grid node, the aggregation server's unmasking replicas. */
    SERVER(KeyPurposeId.id_kp_serverAuth),
    /** Only calls: an institution submitting orders, an aggregation client, a grid client. */
    CLIENT(KeyPurposeId.id_kp_clientAuth),
    /** Both serves and calls its peers: an MPC compute party, the aggregation server (it calls its unmasking replicas). */
    PEER(KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth);

    private final KeyPurposeId[] purposes;

    TlsRole(KeyPurposeId... purposes) {
        this.purposes = purposes;
    }

    /** The extended key usages a certificate for this role carries. */
    KeyPurposeId[] purposes() {
        return purposes.clone();
    }
}
