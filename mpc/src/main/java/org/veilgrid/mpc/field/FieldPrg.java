package org.veilgrid.mpc.field;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;

import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * A deterministic stream of field elements, bits and bounded integers: AES-128 in counter mode
 * under a 16-byte key, block i of stream s being AES_k(s ‖ i) (s and i as 64-bit words).
 *
 * <p>Two uses. With a fresh key from {@link SecureRandom} ({@link #fromSecureRandom}) it is the
 * fast randomness of a dealer (sharing polynomials, masks). With a key shared by a set of
 * parties it is the pseudo-random function of PRSS: every holder of the key derives the same
 * values for the same {@code streamId} without talking. AES-NI makes this a few nanoseconds per
 * element, where drawing each element from {@code SecureRandom} would dominate the protocol.
 *
 * <p>Elements are 127-bit strings, rejected (and redrawn from the stream) when equal to p, so they
 * are uniform in [0, p). Not thread-safe.
 */
public final class FieldPrg {

    private final Cipher cipher;
    private final long streamId;
    private long counter;
    /**
     * Scratch of the PRGs of a thread (grown on demand): [0] the counter blocks, [1] the key
     * stream. Two arrays, because the JDK copies its input first when a cipher encrypts in place.
     */
    private static final ThreadLocal<byte[][]> SCRATCH = ThreadLocal.withInitial(() -> new byte[][] {new byte[0], new byte[0]});
    private static final java.lang.invoke.VarHandle LONGS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /**
     * @param key      16 bytes of key (a secret)
     * @param streamId which independent stream under that key
     */
    public FieldPrg(byte[] key, long streamId) {
        if (key.length != 16) {
            throw new IllegalArgumentException("PRG key must be 16 bytes, got " + key.length);
        }
        this.streamId = streamId;
        try {
            // Counter mode done here over ECB: the JDK's ECB path is several times faster than
            // its CTR path for bulk output, and the key stream is the same construction.
            cipher = Cipher.getInstance("AES/ECB/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/CTR is not available in this JDK", e);
        }
    }

    /** A PRG under a fresh key drawn from {@code random}. */
    public static FieldPrg fromSecureRandom(SecureRandom random) {
        byte[] key = new byte[16];
        random.nextBytes(key);
        return new FieldPrg(key, 0);
    }

    /** {@code bytes} bytes of key stream into a reused buffer. */
    private ByteBuffer stream(int bytes) {
        byte[][] holder = SCRATCH.get();
        if (holder[0].length < bytes) {
            holder[0] = new byte[bytes];
            holder[1] = new byte[bytes];
        }
        byte[] blocks = holder[0];
        byte[] buffer = holder[1];
        for (int at = 0; at < bytes; at += 16) {
            LONGS.set(blocks, at, streamId);
            LONGS.set(blocks, at + 8, counter++);
        }
        try {
            cipher.update(blocks, 0, bytes, buffer, 0);
        } catch (ShortBufferException e) {
            throw new IllegalStateException(e);
        }
        return ByteBuffer.wrap(buffer, 0, bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Fills elements [offset, offset+n) of packed vector {@code out} with uniform elements. */
    public void nextElements(long[] out, int offset, int n) {
        stream(n * 16).asLongBuffer().get(out, 2 * offset, 2 * n);
        for (int i = 0, k = 2 * offset; i < n; i++, k += 2) {
            out[k + 1] &= Mersenne127.HI_MASK;
            while (!Mersenne127.isCanonical(out[k], out[k + 1])) {
                ByteBuffer more = stream(16);
                out[k] = more.getLong();
                out[k + 1] = more.getLong() & Mersenne127.HI_MASK;
            }
        }
    }

    /** A packed vector of {@code n} uniform elements. */
    public long[] nextElements(int n) {
        long[] out = new long[2 * n];
        nextElements(out, 0, n);
        return out;
    }

    /**
     * Elements [offset, offset+n) of {@code out} set to uniform integers in [0, 2^bits).
     *
     * @param bits 1 to 126
     */
    public void nextBounded(int bits, long[] out, int offset, int n) {
        if (bits < 1 || bits > 126) {
            throw new IllegalArgumentException("bits must be in 1..126, got " + bits);
        }
        stream(n * 16).asLongBuffer().get(out, 2 * offset, 2 * n);
        long loMask = bits >= 64 ? -1L : (1L << bits) - 1;
        long hiMask = bits <= 64 ? 0 : (1L << (bits - 64)) - 1;
        for (int i = 0, k = 2 * offset; i < n; i++, k += 2) {
            out[k] &= loMask;
            out[k + 1] &= hiMask;
        }
    }

    /**
     * Elements [0, n) of {@code out} set to uniform bits (0 or 1, one per long), 128 from each
     * block of key stream: bit i of the stream's little-endian words, in order.
     */
    public void nextBits(long[] out, int n) {
        int words = (n + 63) / 64;
        int bytes = ((words + 1) / 2) * 16;
        ByteBuffer stream = stream(bytes);
        for (int w = 0; w < words; w++) {
            long word = stream.getLong(8 * w);
            int end = Math.min(64, n - 64 * w);
            for (int i = 0; i < end; i++) {
                out[64 * w + i] = (word >>> i) & 1;
            }
        }
    }

    /** Uniform 16-byte keys, e.g. to seed other PRGs. */
    public byte[] nextKey() {
        byte[] key = new byte[16];
        stream(16).get(key);
        return key;
    }
}
