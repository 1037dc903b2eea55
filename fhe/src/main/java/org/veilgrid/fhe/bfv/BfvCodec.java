package org.veilgrid.fhe.bfv;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.fhe.rns.KeySwitchKey;
import org.veilgrid.fhe.rns.RnsBasis;
import org.veilgrid.fhe.rns.RnsPoly;
import org.veilgrid.fhe.rns.Sampler;
import org.veilgrid.fhe.wire.BfvParametersMessage;
import org.veilgrid.fhe.wire.CiphertextMessage;
import org.veilgrid.fhe.wire.GaloisKeysMessage;
import org.veilgrid.fhe.wire.KeySwitchKeyMessage;
import org.veilgrid.fhe.wire.PolyMessage;
import org.veilgrid.fhe.wire.PublicKeyMessage;
import org.veilgrid.fhe.wire.RelinKeysMessage;
import org.veilgrid.fhe.wire.SecretKeyMessage;
import org.veilgrid.kernels.Kernels;

/**
 * Protobuf encodings of BFV parameters, keys and ciphertexts (veilgrid_fhe.proto). Decoders
 * treat their input as hostile: they check the size before parsing, the version, the parameters
 * id against the context, the level, every polynomial's length, and that every residue is below
 * its prime; anything off is a {@link MalformedInputException} that says what and where.
 */
public final class BfvCodec {
    /** The wire version this code writes and reads (3: every key and ciphertext carries its key id). */
    public static final int VERSION = 3;
    /** Upper bound for an encoded parameter set. */
    public static final int MAX_PARAMETER_BYTES = 64 * 1024;

    private BfvCodec() {
    }

