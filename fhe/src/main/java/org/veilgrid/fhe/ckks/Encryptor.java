package org.veilgrid.fhe.ckks;

import java.security.SecureRandom;
import org.veilgrid.fhe.rns.KeyMaterial;
import org.veilgrid.fhe.rns.PolyArithmetic;
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
        RnsPoly[] c = KeyMaterial.encryptPublic(ring, sampler, prefix(pk.p0, ring), prefix(pk.p1, ring), coefficients(m, ring));
        return new Ciphertext(context, m.level, m.scale, c[0], c[1], pk.owner);
    }

    public Ciphertext encryptSymmetric(SecretKey sk, Plaintext m) {
        Checks.sameContext(context, sk.context, "secret key");
        Checks.sameContext(context, m.context, "plaintext");
        RingLevel ring = context.ring(m.level);
        RnsPoly[] c = KeyMaterial.encryptSymmetric(ring, sampler, sk.s, sampler.seed(), coefficients(m, ring));
        return new Ciphertext(context, m.level, m.scale, c[0], c[1], sk);
    }

    /** The plaintext in coefficient form (a copy: KeyMaterial consumes it). */
    private static RnsPoly coefficients(Plaintext m, RingLevel ring) {
        RnsPoly p = m.poly.copy();
        PolyArithmetic.fromNtt(ring.basis(), p);
        return p;
    }

    /** A top-level polynomial's rows for a lower level's primes. */
    private static RnsPoly prefix(RnsPoly top, RingLevel ring) {
        int length = ring.primeCount() * ring.n();
        if (top.data.length == length) {
            return top;
        }
        RnsPoly p = RnsPoly.over(java.util.Arrays.copyOf(top.data, length), top.ntt);
        return p;
    }
}
