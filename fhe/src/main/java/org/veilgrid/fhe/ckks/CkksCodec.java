package org.veilgrid.fhe.ckks;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Protobuf encodings of CKKS parameters, keys and ciphertexts (veilgrid_ckks.proto).
 */
public final class CkksCodec {
    private CkksCodec() {
    }

    /**
     * A 32-byte fingerprint of the parameters: SHA-256 of a domain tag, then N, the number of
     * ciphertext primes, the primes, the special prime and the default scale's IEEE 754 bits,
     * each as 8 little-endian bytes.
     */
    public static byte[] parametersId(CkksParameters p) {
        byte[] tag = "veilgrid-ckks-parameters-v1".getBytes(StandardCharsets.US_ASCII);
        ByteBuffer buf = ByteBuffer.allocate(tag.length + 1 + 8 * (4 + p.ciphertextPrimes().size()))
                .order(ByteOrder.LITTLE_ENDIAN);
        buf.put(tag).put((byte) 0);
        buf.putLong(p.n()).putLong(p.ciphertextPrimes().size());
        for (long q : p.ciphertextPrimes()) {
            buf.putLong(q);
        }
        buf.putLong(p.specialPrime()).putLong(Double.doubleToLongBits(p.scale()));
        try {
            return MessageDigest.getInstance("SHA-256").digest(buf.array());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
