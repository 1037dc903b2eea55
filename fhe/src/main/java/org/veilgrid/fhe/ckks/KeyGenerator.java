package org.veilgrid.fhe.ckks;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.veilgrid.fhe.rns.KeyMaterial;
import org.veilgrid.fhe.rns.KeySwitchKey;
import org.veilgrid.fhe.rns.RingLevel;
import org.veilgrid.fhe.rns.RnsPoly;
import org.veilgrid.fhe.rns.Sampler;

/** Makes a CKKS secret key and the public, relinearization and Galois keys that go with it. */
public final class KeyGenerator {
    private final CkksContext context;
    private final Sampler sampler;

    public KeyGenerator(CkksContext context) {
        this.context = context;
        this.sampler = new Sampler(new SecureRandom());
    }

    private RingLevel top() {
        return context.ring(0);
    }

    public SecretKey secretKey() {
        return new SecretKey(context, KeyMaterial.secretKey(top(), sampler));
    }

    public PublicKey publicKey(SecretKey sk) {
        Checks.sameContext(context, sk.context, "secret key");
        byte[] seed = sampler.seed();
        RnsPoly[] p = KeyMaterial.publicKey(top(), sampler, sk.s, seed);
        return new PublicKey(context, p[0], p[1], seed, sk.keyId());
    }

    public RelinKeys relinKeys(SecretKey sk) {
        Checks.sameContext(context, sk.context, "secret key");
        return new RelinKeys(context, KeyMaterial.relinKey(top(), sampler, sk.s), sk.keyId());
    }

    /** Galois keys for left rotations by every power of two below N/2, and for conjugation. */
    public GaloisKeys galoisKeys(SecretKey sk) {
        List<Integer> steps = new ArrayList<>();
        for (int s = 1; s < context.slots(); s <<= 1) {
            steps.add(s);
        }
        return galoisKeys(sk, steps, true);
    }

    /** Galois keys for these left-rotation steps and, if asked, conjugation. */
    public GaloisKeys galoisKeys(SecretKey sk, List<Integer> steps, boolean conjugation) {
        Checks.sameContext(context, sk.context, "secret key");
        Map<Long, KeySwitchKey> keys = new HashMap<>();
        for (int step : steps) {
            keys.computeIfAbsent(GaloisKeys.elementForStep(context, step), g -> KeyMaterial.galoisKey(top(), sampler, sk.s, g));
        }
        if (conjugation) {
            long g = GaloisKeys.conjugationElement(context);
            keys.put(g, KeyMaterial.galoisKey(top(), sampler, sk.s, g));
        }
        return new GaloisKeys(context, keys, sk.keyId());
    }
}
