package org.veilgrid.core.identity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.errors.ParameterException;

class AgentKeyFileTest {
    /** RFC 8410 section 10.3 (private key) and 10.1 (its public key). */
    private static final String RFC_PRIVATE = "-----BEGIN PRIVATE KEY-----\n"
            + "MC4CAQAwBQYDK2VwBCIEINTuctv5E1hK1bbY8fdp+K06/nwoy/HU++CXqI9EdVhC\n"
            + "-----END PRIVATE KEY-----\n";
    private static final String RFC_PUBLIC = "-----BEGIN PUBLIC KEY-----\n"
            + "MCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n"
            + "-----END PUBLIC KEY-----\n";

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void theEncodingsAreThoseOfRfc8410() {
        AgentKey k = AgentKeyFile.decodeSecret("rfc", ascii(RFC_PRIVATE));
        assertEquals(RFC_PUBLIC, new String(AgentKeyFile.encodePublic(k.publicKey()), StandardCharsets.US_ASCII));
        assertEquals(RFC_PRIVATE, new String(AgentKeyFile.encodeSecret(k), StandardCharsets.US_ASCII));
        assertEquals(k.publicKey(), AgentKeyFile.decodePublic("rfc", ascii(RFC_PUBLIC)));
    }

    @Test
    void roundTripWithCrlfLineEndings() {
        AgentKey k = AgentKey.generate(new SecureRandom());
        String crlf = new String(AgentKeyFile.encodeSecret(k), StandardCharsets.US_ASCII).replace("\n", "\r\n");
        assertEquals(k.publicKey(), AgentKeyFile.decodeSecret("k", ascii(crlf)).publicKey());
    }

    @Test
    void aSecretKeyWhereAPublicKeyIsExpectedIsRefusedByName() {
        ParameterException e = assertThrows(ParameterException.class,
                () -> AgentKeyFile.decodePublic("client.key", ascii(RFC_PRIVATE)));
        assertTrue(e.getMessage().contains("SECRET key") && e.getMessage().contains(".pub"), e.getMessage());
    }

    @Test
    void aPublicKeyWhereTheSecretKeyIsExpectedIsRefusedByName() {
        ParameterException e = assertThrows(ParameterException.class,
                () -> AgentKeyFile.decodeSecret("agent.pub", ascii(RFC_PUBLIC)));
        assertTrue(e.getMessage().contains("public key"), e.getMessage());
    }

    @Test
    void rawThirtyTwoByteFilesOfEarlierVersionsAreRefusedEitherWay() {
        byte[] raw = AgentKey.generate(new SecureRandom()).seed();
        assertTrue(assertThrows(MalformedInputException.class, () -> AgentKeyFile.decodePublic("old.key", raw))
                .getMessage().contains("cannot be told apart"));
        assertThrows(MalformedInputException.class, () -> AgentKeyFile.decodeSecret("old.key", raw));
    }

    @Test
    void otherPemAndGarbageAreRefused() {
        String rsa = "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n";
        assertThrows(MalformedInputException.class, () -> AgentKeyFile.decodeSecret("k", ascii(rsa)));
        // right label, another algorithm's OID (X25519, 1.3.101.110)
        String x25519 = RFC_PRIVATE.replace("MC4CAQAwBQYDK2Vw", "MC4CAQAwBQYDK2Vu");
        assertThrows(MalformedInputException.class, () -> AgentKeyFile.decodeSecret("k", ascii(x25519)));
        String mismatched = RFC_PRIVATE.replace("END PRIVATE", "END PUBLIC");
        assertThrows(MalformedInputException.class, () -> AgentKeyFile.decodeSecret("k", ascii(mismatched)));
        String badBase64 = RFC_PUBLIC.replace("MCow", "MC*w");
        assertThrows(MalformedInputException.class, () -> AgentKeyFile.decodePublic("k", ascii(badBase64)));
        String trailing = RFC_PUBLIC.replace("AyEA", "AyEAAA");
        assertThrows(MalformedInputException.class, () -> AgentKeyFile.decodePublic("k", ascii(trailing)));
        assertThrows(MalformedInputException.class, () -> AgentKeyFile.decodePublic("k", new byte[] {0, 1, 2}));
        assertThrows(MalformedInputException.class, () -> AgentKeyFile.decodePublic("k", new byte[0]));
        assertThrows(MalformedInputException.class, () -> AgentKeyFile.decodePublic("k", new byte[AgentKeyFile.MAX_LENGTH + 1]));
    }
}
