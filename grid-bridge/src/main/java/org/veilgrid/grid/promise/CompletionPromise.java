package org.veilgrid.grid.promise;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.zk.promise.AgentKeys;

/**
 * A node's signed promise on accepting a request: "I will answer the request with this hash, for
 * this price in my own currency, by this deadline". Fixed binary encoding: "VGCP", version (1),
 * node key (32), request hash (32), price (u64), currency (u8 length, 1..16 ASCII letters),
 * deadline (u64 epoch milliseconds), Ed25519 signature (64) over everything before it. Immutable.
 */
public final class CompletionPromise {
    static final byte[] MAGIC = {'V', 'G', 'C', 'P'};
    static final int VERSION = 1;

    public final byte[] nodeKey;
    public final byte[] requestHash;
    public final long price;
    public final String currency;
    public final long deadlineMillis;
    private final byte[] signature;
    private final byte[] encoded;

    private CompletionPromise(byte[] nodeKey, byte[] requestHash, long price, String currency, long deadlineMillis,
                              byte[] signature) {
        this.nodeKey = nodeKey.clone();
        this.requestHash = requestHash.clone();
        this.price = price;
        this.currency = currency;
        this.deadlineMillis = deadlineMillis;
        this.signature = signature.clone();
        this.encoded = encode(true);
    }

    /** The node signs a promise for a request. */
    public static CompletionPromise make(AgentKeys node, byte[] request, long price, String currency, long deadlineMillis) {
        checkCurrency(currency);
        if (price < 0) {
            throw new ParameterException("a price cannot be negative");
        }
        CompletionPromise unsigned = new CompletionPromise(node.publicKey(), sha256(request), price, currency, deadlineMillis,
                new byte[AgentKeys.SIGNATURE_LENGTH]);
        return new CompletionPromise(node.publicKey(), unsigned.requestHash, price, currency, deadlineMillis,
                node.sign(unsigned.encode(false)));
    }

    public boolean signatureValid() {
        return AgentKeys.verify(nodeKey, encode(false), signature);
    }

    /** Whether this promise is about exactly these request bytes. */
    public boolean covers(byte[] request) {
        return MessageDigest.isEqual(requestHash, sha256(request));
    }

    public byte[] toBytes() {
        return encoded.clone();
    }

    /** SHA-256 of the encoding: what a receipt binds. */
    public byte[] digest() {
        return sha256(encoded);
    }

    private byte[] encode(boolean withSignature) {
        byte[] cur = currency.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(4 + 1 + 32 + 32 + 8 + 1 + cur.length + 8 + (withSignature ? 64 : 0));
        b.put(MAGIC).put((byte) VERSION).put(nodeKey).put(requestHash).putLong(price).put((byte) cur.length).put(cur)
                .putLong(deadlineMillis);
        if (withSignature) {
            b.put(signature);
        }
        return b.array();
    }

    /** @throws MalformedInputException for a bad header, length or field */
    public static CompletionPromise fromBytes(byte[] bytes) {
        if (bytes == null || bytes.length < 4 + 1 + 32 + 32 + 8 + 1 + 1 + 8 + 64 || bytes.length > 256) {
            throw new MalformedInputException("promise", "wrong length " + (bytes == null ? 0 : bytes.length));
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        byte[] magic = new byte[4];
        b.get(magic);
        if (!Arrays.equals(magic, MAGIC) || (b.get() & 0xff) != VERSION) {
            throw new MalformedInputException("promise", "not a version-1 completion promise");
        }
        byte[] key = new byte[32];
        byte[] hash = new byte[32];
        b.get(key).get(hash);
        long price = b.getLong();
        int len = b.get() & 0xff;
        if (bytes.length != 4 + 1 + 32 + 32 + 8 + 1 + len + 8 + 64) {
            throw new MalformedInputException("promise", "length does not match its currency field");
        }
        byte[] cur = new byte[len];
        b.get(cur);
        String currency = new String(cur, StandardCharsets.US_ASCII);
        try {
            checkCurrency(currency);
        } catch (ParameterException e) {
            throw new MalformedInputException("promise.currency", e.getMessage());
        }
        if (price < 0) {
            throw new MalformedInputException("promise.price", "negative");
        }
        long deadline = b.getLong();
        byte[] sig = new byte[64];
        b.get(sig);
        return new CompletionPromise(key, hash, price, currency, deadline, sig);
    }

    static void checkCurrency(String c) {
        if (c == null || c.isEmpty() || c.length() > 16 || !c.matches("[A-Za-z]+")) {
            throw new ParameterException("a currency is 1 to 16 ASCII letters, got '" + c + "'");
        }
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "CompletionPromise(" + price + " " + currency + ", deadline " + deadlineMillis + ")";
    }
}
