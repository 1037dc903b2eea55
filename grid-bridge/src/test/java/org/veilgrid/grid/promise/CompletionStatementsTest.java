package org.veilgrid.grid.promise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.upokecenter.cbor.CBORObject;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.veilgrid.core.cose.Signed;
import org.veilgrid.core.cose.StatementType;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.errors.VeilException;
import org.veilgrid.core.errors.VerificationFailedException;
import org.veilgrid.core.identity.AgentKey;
import org.veilgrid.grid.protocol.GridMessages;

/** The grid's signed statements (completion promise and receipt) as COSE_Sign1, version 2. */
class CompletionStatementsTest {
    private static final SecureRandom RNG = new SecureRandom();
    private final AgentKey node = AgentKey.generate(RNG);
    private final AgentKey other = AgentKey.generate(RNG);
    private final byte[] request = "a request".getBytes(StandardCharsets.US_ASCII);
    private final byte[] response = "a response".getBytes(StandardCharsets.US_ASCII);
    private final CompletionPromise promise = CompletionPromise.make(node, request, 7, "NODECOIN", 1_800_000_000_000L);
    private final CompletionReceipt receipt = CompletionReceipt.make(node, promise, response, 1_799_999_999_000L);

    @Test
    void promisesAndReceiptsRoundTripAndBindWhatTheyName() {
        CompletionPromise p = CompletionPromise.verify(promise.toBytes(), node.publicKey());
        assertEquals(promise.statement(), p.statement());
        assertArrayEquals(promise.toBytes(), p.toBytes());
        assertEquals(node.publicKey(), p.node());
        assertEquals(7, p.price());
        assertEquals("NODECOIN", p.currency());
        assertEquals(1_800_000_000_000L, p.deadlineMillis());
        assertTrue(p.covers(request));
        assertTrue(!p.covers(response));
        CompletionReceipt r = CompletionReceipt.verify(receipt.toBytes(), node.publicKey());
        assertEquals(receipt.statement(), r.statement());
        assertArrayEquals(promise.digest(), r.statement().promiseDigest());
        assertTrue(r.binds(p, response));
        assertTrue(!r.binds(p, request));
        assertTrue(!r.binds(CompletionPromise.make(node, request, 8, "NODECOIN", 1L), response), "another promise");
        assertEquals((byte) 0xd2, p.toBytes()[0], "a tagged COSE_Sign1");
        assertEquals(node.publicKey().fingerprint(), CompletionPromise.signerOf(p.toBytes()));
        assertEquals(node.publicKey().fingerprint(), CompletionReceipt.signerOf(r.toBytes()));
    }

    @Test
    void theLargestStatementsHaveExactlyTheAdvertisedLengthWithinTheirSlots() {
        CompletionPromise largest = CompletionPromise.make(node, request, Long.MAX_VALUE, "ABCDEFGHIJKLMNOP", Long.MAX_VALUE);
        CompletionReceipt largestReceipt = CompletionReceipt.make(node, largest, response, Long.MAX_VALUE);
        assertEquals(CompletionPromise.MAX_LENGTH, largest.toBytes().length);
        assertEquals(CompletionReceipt.MAX_LENGTH, largestReceipt.toBytes().length);
        assertTrue(CompletionPromise.MAX_LENGTH <= GridMessages.MAX_STATEMENT_BYTES);
        assertTrue(CompletionReceipt.MAX_LENGTH <= GridMessages.MAX_STATEMENT_BYTES);
        assertEquals(largest.statement(), CompletionPromise.verify(largest.toBytes(), node.publicKey()).statement());
    }

    @Test
    void everyFlippedBitAndEveryTruncationIsRefused() {
        Map<byte[], Function<byte[], Object>> readers = Map.of(
                promise.toBytes(), b -> CompletionPromise.verify(b, node.publicKey()),
                receipt.toBytes(), b -> CompletionReceipt.verify(b, node.publicKey()));
        for (Map.Entry<byte[], Function<byte[], Object>> e : readers.entrySet()) {
            byte[] enc = e.getKey();
            for (int i = 0; i < enc.length; i++) {
                for (int bit = 0; bit < 8; bit++) {
                    byte[] t = enc.clone();
                    t[i] ^= (byte) (1 << bit);
                    assertThrows(VeilException.class, () -> e.getValue().apply(t), "byte " + i + " bit " + bit);
                }
            }
            for (int n = 0; n < enc.length; n++) {
                byte[] cut = Arrays.copyOf(enc, n);
                assertThrows(MalformedInputException.class, () -> e.getValue().apply(cut), "length " + n);
            }
            byte[] longer = Arrays.copyOf(enc, enc.length + 1);
            assertThrows(MalformedInputException.class, () -> e.getValue().apply(longer), "a trailing byte");
        }
    }

