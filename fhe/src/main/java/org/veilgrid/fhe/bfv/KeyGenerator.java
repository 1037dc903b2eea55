package org.veilgrid.fhe.bfv;

import java.security.SecureRandom;
import java.util.Arrays;

import org.veilgrid.fhe.rns.KeySwitchKey;
import org.veilgrid.fhe.rns.KeySwitching;
import org.veilgrid.fhe.rns.PolyArithmetic;
import org.veilgrid.fhe.rns.RnsBasis;
import org.veilgrid.fhe.rns.RnsPoly;
import org.veilgrid.fhe.rns.Sampler;

/** Makes a secret key and the public key that goes with it. */
public final class KeyGenerator {
    private final BfvContext context;
    private final Sampler sampler;

    public KeyGenerator(BfvContext context) {
        this(context, new SecureRandom());
    }

    KeyGenerator(BfvContext context, SecureRandom random) {
        if (context.level() != 0) {
            throw new org.veilgrid.core.errors.ParameterException(
                    "keys are made at the top of the modulus chain; this context is " + context.level() + " level(s) down");
        }
        this.context = context;
        this.sampler = new Sampler(random);
    }

    /** A fresh ternary secret key (kept modulo every prime, the special one included). */
    public SecretKey secretKey() {
        long[] s = sampler.ternary(context.n());
        RnsPoly poly = PolyArithmetic.fromSigned(context.keyBasis(), s);
        Arrays.fill(s, 0);
        PolyArithmetic.toNtt(context.keyBasis(), poly);
        return new SecretKey(context, poly);
    }

    /** The public key (-(a&middot;s + e), a) for a fresh uniform a and Gaussian e. */
    public PublicKey publicKey(SecretKey sk) {
        Checks.sameContext(context, sk.context(), "secret key");
        RnsPoly a = Sampler.uniform(context.basis(), sampler.seed());
        long[] e = sampler.gaussian(context.n());
        RnsPoly ePoly = PolyArithmetic.fromSigned(context.basis(), e);
        Arrays.fill(e, 0);
        PolyArithmetic.toNtt(context.basis(), ePoly);
        RnsPoly p0 = new RnsPoly(context.n(), context.primeCount(), true);
        PolyArithmetic.mul(context.basis(), a, sk.s, p0);
        PolyArithmetic.add(context.basis(), p0, ePoly, p0);
        PolyArithmetic.negate(context.basis(), p0, p0);
        return new PublicKey(context, p0, a, sk.keyId());
    }

    /** Relinearization keys for s: a key switch from s<sup>2</sup> to s. */
    public RelinKeys relinKeys(SecretKey sk) {
        Checks.sameContext(context, sk.context(), "secret key");
        RnsBasis kb = context.keyBasis();
        RnsPoly s2 = new RnsPoly(context.n(), kb.size(), true);
        PolyArithmetic.mul(kb, sk.s, sk.s, s2);
        KeySwitchKey key = KeySwitching.generate(context.ring(), sampler, sk.s, s2);
        Arrays.fill(s2.data, 0);
        return new RelinKeys(context, key, sk.keyId());
    }

    /**
     * Galois keys for rotating both slot rows left by each power of two below N/2, and for
     * swapping the rows: enough to rotate by any amount with at most log2(N/2) key switches.
     */
    public GaloisKeys galoisKeys(SecretKey sk) {
        int half = context.n() / 2;
        java.util.List<Integer> steps = new java.util.ArrayList<>();
        for (int s = 1; s < half; s <<= 1) {
            steps.add(s);
        }
        return galoisKeys(sk, steps, true);
    }

    /**
     * Galois keys for the given left-rotation steps (each in (0, N/2)) and, if asked, the row
     * swap. Rotations by other amounts are composed from these where possible.
     */
    public GaloisKeys galoisKeys(SecretKey sk, java.util.List<Integer> steps, boolean rowSwap) {
        Checks.sameContext(context, sk.context(), "secret key");
        java.util.Map<Long, KeySwitchKey> keys = new java.util.HashMap<>();
        for (int step : steps) {
            keys.computeIfAbsent(GaloisKeys.elementForStep(context, step), g -> galoisKey(sk, g));
        }
        if (rowSwap) {
            long g = 2L * context.n() - 1;
            keys.put(g, galoisKey(sk, g));
        }
        return new GaloisKeys(context, keys, sk.keyId());
    }

    private KeySwitchKey galoisKey(SecretKey sk, long g) {
        RnsBasis kb = context.keyBasis();
        RnsPoly s = sk.s.copy();
        PolyArithmetic.fromNtt(kb, s);
        RnsPoly sg = PolyArithmetic.automorphism(kb, s, g);
        Arrays.fill(s.data, 0);
        PolyArithmetic.toNtt(kb, sg);
        KeySwitchKey key = KeySwitching.generate(context.ring(), sampler, sk.s, sg);
        Arrays.fill(sg.data, 0);
        return key;
    }
}
