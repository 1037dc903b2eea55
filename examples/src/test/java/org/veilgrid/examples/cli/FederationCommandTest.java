package org.veilgrid.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.veilgrid.core.federation.IdentityFolder;
import org.veilgrid.core.federation.Roster;

/** `veil identity init|show` and `veil roster add|show`: a federation assembled from cards only. */
class FederationCommandTest {
    @TempDir
    Path dir;

    private String p(String name) {
        return dir.resolve(name).toString();
    }

    @Test
    void eachParticipantMakesItsOwnIdentityAndTheRosterIsBuiltFromCardsAlone() throws Exception {
        Run a = Run.veil("identity", "init", "--name", "party-0", "--role", "compute-party", "--host", "party-0.test",
                "--port", "7000", "--out", p("party-0"));
        assertEquals(0, a.exit(), a.err());
        assertTrue(a.out().contains("fingerprint "), a.out());
        Run b = Run.veil("identity", "init", "--name", "bank-a", "--role", "institution", "--host", "bank-a.test",
                "--out", p("bank-a"), "--json");
        assertEquals(0, b.exit(), b.err());
        assertTrue(b.out().contains("\"role\": \"institution\""), b.out());
        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                Files.getPosixFilePermissions(dir.resolve("bank-a").resolve("agent.key")));

        // Only the cards travel: copy them out and build the roster from the copies.
        Files.createDirectories(dir.resolve("inbox"));
        Files.copy(dir.resolve("party-0/card.cose"), dir.resolve("inbox/party-0.cose"));
        Files.copy(dir.resolve("bank-a/card.cose"), dir.resolve("inbox/bank-a.cose"));
        Run add = Run.veil("roster", "add", p("inbox/party-0.cose"), "--out", p("roster.cbor"));
        assertEquals(0, add.exit(), add.err());
        Run add2 = Run.veil("roster", "add", p("inbox/bank-a.cose"), "--out", p("roster.cbor"), "--json");
        assertEquals(0, add2.exit(), add2.err());
        Roster r = Roster.fromBytes(Files.readAllBytes(dir.resolve("roster.cbor")));
        assertEquals(2, r.cards().size());
        assertTrue(add2.out().contains(r.digestHex()), add2.out());
        Run show = Run.veil("roster", "show", p("roster.cbor"));
        assertEquals(0, show.exit(), show.err());
        assertTrue(show.out().contains("party-0") && show.out().contains("bank-a.test"), show.out());
        Run card = Run.veil("identity", "show", p("inbox/bank-a.cose"));
        assertEquals(0, card.exit(), card.err());
        assertTrue(card.out().contains(IdentityFolder.load(dir.resolve("bank-a")).card().fingerprint()), card.out());
        // the roster holds no secret: no PEM private key, no seed
        String text = new String(Files.readAllBytes(dir.resolve("roster.cbor")), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertFalse(text.contains("PRIVATE KEY"));
        byte[] seedLike = IdentityFolder.load(dir.resolve("bank-a")).agentKey().seed();
        assertEquals(-1, indexOf(Files.readAllBytes(dir.resolve("roster.cbor")), seedLike));
    }

    @Test
    void refusalsAreOneLineWithExitTwo() throws Exception {
        assertEquals(0, Run.veil("identity", "init", "--name", "node-a", "--role", "grid-node", "--host", "localhost",
                "--port", "7100", "--out", p("node-a")).exit());
        byte[] card = Files.readAllBytes(dir.resolve("node-a/card.cose"));

        Run again = Run.veil("identity", "init", "--name", "node-a", "--role", "grid-node", "--host", "localhost",
                "--port", "7100", "--out", p("node-a"));
        assertEquals(2, again.exit());
        assertTrue(again.err().contains("not empty"), again.err());
        assertArrayEquals(card, Files.readAllBytes(dir.resolve("node-a/card.cose")));

        Run noPort = Run.veil("identity", "init", "--name", "node-b", "--role", "grid-node", "--host", "localhost",
                "--out", p("node-b"));
        assertEquals(2, noPort.exit());
        assertTrue(noPort.err().contains("--port is required"), noPort.err());
        Run badRole = Run.veil("identity", "init", "--name", "x", "--role", "king", "--host", "localhost", "--out", p("x"));
        assertEquals(2, badRole.exit());
        assertTrue(badRole.err().contains("unknown role 'king'"), badRole.err());

        byte[] bad = card.clone();
        bad[bad.length - 1] ^= 1; // the signature's last byte
        Files.write(dir.resolve("forged.cose"), bad);
        Run forged = Run.veil("roster", "add", p("forged.cose"), "--out", p("r.cbor"));
        assertTrue(forged.exit() != 0, forged.out());
        assertTrue(forged.err().contains("signature does not verify"), forged.err());
        assertFalse(Files.exists(dir.resolve("r.cbor")));

        Run twice = Run.veil("roster", "add", p("node-a/card.cose"), p("node-a/card.cose"), "--out", p("r.cbor"));
        assertEquals(2, twice.exit());
        assertTrue(twice.err().contains("two cards are named 'node-a'"), twice.err());
        assertEquals(1, twice.err().strip().lines().count(), twice.err());
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
