package org.veilgrid.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import com.upokecenter.cbor.CBORObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.veilgrid.core.cbor.Cbor;
import org.veilgrid.core.cose.Signed;
import org.veilgrid.core.federation.Card;
import org.veilgrid.core.federation.IdentityFolder;
import org.veilgrid.core.federation.Role;
import org.veilgrid.core.federation.Roster;

/**
 * Refusals of `veil mpc party` and `veil aggregate server|client` with an identity folder and a
 * roster that are about files, run in-process: a folder not in the roster, of another role, or
 * whose certificate is not the roster's; a roster holding a card whose signature fails or whose
 * host is not its certificate's; and `veil roster add` of such cards. Each is one line on stderr
 * with exit 2, before anything listens or connects. (Refusals between running processes are in
 * FederatedMpcProcessTest and FederatedAggregateProcessTest.)
 */
class FederationRefusalTest {
    private static final SecureRandom RNG = new SecureRandom();

    @TempDir
    Path dir;

    private IdentityFolder init(String folder, String name, Role role, int port) {
        return IdentityFolder.init(dir.resolve(folder), name, role, "localhost", port, RNG);
    }

    private String p(String name) {
        return dir.resolve(name).toString();
    }

    /** One roster for both programs: three compute parties, an aggregation server and two clients. */
    @BeforeEach
    void federation() throws Exception {
        List<Card> cards = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            cards.add(init("party-" + i, "party-" + i, Role.COMPUTE_PARTY, 7000 + i).card());
        }
        cards.add(init("server", "agg-server", Role.AGGREGATION_SERVER, 7400).card());
        cards.add(init("client-0", "client-0", Role.AGGREGATION_CLIENT, 0).card());
        cards.add(init("client-1", "client-1", Role.AGGREGATION_CLIENT, 0).card());
        Files.write(dir.resolve("roster.cbor"), Roster.of(cards).toBytes());
        init("outsider", "client-9", Role.AGGREGATION_CLIENT, 0);
        // Same names as roster members, keys of their own: not the participants the roster lists.
        init("twin-party-0", "party-0", Role.COMPUTE_PARTY, 7000);
        init("twin-server", "agg-server", Role.AGGREGATION_SERVER, 7400);
        init("twin-client-0", "client-0", Role.AGGREGATION_CLIENT, 0);
    }

    /** Runs veil and checks: exit 2, nothing on stdout, one line on stderr containing {@code expected}. */
    private static void refused(String expected, String... args) {
        Run r = Run.veil(args);
        assertEquals(2, r.exit(), r.toString());
        assertEquals("", r.out(), r.toString());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains(expected), r.err());
    }

    private void party(String expected, String identity, String roster) {
        refused(expected, "mpc", "party", "--identity", p(identity), "--roster", p(roster), "--values", "1,2,3");
    }

    private void server(String expected, String identity, String roster) {
        refused(expected, "aggregate", "server", "--identity", p(identity), "--roster", p(roster), "--dim", "3",
                "--client-seconds", "1", "--member-seconds", "1");
    }

    private void client(String expected, String identity, String roster) {
        refused(expected, "aggregate", "client", "--identity", p(identity), "--roster", p(roster), "--values", "1,2,3");
    }

    @Test
    void aFolderOfAnotherRoleOrOutsideTheRosterOrWithAnotherCertificateIsRefused() {
        party("'client-0' is not a compute party of the roster", "client-0", "roster.cbor");
        party("the roster's certificate for 'party-0' is not the one in this identity folder", "twin-party-0", "roster.cbor");

        server("'client-9' is not in the roster", "outsider", "roster.cbor");
        server("'client-0' is the roster's aggregation-client, not its aggregation-server", "client-0", "roster.cbor");
        server("the roster's certificate for 'agg-server' is not the one in this identity folder", "twin-server",
                "roster.cbor");

        client("'client-9' is not in the roster", "outsider", "roster.cbor");
        client("'agg-server' is the roster's aggregation-server, not an aggregation-client", "server", "roster.cbor");
        client("'party-1' is the roster's compute-party, not an aggregation-client", "party-1", "roster.cbor");
        client("the roster's certificate for 'client-0' is not the one in this identity folder", "twin-client-0",
                "roster.cbor");
    }

    @Test
    void aCardWhoseSignatureFailsIsRefusedAloneAndInARoster() throws Exception {
        byte[] roster = Files.readAllBytes(dir.resolve("roster.cbor"));
        byte[] card = Files.readAllBytes(dir.resolve("client-1/card.cose"));
        byte[] forged = card.clone();
        forged[forged.length - 1] ^= 1; // the signature's last byte
        Files.write(dir.resolve("forged.cose"), forged);
        refused("the signature does not verify", "roster", "add", p("forged.cose"), "--out", p("new.cbor"));
        assertFalse(Files.exists(dir.resolve("new.cbor")), "a refused card makes no roster");

        // The same card tampered inside an otherwise well-formed roster file.
        int at = indexOf(roster, card);
        assertTrue(at > 0);
        byte[] tampered = roster.clone();
        tampered[at + card.length - 1] ^= 1;
        Files.write(dir.resolve("tampered.cbor"), tampered);
        party("the signature does not verify", "party-0", "tampered.cbor");
        server("the signature does not verify", "server", "tampered.cbor");
        client("the signature does not verify", "client-0", "tampered.cbor");
        refused("the signature does not verify", "roster", "show", p("tampered.cbor"));
    }

    @Test
    void aCardWhoseHostIsNotItsCertificatesIsRefusedAloneAndInARoster() throws Exception {
        // client-1's own agent key signs a card that puts it at a host its certificate does not
        // name: the signature holds, the card contradicts itself.
        IdentityFolder client1 = IdentityFolder.load(dir.resolve("client-1"));
        Card.Statement honest = client1.card().statement();
        Card.Statement elsewhere = new Card.Statement(honest.name(), honest.role(), "elsewhere.test", honest.port(),
                honest.certificate(), honest.agent(), honest.sealing(), honest.issuedAt(), honest.addresses());
        byte[] lying = Signed.sign(elsewhere, Card.TYPE, client1.agentKey()).encoded();
        Files.write(dir.resolve("elsewhere.cose"), lying);
        refused("its certificate does not name host elsewhere.test", "roster", "add", p("elsewhere.cose"),
                "--out", p("new.cbor"));
        refused("its certificate does not name host elsewhere.test", "identity", "show", p("elsewhere.cose"));
        assertFalse(Files.exists(dir.resolve("new.cbor")), "a refused card makes no roster");

        // A roster file holding that card in place of the honest one, in the roster's own format.
        Roster good = Roster.fromBytes(Files.readAllBytes(dir.resolve("roster.cbor")));
        CBORObject cards = CBORObject.NewArray();
        good.cards().stream().sorted(Comparator.comparing(Card::name))
                .map(c -> c.name().equals("client-1") ? lying : c.toBytes())
                .forEach(b -> cards.Add(CBORObject.FromObject(b)));
        Files.write(dir.resolve("lying.cbor"), Cbor.encode(CBORObject.NewArray().Add(Roster.VERSION).Add(cards)));
        party("its certificate does not name host elsewhere.test", "party-0", "lying.cbor");
        server("its certificate does not name host elsewhere.test", "server", "lying.cbor");
        client("its certificate does not name host elsewhere.test", "client-0", "lying.cbor");
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
