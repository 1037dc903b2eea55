package org.veilgrid.auction.proof;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import com.upokecenter.cbor.CBORObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.veilgrid.core.cbor.CborProfile;
import org.veilgrid.core.cbor.IndependentCbor;
import org.veilgrid.core.cose.CoseSign1;
import org.veilgrid.core.cose.Signed;
import org.veilgrid.core.cose.StatementType;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.errors.VeilException;
import org.veilgrid.core.errors.VerificationFailedException;
import org.veilgrid.core.identity.AgentKey;
import org.veilgrid.core.identity.AgentPublicKey;

/**
 * Every auction statement (committed order, signed result, fill proof, rejection) as a
 * COSE_Sign1: it round-trips; every flipped bit and every truncation is refused with a typed
 * exception; a statement signed by another key, read as another type or signed in another domain
 * fails; the version-1 byte formats are refused naming both versions; and an independent CBOR
 * implementation reads each encoding to the same data and writes it back byte for byte.
 */
class AuctionStatementsTest {
    static Statements s;

    @BeforeAll
    static void make() {
        s = new Statements();
    }

    /** Each statement's reader, as its verifier uses it (the key it must be signed by). */
    static Map<String, Consumer<byte[]>> readers() {
        Map<String, Consumer<byte[]>> r = new LinkedHashMap<>();
        AgentPublicKey institution = s.institution.publicKey();
        r.put("committed order", b -> {
            if (!CommittedOrder.fromBytes(b).institutionKey().equals(institution)) {
                throw new AssertionError("a committed order read back under another key");
            }
        });
        r.put("signed result", b -> SignedResult.verify(List.of(b), List.of(s.parties[0].publicKey())));
        r.put("fill proof", b -> FillProof.fromBytes(b, institution));
        r.put("rejection", b -> Rejection.verify(b, Statements.AUCTION, "bank-z", s.parties[0].publicKey()));
        return r;
    }

    static Map<String, byte[]> encodings() {
        Map<String, byte[]> e = new LinkedHashMap<>();
        List<String> names = List.copyOf(readers().keySet());
        for (int i = 0; i < names.size(); i++) {
            e.put(names.get(i), s.encodings().get(i));
        }
        return e;
    }

    static void assertRefused(Consumer<byte[]> read, byte[] b, String what) {
        try {
            read.accept(b);
            fail(what + ": accepted");
        } catch (MalformedInputException | VerificationFailedException expected) {
            // refused with a typed exception
        }
    }

    @Test
    void everyStatementRoundTripsAsACoseSign1OfItsOwnContentType() {
        assertEquals(s.order.committed().toString(), CommittedOrder.fromBytes(s.order.committed().toBytes()).toString());
        assertArrayEquals(s.order.committed().digest(), CommittedOrder.fromBytes(s.order.committed().toBytes()).digest());
        assertEquals(s.result, SignedResult.verify(s.signed.encoded(), s.partyKeys()).statement());
        FillProof p = FillProof.fromBytes(s.fillProof.toBytes(), s.institution.publicKey());
        assertTrue(p.complete(0) && !p.complete(1), p.toString());
        p.verify(s.signed, s.partyKeys(), CommittedOrder.fromBytes(s.order.committed().toBytes()));
        assertEquals(s.rejection, Rejection.verify(s.signedRejection, Statements.AUCTION, "bank-z",
                s.parties[0].publicKey()));
        Map<String, String> types = Map.of("committed order", CommittedOrder.CONTENT_TYPE,
                "signed result", ResultStatement.CONTENT_TYPE, "fill proof", FillProof.CONTENT_TYPE,
                "rejection", Rejection.CONTENT_TYPE);
        for (Map.Entry<String, byte[]> e : encodings().entrySet()) {
            assertEquals((byte) 0xd2, e.getValue()[0], e.getKey() + " is a tagged COSE_Sign1");
            String text = new String(e.getValue(), StandardCharsets.ISO_8859_1);
            assertTrue(text.contains(types.get(e.getKey())), e.getKey());
        }
        assertEquals("application/vnd.veilgrid.auction-committed-order+cbor", CommittedOrder.CONTENT_TYPE);
        assertEquals("veilgrid/auction/committed-order/2", CommittedOrder.DOMAIN);
        assertEquals("veilgrid/auction/result/2", ResultStatement.DOMAIN);
        assertEquals("veilgrid/auction/fill-proof/2", FillProof.DOMAIN);
        assertEquals("veilgrid/auction/rejection/2", Rejection.DOMAIN);
    }