    /** A 32-byte fingerprint of (N, t, primes): SHA-256 of a domain tag and their little-endian encoding. */
    public static byte[] parametersId(BfvParameters p) {
        ByteBuffer buf = ByteBuffer.allocate(32 + 8 * (2 + p.primes().size())).order(ByteOrder.LITTLE_ENDIAN);
        buf.put("veilgrid-bfv-parameters-v1".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        buf.putLong(p.n()).putLong(p.plainModulus());
        for (long q : p.primes()) {
            buf.putLong(q);
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(buf.array(), 0, buf.position());
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    // ------------------------------------------------------------------ parameters

    public static byte[] encode(BfvParameters p) {
        BfvParametersMessage.Builder b = BfvParametersMessage.newBuilder()
                .setVersion(VERSION).setN(p.n()).setPlainModulus(p.plainModulus());
        p.primes().forEach(b::addPrimes);
        return b.build().toByteArray();
    }

    /** @throws MalformedInputException for bad bytes; ParameterException for well-formed but invalid parameters */
    public static BfvParameters decodeParameters(byte[] bytes) {
        BfvParametersMessage m = parse("parameters", bytes, MAX_PARAMETER_BYTES, BfvParametersMessage.parser());
        checkVersion("parameters", m.getVersion());
        if (m.getPrimesCount() == 0 || m.getPrimesCount() > 256) {
            throw new MalformedInputException("parameters.primes", "expected 1 to 256 primes, got " + m.getPrimesCount());
        }
        return BfvParameters.of(m.getN(), m.getPlainModulus(), m.getPrimesList());
    }

    // ------------------------------------------------------------------ ciphertexts

    public static byte[] encode(Ciphertext c) {
        BfvContext ctx = c.context();
        CiphertextMessage.Builder b = CiphertextMessage.newBuilder()
                .setVersion(VERSION)
                .setParametersId(ByteString.copyFrom(parametersId(top(ctx).parameters())))
                .setLevel(ctx.level())
                .setKeyId(ByteString.copyFrom(c.keyId().bytes()))
                .setC0(poly(c.c0));
        if (c.c1Seed() != null) {
            b.setC1Seed(ByteString.copyFrom(c.c1Seed()));
        } else {
            b.setC1(poly(c.c1));
        }
        return b.build().toByteArray();
    }

    /** Decodes a ciphertext made under {@code context} (at any level of its chain). */
    public static Ciphertext decodeCiphertext(BfvContext context, byte[] bytes) {
        BfvContext top = top(context);
        long k = top.primeCount();
        CiphertextMessage m = parse("ciphertext", bytes, maxCiphertextBytes(top), CiphertextMessage.parser());
        checkVersion("ciphertext", m.getVersion());
        checkId("ciphertext", top, m.getParametersId());
        KeyId keyId = keyId("ciphertext", m.getKeyId());
        if (m.getLevel() >= k) {
            throw new MalformedInputException("ciphertext.level", "level " + m.getLevel() + " but the chain has only "
                    + k + " levels");
        }
        BfvContext ctx = top;
        for (int l = 0; l < m.getLevel(); l++) {
            ctx = ctx.nextLevel().orElseThrow();
        }
        RnsPoly c0 = poly("ciphertext.c0", ctx, m.getC0());
        RnsPoly c1;
        byte[] seed = null;
        if (m.hasC1Seed()) {
            if (m.getLevel() != 0) {
                throw new MalformedInputException("ciphertext.c1_seed", "a seeded c1 exists only at level 0");
            }
            seed = m.getC1Seed().toByteArray();
            if (seed.length != Kernels.SEED_BYTES) {
                throw new MalformedInputException("ciphertext.c1_seed", "expected " + Kernels.SEED_BYTES + " bytes, got " + seed.length);
            }
            c1 = Sampler.uniform(ctx.basis(), seed);
        } else if (m.hasC1()) {
            c1 = poly("ciphertext.c1", ctx, m.getC1());
        } else {
            throw new MalformedInputException("ciphertext.c1", "missing (neither c1 nor c1_seed)");
        }
        return new Ciphertext(ctx, keyId, c0, c1, seed);
    }

    // ------------------------------------------------------------------ keys

    public static byte[] encode(PublicKey pk) {
        return PublicKeyMessage.newBuilder().setVersion(VERSION)
                .setParametersId(ByteString.copyFrom(parametersId(pk.context().parameters())))
                .setKeyId(ByteString.copyFrom(pk.keyId().bytes()))
                .setP0(poly(pk.p0)).setP1(poly(pk.p1)).build().toByteArray();
    }

    public static PublicKey decodePublicKey(BfvContext context, byte[] bytes) {
        PublicKeyMessage m = parse("public key", bytes, maxPublicKeyBytes(context), PublicKeyMessage.parser());
        checkVersion("public key", m.getVersion());
        checkId("public key", context, m.getParametersId());
        KeyId keyId = keyId("public key", m.getKeyId());
        return new PublicKey(context, poly("publicKey.p0", context, m.getP0()), poly("publicKey.p1", context, m.getP1()),
                keyId);
    }

    /** The secret key in clear: store it only where the secret key may live. */
    public static byte[] encode(SecretKey sk) {
        return SecretKeyMessage.newBuilder().setVersion(VERSION)
                .setParametersId(ByteString.copyFrom(parametersId(sk.context().parameters())))
                .setKeyId(ByteString.copyFrom(sk.keyId().bytes()))
                .setS(poly(sk.s)).build().toByteArray();
    }

    public static SecretKey decodeSecretKey(BfvContext context, byte[] bytes) {
        SecretKeyMessage m = parse("secret key", bytes, maxSecretKeyBytes(context), SecretKeyMessage.parser());
        checkVersion("secret key", m.getVersion());
        checkId("secret key", context, m.getParametersId());
        KeyId stored = keyId("secret key", m.getKeyId());
        SecretKey sk = new SecretKey(context, poly("secretKey.s", context.keyBasis(), m.getS()));
        if (!stored.equals(sk.keyId())) {
            throw new MalformedInputException("secret key.key_id", "does not match the key it is stored with");
        }
        return sk;
    }

    public static byte[] encode(RelinKeys rk) {
        return RelinKeysMessage.newBuilder().setVersion(VERSION)
                .setParametersId(ByteString.copyFrom(parametersId(rk.context().parameters())))
                .setKeyId(ByteString.copyFrom(rk.keyId().bytes()))
                .setKey(keySwitchKey(rk.key)).build().toByteArray();
    }

    public static RelinKeys decodeRelinKeys(BfvContext context, byte[] bytes) {
        RelinKeysMessage m = parse("relinearization keys", bytes, maxRelinKeysBytes(context), RelinKeysMessage.parser());
        checkVersion("relinearization keys", m.getVersion());
        checkId("relinearization keys", context, m.getParametersId());
        KeyId keyId = keyId("relinearization keys", m.getKeyId());
        return new RelinKeys(context, keySwitchKey("relinKeys.key", context, m.getKey()), keyId);
    }

    public static byte[] encode(GaloisKeys gk) {
        GaloisKeysMessage.Builder b = GaloisKeysMessage.newBuilder().setVersion(VERSION)
                .setParametersId(ByteString.copyFrom(parametersId(gk.context().parameters())))
                .setKeyId(ByteString.copyFrom(gk.keyId().bytes()));
        gk.elements().forEach((g, key) -> b.putKeys(g, keySwitchKey(key)));
        return b.build().toByteArray();
    }

    public static GaloisKeys decodeGaloisKeys(BfvContext context, byte[] bytes) {
        long twoN = 2L * context.n();
        GaloisKeysMessage m = parse("Galois keys", bytes, maxGaloisKeysBytes(context), GaloisKeysMessage.parser());
        checkVersion("Galois keys", m.getVersion());
        checkId("Galois keys", context, m.getParametersId());
        KeyId keyId = keyId("Galois keys", m.getKeyId());
        Map<Long, KeySwitchKey> keys = new HashMap<>();
        for (Map.Entry<Long, KeySwitchKeyMessage> e : m.getKeysMap().entrySet()) {
            long g = e.getKey();
            if (g <= 1 || g >= twoN || (g & 1) == 0) {
                throw new MalformedInputException("galoisKeys.keys", "Galois element " + Long.toUnsignedString(g)
                        + " is not an odd number in (1, 2N)");
            }
            keys.put(g, keySwitchKey("galoisKeys.keys[" + g + "]", context, e.getValue()));
        }
        return new GaloisKeys(context, keys, keyId);
    }

    // ------------------------------------------------------------------ size bounds

    /** The longest ciphertext encoding {@link #decodeCiphertext} accepts for this context's chain. */
    public static long maxCiphertextBytes(BfvContext context) {
        return polyBytes(top(context)) * 2 + 1024;
    }

    /** The longest public key encoding {@link #decodePublicKey} accepts. */
    public static long maxPublicKeyBytes(BfvContext context) {
        return polyBytes(context) * 2 + 1024;
    }

    /** The longest secret key encoding {@link #decodeSecretKey} accepts. */
    public static long maxSecretKeyBytes(BfvContext context) {
        return polyBytes(context) + 1024;
    }

    /** The longest relinearization key encoding {@link #decodeRelinKeys} accepts. */
    public static long maxRelinKeysBytes(BfvContext context) {
        return keySwitchKeyBytes(context) + 1024;
    }

    /** The longest Galois key encoding {@link #decodeGaloisKeys} accepts (every power-of-two step and the swap). */
    public static long maxGaloisKeysBytes(BfvContext context) {
        return keySwitchKeyBytes(context) * (long) (Integer.numberOfTrailingZeros(context.n()) + 2) + 4096;
    }

    // ------------------------------------------------------------------ helpers

    private static KeyId keyId(String what, ByteString id) {
        if (id.size() != KeyId.LENGTH) {
            throw MalformedInputException.wrongLength(what + ".key_id", KeyId.LENGTH, id.size());
        }
        return KeyId.fromBytes(id.toByteArray());
    }

    private static BfvContext top(BfvContext c) {
        BfvContext t = c;
        while (t.parentContext() != null) {
            t = t.parentContext();
        }
        return t;
    }

    /** An upper bound on an encoded polynomial over the key basis (varints: at most 10 bytes a residue). */
    private static long polyBytes(BfvContext ctx) {
        return 10L * ctx.n() * (ctx.primeCount() + 1) + 64;
    }

    private static long keySwitchKeyBytes(BfvContext ctx) {
        return 2L * ctx.primeCount() * polyBytes(ctx) + 1024;
    }

    private static <T> T parse(String what, byte[] bytes, long maxBytes, com.google.protobuf.Parser<T> parser) {
        if (bytes == null) {
            throw new MalformedInputException(what, "no bytes");
        }
        if (bytes.length > maxBytes) {
            throw new MalformedInputException(what, bytes.length + " bytes is more than the " + maxBytes
                    + " this context's objects can take");
        }
        try {
            CodedInputStream in = CodedInputStream.newInstance(bytes);
            in.setSizeLimit(bytes.length);
            in.setRecursionLimit(16);
            T m = parser.parseFrom(in);
            in.checkLastTagWas(0);
            return m;
        } catch (InvalidProtocolBufferException e) {
            throw new MalformedInputException(what, "not a valid encoding (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new MalformedInputException(what, "unreadable (" + e.getMessage() + ")");
        }
    }

    private static void checkVersion(String what, int version) {
        if (version != VERSION) {
            throw new MalformedInputException(what + ".version", "version " + version + " is not supported (expected "
                    + VERSION + ")");
        }
    }

    private static void checkId(String what, BfvContext ctx, ByteString id) {
        if (!java.security.MessageDigest.isEqual(id.toByteArray(), parametersId(ctx.parameters()))) {
            throw new MalformedInputException(what + ".parameters_id", "made for other parameters than " + ctx.parameters());
        }
    }

    private static PolyMessage poly(RnsPoly p) {
        PolyMessage.Builder b = PolyMessage.newBuilder();
        for (long v : p.data) {
            b.addResidues(v);
        }
        return b.build();
    }

    private static RnsPoly poly(String where, BfvContext ctx, PolyMessage m) {
        return poly(where, ctx.basis(), m);
    }

    private static RnsPoly poly(String where, RnsBasis basis, PolyMessage m) {
        int n = basis.n;
        int k = basis.size();
        if (m.getResiduesCount() != n * k) {
            throw MalformedInputException.wrongLength(where + ".residues", (long) n * k, m.getResiduesCount());
        }
        RnsPoly p = new RnsPoly(n, k, true);
        for (int i = 0; i < k; i++) {
            long q = basis.moduli[i].value();
            for (int j = 0; j < n; j++) {
                long v = m.getResidues(i * n + j);
                if (Long.compareUnsigned(v, q) >= 0) {
                    throw new MalformedInputException(where + ".residues[" + (i * n + j) + "]",
                            "residue is not below its prime q_" + i + " = " + q);
                }
                p.data[i * n + j] = v;
            }
        }
        return p;
    }

    private static KeySwitchKeyMessage keySwitchKey(KeySwitchKey key) {
        KeySwitchKeyMessage.Builder b = KeySwitchKeyMessage.newBuilder();
        for (int j = 0; j < key.digits(); j++) {
            b.addB(poly(key.b(j)));
            b.addA(poly(key.a(j)));
        }
        return b.build();
    }

    private static KeySwitchKey keySwitchKey(String where, BfvContext ctx, KeySwitchKeyMessage m) {
        int k = ctx.primeCount();
        if (m.getBCount() != k || m.getACount() != k) {
            throw new MalformedInputException(where, "expected " + k + " digit pairs, got " + m.getBCount() + " and " + m.getACount());
        }
        List<RnsPoly> b = new ArrayList<>();
        List<RnsPoly> a = new ArrayList<>();
        for (int j = 0; j < k; j++) {
            b.add(poly(where + ".b[" + j + "]", ctx.keyBasis(), m.getB(j)));
            a.add(poly(where + ".a[" + j + "]", ctx.keyBasis(), m.getA(j)));
        }
        return new KeySwitchKey(b.toArray(new RnsPoly[0]), a.toArray(new RnsPoly[0]));
    }
}
