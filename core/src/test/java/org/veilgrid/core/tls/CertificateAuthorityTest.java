package org.veilgrid.core.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import javax.net.ssl.X509TrustManager;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.veilgrid.core.errors.ParameterException;

class CertificateAuthorityTest {

    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final int SAN_DNS = 2;
    private static final int SAN_IP = 7;

    private static CertificateAuthority ca;
    private static TlsIdentity alice;

    @BeforeAll
    static void setUp() {
        ca = CertificateAuthority.create("test CA");
        alice = ca.issue("alice", TlsRole.PEER, List.of("alice.example", "10.0.0.7"));
    }

    @Test
    void caCertificateIsASelfSignedP256Ca() throws Exception {
        X509Certificate certificate = ca.certificate();
        assertEquals("test CA", ca.name());
        assertEquals("CN=test CA", certificate.getSubjectX500Principal().getName());
        assertEquals(certificate.getSubjectX500Principal(), certificate.getIssuerX500Principal());
        assertEquals(0, certificate.getBasicConstraints(), "a CA with path length 0");
        assertTrue(certificate.getKeyUsage()[5], "keyCertSign");
        assertEquals("SHA256withECDSA", certificate.getSigAlgName());
        assertEquals("EC", certificate.getPublicKey().getAlgorithm());
        certificate.verify(certificate.getPublicKey());
    }

    @Test
    void issuedCertificateIsSignedByTheCaForServerAndClientUse() throws Exception {
        X509Certificate leaf = alice.certificate();
        assertEquals("alice", alice.partyName());
        assertEquals("CN=alice", leaf.getSubjectX500Principal().getName());
        assertEquals(ca.certificate().getSubjectX500Principal(), leaf.getIssuerX500Principal());
        leaf.verify(ca.certificate().getPublicKey());
        assertEquals(-1, leaf.getBasicConstraints(), "not a CA");
        assertTrue(leaf.getKeyUsage()[0], "digitalSignature");
        assertTrue(leaf.getExtendedKeyUsage().containsAll(List.of(SERVER_AUTH, CLIENT_AUTH)));
        assertEquals("EC", alice.privateKey().getAlgorithm());
        assertEquals(2, alice.certificateChain().size());
        assertArrayEquals(ca.certificate().getEncoded(), alice.certificateChain().get(1).getEncoded());
        assertArrayEquals(ca.certificate().getEncoded(), alice.trustedCa().getEncoded());
    }

    @Test
    void eachRoleGetsOnlyItsOwnExtendedKeyUsage() throws Exception {
        assertEquals(List.of(SERVER_AUTH),
                ca.issue("node-1", TlsRole.SERVER).certificate().getExtendedKeyUsage());
        assertEquals(List.of(CLIENT_AUTH),
                ca.issue("bank-a", TlsRole.CLIENT).certificate().getExtendedKeyUsage());
        assertEquals(List.of(SERVER_AUTH, CLIENT_AUTH),
                ca.issue("party-0", TlsRole.PEER).certificate().getExtendedKeyUsage());
    }

    @Test
    void issuedCertificateHasDefaultAndExtraSans() throws Exception {
        Set<String> sans = new HashSet<>();
        for (List<?> entry : alice.certificate().getSubjectAlternativeNames()) {
            int type = (Integer) entry.get(0);
            assertTrue(type == SAN_DNS || type == SAN_IP);
            sans.add(type + ":" + entry.get(1));
        }
        assertEquals(Set.of("2:localhost", "7:127.0.0.1", "2:alice.example", "7:10.0.0.7"), sans);

        Collection<List<?>> defaults = ca.issue("bob").certificate().getSubjectAlternativeNames();
        assertEquals(2, defaults.size());
    }

    @Test
    void validityDefaultsToAYearAndIsConfigurable() {
        Instant now = Instant.now();
        Instant notAfter = alice.certificate().getNotAfter().toInstant();
        assertTrue(Duration.between(now, notAfter).minus(CertificateAuthority.DEFAULT_VALIDITY).abs()
                .compareTo(Duration.ofMinutes(1)) < 0);
        assertTrue(alice.certificate().getNotBefore().toInstant().isBefore(now));

        TlsIdentity shortLived = ca.issue("carol", TlsRole.PEER, List.of(), Duration.ofHours(2));
        Duration left = Duration.between(now, shortLived.certificate().getNotAfter().toInstant());
        assertTrue(left.compareTo(Duration.ofHours(2).plusMinutes(1)) < 0);
        assertTrue(left.compareTo(Duration.ofHours(2).minusMinutes(1)) > 0);
    }

    @Test
    void leafNeverOutlivesItsCa() {
        CertificateAuthority brief = CertificateAuthority.create("brief CA", Duration.ofDays(1));
        TlsIdentity leaf = brief.issue("dave", TlsRole.PEER, List.of(), Duration.ofDays(365));
        assertFalse(leaf.certificate().getNotAfter().after(brief.certificate().getNotAfter()));
    }

    @Test
    void jdkTrustManagerAcceptsIssuedChainsOnlyFromItsCa() throws Exception {
        X509TrustManager trust = (X509TrustManager) MutualTls.trustManagers(List.of(ca.certificate()))[0];
        X509Certificate[] chain = alice.certificateChain().toArray(new X509Certificate[0]);
        assertDoesNotThrow(() -> trust.checkServerTrusted(chain, "ECDHE_ECDSA"));
        assertDoesNotThrow(() -> trust.checkClientTrusted(chain, "EC"));

        TlsIdentity stranger = CertificateAuthority.create("other CA").issue("mallory");
        X509Certificate[] foreign = stranger.certificateChain().toArray(new X509Certificate[0]);
        assertThrows(CertificateException.class, () -> trust.checkClientTrusted(foreign, "EC"));
    }

    @Test
    void serialsAreDistinct() {
        assertFalse(alice.certificate().getSerialNumber()
                .equals(ca.issue("alice").certificate().getSerialNumber()));
    }

    @Test
    void invalidParametersAreRejected() {
        for (String bad : new String[] {"", "ca", "CA", "../etc", "a b", "-lead", "x/y", "a".repeat(65)}) {
            assertThrows(ParameterException.class, () -> ca.issue(bad), bad);
        }
        assertThrows(ParameterException.class, () -> ca.issue(null));
        assertThrows(ParameterException.class, () -> ca.issue("ok", TlsRole.PEER, List.of("not a host!")));
        assertThrows(ParameterException.class, () -> ca.issue("ok", TlsRole.PEER, List.of(), Duration.ZERO));
        assertThrows(ParameterException.class, () -> ca.issue("ok", TlsRole.PEER, List.of(), Duration.ofDays(-1)));
        assertThrows(ParameterException.class, () -> CertificateAuthority.create(""));
        assertThrows(ParameterException.class, () -> CertificateAuthority.create("x".repeat(65)));
        assertThrows(ParameterException.class,
                () -> CertificateAuthority.create("x", Duration.ofSeconds(-5)));
    }

    @Test
    void toStringHidesTheKey() {
        String text = ca.toString();
        assertTrue(text.contains("test CA"));
        assertFalse(text.toLowerCase().contains("private"));
    }
}
