package org.veilgrid.fhe.ckks;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import com.google.protobuf.UnsafeByteOperations;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.fhe.rns.BitPacking;
import org.veilgrid.fhe.rns.KeySwitchKey;
import org.veilgrid.fhe.rns.PolyArithmetic;
import org.veilgrid.fhe.rns.RingLevel;
import org.veilgrid.fhe.rns.RnsBasis;
import org.veilgrid.fhe.rns.RnsPoly;
import org.veilgrid.fhe.rns.Sampler;
import org.veilgrid.fhe.wire.CkksCiphertextMessage;
import org.veilgrid.fhe.wire.CkksGaloisKeyMessage;
import org.veilgrid.fhe.wire.CkksGaloisKeysMessage;
import org.veilgrid.fhe.wire.CkksKeySwitchDigitMessage;
import org.veilgrid.fhe.wire.CkksKeySwitchKeyMessage;
import org.veilgrid.fhe.wire.CkksParametersMessage;
import org.veilgrid.fhe.wire.CkksPublicKeyMessage;
import org.veilgrid.fhe.wire.CkksRelinKeysMessage;
import org.veilgrid.fhe.wire.CkksSecretKeyMessage;
import org.veilgrid.kernels.Kernels;

/**
 * Protobuf encodings of CKKS parameters, keys and ciphertexts (veilgrid_ckks.proto), with
 * polynomials bit-packed at their primes' lengths ({@link BitPacking}) and every uniform
 * polynomial that came from a seed sent as the seed: a fresh symmetric ciphertext, the public key
 * and the key-switching keys take about half the bytes of their full form.
 *
 * <p>Decoders treat their input as hostile: they check the size before parsing (each object has
 * a bound under its context, {@code max…Bytes}), refuse unknown fields, then check the version,
 * the parameters id against the context, the key id's length, the level, the scale, every
 * polynomial's length, residues and padding, every seed's length and, for Galois keys, every
 * element; anything off is a {@link MalformedInputException} that says what and where. Decoding
 * a key or ciphertext needs the context it was made under.
 */
public final class CkksCodec {
    /** The wire version this code writes and reads. */
    public static final int VERSION = 1;
    /** Upper bound for an encoded parameter set. */
    public static final int MAX_PARAMETER_BYTES = 64 * 1024;
    /** Upper bound on the number of ciphertext primes in encoded parameters. */
    public static final int MAX_PRIMES = 256;
    /**
     * How many Galois elements {@link #decodeGaloisKeys(CkksContext, byte[])} accepts (the
     * default key set has log2(N) of them); callers that ship more pass their own bound.
     */
    public static final int DEFAULT_MAX_GALOIS_ELEMENTS = 64;

    /** Room for a message's fields other than its polynomials and seeds. */
    private static final long OVERHEAD = 1024;
    private static final int PARAMETERS_ID_BYTES = 32;

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

    // ------------------------------------------------------------------ parameters

    public static byte[] encode(CkksParameters p) {
        CkksParametersMessage.Builder b = CkksParametersMessage.newBuilder().setVersion(VERSION).setN(p.n())
                .setSpecialPrime(p.specialPrime()).setScale(p.scale());
        p.ciphertextPrimes().forEach(b::addCiphertextPrimes);
        return b.build().toByteArray();
    }

    /**
     * @throws MalformedInputException for bad bytes; {@link org.veilgrid.core.errors.ParameterException}
     *     for well-formed parameters that {@link CkksParameters#of} refuses ({@link
     *     CkksContext#create} checks the rest, security included)
     */
    public static CkksParameters decodeParameters(byte[] bytes) {
        CkksParametersMessage m = parse("parameters", bytes, MAX_PARAMETER_BYTES, CkksParametersMessage.parser());
        checkVersion("parameters", m.getVersion());
        if (m.getCiphertextPrimesCount() == 0 || m.getCiphertextPrimesCount() > MAX_PRIMES) {
            throw new MalformedInputException("parameters.ciphertext_primes", "expected 1 to " + MAX_PRIMES
                    + " primes, got " + m.getCiphertextPrimesCount());
        }
        double scale = m.getScale();
        if (!Double.isFinite(scale) || !(scale > 1)) {
            throw new MalformedInputException("parameters.scale", "scale " + scale + " is not a finite number above 1");
        }
        return CkksParameters.of(m.getN(), m.getCiphertextPrimesList(), m.getSpecialPrime(), scale);
    }

