package org.veilgrid.fhe.rns;

import java.util.Arrays;
import org.veilgrid.kernels.Kernels;
import org.veilgrid.kernels.Modulus;

/**
 * The key and encryption polynomials both schemes make the same way (BFV and CKKS differ only in
 * how a message enters c<sub>0</sub>): a ternary secret over the key basis, the public key
 * (&minus;(a&middot;s + e), a), key-switching keys from s<sup>2</sup> and from s(X<sup>g</sup>),
 * and encryptions of a message polynomial under the public or the secret key. Every secret
 * intermediate is wiped after use. Internal to the fhe module.
 */
public final class KeyMaterial {
    private KeyMaterial() {
    }

    /** A fresh ternary secret in NTT form over {@code top}'s key basis (the special prime included). */
    public static RnsPoly secretKey(RingLevel top, Sampler sampler) {
        long[] s = sampler.ternary(top.n());
        RnsPoly poly = PolyArithmetic.fromSigned(top.keyBasis(), s);
        Arrays.fill(s, 0);
        PolyArithmetic.toNtt(top.keyBasis(), poly);
        return poly;
    }

    /** The public key {p0, p1} = {&minus;(a&middot;s + e), a} over {@code top}'s ciphertext primes, NTT form. */
    public static RnsPoly[] publicKey(RingLevel top, Sampler sampler, RnsPoly s) {
        return publicKey(top, sampler, s, sampler.seed());
    }

    /** As {@link #publicKey(RingLevel, Sampler, RnsPoly)}, with a expanded from {@code seed} (public, like a). */
    public static RnsPoly[] publicKey(RingLevel top, Sampler sampler, RnsPoly s, byte[] seed) {
        RnsBasis basis = top.basis();
        RnsPoly a = Sampler.uniform(basis, seed);
        RnsPoly ePoly = small(basis, sampler.gaussian(top.n()));
        RnsPoly p0 = new RnsPoly(top.n(), basis.size(), true);
        PolyArithmetic.mul(basis, a, s, p0);
        PolyArithmetic.add(basis, p0, ePoly, p0);
        Arrays.fill(ePoly.data, 0);
        PolyArithmetic.negate(basis, p0, p0);
        return new RnsPoly[] {p0, a};
    }

    /** A key switch from s<sup>2</sup> to s (relinearization). */
    public static KeySwitchKey relinKey(RingLevel top, Sampler sampler, RnsPoly s) {
        RnsBasis kb = top.keyBasis();
        RnsPoly s2 = new RnsPoly(top.n(), kb.size(), true);
        PolyArithmetic.mul(kb, s, s, s2);
        KeySwitchKey key = KeySwitching.generate(top, sampler, s, s2);
        Arrays.fill(s2.data, 0);
        return key;
    }

    /** A key switch from s(X<sup>g</sup>) to s (the Galois automorphism X &rarr; X<sup>g</sup>, g odd). */
    public static KeySwitchKey galoisKey(RingLevel top, Sampler sampler, RnsPoly s, long g) {
        RnsBasis kb = top.keyBasis();
        RnsPoly coefficients = s.copy();
        PolyArithmetic.fromNtt(kb, coefficients);
        RnsPoly sg = PolyArithmetic.automorphism(kb, coefficients, g);
        Arrays.fill(coefficients.data, 0);
        PolyArithmetic.toNtt(kb, sg);
        KeySwitchKey key = KeySwitching.generate(top, sampler, s, sg);
        Arrays.fill(sg.data, 0);
        return key;
    }

    /**
     * (p0&middot;u + e1 + message, p1&middot;u + e2) in NTT form at {@code level}, with u ternary
     * and e1, e2 Gaussian. {@code message} is in coefficient form over the level's primes and is
     * consumed (overwritten with e1 + message, then transformed): the result's c0.
     */
    public static RnsPoly[] encryptPublic(RingLevel level, Sampler sampler, RnsPoly p0, RnsPoly p1, RnsPoly message) {
        int n = level.n();
        RnsBasis basis = level.basis();
        Kernels kernels = Kernels.get();
        RnsPoly u = small(basis, sampler.ternary(n));
        RnsPoly c0 = addGaussian(level, sampler, message);
        RnsPoly c1 = small(basis, sampler.gaussian(n));
        // c0 = NTT(e1 + m) + p0 u and c1 = NTT(e2) + p1 u: three transforms, no temporaries.
        for (int i = 0; i < basis.size(); i++) {
            Modulus q = basis.moduli[i];
            kernels.mulAdd(q, p0.data, i * n, u.data, i * n, c0.data, i * n, c0.data, i * n, n);
            kernels.mulAdd(q, p1.data, i * n, u.data, i * n, c1.data, i * n, c1.data, i * n, n);
        }
        Arrays.fill(u.data, 0);
        return new RnsPoly[] {c0, c1};
    }