    @Test
    void aWrongKeyTypeOrDomainFails() {
        // another key than the signer's
        VerificationFailedException key = assertThrows(VerificationFailedException.class,
                () -> CompletionPromise.verify(promise.toBytes(), other.publicKey()));
        assertTrue(key.getMessage().contains("not by the expected key"), key.getMessage());
        assertThrows(VerificationFailedException.class, () -> CompletionReceipt.verify(receipt.toBytes(), other.publicKey()));
        // one type for the other
        VerificationFailedException type = assertThrows(VerificationFailedException.class,
                () -> CompletionPromise.verify(receipt.toBytes(), node.publicKey()));
        assertTrue(type.getMessage().contains(CompletionReceipt.CONTENT_TYPE), type.getMessage());
        assertThrows(VerificationFailedException.class, () -> CompletionReceipt.verify(promise.toBytes(), node.publicKey()));
        assertThrows(VerificationFailedException.class, () -> CompletionPromise.signerOf(receipt.toBytes()));
        // the same statement and content type signed for another domain (e.g. an earlier version's)
        for (String domain : List.of("veilgrid/grid/completion-promise/1", CompletionReceipt.DOMAIN, "veilgrid/zk/promise/2")) {
            StatementType<CompletionPromise.Statement> elsewhere = StatementType.of(CompletionPromise.CONTENT_TYPE, domain,
                    CompletionPromise.TYPE.profile(), CompletionPromise.TYPE::encode, CompletionPromise.TYPE::decode);
            byte[] signed = Signed.sign(promise.statement(), elsewhere, node).encoded();
            VerificationFailedException d = assertThrows(VerificationFailedException.class,
                    () -> CompletionPromise.verify(signed, node.publicKey()), domain);
            assertTrue(d.getMessage().contains("signature does not verify"), d.getMessage());
        }
        // a statement naming another node than the key that signed it
        byte[] misnamed = Signed.sign(promise.statement(), CompletionPromise.TYPE, other).encoded();
        VerificationFailedException named = assertThrows(VerificationFailedException.class,
                () -> CompletionPromise.verify(misnamed, other.publicKey()));
        assertTrue(named.getMessage().contains("names another node"), named.getMessage());
    }

    /** A statement type with the promise's content type and domain that signs any CBOR item: test-only forgeries. */
    private static final StatementType<CBORObject> RAW_PROMISE = StatementType.of(CompletionPromise.CONTENT_TYPE,
            CompletionPromise.DOMAIN, CompletionPromise.TYPE.profile().withMaxBytes(1024), x -> x, x -> x);

    @Test
    void aValidlySignedStatementWithAFieldOutOfRangeIsRefusedNamingTheField() {
        CBORObject key = node.publicKey().toCbor();
        CBORObject hash = CBORObject.FromObject(new byte[32]);
        Map<String, CBORObject> bad = Map.of(
                "price", CBORObject.NewArray().Add(key).Add(hash).Add(-1).Add("VEIL").Add(5),
                "currency", CBORObject.NewArray().Add(key).Add(hash).Add(1).Add("VEIL1").Add(5),
                "deadline", CBORObject.NewArray().Add(key).Add(hash).Add(1).Add("VEIL").Add(CBORObject.FromObject(-5)),
                "request-hash", CBORObject.NewArray().Add(key).Add(CBORObject.FromObject(new byte[31])).Add(1).Add("VEIL").Add(5),
                "5 elements", CBORObject.NewArray().Add(key).Add(hash).Add(1).Add("VEIL"));
        for (Map.Entry<String, CBORObject> e : bad.entrySet()) {
            byte[] signed = Signed.sign(e.getValue(), RAW_PROMISE, node).encoded();
            MalformedInputException m = assertThrows(MalformedInputException.class,
                    () -> CompletionPromise.verify(signed, node.publicKey()), e.getKey());
            assertTrue(m.getMessage().contains(e.getKey()), m.getMessage());
        }
        CBORObject longCurrency = CBORObject.NewArray().Add(key).Add(hash).Add(1).Add("ABCDEFGHIJKLMNOPQ").Add(5);
        byte[] signed = Signed.sign(longCurrency, RAW_PROMISE, node).encoded();
        assertThrows(MalformedInputException.class, () -> CompletionPromise.verify(signed, node.publicKey()));
    }

    @Test
    void statementsOfVersionOneAreRefusedNamingTheirVersion() {
        byte[] oldPromise = new byte[4 + 1 + 32 + 32 + 8 + 1 + 4 + 8 + 64];
        System.arraycopy("VGCP".getBytes(StandardCharsets.US_ASCII), 0, oldPromise, 0, 4);
        oldPromise[4] = 1;
        MalformedInputException p = assertThrows(MalformedInputException.class,
                () -> CompletionPromise.verify(oldPromise, node.publicKey()));
        assertTrue(p.getMessage().contains("version-1 completion promise") && p.getMessage().contains("reads version 2"),
                p.getMessage());
        assertThrows(MalformedInputException.class, () -> CompletionPromise.signerOf(oldPromise));
        byte[] oldReceipt = new byte[173];
        System.arraycopy("VGCR".getBytes(StandardCharsets.US_ASCII), 0, oldReceipt, 0, 4);
        oldReceipt[4] = 1;
        MalformedInputException r = assertThrows(MalformedInputException.class,
                () -> CompletionReceipt.verify(oldReceipt, node.publicKey()));
        assertTrue(r.getMessage().contains("version-1 completion receipt") && r.getMessage().contains("reads version 2"),
                r.getMessage());
    }

    @Test
    void aNodeCannotSignAStatementOutsideTheFormat() {
        assertThrows(ParameterException.class, () -> CompletionPromise.make(node, request, -1, "VEIL", 1));
        assertThrows(ParameterException.class, () -> CompletionPromise.make(node, request, 1, "VEIL1", 1));
        assertThrows(ParameterException.class, () -> CompletionPromise.make(node, request, 1, "", 1));
        assertThrows(ParameterException.class, () -> CompletionPromise.make(node, request, 1, "ABCDEFGHIJKLMNOPQ", 1));
        assertThrows(ParameterException.class, () -> CompletionPromise.make(node, request, 1, "VEIL", -1));
        assertThrows(ParameterException.class, () -> CompletionReceipt.make(node, promise, response, -1));
    }
}