    // ------------------------------------------------------------------ ciphertexts

    public static byte[] encode(Ciphertext c) {
        RingLevel ring = c.context.ring(c.level);
        CkksCiphertextMessage.Builder b = CkksCiphertextMessage.newBuilder()
                .setVersion(VERSION)
                .setParametersId(ByteString.copyFrom(parametersId(c.context.parameters())))
                .setLevel(c.level)
                .setScale(c.scale)
                .setC0(poly(ring.basis(), c.c0))
                .setKeyId(ByteString.copyFrom(c.owner.bytes()));
        if (c.c1Seed != null) {
            b.setC1Seed(ByteString.copyFrom(c.c1Seed));
        } else {
            b.setC1(poly(ring.basis(), c.c1));
        }
        return b.build().toByteArray();
    }

    /** Decodes a ciphertext made under {@code context}, at any level of its chain. */
    public static Ciphertext decodeCiphertext(CkksContext context, byte[] bytes) {
        String what = "ciphertext";
        CkksCiphertextMessage m = parse(what, bytes, maxCiphertextBytes(context), CkksCiphertextMessage.parser());
        checkVersion(what, m.getVersion());
        checkId(what, context, m.getParametersId());
        KeyId keyId = keyId(what, m.getKeyId());
        int level = m.getLevel();
        if (level < 0 || level > context.maxLevel()) {
            throw new MalformedInputException(what + ".level", "level " + Integer.toUnsignedString(level)
                    + " is outside the chain's [0, " + context.maxLevel() + "]");
        }
        RingLevel ring = context.ring(level);
        double scale = checkScale(what + ".scale", ring, m.getScale());
        RnsPoly c0 = poly(what + ".c0", ring.basis(), m.getC0());
        RnsPoly c1;
        byte[] seed = null;
        switch (m.getC1FormCase()) {
            case C1 -> c1 = poly(what + ".c1", ring.basis(), m.getC1());
            case C1_SEED -> {
                seed = seed(what + ".c1_seed", m.getC1Seed());
                c1 = Sampler.uniform(ring.basis(), seed);
            }
            default -> throw new MalformedInputException(what + ".c1", "missing (neither c1 nor c1_seed)");
        }
        return new Ciphertext(context, level, scale, c0, c1, keyId, seed);
    }

    // ------------------------------------------------------------------ keys

    public static byte[] encode(PublicKey pk) {
        RnsBasis basis = pk.context.ring(0).basis();
        CkksPublicKeyMessage.Builder b = CkksPublicKeyMessage.newBuilder().setVersion(VERSION)
                .setParametersId(ByteString.copyFrom(parametersId(pk.context.parameters())))
                .setP0(poly(basis, pk.p0))
                .setKeyId(ByteString.copyFrom(pk.owner.bytes()));
        if (pk.p1Seed != null) {
            b.setP1Seed(ByteString.copyFrom(pk.p1Seed));
        } else {
            b.setP1(poly(basis, pk.p1));
        }
        return b.build().toByteArray();
    }