    @Test
    void everyFlippedBitAndEveryTruncationOfEveryStatementIsRefused() {
        Map<String, Consumer<byte[]>> readers = readers();
        for (Map.Entry<String, byte[]> e : encodings().entrySet()) {
            Consumer<byte[]> read = readers.get(e.getKey());
            byte[] enc = e.getValue();
            read.accept(enc); // the untouched encoding is accepted
            for (int i = 0; i < enc.length; i++) {
                for (int bit = 0; bit < 8; bit++) {
                    byte[] t = enc.clone();
                    t[i] ^= (byte) (1 << bit);
                    assertRefused(read, t, e.getKey() + " byte " + i + " bit " + bit);
                }
            }
            for (int n = 0; n < enc.length; n++) {
                assertRefused(read, Arrays.copyOf(enc, n), e.getKey() + " cut to " + n + " bytes");
            }
            assertRefused(read, Arrays.copyOf(enc, enc.length + 1), e.getKey() + " with a byte after it");
        }
    }

    @Test
    void aStatementSignedByAnotherKeyIsRefused() {
        AgentKey stranger = AgentKey.generate(Statements.RNG);
        Map<String, byte[]> byStranger = new LinkedHashMap<>();
        byStranger.put("committed order", Signed.sign(s.order.committed(), CommittedOrder.TYPE, stranger).encoded());
        byStranger.put("signed result", SignedResult.sign(s.result, stranger));
        byStranger.put("fill proof", Signed.sign(s.fillProof.statement(), FillProof.TYPE, stranger).encoded());
        byStranger.put("rejection", s.rejection.sign(Statements.AUCTION, "bank-z", stranger));
        Map<String, Consumer<byte[]>> readers = readers();
        for (Map.Entry<String, byte[]> e : byStranger.entrySet()) {
            VerificationFailedException x = assertThrows(VerificationFailedException.class,
                    () -> readers.get(e.getKey()).accept(e.getValue()), e.getKey());
            assertTrue(x.getMessage().contains("not by the expected key"), e.getKey() + ": " + x.getMessage());
        }
        // a rejection made for another institution or auction is not this one's
        byte[] forOther = s.rejection.sign(Statements.AUCTION, "bank-a", s.parties[0]);
        assertThrows(VerificationFailedException.class, () -> readers.get("rejection").accept(forOther));
        byte[] otherAuction = s.rejection.sign(new byte[] {'a', '-', '2'}, "bank-z", s.parties[0]);
        assertThrows(VerificationFailedException.class, () -> readers.get("rejection").accept(otherAuction));
    }

    @Test
    void aStatementOfAnotherTypeIsRefusedNamingWhatItIs() {
        Map<String, Consumer<byte[]>> readers = readers();
        Map<String, String> types = Map.of("committed order", CommittedOrder.CONTENT_TYPE,
                "signed result", ResultStatement.CONTENT_TYPE, "fill proof", FillProof.CONTENT_TYPE,
                "rejection", Rejection.CONTENT_TYPE);
        for (Map.Entry<String, byte[]> e : encodings().entrySet()) {
            for (Map.Entry<String, Consumer<byte[]>> r : readers.entrySet()) {
                if (r.getKey().equals(e.getKey())) {
                    continue;
                }
                VerificationFailedException x = assertThrows(VerificationFailedException.class,
                        () -> r.getValue().accept(e.getValue()), e.getKey() + " read as " + r.getKey());
                assertTrue(x.getMessage().contains("but got a " + types.get(e.getKey())), x.getMessage());
            }
        }
    }

    @Test
    void aStatementSignedInAnotherDomainIsRefused() {
        // The same statement, content type and key; only the domain (COSE external AAD) differs.
        Map<String, byte[]> elsewhere = new LinkedHashMap<>();
        elsewhere.put("committed order", sign(CommittedOrder.TYPE, CommittedOrder.TYPE.encode(s.order.committed()),
                "veilgrid/auction/committed-order/1", s.institution));
        elsewhere.put("signed result", sign(ResultStatement.TYPE, ResultStatement.TYPE.encode(s.result),
                "veilgrid/zk/promise/2", s.parties[0]));
        elsewhere.put("fill proof", sign(FillProof.TYPE, FillProof.TYPE.encode(s.fillProof.statement()),
                "veilgrid/auction/fill-proof/3", s.institution));
        elsewhere.put("rejection", sign(Rejection.TYPE, Rejection.TYPE.encode(new Rejection.Notice(Statements.AUCTION,
                "bank-z", s.rejection)), "veilgrid/auction/result/2", s.parties[0]));
        Map<String, Consumer<byte[]>> readers = readers();
        for (Map.Entry<String, byte[]> e : elsewhere.entrySet()) {
            VerificationFailedException x = assertThrows(VerificationFailedException.class,
                    () -> readers.get(e.getKey()).accept(e.getValue()), e.getKey());
            assertTrue(x.getMessage().contains("signature does not verify"), e.getKey() + ": " + x.getMessage());
        }
        // signed in the right domain by the same means, each is accepted: only the domain made the difference
        readers.get("signed result").accept(sign(ResultStatement.TYPE, ResultStatement.TYPE.encode(s.result),
                ResultStatement.DOMAIN, s.parties[0]));
    }

    private static <T> byte[] sign(StatementType<T> type, CBORObject statement, String domain, AgentKey key) {
        return Signed.sign(statement, Statements.inDomain(type, domain), key).encoded();
    }

