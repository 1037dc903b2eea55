package org.veilgrid.zk.group;

import java.security.SecureRandom;
import java.util.Arrays;
import org.veilgrid.core.errors.MalformedInputException;

/**
 * An element of the Ristretto255 prime-order group (RFC 9496), represented by one of the eight
 * Edwards points of its coset in extended twisted-Edwards coordinates (X:Y:Z:T), x = X/Z,
 * y = Y/Z, xy = T/Z, on -x^2 + y^2 = 1 + d x^2 y^2. Immutable.
 *
 * <p>Group operations ({@link #add}, {@link #sub}, {@link #dbl}) and the encoding are
 * constant-time. {@link #mul} is constant-time in the scalar (signed radix-16 fixed window,
 * masked table lookup); {@link #mulVartime} and {@link MultiScalar} are for public scalars only.
 */
public final class RistrettoPoint {
    /** Length of an encoding. */
    public static final int ENCODED_LENGTH = 32;

    final FieldElement x;
    final FieldElement y;
    final FieldElement z;
    final FieldElement t;
    /**
     * The canonical encoding once known (decoded from it, or computed once): transcripts and
     * wire formats encode every proof point, and an encoding costs an inverse square root.
     */
    private volatile byte[] encoding;

    public static final RistrettoPoint IDENTITY =
            new RistrettoPoint(FieldElement.ZERO, FieldElement.ONE, FieldElement.ONE, FieldElement.ZERO);

    /** The generator B of RFC 9496 (the Ed25519 base point's coset). */
    public static final RistrettoPoint GENERATOR = decode(hex(
            "e2f2ae0a6abc4e71a884a961c500515f58e30b6aa582dd8db6a65945e08d2d76"));

    RistrettoPoint(FieldElement x, FieldElement y, FieldElement z, FieldElement t) {
        this.x = x;
        this.y = y;
        this.z = z;
        this.t = t;
    }

