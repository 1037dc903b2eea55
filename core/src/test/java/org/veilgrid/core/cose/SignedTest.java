package org.veilgrid.core.cose;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Set;

import com.upokecenter.cbor.CBORObject;
import org.junit.jupiter.api.Test;
import org.veilgrid.core.cbor.CborItems;
import org.veilgrid.core.cbor.CborProfile;
import org.veilgrid.core.errors.VeilException;
import org.veilgrid.core.errors.VerificationFailedException;
import org.veilgrid.core.identity.AgentKey;
import org.veilgrid.core.identity.AgentPublicKey;

public class SignedTest {

    private static final HexFormat HEX = HexFormat.of();

    /** A small statement for the tests: a name and an amount. */
    record Note(String name, long amount) {
    }

    static final class NoteType implements StatementType<Note> {
        private final String contentType;
        private final String domain;

        NoteType(String contentType, String domain) {
            this.contentType = contentType;
            this.domain = domain;
        }

        @Override
        public String contentType() {
            return contentType;
        }

        @Override
        public byte[] domain() {
            return Signed.domain(domain);
        }

        @Override
        public CborProfile profile() {
            return new CborProfile(256, 2, 64, Set.of());
        }

        @Override
        public CBORObject encode(Note n) {
            return CBORObject.NewArray().Add(n.name()).Add(n.amount());
        }

        @Override
        public Note decode(CBORObject item) {
            CborItems.array(item, 2, "note");
            return new Note(CborItems.text(item.get(0), 64, "note.name"),
                    CborItems.integer(item.get(1), 0, Long.MAX_VALUE, "note.amount"));
        }
    }

    /** A signed test statement, for tests elsewhere that need a real COSE_Sign1. */
    public static byte[] signedNote(AgentKey key) {
        return Signed.sign(new Note("vector", 12345), NOTE, key).encoded();
    }

    private static final NoteType NOTE = new NoteType("application/vnd.veilgrid.test-note+cbor", "veilgrid/test/note/1");

    /**
     * COSE working group example eddsa-sig-01 (Ed25519, the RFC 8032 TEST 1 key): its
     * Sig_structure, and our signature over it, are byte for byte the published ones.
     */
    @Test
    void coseWorkingGroupEd25519Sign1Example() {
        byte[] published = HEX.parseHex("d28445a201270300a10442313154546869732069732074686520636f6e74656e742e5840"
                + "7142fd2ff96d56db85bee905a76ba1d0b7321a95c8c4d3607c5781932b7afb8711497dfa751bf40b58b3bcc32300b1487f3db34085eef013bf08f4a44d6fef0d");
        CoseSign1 message = CoseSign1.decode(published, 1024, "example");
        assertArrayEquals(HEX.parseHex("846a5369676e61747572653145a2012703004054546869732069732074686520636f6e74656e742e"),
                CoseSign1.toBeSigned(message.protectedHeader(), new byte[0], message.payload()));
        AgentKey key = AgentKey.fromSeed(HEX.parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
        assertTrue(message.verifiedBy(key.publicKey(), new byte[0]));
        byte[] ours = key.sign(CoseSign1.toBeSigned(message.protectedHeader(), new byte[0], message.payload()));
        assertArrayEquals(message.signature(), ours);
        assertArrayEquals(published, new CoseSign1(message.protectedHeader(), message.unprotected(),
                message.payload(), ours).encode());
    }

    @Test
    void signThenVerifyGivesTheStatementBack() {
        AgentKey key = AgentKey.generate(new SecureRandom());
        Signed<Note> signed = Signed.sign(new Note("node-1", 42), NOTE, key);
        Signed<Note> back = Signed.verify(signed.encoded(), NOTE, key.publicKey());
        assertEquals(new Note("node-1", 42), back.statement());
        assertEquals(key.publicKey().fingerprint(), Signed.keyId(signed.encoded(), NOTE));
    }

    @Test
    void anotherKeyAnotherTypeOrAnotherDomainFails() {
        AgentKey key = AgentKey.generate(new SecureRandom());
        byte[] cose = Signed.sign(new Note("a", 1), NOTE, key).encoded();
        AgentPublicKey other = AgentKey.generate(new SecureRandom()).publicKey();
        VerificationFailedException wrongKey = assertThrows(VerificationFailedException.class,
                () -> Signed.verify(cose, NOTE, other));
        assertTrue(wrongKey.getMessage().contains("not by the expected key"), wrongKey.getMessage());
        NoteType receipt = new NoteType("application/vnd.veilgrid.test-receipt+cbor", "veilgrid/test/note/1");
        VerificationFailedException wrongType = assertThrows(VerificationFailedException.class,
                () -> Signed.verify(cose, receipt, key.publicKey()));
        assertTrue(wrongType.getMessage().contains("but got a application/vnd.veilgrid.test-note+cbor"), wrongType.getMessage());
        NoteType otherDomain = new NoteType("application/vnd.veilgrid.test-note+cbor", "veilgrid/other/1");
        assertThrows(VerificationFailedException.class, () -> Signed.verify(cose, otherDomain, key.publicKey()));
    }

    /** Every flipped bit and every truncation is refused with a typed exception, never accepted. */
    @Test
    void everyFlippedBitAndTruncationIsRefused() {
        AgentKey key = AgentKey.generate(new SecureRandom());
        byte[] cose = Signed.sign(new Note("bank-a", 1_000_000), NOTE, key).encoded();
        for (int i = 0; i < cose.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] bad = cose.clone();
                bad[i] ^= (byte) (1 << bit);
                assertThrows(VeilException.class, () -> Signed.verify(bad, NOTE, key.publicKey()), "byte " + i);
            }
        }
        for (int n = 0; n < cose.length; n++) {
            byte[] cut = Arrays.copyOf(cose, n);
            assertThrows(VeilException.class, () -> Signed.verify(cut, NOTE, key.publicKey()), "length " + n);
        }
    }
}
