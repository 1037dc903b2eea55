package org.veilgrid.fhe.bfv;

import java.security.SecureRandom;
import java.util.Arrays;

import org.veilgrid.fhe.rns.PolyArithmetic;
import org.veilgrid.fhe.rns.RnsPoly;
import org.veilgrid.fhe.rns.Sampler;
import org.veilgrid.kernels.Kernels;
import org.veilgrid.kernels.Modulus;

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
        int n = context.n();
        Kernels kernels = context.kernels();
        RnsPoly u = smallNtt(sampler.ternary(n));
        // c0 = NTT(e1 + Delta m) + p0 u and c1 = NTT(e2) + p1 u: three transforms, no temporaries.
        RnsPoly c0 = noisyScaledPlaintext(m);
        RnsPoly c1 = smallNtt(sampler.gaussian(n));
        for (int i = 0; i < context.primeCount(); i++) {
            Modulus q = context.modulus(i);
            kernels.mulAdd(q, pk.p0.data, i * n, u.data, i * n, c0.data, i * n, c0.data, i * n, n);
            kernels.mulAdd(q, pk.p1.data, i * n, u.data, i * n, c1.data, i * n, c1.data, i * n, n);
        }
        Arrays.fill(u.data, 0);
        return new Ciphertext(context, pk.keyId(), c0, c1);
    }

    /** Encrypts under the secret key: c1 is uniform from a fresh seed. */
    public Ciphertext encryptSymmetric(SecretKey sk, Plaintext m) {
        Checks.sameContext(context, sk.context(), "secret key");
        Checks.plaintextFits(context, m);
        int n = context.n();
        Kernels kernels = context.kernels();
        byte[] seed = sampler.seed();
        RnsPoly a = Sampler.uniform(context.basis(), seed);
        // c0 = NTT(e + Delta m) - a s, one prime at a time through a short buffer.
        RnsPoly c0 = noisyScaledPlaintext(m);
        long[] as = new long[n];
        for (int i = 0; i < context.primeCount(); i++) {
            Modulus q = context.modulus(i);
            kernels.mul(q, a.data, i * n, sk.s.data, i * n, as, 0, n);
            kernels.sub(q, c0.data, i * n, as, 0, c0.data, i * n, n);
        }
        Arrays.fill(as, 0);
        // The seed of a is public (a itself is part of the ciphertext); keeping it lets the
        // encoding send 32 bytes instead of a whole polynomial.
        return new Ciphertext(context, sk.keyId(), c0, a, seed);
    }

    /** e + &Delta;&middot;m in NTT form for a fresh Gaussian e. */
    private RnsPoly noisyScaledPlaintext(Plaintext m) {
        int n = context.n();
        long[] e = sampler.gaussian(n);
        RnsPoly p = PolyArithmetic.fromSigned(context.basis(), e);
        Arrays.fill(e, 0);
        long[] coeffs = m.raw();
        long[] scaled = new long[n];
        for (int i = 0; i < context.primeCount(); i++) {
            Modulus q = context.modulus(i);
            // t < every q_i (checked by the context), so plaintext coefficients are reduced.
            context.kernels().mulScalar(q, coeffs, 0, context.deltaModQi(i), scaled, 0, n);
            context.kernels().add(q, p.data, i * n, scaled, 0, p.data, i * n, n);
        }
        PolyArithmetic.toNtt(context.basis(), p);
        return p;
    }

    private RnsPoly smallNtt(long[] coeffs) {
        RnsPoly p = PolyArithmetic.fromSigned(context.basis(), coeffs);
        Arrays.fill(coeffs, 0);
        PolyArithmetic.toNtt(context.basis(), p);
        return p;
    }

    /** &Delta;&middot;m in NTT form, with &Delta; = floor(Q/t) reduced modulo each prime. */
    static RnsPoly scaledPlaintext(BfvContext context, Plaintext m) {
        int n = context.n();
        RnsPoly p = new RnsPoly(n, context.primeCount(), false);
        long[] coeffs = m.raw();
        for (int i = 0; i < context.primeCount(); i++) {
            // t < every q_i (checked by the context), so plaintext coefficients are reduced.
            context.kernels().mulScalar(context.modulus(i), coeffs, 0, context.deltaModQi(i), p.data, i * n, n);
        }
        PolyArithmetic.toNtt(context.basis(), p);
        return p;
    }
}
