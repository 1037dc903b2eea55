package org.veilgrid.fhe.bfv;

import java.security.SecureRandom;

import org.veilgrid.fhe.rns.KeyMaterial;
import org.veilgrid.fhe.rns.KeySwitchKey;
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
        return new SecretKey(context, KeyMaterial.secretKey(context.ring(), sampler));
    }

    /** The public key (-(a&middot;s + e), a) for a fresh uniform a and Gaussian e. */
    public PublicKey publicKey(SecretKey sk) {
        Checks.sameContext(context, sk.context(), "secret key");
        RnsPoly[] p = KeyMaterial.publicKey(context.ring(), sampler, sk.s);
        return new PublicKey(context, p[0], p[1], sk.keyId());
    }

    /** Relinearization keys for s: a key switch from s<sup>2</sup> to s. */
    public RelinKeys relinKeys(SecretKey sk) {
        Checks.sameContext(context, sk.context(), "secret key");
        return new RelinKeys(context, KeyMaterial.relinKey(context.ring(), sampler, sk.s), sk.keyId());
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
            keys.computeIfAbsent(GaloisKeys.elementForStep(context, step),
                    g -> KeyMaterial.galoisKey(context.ring(), sampler, sk.s, g));
        }
        if (rowSwap) {
            long g = 2L * context.n() - 1;
            keys.put(g, KeyMaterial.galoisKey(context.ring(), sampler, sk.s, g));
        }
        return new GaloisKeys(context, keys, sk.keyId());
    }
}