    public static PublicKey decodePublicKey(CkksContext context, byte[] bytes) {
        String what = "public key";
        CkksPublicKeyMessage m = parse(what, bytes, maxPublicKeyBytes(context), CkksPublicKeyMessage.parser());
        checkVersion(what, m.getVersion());
        checkId(what, context, m.getParametersId());
        KeyId keyId = keyId(what, m.getKeyId());
        RnsBasis basis = context.ring(0).basis();
        RnsPoly p0 = poly(what + ".p0", basis, m.getP0());
        RnsPoly p1;
        byte[] seed = null;
        switch (m.getP1FormCase()) {
            case P1 -> p1 = poly(what + ".p1", basis, m.getP1());
            case P1_SEED -> {
                seed = seed(what + ".p1_seed", m.getP1Seed());
                p1 = Sampler.uniform(basis, seed);
            }
            default -> throw new MalformedInputException(what + ".p1", "missing (neither p1 nor p1_seed)");
        }
        return new PublicKey(context, p0, p1, seed, keyId);
    }

    /** The secret key in clear: store it only where the secret key may live. */
    public static byte[] encode(SecretKey sk) {
        byte[] packed = BitPacking.pack(sk.context.ring(0).keyBasis(), sk.s);
        try {
            return CkksSecretKeyMessage.newBuilder().setVersion(VERSION)
                    .setParametersId(ByteString.copyFrom(parametersId(sk.context.parameters())))
                    .setS(UnsafeByteOperations.unsafeWrap(packed))
                    .setKeyId(ByteString.copyFrom(sk.keyId().bytes()))
                    .build().toByteArray();
        } finally {
            Arrays.fill(packed, (byte) 0);
        }
    }

    /** Also checks that s is ternary (the same value in {-1, 0, 1} modulo every prime) and matches its key id. */
    public static SecretKey decodeSecretKey(CkksContext context, byte[] bytes) {
        String what = "secret key";
        CkksSecretKeyMessage m = parse(what, bytes, maxSecretKeyBytes(context), CkksSecretKeyMessage.parser());
        checkVersion(what, m.getVersion());
        checkId(what, context, m.getParametersId());
        KeyId stored = keyId(what, m.getKeyId());
        RnsBasis kb = context.ring(0).keyBasis();
        byte[] packed = m.getS().toByteArray();
        RnsPoly s;
        try {
            s = BitPacking.unpack(kb, packed, what + ".s");
        } finally {
            Arrays.fill(packed, (byte) 0);
        }
        try {
            requireTernary(what + ".s", kb, s);
            SecretKey sk = new SecretKey(context, s);
            if (!stored.equals(sk.keyId())) {
                throw new MalformedInputException(what + ".key_id", "does not match the key it is stored with");
            }
            return sk;
        } catch (MalformedInputException e) {
            // A refused key is dropped: wipe what was unpacked.
            Arrays.fill(s.data, 0);
            throw e;
        }
    }

    public static byte[] encode(RelinKeys rk) {
        return CkksRelinKeysMessage.newBuilder().setVersion(VERSION)
                .setParametersId(ByteString.copyFrom(parametersId(rk.context.parameters())))
                .setKey(keySwitchKey(rk.context, rk.key))
                .setKeyId(ByteString.copyFrom(rk.owner.bytes()))
                .build().toByteArray();
    }

    public static RelinKeys decodeRelinKeys(CkksContext context, byte[] bytes) {
        String what = "relinearization keys";
        CkksRelinKeysMessage m = parse(what, bytes, maxRelinKeysBytes(context), CkksRelinKeysMessage.parser());
        checkVersion(what, m.getVersion());
        checkId(what, context, m.getParametersId());
        KeyId keyId = keyId(what, m.getKeyId());
        return new RelinKeys(context, keySwitchKey(what + ".key", context, m.getKey()), keyId);
    }

