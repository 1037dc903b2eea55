package org.veilgrid.core.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.interfaces.ECPrivateKey;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.veilgrid.core.errors.ParameterException;

class TlsIdentityTest {

    private static CertificateAuthority ca;
    private static TlsIdentity alice;
    private static TlsIdentity bob;

    @BeforeAll
    static void setUp() {
        ca = CertificateAuthority.create("identity test CA");
        alice = ca.issue("alice");
        bob = ca.issue("bob");
    }

    @Test
    void toStringNamesThePartyButContainsNoKeyMaterial() {
        String text = alice.toString();
        assertTrue(text.contains("party=alice"), text);
        assertTrue(text.contains("hidden"), text);

        byte[] encoded = alice.privateKey().getEncoded();
        BigInteger scalar = ((ECPrivateKey) alice.privateKey()).getS();
        String lower = text.toLowerCase();
        assertFalse(text.contains(Base64.getEncoder().encodeToString(encoded)));
        assertFalse(lower.contains(HexFormat.of().formatHex(encoded)));
        assertFalse(text.contains(scalar.toString()));
        // No 8-character window of the scalar's hex or base64 forms appears either.
        String hex = scalar.toString(16);
        String b64 = Base64.getEncoder().encodeToString(scalar.toByteArray());
        for (int i = 0; i + 8 <= hex.length(); i++) {
            assertFalse(lower.contains(hex.substring(i, i + 8)), "hex window at " + i);
        }
        for (int i = 0; i + 8 <= b64.length(); i++) {
            assertFalse(text.contains(b64.substring(i, i + 8)), "base64 window at " + i);
        }
        assertFalse(lower.contains("private key"));
    }

    @Test
    void constructorChecksThatThePiecesBelongTogether() {
        assertThrows(ParameterException.class, () -> new TlsIdentity("alice", bob.privateKey(),
                alice.certificateChain(), ca.certificate()), "key of another party");
        assertThrows(ParameterException.class, () -> new TlsIdentity("bob", alice.privateKey(),
                alice.certificateChain(), ca.certificate()), "name differs from CN");
        assertThrows(ParameterException.class, () -> new TlsIdentity("alice", alice.privateKey(),
                List.of(), ca.certificate()), "empty chain");
    }

    @Test
    void chainIsImmutable() {
        assertThrows(UnsupportedOperationException.class,
                () -> alice.certificateChain().add(ca.certificate()));
        assertEquals(alice.certificateChain().get(0), alice.certificate());
    }
}