    private static byte[] hex(String s) {
        byte[] r = new byte[s.length() / 2];
        for (int i = 0; i < r.length; i++) {
            r[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return r;
    }

    // ------------------------------------------------------------------ encoding (RFC 9496 4.3)

    /**
     * Decodes a 32-byte encoding, rejecting every non-canonical one: a field encoding that is
     * not reduced or has bit 255 set, a negative s, a non-square, negative t or zero y.
     *
     * @throws MalformedInputException if the bytes are not the encoding of a group element
     */
    public static RistrettoPoint decode(byte[] b) {
        if (b == null || b.length != ENCODED_LENGTH) {
            throw new MalformedInputException("ristretto255 point", "a Ristretto255 encoding is 32 bytes");
        }
        return decode(b, 0);
    }

    public static RistrettoPoint decode(byte[] b, int off) {
        RistrettoPoint p = decodeOrNull(b, off);
        if (p == null) {
            throw new MalformedInputException("ristretto255 point", "bytes are not a canonical Ristretto255 encoding");
        }
        return p;
    }

    /** As {@link #decode(byte[], int)}, returning null instead of throwing. */
    public static RistrettoPoint decodeOrNull(byte[] b, int off) {
        if (off < 0 || b.length - off < ENCODED_LENGTH) {
            return null;
        }
        // RFC 9496 4.3.1 in the curve kernels (native, or their Java twin), constant time.
        long[] packed = new long[PACKED_LONGS];
        if (!org.veilgrid.kernels.CurveKernels.get().ristrettoDecode(b, off, packed)) {
            return null;
        }
        RistrettoPoint p = unpack(packed, 0);
        p.encoding = java.util.Arrays.copyOfRange(b, off, off + ENCODED_LENGTH);
        return p;
    }

    /** The canonical 32-byte encoding. */
    public byte[] encode() {
        byte[] out = new byte[ENCODED_LENGTH];
        encode(out, 0);
        return out;
    }

    public void encode(byte[] out, int off) {
        byte[] e = encoding;
        if (e == null) {
            e = new byte[ENCODED_LENGTH];
            computeEncoding(e, 0);
            encoding = e;
        }
        System.arraycopy(e, 0, out, off, ENCODED_LENGTH);
    }

    private void computeEncoding(byte[] out, int off) {
        // RFC 9496 4.3.2 in the curve kernels (native, or their Java twin), constant time.
        long[] packed = new long[PACKED_LONGS];
        pack(packed, 0);
        org.veilgrid.kernels.CurveKernels.get().ristrettoEncode(packed, out, off);
    }

    // ------------------------------------------------------------------ hash to group (RFC 9496 4.3.4)

    /**
     * The one-way map from 64 uniformly random bytes (e.g. a SHA-512 output) to the group.
     */
    public static RistrettoPoint fromUniformBytes(byte[] b) {
        if (b == null || b.length != 64) {
            throw new IllegalArgumentException("the one-way map takes 64 bytes");
        }
        RistrettoPoint p1 = elligator(FieldElement.fromBytesIgnoringTopBit(b, 0));
        RistrettoPoint p2 = elligator(FieldElement.fromBytesIgnoringTopBit(b, 32));
        return p1.add(p2);
    }

    /** SHA-512 of the input, mapped to the group: a point with unknown discrete log. */
    public static RistrettoPoint hashToGroup(byte[] message) {
        try {
            return fromUniformBytes(java.security.MessageDigest.getInstance("SHA-512").digest(message));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-512 missing from the JDK", e);
        }
    }

    private static RistrettoPoint elligator(FieldElement t0) {
        FieldElement one = FieldElement.ONE;
        FieldElement r = Constants.SQRT_M1.mul(t0.square());
        FieldElement u = r.add(one).mul(Constants.ONE_MINUS_D_SQ);
        FieldElement v = one.negate().sub(r.mul(Constants.D)).mul(r.add(Constants.D));
        Object[] sr = FieldElement.sqrtRatioM1(u, v);
        int wasSquare = (Integer) sr[0];
        FieldElement s = (FieldElement) sr[1];
        FieldElement sPrime = s.mul(t0).abs().negate();
        s = FieldElement.select(sPrime, s, wasSquare);
        FieldElement c = FieldElement.select(r, one.negate(), wasSquare);
        FieldElement n = c.mul(r.sub(one)).mul(Constants.D_MINUS_ONE_SQ).sub(v);
        FieldElement w0 = s.add(s).mul(v);
        FieldElement w1 = n.mul(Constants.SQRT_AD_MINUS_ONE);
        FieldElement ssq = s.square();
        FieldElement w2 = one.sub(ssq);
        FieldElement w3 = one.add(ssq);
        return new RistrettoPoint(w0.mul(w3), w2.mul(w1), w1.mul(w3), w0.mul(w2));
    }

    /** A uniformly random element. */
    public static RistrettoPoint random(SecureRandom rng) {
        byte[] b = new byte[64];
        rng.nextBytes(b);
        return fromUniformBytes(b);
    }

    // ------------------------------------------------------------------ group law

    /** Equality of group elements (not of representatives): x1 y2 == y1 x2 or y1 y2 == x1 x2. */
    public int ctEquals(RistrettoPoint o) {
        int a = x.mul(o.y).ctEquals(y.mul(o.x));
        int b = y.mul(o.y).ctEquals(x.mul(o.x));
        return a | b;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RistrettoPoint && ctEquals((RistrettoPoint) o) == 1;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encode());
    }

    public boolean isIdentity() {
        return ctEquals(IDENTITY) == 1;
    }

    public RistrettoPoint add(RistrettoPoint q) {
        FieldElement a = y.sub(x).mul(q.y.sub(q.x));
        FieldElement b = y.add(x).mul(q.y.add(q.x));
        FieldElement c = t.mul(Constants.D2).mul(q.t);
        FieldElement zz = z.mul(q.z);
        FieldElement d = zz.add(zz);
        FieldElement e = b.sub(a);
        FieldElement f = d.sub(c);
        FieldElement g = d.add(c);
        FieldElement h = b.add(a);
        return new RistrettoPoint(e.mul(f), g.mul(h), f.mul(g), e.mul(h));
    }

    public RistrettoPoint negate() {
        return new RistrettoPoint(x.negate(), y, z, t.negate());
    }

    public RistrettoPoint sub(RistrettoPoint q) {
        return add(q.negate());
    }

    public RistrettoPoint dbl() {
        FieldElement a = x.square();
        FieldElement b = y.square();
        FieldElement zz = z.square();
        FieldElement c = zz.add(zz);
        FieldElement xy = x.add(y).square();
        FieldElement e = xy.sub(a).sub(b);
        FieldElement g = b.sub(a);
        FieldElement f = g.sub(c);
        FieldElement h = a.add(b).negate();
        return new RistrettoPoint(e.mul(f), g.mul(h), f.mul(g), e.mul(h));
    }

    /** Conditional select without a branch: {@code choice == 1 ? b : a} (choice 0 or 1). */
    public static RistrettoPoint select(RistrettoPoint a, RistrettoPoint b, int choice) {
        return new RistrettoPoint(FieldElement.select(a.x, b.x, choice), FieldElement.select(a.y, b.y, choice),
                FieldElement.select(a.z, b.z, choice), FieldElement.select(a.t, b.t, choice));
    }

    /**
     * k·P in constant time: signed radix-16 digits, a table of 1P..8P, and for each digit a
     * masked scan of the whole table (no secret-dependent branch or index). Runs in the curve
     * kernels (native when loaded); {@code mulPortable} is the same algorithm in this class.
     */
    public RistrettoPoint mul(Scalar k) {
        long[] pt = new long[PACKED_LONGS];
        pack(pt, 0);
        long[] out = new long[PACKED_LONGS];
        org.veilgrid.kernels.CurveKernels.get().scalarMul(k.toBytes(), pt, out);
        return unpack(out, 0);
    }

    /** The same product computed here in Java with this class's own arithmetic (a test oracle). */
    RistrettoPoint mulPortable(Scalar k) {
        RistrettoPoint[] table = new RistrettoPoint[9];
        table[0] = IDENTITY;
        table[1] = this;
        for (int i = 2; i <= 8; i++) {
            table[i] = table[i - 1].add(this);
        }
        byte[] digits = signedRadix16(k);
        RistrettoPoint acc = IDENTITY;
        for (int i = 63; i >= 0; i--) {
            acc = acc.dbl().dbl().dbl().dbl();
            int d = digits[i];
            int neg = (d >>> 31) & 1;
            int abs = (d ^ -neg) + neg;
            RistrettoPoint sel = IDENTITY;
            for (int j = 1; j <= 8; j++) {
                int eq = (((abs ^ j) - 1) >>> 31) & 1;
                sel = select(sel, table[j], eq);
            }
            sel = select(sel, sel.negate(), neg);
            acc = acc.add(sel);
        }
        return acc;
    }

    /** k·B for the generator B (constant-time in k). */
    public static RistrettoPoint mulBase(Scalar k) {
        return GENERATOR.mul(k);
    }

    /** Digits d_i in [-8, 8) with k = Σ d_i 16^i (k < 2^253, so the top digit stays small). */
    static byte[] signedRadix16(Scalar k) {
        byte[] b = k.toBytes();
        byte[] e = new byte[64];
        for (int i = 0; i < 32; i++) {
            e[2 * i] = (byte) (b[i] & 15);
            e[2 * i + 1] = (byte) ((b[i] >>> 4) & 15);
        }
        int carry = 0;
        for (int i = 0; i < 63; i++) {
            int d = e[i] + carry;
            carry = (d + 8) >> 4;
            e[i] = (byte) (d - (carry << 4));
        }
        e[63] = (byte) (e[63] + carry);
        return e;
    }

    /** k·P for a public scalar (double-and-add; faster paths are in {@link MultiScalar}). */
    public RistrettoPoint mulVartime(Scalar k) {
        RistrettoPoint acc = IDENTITY;
        for (int i = 252; i >= 0; i--) {
            acc = acc.dbl();
            if (k.bit(i) == 1) {
                acc = acc.add(this);
            }
        }
        return acc;
    }

    // ------------------------------------------------------------------ packing for the kernels

    /** Number of longs a packed point takes: X, Y, Z, T in five 51-bit limbs each. */
    public static final int PACKED_LONGS = 20;

    /** Writes X, Y, Z, T limbs to out[off..off+20). */
    public void pack(long[] out, int off) {
        x.toLimbs(out, off);
        y.toLimbs(out, off + 5);
        z.toLimbs(out, off + 10);
        t.toLimbs(out, off + 15);
    }

    /** Reads a point packed by {@link #pack} or by the curve kernels (trusted source). */
    public static RistrettoPoint unpack(long[] in, int off) {
        return new RistrettoPoint(FieldElement.fromLimbs(in, off), FieldElement.fromLimbs(in, off + 5),
                FieldElement.fromLimbs(in, off + 10), FieldElement.fromLimbs(in, off + 15));
    }

    /** Prints the public encoding. Group elements in this module are public values. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("RistrettoPoint(");
        for (byte v : encode()) {
            sb.append(String.format("%02x", v & 0xFF));
        }
        return sb.append(')').toString();
    }
}
