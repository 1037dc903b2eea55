package org.veilgrid.fhe.bfv;

import java.security.SecureRandom;

import org.veilgrid.fhe.rns.KeyMaterial;
import org.veilgrid.fhe.rns.PolyArithmetic;
import org.veilgrid.fhe.rns.RnsPoly;
import org.veilgrid.fhe.rns.Sampler;

/**
 * Encrypts plaintexts, with the public key (anyone can) or with the secret key (the symmetric
 * form, whose c1 is a uniform polynomial expanded from a 32-byte seed).
 *
 * <p>Public key: c = (p0&middot;u + e1 + &Delta;m, p1&middot;u + e2) with u ternary and e1, e2
 * Gaussian. Symmetric: c = (-(a&middot;s) + e + &Delta;m, a). &Delta; = floor(Q/t).
 */
public final class Encryptor {
    private final BfvContext context;
    private final Sampler sampler;

    public Encryptor(BfvContext context) {
        this(context, new SecureRandom());
    }

    Encryptor(BfvContext context, SecureRandom random) {
        this.context = context;
        this.sampler = new Sampler(random);
    }

    /** Encrypts under the public key. */
    public Ciphertext encrypt(PublicKey pk, Plaintext m) {
        Checks.sameContext(context, pk.context(), "public key");
        Checks.plaintextFits(context, m);
        RnsPoly[] c = KeyMaterial.encryptPublic(context.ring(), sampler, pk.p0, pk.p1, scaledCoefficients(context, m));
        return new Ciphertext(context, pk.keyId(), c[0], c[1]);
    }

    /** Encrypts under the secret key: c1 is uniform from a fresh seed. */
    public Ciphertext encryptSymmetric(SecretKey sk, Plaintext m) {
        Checks.sameContext(context, sk.context(), "secret key");
        Checks.plaintextFits(context, m);
        byte[] seed = sampler.seed();
        RnsPoly[] c = KeyMaterial.encryptSymmetric(context.ring(), sampler, sk.s, seed, scaledCoefficients(context, m));
        // The seed of a is public (a itself is part of the ciphertext); keeping it lets the
        // encoding send 32 bytes instead of a whole polynomial.
        return new Ciphertext(context, sk.keyId(), c[0], c[1], seed);
    }

    /** &Delta;&middot;m in NTT form, with &Delta; = floor(Q/t) reduced modulo each prime. */
    static RnsPoly scaledPlaintext(BfvContext context, Plaintext m) {
        RnsPoly p = scaledCoefficients(context, m);
        PolyArithmetic.toNtt(context.basis(), p);
        return p;
    }

    /** &Delta;&middot;m in coefficient form. */
    private static RnsPoly scaledCoefficients(BfvContext context, Plaintext m) {
        int n = context.n();
        RnsPoly p = new RnsPoly(n, context.primeCount(), false);
        long[] coeffs = m.raw();
        for (int i = 0; i < context.primeCount(); i++) {
            // t < every q_i (checked by the context), so plaintext coefficients are reduced.
            context.kernels().mulScalar(context.modulus(i), coeffs, 0, context.deltaModQi(i), p.data, i * n, n);
        }
        return p;
    }
}
