package org.veilgrid.fhe.rns;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

import org.veilgrid.core.errors.MalformedInputException;

/**
 * RNS polynomials as bytes for the wire, each row at its prime's bit length instead of 64 bits:
 * row i holds N residues below q<sub>i</sub>, written as one little-endian bit stream of
 * b<sub>i</sub> = bitLength(q<sub>i</sub>) bits each (residue j's bit 0 at bit j&middot;b<sub>i</sub>
 * of the row, bit k of the stream in byte k/8 at bit k mod 8), the row padded with zero bits to
 * whole bytes (no padding for N a multiple of 8) and the rows concatenated. A 60-bit prime's row
 * then takes 60N/8 bytes, not 8N. Unpacking checks the exact length, that every residue is below
 * its prime and that the padding bits are zero, so every polynomial has one encoding.
 */
public final class BitPacking {
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private BitPacking() {
    }

    /** The bit length of a residue below q: that of q. */
    public static int bits(long q) {
        return 64 - Long.numberOfLeadingZeros(q);
    }

    /** The bytes of one row of n residues below q. */
    public static long rowBytes(int n, long q) {
        return ((long) n * bits(q) + 7) / 8;
    }

    /** The bytes of a polynomial over {@code basis}: the sum of its rows. */
    public static long polyBytes(RnsBasis basis) {
        long total = 0;
        for (int i = 0; i < basis.size(); i++) {
            total += rowBytes(basis.n, basis.moduli[i].value());
        }
        return total;
    }

    /** The first {@code basis.size()} rows of p (each residue below its prime), packed. */
    public static byte[] pack(RnsBasis basis, RnsPoly p) {
        int n = basis.n;
        byte[] out = new byte[Math.toIntExact(polyBytes(basis))];
        int pos = 0;
        for (int i = 0; i < basis.size(); i++) {
            long q = basis.moduli[i].value();
            packRow(p.data, i * n, n, bits(q), out, pos);
            pos += (int) rowBytes(n, q);
        }
        return out;
    }

    /**
     * The polynomial over {@code basis} packed in {@code bytes} (flagged as NTT form: the wire
     * carries NTT-form polynomials).
     *
     * @throws MalformedInputException naming {@code where} if the length is not exactly {@link
     *     #polyBytes}, a residue is not below its prime or a padding bit is set
     */
    public static RnsPoly unpack(RnsBasis basis, byte[] bytes, String where) {
        long expected = polyBytes(basis);
        if (bytes.length != expected) {
            throw MalformedInputException.wrongLength(where, expected, bytes.length);
        }
        int n = basis.n;
        RnsPoly p = new RnsPoly(n, basis.size(), true);
        int pos = 0;
        for (int i = 0; i < basis.size(); i++) {
            long q = basis.moduli[i].value();
            int len = (int) rowBytes(n, q);
            unpackRow(bytes, pos, len, n, q, p.data, i * n, where, i);
            pos += len;
        }
        return p;
    }

    private static void packRow(long[] src, int off, int n, int bits, byte[] dst, int pos) {
        long acc = 0;
        int used = 0;
        for (int j = 0; j < n; j++) {
            long v = src[off + j];
            acc |= v << used;
            used += bits;
            if (used >= 64) {
                LONG_LE.set(dst, pos, acc);
                pos += 8;
                used -= 64;
                // The high bits of v that did not fit start the next word.
                acc = used == 0 ? 0 : v >>> (bits - used);
            }
        }
        for (; used > 0; used -= 8) {
            dst[pos++] = (byte) acc;
            acc >>>= 8;
        }
    }

    private static void unpackRow(byte[] src, int pos, int len, int n, long q, long[] dst, int off, String where, int row) {
        int bits = bits(q);
        long mask = bits == 64 ? -1L : (1L << bits) - 1;
        int end = pos + len;
        long acc = 0;
        int avail = 0;
        for (int j = 0; j < n; j++) {
            long v;
            if (avail >= bits) {
                v = acc & mask;
                acc = bits == 64 ? 0 : acc >>> bits;
                avail -= bits;
            } else {
                long next = 0;
                int got = 0;
                if (end - pos >= 8) {
                    next = (long) LONG_LE.get(src, pos);
                    pos += 8;
                    got = 64;
                } else {
                    while (pos < end) {
                        next |= (src[pos++] & 0xffL) << got;
                        got += 8;
                    }
                }
                int need = bits - avail;
                // avail < bits <= 64, and acc holds only its avail low bits.
                v = (acc | (avail == 0 ? next : next << avail)) & mask;
                acc = need == 64 ? 0 : next >>> need;
                avail = got - need;
            }
            if (Long.compareUnsigned(v, q) >= 0) {
                throw new MalformedInputException(where + ".residues[" + row + "][" + j + "]",
                        "residue is not below its prime q_" + row + " = " + q);
            }
            dst[off + j] = v;
        }
        if (acc != 0) {
            throw new MalformedInputException(where, "row " + row + " has nonzero padding bits");
        }
    }
}
