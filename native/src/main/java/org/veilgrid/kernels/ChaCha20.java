package org.veilgrid.kernels;

import java.util.Arrays;

/**
 * ChaCha20 (RFC 8439) and the seeded uniform sampler built on it: the Java twin of prg.c.
 *
 * <p>Sampler: key = the 32-byte seed, nonce = 0x00000000 || LE64(stream), block counter from 0.
 * The keystream is read as little-endian 64-bit words, each masked to bitlen(q - 1) bits and kept
 * when below q. The same (seed, stream, q) gives the same values here and in C.
 */
final class ChaCha20 {
    static final int KEY_BYTES = 32;
    static final int NONCE_BYTES = 12;
    static final int BLOCK_BYTES = 64;

    private ChaCha20() {
    }

    private static int loadLe(byte[] b, int i) {
        return (b[i] & 0xff) | (b[i + 1] & 0xff) << 8 | (b[i + 2] & 0xff) << 16 | (b[i + 3] & 0xff) << 24;
    }

    static void initState(int[] s, byte[] key, int counter, byte[] nonce) {
        s[0] = 0x61707865;
        s[1] = 0x3320646e;
        s[2] = 0x79622d32;
        s[3] = 0x6b206574;
        for (int i = 0; i < 8; i++) {
            s[4 + i] = loadLe(key, 4 * i);
        }
        s[12] = counter;
        for (int i = 0; i < 3; i++) {
            s[13 + i] = loadLe(nonce, 4 * i);
        }
    }

    /** The 20-round block function: out = rounds(in) + in, as 16 words. */
    static void block(int[] in, int[] out) {
        int x0 = in[0], x1 = in[1], x2 = in[2], x3 = in[3];
        int x4 = in[4], x5 = in[5], x6 = in[6], x7 = in[7];
        int x8 = in[8], x9 = in[9], x10 = in[10], x11 = in[11];
        int x12 = in[12], x13 = in[13], x14 = in[14], x15 = in[15];
        for (int i = 0; i < 10; i++) {
            // Column rounds.
            x0 += x4; x12 = Integer.rotateLeft(x12 ^ x0, 16); x8 += x12; x4 = Integer.rotateLeft(x4 ^ x8, 12);
            x0 += x4; x12 = Integer.rotateLeft(x12 ^ x0, 8); x8 += x12; x4 = Integer.rotateLeft(x4 ^ x8, 7);
            x1 += x5; x13 = Integer.rotateLeft(x13 ^ x1, 16); x9 += x13; x5 = Integer.rotateLeft(x5 ^ x9, 12);
            x1 += x5; x13 = Integer.rotateLeft(x13 ^ x1, 8); x9 += x13; x5 = Integer.rotateLeft(x5 ^ x9, 7);
            x2 += x6; x14 = Integer.rotateLeft(x14 ^ x2, 16); x10 += x14; x6 = Integer.rotateLeft(x6 ^ x10, 12);
            x2 += x6; x14 = Integer.rotateLeft(x14 ^ x2, 8); x10 += x14; x6 = Integer.rotateLeft(x6 ^ x10, 7);
            x3 += x7; x15 = Integer.rotateLeft(x15 ^ x3, 16); x11 += x15; x7 = Integer.rotateLeft(x7 ^ x11, 12);
            x3 += x7; x15 = Integer.rotateLeft(x15 ^ x3, 8); x11 += x15; x7 = Integer.rotateLeft(x7 ^ x11, 7);
            // Diagonal rounds.
            x0 += x5; x15 = Integer.rotateLeft(x15 ^ x0, 16); x10 += x15; x5 = Integer.rotateLeft(x5 ^ x10, 12);
            x0 += x5; x15 = Integer.rotateLeft(x15 ^ x0, 8); x10 += x15; x5 = Integer.rotateLeft(x5 ^ x10, 7);
            x1 += x6; x12 = Integer.rotateLeft(x12 ^ x1, 16); x11 += x12; x6 = Integer.rotateLeft(x6 ^ x11, 12);
            x1 += x6; x12 = Integer.rotateLeft(x12 ^ x1, 8); x11 += x12; x6 = Integer.rotateLeft(x6 ^ x11, 7);
            x2 += x7; x13 = Integer.rotateLeft(x13 ^ x2, 16); x8 += x13; x7 = Integer.rotateLeft(x7 ^ x8, 12);
            x2 += x7; x13 = Integer.rotateLeft(x13 ^ x2, 8); x8 += x13; x7 = Integer.rotateLeft(x7 ^ x8, 7);
            x3 += x4; x14 = Integer.rotateLeft(x14 ^ x3, 16); x9 += x14; x4 = Integer.rotateLeft(x4 ^ x9, 12);
            x3 += x4; x14 = Integer.rotateLeft(x14 ^ x3, 8); x9 += x14; x4 = Integer.rotateLeft(x4 ^ x9, 7);
        }
        out[0] = x0 + in[0]; out[1] = x1 + in[1]; out[2] = x2 + in[2]; out[3] = x3 + in[3];
        out[4] = x4 + in[4]; out[5] = x5 + in[5]; out[6] = x6 + in[6]; out[7] = x7 + in[7];
        out[8] = x8 + in[8]; out[9] = x9 + in[9]; out[10] = x10 + in[10]; out[11] = x11 + in[11];
        out[12] = x12 + in[12]; out[13] = x13 + in[13]; out[14] = x14 + in[14]; out[15] = x15 + in[15];
    }

    /** One 64-byte keystream block (RFC 8439 section 2.3). */
    static byte[] block(byte[] key, int counter, byte[] nonce) {
        int[] s = new int[16];
        int[] o = new int[16];
        initState(s, key, counter, nonce);
        block(s, o);
        byte[] out = new byte[BLOCK_BYTES];
        for (int i = 0; i < 16; i++) {
            out[4 * i] = (byte) o[i];
            out[4 * i + 1] = (byte) (o[i] >>> 8);
            out[4 * i + 2] = (byte) (o[i] >>> 16);
            out[4 * i + 3] = (byte) (o[i] >>> 24);
        }
        Arrays.fill(s, 0);
        return out;
    }

    static byte[] nonceForStream(long stream) {
        byte[] nonce = new byte[NONCE_BYTES];
        for (int i = 0; i < 8; i++) {
            nonce[4 + i] = (byte) (stream >>> (8 * i));
        }
        return nonce;
    }

    /** Fills out[off, off+len) with uniform values in [0, q); false if 2^32 blocks ran out. */
    static boolean uniform(byte[] seed, long stream, long q, long[] out, int off, int len) {
        int[] s = new int[16];
        int[] o = new int[16];
        initState(s, seed, 0, nonceForStream(stream));
        int bits = 64 - Long.numberOfLeadingZeros(q - 1);
        long mask = bits >= 64 ? -1L : (1L << bits) - 1;
        int filled = 0;
        long blocks = 0;
        try {
            while (filled < len) {
                if (blocks == (1L << 32)) {
                    return false;
                }
                s[12] = (int) blocks++;
                block(s, o);
                for (int w = 0; w < 8 && filled < len; w++) {
                    long v = ((o[2 * w] & 0xffffffffL) | ((long) o[2 * w + 1] << 32)) & mask;
                    if (v < q) {
                        out[off + filled++] = v;
                    }
                }
            }
            return true;
        } finally {
            // The state holds the seed; clear it rather than leave it for the GC.
            Arrays.fill(s, 0);
            Arrays.fill(o, 0);
        }
    }
}
