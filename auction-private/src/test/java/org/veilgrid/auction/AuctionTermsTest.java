package org.veilgrid.auction;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.upokecenter.cbor.CBORObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.veilgrid.mpc.engine.Security;
import org.veilgrid.core.cbor.Cbor;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.errors.ParameterException;

/** An auction's public terms: bound to one roster, read back only in canonical form, one session each. */
class AuctionTermsTest {
    @TempDir
    static Path dir;

    private static Federation federation;

    private static synchronized Federation federation() {
        if (federation == null) {
            federation = Federation.of(dir, 3, List.of("bank-a", "bank-b", "fund-c"));
        }
        return federation;
    }

    @Test
    void termsRoundTripAndNameTheRosterAndTheInstitutionsTakingPart() {
        Federation f = federation();
        AuctionTerms t = AuctionTerms.of(f.roster, "t-1", PriceGrid.parse("8:12:1"), true, List.of());
        assertEquals(List.of("bank-a", "bank-b", "fund-c"), t.institutions());
        assertArrayEquals(f.roster.digest(), t.rosterDigest());
        AuctionTerms back = AuctionTerms.fromBytes(t.toBytes());
        assertArrayEquals(t.digest(), back.digest());
        assertEquals(t.grid(), back.grid());
        assertEquals(t.requireRoster(f.roster).id(), "t-1");
        AuctionTerms some = AuctionTerms.of(f.roster, "t-1", PriceGrid.parse("8:12:1"), true, List.of("fund-c", "bank-a"));
        assertEquals(List.of("bank-a", "fund-c"), some.institutions(), "kept in name order");
    }

    @Test
    void everyTermChangesTheDigestAndTheSession() {
        Federation f = federation();
        PriceGrid g = PriceGrid.parse("8:12:1");
        List<AuctionTerms> all = List.of(AuctionTerms.of(f.roster, "t-1", g, true, List.of()),
                AuctionTerms.of(f.roster, "t-2", g, true, List.of()),
                AuctionTerms.of(f.roster, "t-1", PriceGrid.parse("8:13:1"), true, List.of()),
                AuctionTerms.of(f.roster, "t-1", g, false, List.of()),
                AuctionTerms.of(f.roster, "t-1", g, true, List.of("bank-a", "bank-b")),
                AuctionTerms.of("t-1", g, true, List.of("bank-a", "bank-b", "fund-c"), new byte[32]));
        Set<String> digests = new HashSet<>();
        Set<Long> sessions = new HashSet<>();
        for (AuctionTerms t : all) {
            digests.add(java.util.HexFormat.of().formatHex(t.digest()));
            sessions.add(t.session(5));
        }
        assertEquals(all.size(), digests.size());
        assertEquals(all.size(), sessions.size());
        assertNotEquals(all.get(0).session(5), all.get(0).session(6));
    }

    @Test
    void termsForAnotherRosterOrWithStrangersAreRefused() {
        Federation f = federation();
        PriceGrid g = PriceGrid.parse("8:12:1");
        ParameterException stranger = assertThrows(ParameterException.class,
                () -> AuctionTerms.of(f.roster, "t", g, true, List.of("bank-a", "bank-z")));
        assertTrue(stranger.getMessage().contains("'bank-z' is not an institution of roster"), stranger.getMessage());
        assertThrows(ParameterException.class, () -> AuctionTerms.of(f.roster, "t", g, true, List.of("bank-a", "bank-a")));
        assertThrows(ParameterException.class, () -> AuctionTerms.of(f.roster, "bad id", g, true, List.of()));
        AuctionTerms elsewhere = AuctionTerms.of("t", g, true, List.of("bank-a"), new byte[32]);
        ParameterException other = assertThrows(ParameterException.class, () -> elsewhere.requireRoster(f.roster));
        assertTrue(other.getMessage().contains("was called for roster 0000000000000000"), other.getMessage());
    }