    @Test
    void filesOfTheVersionOneByteFormatsAreRefusedNamingBothVersions() {
        Map<String, Consumer<byte[]>> readers = readers();
        Map<String, String> magic = Map.of("committed order", "VGCO", "signed result", "VGAR", "fill proof", "VGFP");
        for (Map.Entry<String, String> e : magic.entrySet()) {
            byte[] old = new byte[900];
            System.arraycopy((e.getValue() + "\u0001").getBytes(StandardCharsets.US_ASCII), 0, old, 0, 5);
            MalformedInputException x = assertThrows(MalformedInputException.class,
                    () -> readers.get(e.getKey()).accept(old), e.getKey());
            assertTrue(x.getMessage().contains("is a version-1 " + e.getKey()) && x.getMessage().contains("reads version 2"),
                    x.getMessage());
        }
        byte[] text = "auction a-1\nRANGE_PROOF: a range proof fails\n".getBytes(StandardCharsets.US_ASCII);
        MalformedInputException x = assertThrows(MalformedInputException.class, () -> readers.get("rejection").accept(text));
        assertTrue(x.getMessage().contains("version-1 rejection") && x.getMessage().contains("reads version 2"),
                x.getMessage());
        // not CBOR at all: said so, not a CBOR error about the first byte
        x = assertThrows(MalformedInputException.class, () -> readers.get("fill proof").accept(
                "hello".getBytes(StandardCharsets.US_ASCII)));
        assertTrue(x.getMessage().contains("not a version-2 fill proof"), x.getMessage());
    }

    @Test
    void theLargestEncodingsAreWithinTheAdvertisedBounds() {
        // Ids of 64 bytes: the committed order's length is the bound's formula at its K.
        byte[] longId = new byte[AuctionItems.MAX_ID];
        Arrays.fill(longId, (byte) 'x');
        String longInst = "i".repeat(AuctionItems.MAX_ID);
        ProvedOrder o = ProvedOrder.create(longId, longInst, Statements.GRID, new long[] {50, 20, 0},
                new long[] {0, 5, 9}, s.institution, Statements.RNG);
        assertEquals(Signed.length(CommittedOrder.TYPE, CommittedOrder.payloadLength(3, 64, 64)),
                o.committed().toBytes().length);
        assertTrue(CommittedOrder.payloadLength(OrderLayout.MAX_POINTS, 64, 64) <= CommittedOrder.TYPE.profile().maxBytes());
        // A fill proof with both sides complete and the longest ids reaches its bound exactly.
        java.math.BigInteger wb = o.mask(0).add(java.math.BigInteger.valueOf(20));
        java.math.BigInteger ws = o.mask(1).add(java.math.BigInteger.valueOf(5));
        ResultStatement r = new ResultStatement(longId, Digests.grid(Statements.GRID), 1, 20, 20,
                Map.of(longInst, new ResultStatement.Entry(o.committed().digest(), wb, ws)), Set.of());
        FillProof both = FillProof.prove(o, r, s.institution, Statements.RNG);
        assertTrue(both.complete(0) && both.complete(1));
        assertEquals(FillProof.MAX_LENGTH, both.toBytes().length);
        // The longest rejection detail is kept whole, a longer one cut to it.
        Rejection longest = new Rejection(Rejection.Reason.MALFORMED, "\u20ac".repeat(Rejection.MAX_DETAIL + 9));
        assertEquals(Rejection.MAX_DETAIL, longest.detail().length());
        byte[] signed = longest.sign(longId, longInst, s.parties[0]);
        assertTrue(signed.length <= Rejection.MAX_LENGTH);
        assertEquals(longest, Rejection.verify(signed, longId, longInst, s.parties[0].publicKey()));
    }

    @Test
    void anIndependentCborImplementationReadsEveryStatementAndWritesItBackByteForByte(@TempDir Path tmp)
            throws Exception {
        List<byte[]> vectors = new ArrayList<>();
        for (byte[] cose : s.encodings()) {
            vectors.add(cose);
            vectors.add(CoseSign1.decode(cose, 1 << 20, "vector").payload()); // the statement alone
        }
        IndependentCbor.assertReadAndReencodedByteForByte(vectors, new CborProfile(1 << 20, 8, 1 << 20, Set.of(18L)),
                tmp);
    }

    @Test
    void arbitraryBytesIntoEveryReaderFailOnlyWithTypedErrors() {
        Map<String, Consumer<byte[]>> readers = readers();
        for (int i = 0; i < 300; i++) {
            byte[] junk = new byte[Statements.RNG.nextInt(600)];
            Statements.RNG.nextBytes(junk);
            if (junk.length > 0 && i % 2 == 0) {
                junk[0] = (byte) 0xd2; // past the first-byte check, into the COSE reader
            }
            for (Consumer<byte[]> read : readers.values()) {
                try {
                    read.accept(junk);
                } catch (VeilException expected) {
                    // typed
                }
            }
        }
    }
}
