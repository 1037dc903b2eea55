package org.veilgrid.grid.promise;

import com.upokecenter.cbor.CBORObject;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;
import org.veilgrid.core.cbor.CborItems;
import org.veilgrid.core.cose.Signed;
import org.veilgrid.core.cose.StatementType;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.errors.VerificationFailedException;
import org.veilgrid.core.identity.AgentKey;
import org.veilgrid.core.identity.AgentPublicKey;
import org.veilgrid.core.identity.KeyFingerprint;

/**
 * The node's signed receipt on answering (docs/protocols/completion-receipt-2.md): it binds the
 * promise (its digest), the hash of the response bytes and the time served. Anyone holding the
 * promise, the receipt and the response can audit the answer.
 *
 * <p>Encoding (version 2): a COSE_Sign1 of content type {@value #CONTENT_TYPE}, domain
 * {@value #DOMAIN}, over {@code [node: bstr 32, promise-digest: bstr 32, response-hash: bstr 32,
 * served-at: uint (epoch ms)]}. Exists only signed or verified against an expected key.
 */
public final class CompletionReceipt {
    /** The COSE content type of a completion receipt. */
    public static final String CONTENT_TYPE = "application/vnd.veilgrid.completion-receipt+cbor";
    /** The domain every receipt signature covers (COSE external AAD). */
    public static final String DOMAIN = "veilgrid/grid/completion-receipt/2";
    /** The letters version 1's byte layout began with. */
    static final String VERSION_1_MAGIC = "VGCR";
    private static final int HASH_BYTES = 32;
    /** The receipt statement's type. */
    public static final StatementType<Statement> TYPE = StatementType.of(CONTENT_TYPE, DOMAIN,
            GridStatements.profile(HASH_BYTES), CompletionReceipt::encode, CompletionReceipt::decode);
    /** The longest encoding (reached exactly): a bound for reading receipts. */
    public static final int MAX_LENGTH = GridStatements.signedLength(new Statement(AgentKey.fromSeed(new byte[32]).publicKey(),
            new byte[HASH_BYTES], new byte[HASH_BYTES], Long.MAX_VALUE), TYPE);

    /**
     * What a node signs on answering.
     *
     * @param node           the node's key (it signs)
     * @param promiseDigest  SHA-256 of the promise's COSE_Sign1 bytes
     * @param responseHash   SHA-256 of the response bytes sent
     * @param servedAtMillis milliseconds since the epoch, at least 0
     */
    public record Statement(AgentPublicKey node, byte[] promiseDigest, byte[] responseHash, long servedAtMillis) {
        public Statement {
            Objects.requireNonNull(node, "node");
            if (promiseDigest == null || promiseDigest.length != HASH_BYTES || responseHash == null
                    || responseHash.length != HASH_BYTES) {
                throw new ParameterException("a promise digest and a response hash are " + HASH_BYTES + " bytes each");
            }
            if (servedAtMillis < 0) {
                throw new ParameterException("a served-at time cannot lie before 1970");
            }
            promiseDigest = promiseDigest.clone();
            responseHash = responseHash.clone();
        }

        @Override
        public byte[] promiseDigest() {
            return promiseDigest.clone();
        }

        @Override
        public byte[] responseHash() {
            return responseHash.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Statement s && node.equals(s.node) && Arrays.equals(promiseDigest, s.promiseDigest)
                    && Arrays.equals(responseHash, s.responseHash) && servedAtMillis == s.servedAtMillis;
        }

        @Override
        public int hashCode() {
            return Objects.hash(node, Arrays.hashCode(promiseDigest), Arrays.hashCode(responseHash), servedAtMillis);
        }

        @Override
        public String toString() {
            return "CompletionReceipt.Statement(by " + node.fingerprint() + ", served at " + servedAtMillis + ")";
        }
    }

    private static CBORObject encode(Statement s) {
        return CBORObject.NewArray()
                .Add(s.node().toCbor())
                .Add(CBORObject.FromObject(s.promiseDigest()))
                .Add(CBORObject.FromObject(s.responseHash()))
                .Add(s.servedAtMillis());
    }

    private static Statement decode(CBORObject item) {
        CborItems.array(item, 4, "completion receipt");
        return new Statement(
                AgentPublicKey.fromCbor(item.get(0), "completion receipt.node"),
                CborItems.bytes(item.get(1), HASH_BYTES, "completion receipt.promise-digest"),
                CborItems.bytes(item.get(2), HASH_BYTES, "completion receipt.response-hash"),
                CborItems.integer(item.get(3), 0, Long.MAX_VALUE, "completion receipt.served-at"));
    }

    private final Signed<Statement> signed;

    private CompletionReceipt(Signed<Statement> signed) {
        this.signed = signed;
    }

    /** The node signs a receipt binding {@code promise} and the {@code response} bytes it sends. */
    public static CompletionReceipt make(AgentKey node, CompletionPromise promise, byte[] response, long servedAtMillis) {
        Objects.requireNonNull(node, "node");
        return new CompletionReceipt(Signed.sign(new Statement(node.publicKey(), promise.digest(),
                GridStatements.sha256(response), servedAtMillis), TYPE, node));
    }

    /**
     * Reads a receipt that {@code node} signed and that names {@code node}.
     *
     * @throws MalformedInputException if the bytes are not a version-2 completion receipt (a
     *         version-1 one is named as such)
     * @throws VerificationFailedException if it is another kind of statement, signed by another
     *         key, names another node, or its signature does not verify
     */
    public static CompletionReceipt verify(byte[] bytes, AgentPublicKey node) {
        return new CompletionReceipt(GridStatements.verify(bytes, TYPE, Objects.requireNonNull(node, "node"),
                Statement::node, "completion receipt", VERSION_1_MAGIC));
    }

    /** As {@link CompletionPromise#signerOf}, for a receipt. */
    public static KeyFingerprint signerOf(byte[] bytes) {
        return GridStatements.signerOf(bytes, TYPE, "completion receipt", VERSION_1_MAGIC);
    }

    /** Whether this receipt is for {@code promise} and exactly the {@code response} bytes. */
    public boolean binds(CompletionPromise promise, byte[] response) {
        return MessageDigest.isEqual(statement().promiseDigest(), promise.digest())
                && MessageDigest.isEqual(statement().responseHash(), GridStatements.sha256(response));
    }

    /** The COSE_Sign1 bytes, as sent. */
    public byte[] toBytes() {
        return signed.encoded();
    }

    public Statement statement() {
        return signed.statement();
    }

    public AgentPublicKey node() {
        return statement().node();
    }

    public long servedAtMillis() {
        return statement().servedAtMillis();
    }

    @Override
    public String toString() {
        return "CompletionReceipt(served at " + servedAtMillis() + ", by " + node().fingerprint() + ")";
    }
}