    /** The keys in increasing order of their Galois elements. */
    public static byte[] encode(GaloisKeys gk) {
        CkksGaloisKeysMessage.Builder b = CkksGaloisKeysMessage.newBuilder().setVersion(VERSION)
                .setParametersId(ByteString.copyFrom(parametersId(gk.context.parameters())))
                .setKeyId(ByteString.copyFrom(gk.owner.bytes()));
        gk.keys().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> b.addKeys(
                CkksGaloisKeyMessage.newBuilder().setElement(e.getKey()).setKey(keySwitchKey(gk.context, e.getValue()))));
        return b.build().toByteArray();
    }

    /** {@link #decodeGaloisKeys(CkksContext, byte[], int)} with at most {@value #DEFAULT_MAX_GALOIS_ELEMENTS} elements. */
    public static GaloisKeys decodeGaloisKeys(CkksContext context, byte[] bytes) {
        return decodeGaloisKeys(context, bytes, DEFAULT_MAX_GALOIS_ELEMENTS);
    }

    /**
     * Decodes Galois keys with at most {@code maxElements} elements (which also bounds the size,
     * {@link #maxGaloisKeysBytes}). Each element must be odd, in (1, 2N), and appear once.
     */
    public static GaloisKeys decodeGaloisKeys(CkksContext context, byte[] bytes, int maxElements) {
        String what = "Galois keys";
        long twoN = 2L * context.n();
        CkksGaloisKeysMessage m = parse(what, bytes, maxGaloisKeysBytes(context, maxElements), CkksGaloisKeysMessage.parser());
        checkVersion(what, m.getVersion());
        checkId(what, context, m.getParametersId());
        KeyId keyId = keyId(what, m.getKeyId());
        if (m.getKeysCount() > maxElements) {
            throw new MalformedInputException(what + ".keys", m.getKeysCount() + " keys is more than the " + maxElements
                    + " accepted");
        }
        Map<Long, KeySwitchKey> keys = new HashMap<>();
        for (int i = 0; i < m.getKeysCount(); i++) {
            CkksGaloisKeyMessage entry = m.getKeys(i);
            long g = entry.getElement();
            String where = what + ".keys[" + i + "]";
            if (g <= 1 || g >= twoN || (g & 1) == 0) {
                throw new MalformedInputException(where + ".element", "Galois element " + Long.toUnsignedString(g)
                        + " is not an odd number in (1, 2N = " + twoN + ")");
            }
            if (keys.containsKey(g)) {
                throw new MalformedInputException(where + ".element", "Galois element " + g + " appears twice");
            }
            if (!entry.hasKey()) {
                throw new MalformedInputException(where + ".key", "missing");
            }
            keys.put(g, keySwitchKey(where + ".key", context, entry.getKey()));
        }
        return new GaloisKeys(context, keys, keyId);
    }

    // ------------------------------------------------------------------ size bounds

    /** The longest ciphertext encoding {@link #decodeCiphertext} accepts: two polynomials at the top level. */
    public static long maxCiphertextBytes(CkksContext context) {
        return 2 * BitPacking.polyBytes(context.ring(0).basis()) + OVERHEAD;
    }

    /** The longest public key encoding {@link #decodePublicKey} accepts. */
    public static long maxPublicKeyBytes(CkksContext context) {
        return 2 * BitPacking.polyBytes(context.ring(0).basis()) + OVERHEAD;
    }

    /** The longest secret key encoding {@link #decodeSecretKey} accepts. */
    public static long maxSecretKeyBytes(CkksContext context) {
        return BitPacking.polyBytes(context.ring(0).keyBasis()) + OVERHEAD;
    }

    /** The longest relinearization key encoding {@link #decodeRelinKeys} accepts. */
    public static long maxRelinKeysBytes(CkksContext context) {
        return keySwitchKeyBytes(context) + OVERHEAD;
    }

    /** The longest encoding of Galois keys with {@code maxElements} elements that {@link #decodeGaloisKeys} accepts. */
    public static long maxGaloisKeysBytes(CkksContext context, int maxElements) {
        return Math.max(0, maxElements) * (keySwitchKeyBytes(context) + 32) + OVERHEAD;
    }

    /** Full form: a b and an a per digit over the key basis, with their framing. */
    private static long keySwitchKeyBytes(CkksContext context) {
        RingLevel top = context.ring(0);
        return top.primeCount() * (2 * BitPacking.polyBytes(top.keyBasis()) + 32) + 32;
    }

    // ------------------------------------------------------------------ helpers

    private static <T extends Message> T parse(String what, byte[] bytes, long maxBytes, Parser<T> parser) {
        if (bytes == null) {
            throw new MalformedInputException(what, "no bytes");
        }
        if (bytes.length > maxBytes) {
            throw new MalformedInputException(what, bytes.length + " bytes is more than the " + maxBytes
                    + " this context's objects can take");
        }
        T m;
        try {
            CodedInputStream in = CodedInputStream.newInstance(bytes);
            in.setSizeLimit(bytes.length);
            in.setRecursionLimit(16);
            m = parser.parseFrom(in);
            in.checkLastTagWas(0);
        } catch (InvalidProtocolBufferException e) {
            throw new MalformedInputException(what, "not a valid encoding (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new MalformedInputException(what, "unreadable (" + e.getMessage() + ")");
        }
        requireKnownFields(what, m);
        return m;
    }

    /** Unknown fields would be ignored silently; refusing them keeps one meaning per encoding. */
    private static void requireKnownFields(String where, Message m) {
        if (!m.getUnknownFields().asMap().isEmpty()) {
            throw new MalformedInputException(where, "unknown field " + m.getUnknownFields().asMap().keySet().iterator().next()
                    + " (this is version " + VERSION + ")");
        }
        for (Map.Entry<com.google.protobuf.Descriptors.FieldDescriptor, Object> f : m.getAllFields().entrySet()) {
            if (f.getKey().getJavaType() != com.google.protobuf.Descriptors.FieldDescriptor.JavaType.MESSAGE) {
                continue;
            }
            String name = where + "." + f.getKey().getName();
            if (f.getKey().isRepeated()) {
                List<?> list = (List<?>) f.getValue();
                for (int i = 0; i < list.size(); i++) {
                    requireKnownFields(name + "[" + i + "]", (Message) list.get(i));
                }
            } else {
                requireKnownFields(name, (Message) f.getValue());
            }
        }
    }

    private static void checkVersion(String what, int version) {
        if (version != VERSION) {
            throw new MalformedInputException(what + ".version", "version " + Integer.toUnsignedString(version)
                    + " is not supported (expected " + VERSION + ")");
        }
    }

    private static void checkId(String what, CkksContext ctx, ByteString id) {
        if (id.size() != PARAMETERS_ID_BYTES) {
            throw MalformedInputException.wrongLength(what + ".parameters_id", PARAMETERS_ID_BYTES, id.size());
        }
        if (!MessageDigest.isEqual(id.toByteArray(), parametersId(ctx.parameters()))) {
            throw new MalformedInputException(what + ".parameters_id", "made for other parameters than " + ctx.parameters());
        }
    }

    private static KeyId keyId(String what, ByteString id) {
        if (id.size() != KeyId.LENGTH) {
            throw MalformedInputException.wrongLength(what + ".key_id", KeyId.LENGTH, id.size());
        }
        return KeyId.fromBytes(id.toByteArray());
    }

    private static byte[] seed(String where, ByteString seed) {
        if (seed.size() != Kernels.SEED_BYTES) {
            throw MalformedInputException.wrongLength(where, Kernels.SEED_BYTES, seed.size());
        }
        return seed.toByteArray();
    }

    /**
     * A ciphertext's scale must be a finite number above 1 and below the level's modulus Q: a
     * message times a larger scale could not be told apart from its multiples of Q.
     */
    private static double checkScale(String where, RingLevel ring, double scale) {
        if (!Double.isFinite(scale) || !(scale > 1)) {
            throw new MalformedInputException(where, "scale " + scale + " is not a finite number above 1");
        }
        BigInteger q = BigInteger.ONE;
        for (int i = 0; i < ring.primeCount(); i++) {
            q = q.multiply(BigInteger.valueOf(ring.modulus(i).value()));
        }
        if (new BigDecimal(scale).compareTo(new BigDecimal(q)) >= 0) {
            throw new MalformedInputException(where, "scale 2^" + String.format(java.util.Locale.ROOT, "%.2f",
                    Math.log(scale) / Math.log(2)) + " is not below the level's modulus Q (2^" + q.bitLength() + ")");
        }
        return scale;
    }

    private static ByteString poly(RnsBasis basis, RnsPoly p) {
        // The packed array is fresh and never written again, so the message may share it.
        return UnsafeByteOperations.unsafeWrap(BitPacking.pack(basis, p));
    }

    private static RnsPoly poly(String where, RnsBasis basis, ByteString bytes) {
        long expected = BitPacking.polyBytes(basis);
        if (bytes.size() != expected) {
            throw MalformedInputException.wrongLength(where, expected, bytes.size());
        }
        return BitPacking.unpack(basis, bytes.toByteArray(), where);
    }

    /** Every coefficient of s (coefficient form) is the same value in {-1, 0, 1} modulo every prime. */
    private static void requireTernary(String where, RnsBasis kb, RnsPoly s) {
        RnsPoly c = s.copy();
        try {
            PolyArithmetic.fromNtt(kb, c);
            int n = kb.n;
            long q0 = kb.moduli[0].value();
            for (int j = 0; j < n; j++) {
                long v = c.data[j];
                int t = v == 0 ? 0 : v == 1 ? 1 : v == q0 - 1 ? -1 : 2;
                boolean ok = t != 2;
                for (int i = 1; i < kb.size() && ok; i++) {
                    long q = kb.moduli[i].value();
                    ok = c.data[i * n + j] == (t < 0 ? q - 1 : t);
                }
                if (!ok) {
                    // Which coefficient is not said: it is secret material, however malformed.
                    throw new MalformedInputException(where, "is not a ternary secret (coefficients in {-1, 0, 1})");
                }
            }
        } finally {
            Arrays.fill(c.data, 0);
        }
    }

    private static CkksKeySwitchKeyMessage keySwitchKey(CkksContext context, KeySwitchKey key) {
        RnsBasis kb = context.ring(0).keyBasis();
        CkksKeySwitchKeyMessage.Builder b = CkksKeySwitchKeyMessage.newBuilder();
        for (int j = 0; j < key.digits(); j++) {
            CkksKeySwitchDigitMessage.Builder d = CkksKeySwitchDigitMessage.newBuilder().setB(poly(kb, key.b(j)));
            if (key.seeds != null && key.seeds[j] != null) {
                d.setASeed(ByteString.copyFrom(key.seeds[j]));
            } else {
                d.setA(poly(kb, key.a(j)));
            }
            b.addDigits(d);
        }
        return b.build();
    }

    private static KeySwitchKey keySwitchKey(String where, CkksContext context, CkksKeySwitchKeyMessage m) {
        RingLevel top = context.ring(0);
        RnsBasis kb = top.keyBasis();
        int k = top.primeCount();
        if (m.getDigitsCount() != k) {
            throw new MalformedInputException(where + ".digits", "expected " + k + " digits (one per ciphertext prime), got "
                    + m.getDigitsCount());
        }
        RnsPoly[] b = new RnsPoly[k];
        RnsPoly[] a = new RnsPoly[k];
        byte[][] seeds = new byte[k][];
        List<Integer> seeded = new ArrayList<>();
        for (int j = 0; j < k; j++) {
            CkksKeySwitchDigitMessage d = m.getDigits(j);
            String at = where + ".digits[" + j + "]";
            b[j] = poly(at + ".b", kb, d.getB());
            switch (d.getAFormCase()) {
                case A -> a[j] = poly(at + ".a", kb, d.getA());
                case A_SEED -> {
                    seeds[j] = seed(at + ".a_seed", d.getASeed());
                    a[j] = Sampler.uniform(kb, seeds[j]);
                    seeded.add(j);
                }
                default -> throw new MalformedInputException(at + ".a", "missing (neither a nor a_seed)");
            }
        }
        return new KeySwitchKey(b, a, seeded.isEmpty() ? null : seeds);
    }
}