    @Test
    void malformedTruncatedAndNonCanonicalTermsAreRefusedSayingWhat() {
        Federation f = federation();
        byte[] good = AuctionTerms.of(f.roster, "t-1", PriceGrid.parse("8:12:1"), true, List.of()).toBytes();
        for (int cut : new int[] {0, 1, good.length / 2, good.length - 1}) {
            assertThrows(MalformedInputException.class, () -> AuctionTerms.fromBytes(java.util.Arrays.copyOf(good, cut)));
        }
        CBORObject item = CBORObject.DecodeFromBytes(good);
        CBORObject v3 = CBORObject.DecodeFromBytes(good);
        v3.set(0, CBORObject.FromObject(3));
        MalformedInputException version = assertThrows(MalformedInputException.class,
                () -> AuctionTerms.fromBytes(Cbor.encode(v3)));
        assertTrue(version.getMessage().contains("version 3"), version.getMessage());
        CBORObject sloppy = CBORObject.DecodeFromBytes(good);
        sloppy.set(6, CBORObject.FromObject("paranoid"));
        MalformedInputException mode = assertThrows(MalformedInputException.class,
                () -> AuctionTerms.fromBytes(Cbor.encode(sloppy)));
        assertTrue(mode.getMessage().contains("malicious or semi-honest"), mode.getMessage());
        CBORObject v1WithMode = CBORObject.DecodeFromBytes(good);
        v1WithMode.set(0, CBORObject.FromObject(1));
        assertThrows(MalformedInputException.class, () -> AuctionTerms.fromBytes(Cbor.encode(v1WithMode)));
        CBORObject unordered = CBORObject.DecodeFromBytes(good);
        CBORObject names = CBORObject.NewArray().Add("fund-c").Add("bank-a").Add("bank-b");
        unordered.set(4, names);
        MalformedInputException order = assertThrows(MalformedInputException.class,
                () -> AuctionTerms.fromBytes(Cbor.encode(unordered)));
        assertTrue(order.getMessage().contains("canonical"), order.getMessage());
        CBORObject falling = CBORObject.DecodeFromBytes(good);
        falling.set(2, CBORObject.NewArray().Add(10).Add(9));
        assertThrows(MalformedInputException.class, () -> AuctionTerms.fromBytes(Cbor.encode(falling)));
        CBORObject shortDigest = CBORObject.DecodeFromBytes(good);
        shortDigest.set(5, CBORObject.FromObject(new byte[31]));
        assertThrows(MalformedInputException.class, () -> AuctionTerms.fromBytes(Cbor.encode(shortDigest)));
        assertEquals(7, item.size());
    }

    @Test
    void theSecurityModeIsPartOfTheTermsAndVersionOneTermsReadAsSemiHonest() {
        Federation f = federation();
        PriceGrid g = PriceGrid.parse("8:12:1");
        AuctionTerms malicious = AuctionTerms.of(f.roster, "t-2", g, true, List.of());
        AuctionTerms semiHonest = AuctionTerms.of(f.roster, "t-2", g, true, List.of(), Security.SEMI_HONEST);
        assertEquals(Security.MALICIOUS, malicious.security());
        assertEquals(Security.MALICIOUS, AuctionTerms.fromBytes(malicious.toBytes()).security());
        assertEquals(Security.SEMI_HONEST, AuctionTerms.fromBytes(semiHonest.toBytes()).security());
        assertFalse(java.util.Arrays.equals(malicious.digest(), semiHonest.digest()),
                "terms in two modes must not share a digest (nor an MPC session id)");
        assertTrue(malicious.toString().contains("malicious"), malicious.toString());
        // A version-1 encoding (no mode) of the same terms: read as semi-honest, digest kept.
        CBORObject v1 = CBORObject.DecodeFromBytes(semiHonest.toBytes());
        v1.set(0, CBORObject.FromObject(1));
        v1.RemoveAt(6);
        byte[] v1Bytes = Cbor.encode(v1);
        AuctionTerms old = AuctionTerms.fromBytes(v1Bytes);
        assertEquals(Security.SEMI_HONEST, old.security());
        assertArrayEquals(v1Bytes, old.toBytes());
        assertEquals(semiHonest.institutions(), old.institutions());
    }
}
