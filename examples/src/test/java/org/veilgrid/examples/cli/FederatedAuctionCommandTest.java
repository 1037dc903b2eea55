package org.veilgrid.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.veilgrid.mpc.engine.Security;
import org.veilgrid.auction.AuctionTerms;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `veil auction new --roster` and the federated party and submit commands' refusals: terms are
 * written once and bound to one roster; a participant is refused with one line naming what is
 * wrong before it sends or listens. (The run itself: FederationScriptsTest, separate processes.)
 */
class FederatedAuctionCommandTest {
    @TempDir
    Path dir;

    private String p(String name) {
        return dir.resolve(name).toString();
    }

    private void identity(String name, String role, int port) {
        List<String> args = new ArrayList<>(List.of("identity", "init", "--name", name, "--role", role, "--host",
                name + ".test", "--out", p(name)));
        if (port > 0) {
            args.addAll(List.of("--port", Integer.toString(port), "--address", "127.0.0.1"));
        }
        Run r = Run.veil(args.toArray(new String[0]));
        assertEquals(0, r.exit(), r.toString());
    }

    private void roster(String out, String... names) {
        List<String> args = new ArrayList<>(List.of("roster", "add"));
        for (String n : names) {
            args.add(p(n + "/card.cose"));
        }
        args.addAll(List.of("--out", p(out)));
        Run r = Run.veil(args.toArray(new String[0]));
        assertEquals(0, r.exit(), r.toString());
    }

    @Test
    void termsAreWrittenOnceForOneRosterAndParticipantsOfAnotherOrAnotherRoleAreRefused() throws Exception {
        for (int i = 0; i < 3; i++) {
            identity("party-" + i, "compute-party", 7600 + i);
        }
        identity("bank-a", "institution", 0);
        identity("bank-b", "institution", 0);
        roster("roster.cbor", "party-0", "party-1", "party-2", "bank-a", "bank-b");
        roster("other.cbor", "party-0", "party-1", "party-2", "bank-a");

        Run terms = Run.veil("auction", "new", "--roster", p("roster.cbor"), "--auction-id", "fed-1",
                "--price-grid", "8:12:1", "--out", p("terms.cbor"));
        assertEquals(0, terms.exit(), terms.toString());
        assertTrue(terms.out().contains("auction fed-1 for roster") && terms.out().contains("2 institutions"), terms.out());
        assertTrue(terms.out().contains(", malicious; terms "), terms.out());
        assertEquals(Security.MALICIOUS, AuctionTerms.fromBytes(Files.readAllBytes(dir.resolve("terms.cbor"))).security());
        Run semi = Run.veil("auction", "new", "--roster", p("roster.cbor"), "--auction-id", "fed-s",
                "--price-grid", "8:12:1", "--security", "semi-honest", "--out", p("terms-semi.cbor"));
        assertEquals(0, semi.exit(), semi.toString());
        assertEquals(Security.SEMI_HONEST,
                AuctionTerms.fromBytes(Files.readAllBytes(dir.resolve("terms-semi.cbor"))).security());
        Run again = Run.veil("auction", "new", "--roster", p("roster.cbor"), "--auction-id", "fed-2",
                "--price-grid", "8:12:1", "--out", p("terms.cbor"));
        assertEquals(2, again.exit(), again.toString());
        assertTrue(again.err().contains("terms are written once"), again.err());
        Run stranger = Run.veil("auction", "new", "--roster", p("roster.cbor"), "--price-grid", "8:12:1",
                "--institutions", "bank-a,bank-z", "--out", p("t2.cbor"));
        assertEquals(2, stranger.exit(), stranger.toString());
        assertTrue(stranger.err().contains("'bank-z' is not an institution of roster"), stranger.err());
        assertTrue(!Files.exists(dir.resolve("t2.cbor")));

        Path book = dir.resolve("book.csv");
        Files.writeString(book, "institution,side,price,quantity\nbank-a,buy,12,10\nbank-b,sell,9,4\n");
        // A party holding another roster than the terms were called for.
        Run wrongRoster = Run.veil("auction", "party", "--identity", p("party-0"), "--roster", p("other.cbor"),
                "--terms", p("terms.cbor"));
        assertEquals(2, wrongRoster.exit(), wrongRoster.toString());
        assertTrue(wrongRoster.err().contains("auction fed-1 was called for roster"), wrongRoster.err());
        assertEquals(1, wrongRoster.err().strip().lines().count(), wrongRoster.err());
        // An institution's identity started as a party, a party's as an institution.
        Run notParty = Run.veil("auction", "party", "--identity", p("bank-a"), "--roster", p("roster.cbor"),
                "--terms", p("terms.cbor"));
        assertEquals(2, notParty.exit(), notParty.toString());
        assertTrue(notParty.err().contains("'bank-a' is not a compute party of roster"), notParty.err());
        Run notInstitution = Run.veil("auction", "submit", "--identity", p("party-1"), "--roster", p("roster.cbor"),
                "--terms", p("terms.cbor"), "--orders", book.toString());
        assertEquals(2, notInstitution.exit(), notInstitution.toString());
        assertTrue(notInstitution.err().contains("'party-1' is not an institution of roster"), notInstitution.err());
        // Terms that were tampered with do not read.
        byte[] t = Files.readAllBytes(dir.resolve("terms.cbor"));
        Files.write(dir.resolve("cut.cbor"), java.util.Arrays.copyOf(t, t.length - 3));
        Run cut = Run.veil("auction", "submit", "--identity", p("bank-a"), "--roster", p("roster.cbor"),
                "--terms", p("cut.cbor"), "--orders", book.toString());
        assertEquals(2, cut.exit(), cut.toString());
        assertTrue(cut.err().contains("auction terms"), cut.err());
        // Modes are not mixed.
        Run mixed = Run.veil("auction", "party", "--identity", p("party-0"), "--roster", p("roster.cbor"),
                "--terms", p("terms.cbor"), "--dir", p("x"), "--id", "0");
        assertEquals(2, mixed.exit(), mixed.toString());
        assertTrue(mixed.err().contains("give either --identity, --roster and --terms, or (local demo) --dir and --id"),
                mixed.err());
    }
}
