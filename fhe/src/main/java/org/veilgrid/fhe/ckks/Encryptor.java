package org.veilgrid.fhe.ckks;

import java.security.SecureRandom;
import org.veilgrid.fhe.rns.KeyMaterial;
import org.veilgrid.fhe.rns.RingLevel;
import org.veilgrid.fhe.rns.RnsPoly;
import org.veilgrid.fhe.rns.Sampler;

/**
 * Encrypts CKKS plaintexts with the public key, c = (p0&middot;u + e1 + m, p1&middot;u + e2), or
 * with the secret key, c = (&minus;a&middot;s + e + m, a), at the plaintext's level.
 */
public final class Encryptor {
    private final CkksContext context;
    private final Sampler sampler;

    public Encryptor(CkksContext context) {
        this.context = context;
        this.sampler = new Sampler(new SecureRandom());
    }

    public Ciphertext encrypt(PublicKey pk, Plaintext m) {
        Checks.sameContext(context, pk.context, "public key");
        Checks.sameContext(context, m.context, "plaintext");
        RingLevel ring = context.ring(m.level);
        RnsPoly[] c = KeyMaterial.encryptPublicNtt(ring, sampler, pk.p0, pk.p1, m.poly);
        return new Ciphertext(context, m.level, m.scale, c[0], c[1], pk.owner);
    }

    public Ciphertext encryptSymmetric(SecretKey sk, Plaintext m) {
        Checks.sameContext(context, sk.context, "secret key");
        Checks.sameContext(context, m.context, "plaintext");
        RingLevel ring = context.ring(m.level);
        byte[] seed = sampler.seed();
        RnsPoly[] c = KeyMaterial.encryptSymmetricNtt(ring, sampler, sk.s, seed, m.poly);
        // The seed of c1 is public (c1 itself is part of the ciphertext); keeping it lets the
        // encoding send 32 bytes instead of a polynomial.
        return new Ciphertext(context, m.level, m.scale, c[0], c[1], sk.keyId(), seed);
    }
}