    /**
     * (&minus;(a&middot;s) + e + message, a) in NTT form at {@code level}, with a expanded from
     * {@code seed} (public: it is part of the ciphertext). {@code message} as in
     * {@link #encryptPublic}.
     */
    public static RnsPoly[] encryptSymmetric(RingLevel level, Sampler sampler, RnsPoly s, byte[] seed, RnsPoly message) {
        int n = level.n();
        RnsBasis basis = level.basis();
        Kernels kernels = Kernels.get();
        RnsPoly a = Sampler.uniform(basis, seed);
        RnsPoly c0 = addGaussian(level, sampler, message);
        // c0 -= a s, one prime at a time through a short buffer.
        long[] as = new long[n];
        for (int i = 0; i < basis.size(); i++) {
            Modulus q = basis.moduli[i];
            kernels.mul(q, a.data, i * n, s.data, i * n, as, 0, n);
            kernels.sub(q, c0.data, i * n, as, 0, c0.data, i * n, n);
        }
        Arrays.fill(as, 0);
        return new RnsPoly[] {c0, a};
    }

    /**
     * As {@link #encryptPublic}, for a message already in NTT form (CKKS encodes straight into
     * it): the error is transformed alone and the message added after, so the message needs no
     * inverse transform. {@code messageNtt} is only read. p0 and p1 may hold more rows than the
     * level has primes (a top-level public key): the level's leading rows are used.
     */
    public static RnsPoly[] encryptPublicNtt(RingLevel level, Sampler sampler, RnsPoly p0, RnsPoly p1, RnsPoly messageNtt) {
        int n = level.n();
        RnsBasis basis = level.basis();
        Kernels kernels = Kernels.get();
        RnsPoly u = small(basis, sampler.ternary(n));
        RnsPoly c0 = small(basis, sampler.gaussian(n));
        RnsPoly c1 = small(basis, sampler.gaussian(n));
        for (int i = 0; i < basis.size(); i++) {
            Modulus q = basis.moduli[i];
            kernels.add(q, c0.data, i * n, messageNtt.data, i * n, c0.data, i * n, n);
            kernels.mulAdd(q, p0.data, i * n, u.data, i * n, c0.data, i * n, c0.data, i * n, n);
            kernels.mulAdd(q, p1.data, i * n, u.data, i * n, c1.data, i * n, c1.data, i * n, n);
        }
        Arrays.fill(u.data, 0);
        return new RnsPoly[] {c0, c1};
    }

    /** As {@link #encryptSymmetric}, for a message in NTT form (only read). */
    public static RnsPoly[] encryptSymmetricNtt(RingLevel level, Sampler sampler, RnsPoly s, byte[] seed, RnsPoly messageNtt) {
        int n = level.n();
        RnsBasis basis = level.basis();
        Kernels kernels = Kernels.get();
        RnsPoly a = Sampler.uniform(basis, seed);
        RnsPoly c0 = small(basis, sampler.gaussian(n));
        long[] as = new long[n];
        for (int i = 0; i < basis.size(); i++) {
            Modulus q = basis.moduli[i];
            kernels.add(q, c0.data, i * n, messageNtt.data, i * n, c0.data, i * n, n);
            kernels.mul(q, a.data, i * n, s.data, i * n, as, 0, n);
            kernels.sub(q, c0.data, i * n, as, 0, c0.data, i * n, n);
        }
        Arrays.fill(as, 0);
        return new RnsPoly[] {c0, a};
    }

    /** message += e for a fresh Gaussian e, then to NTT form (in place). */
    private static RnsPoly addGaussian(RingLevel level, Sampler sampler, RnsPoly message) {
        RnsBasis basis = level.basis();
        RnsPoly e = small(basis, sampler.gaussian(level.n()), false);
        PolyArithmetic.add(basis, message, e, message);
        Arrays.fill(e.data, 0);
        PolyArithmetic.toNtt(basis, message);
        return message;
    }

    /** Small signed coefficients (wiped) as an RNS polynomial in NTT form. */
    private static RnsPoly small(RnsBasis basis, long[] coefficients) {
        return small(basis, coefficients, true);
    }

    private static RnsPoly small(RnsBasis basis, long[] coefficients, boolean toNtt) {
        RnsPoly p = PolyArithmetic.fromSigned(basis, coefficients);
        Arrays.fill(coefficients, 0);
        if (toNtt) {
            PolyArithmetic.toNtt(basis, p);
        }
        return p;
    }
}
