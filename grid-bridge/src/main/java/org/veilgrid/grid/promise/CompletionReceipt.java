package org.veilgrid.grid.promise;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Arrays;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.zk.promise.AgentKeys;

/**
 * The node's signed receipt on answering: it binds the promise (its digest), the hash of the
 * response bytes and the time served. "VGCR", version (1), node key (32), promise digest (32),
 * response hash (32), served-at (u64 epoch ms), Ed25519 signature (64). Anyone holding the
 * promise, the receipt and the response can audit the answer.
 */
public final class CompletionReceipt {
    static final byte[] MAGIC = {'V', 'G', 'C', 'R'};
    static final int LENGTH = 4 + 1 + 32 + 32 + 32 + 8 + 64;

    public final byte[] nodeKey;
    public final byte[] promiseDigest;
    public final byte[] responseHash;
    public final long servedAtMillis;
    private final byte[] signature;

    private CompletionReceipt(byte[] nodeKey, byte[] promiseDigest, byte[] responseHash, long servedAtMillis, byte[] signature) {
        this.nodeKey = nodeKey.clone();
        this.promiseDigest = promiseDigest.clone();
        this.responseHash = responseHash.clone();
        this.servedAtMillis = servedAtMillis;
        this.signature = signature.clone();
    }

    public static CompletionReceipt make(AgentKeys node, CompletionPromise promise, byte[] response, long servedAtMillis) {
        CompletionReceipt unsigned = new CompletionReceipt(node.publicKey(), promise.digest(), CompletionPromise.sha256(response),
                servedAtMillis, new byte[64]);
        return new CompletionReceipt(node.publicKey(), unsigned.promiseDigest, unsigned.responseHash, servedAtMillis,
                node.sign(unsigned.encode(false)));
    }

    public boolean signatureValid() {
        return AgentKeys.verify(nodeKey, encode(false), signature);
    }

    public boolean binds(CompletionPromise promise, byte[] response) {
        return MessageDigest.isEqual(promiseDigest, promise.digest())
                && MessageDigest.isEqual(responseHash, CompletionPromise.sha256(response));
    }

    public byte[] toBytes() {
        return encode(true);
    }

    private byte[] encode(boolean withSignature) {
        ByteBuffer b = ByteBuffer.allocate(LENGTH - (withSignature ? 0 : 64));
        b.put(MAGIC).put((byte) 1).put(nodeKey).put(promiseDigest).put(responseHash).putLong(servedAtMillis);
        if (withSignature) {
            b.put(signature);
        }
        return b.array();
    }

    /** @throws MalformedInputException for a bad header or length */
    public static CompletionReceipt fromBytes(byte[] bytes) {
        if (bytes == null || bytes.length != LENGTH) {
            throw new MalformedInputException("receipt", "expected " + LENGTH + " bytes");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        byte[] magic = new byte[4];
        b.get(magic);
        if (!Arrays.equals(magic, MAGIC) || b.get() != 1) {
            throw new MalformedInputException("receipt", "not a version-1 completion receipt");
        }
        byte[] key = new byte[32];
        byte[] pd = new byte[32];
        byte[] rh = new byte[32];
        b.get(key).get(pd).get(rh);
        long served = b.getLong();
        byte[] sig = new byte[64];
        b.get(sig);
        return new CompletionReceipt(key, pd, rh, served, sig);
    }
}
