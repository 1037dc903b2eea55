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
 * A node's signed promise on accepting a request: "I will answer the request with this hash, for
 * this price in my own currency, by this deadline" (docs/protocols/completion-promise-2.md).
 *
 * <p>Encoding (version 2): a COSE_Sign1 ({@link Signed}) of content type {@value #CONTENT_TYPE},
 * domain {@value #DOMAIN}, over the statement {@code [node: bstr 32, request-hash: bstr 32,
 * price: uint, currency: tstr [A-Za-z]{1,16}, deadline: uint (epoch ms)]}. A
 * {@code CompletionPromise} exists only signed ({@link #make}) or verified against the key its
 * reader expects ({@link #verify}). Immutable.
 */
public final class CompletionPromise {
    /** The COSE content type of a completion promise. */
    public static final String CONTENT_TYPE = "application/vnd.veilgrid.completion-promise+cbor";
    /** The domain every promise signature covers (COSE external AAD). */
    public static final String DOMAIN = "veilgrid/grid/completion-promise/2";
    /** The letters version 1's byte layout began with. */
    static final String VERSION_1_MAGIC = "VGCP";
    private static final int HASH_BYTES = 32;
    private static final int MAX_CURRENCY_LETTERS = 16;
    /** The promise statement's type. */
    public static final StatementType<Statement> TYPE = StatementType.of(CONTENT_TYPE, DOMAIN,
            GridStatements.profile(HASH_BYTES), CompletionPromise::encode, CompletionPromise::decode);
    /** The longest encoding (reached exactly): a bound for reading promises. */
    public static final int MAX_LENGTH = GridStatements.signedLength(new Statement(AgentKey.fromSeed(new byte[32]).publicKey(),
            new byte[HASH_BYTES], Long.MAX_VALUE, "X".repeat(MAX_CURRENCY_LETTERS), Long.MAX_VALUE), TYPE);

    /**
     * What a node signs.
     *
     * @param node           the node's key (it signs)
     * @param requestHash    SHA-256 of the request's bytes as received
     * @param price          in the node's currency, at least 0
     * @param currency       1 to 16 ASCII letters
     * @param deadlineMillis milliseconds since the epoch, at least 0
     */
    public record Statement(AgentPublicKey node, byte[] requestHash, long price, String currency, long deadlineMillis) {
        public Statement {
            Objects.requireNonNull(node, "node");
            if (requestHash == null || requestHash.length != HASH_BYTES) {
                throw new ParameterException("a request hash is " + HASH_BYTES + " bytes");
            }
            if (price < 0) {
                throw new ParameterException("a price cannot be negative");
            }
            if (deadlineMillis < 0) {
                throw new ParameterException("a deadline cannot lie before 1970");
            }
            checkCurrency(currency);
            requestHash = requestHash.clone();
        }

        @Override
        public byte[] requestHash() {
            return requestHash.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Statement s && node.equals(s.node) && Arrays.equals(requestHash, s.requestHash)
                    && price == s.price && currency.equals(s.currency) && deadlineMillis == s.deadlineMillis;
        }

        @Override
        public int hashCode() {
            return Objects.hash(node, Arrays.hashCode(requestHash), price, currency, deadlineMillis);
        }

        @Override
        public String toString() {
            return "CompletionPromise.Statement(by " + node.fingerprint() + ", " + price + " " + currency + ", deadline "
                    + deadlineMillis + ")";
        }
    }

    private static CBORObject encode(Statement s) {
        return CBORObject.NewArray()
                .Add(s.node().toCbor())
                .Add(CBORObject.FromObject(s.requestHash()))
                .Add(s.price())
                .Add(s.currency())
                .Add(s.deadlineMillis());
    }

    private static Statement decode(CBORObject item) {
        CborItems.array(item, 5, "completion promise");
        AgentPublicKey node = AgentPublicKey.fromCbor(item.get(0), "completion promise.node");
        byte[] hash = CborItems.bytes(item.get(1), HASH_BYTES, "completion promise.request-hash");
        long price = CborItems.integer(item.get(2), 0, Long.MAX_VALUE, "completion promise.price");
        String currency = CborItems.text(item.get(3), MAX_CURRENCY_LETTERS, "completion promise.currency");
        if (!isCurrency(currency)) {
            throw new MalformedInputException("completion promise.currency", "is not 1 to 16 ASCII letters");
        }
        long deadline = CborItems.integer(item.get(4), 0, Long.MAX_VALUE, "completion promise.deadline");
        return new Statement(node, hash, price, currency, deadline);
    }

    private final Signed<Statement> signed;

    private CompletionPromise(Signed<Statement> signed) {
        this.signed = signed;
    }

    /**
     * The node signs a promise for the request with these bytes.
     *
     * @throws ParameterException for a negative price or deadline, or a currency that is not 1 to
     *         16 ASCII letters
     */
    public static CompletionPromise make(AgentKey node, byte[] request, long price, String currency, long deadlineMillis) {
        Objects.requireNonNull(node, "node");
        return new CompletionPromise(Signed.sign(new Statement(node.publicKey(), GridStatements.sha256(request), price,
                currency, deadlineMillis), TYPE, node));
    }

    /**
     * Reads a promise that {@code node} signed and that names {@code node}.
     *
     * @throws MalformedInputException if the bytes are not a version-2 completion promise (a
     *         version-1 one is named as such)
     * @throws VerificationFailedException if it is another kind of statement, signed by another
     *         key, names another node, or its signature does not verify
     */
    public static CompletionPromise verify(byte[] bytes, AgentPublicKey node) {
        return new CompletionPromise(GridStatements.verify(bytes, TYPE, Objects.requireNonNull(node, "node"),
                Statement::node, "completion promise", VERSION_1_MAGIC));
    }

    /**
     * The fingerprint of the key a promise says signed it, read without verifying (its headers and
     * content type are checked): to tell a promise of another node from a broken signature.
     *
     * @throws MalformedInputException if the bytes are not a version-2 completion promise
     * @throws VerificationFailedException if it is another kind of statement
     */
    public static KeyFingerprint signerOf(byte[] bytes) {
        return GridStatements.signerOf(bytes, TYPE, "completion promise", VERSION_1_MAGIC);
    }

    /** Whether this promise is about exactly these request bytes. */
    public boolean covers(byte[] request) {
        return MessageDigest.isEqual(statement().requestHash(), GridStatements.sha256(request));
    }

    /** The COSE_Sign1 bytes, as sent. */
    public byte[] toBytes() {
        return signed.encoded();
    }

    /** SHA-256 of the encoding: how a receipt names this promise. */
    public byte[] digest() {
        return GridStatements.sha256(signed.encoded());
    }

    /** The signed statement. */
    public Statement statement() {
        return signed.statement();
    }

    /** The node that made the promise. */
    public AgentPublicKey node() {
        return statement().node();
    }

    public long price() {
        return statement().price();
    }

    public String currency() {
        return statement().currency();
    }

    public long deadlineMillis() {
        return statement().deadlineMillis();
    }

    /**
     * @throws ParameterException unless {@code c} is 1 to 16 ASCII letters (what a promise can name)
     */
    public static void checkCurrency(String c) {
        if (!isCurrency(c)) {
            throw new ParameterException("a currency is 1 to 16 ASCII letters, got '"
                    + org.veilgrid.core.text.SafeText.abbreviate(String.valueOf(c), 40) + "'");
        }
    }

    private static boolean isCurrency(String c) {
        return c != null && c.matches("[A-Za-z]{1," + MAX_CURRENCY_LETTERS + "}");
    }

    @Override
    public String toString() {
        return "CompletionPromise(" + price() + " " + currency() + ", deadline " + deadlineMillis() + ", by "
                + node().fingerprint() + ")";
    }
}
