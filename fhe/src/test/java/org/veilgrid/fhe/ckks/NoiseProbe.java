package org.veilgrid.fhe.ckks;

import java.math.BigInteger;
import org.veilgrid.fhe.rns.KeySwitchKey;
import org.veilgrid.fhe.rns.PolyArithmetic;
import org.veilgrid.fhe.rns.RnsBasis;
import org.veilgrid.fhe.rns.RnsPoly;
import org.veilgrid.kernels.Kernels;
import org.veilgrid.kernels.Modulus;

/**
 * Test-only access to what the noise lives in: a ciphertext decrypted to its exact coefficient
 * polynomial c0 + c1&middot;s (centered integers, by Chinese remaindering with big integers, not
 * through the production decryptor), a plaintext's exact integer polynomial, the secret's
 * coefficients, the errors of key-switching keys, and exact ring products and Galois maps of integer polynomials, to form the
 * exact polynomial a noiseless computation would give. Needs the secret key, so it lives here and
 * not in production code.
 */
final class NoiseProbe {
    private final CkksContext context;
    private final SecretKey sk;
    private final long[] secret;

    NoiseProbe(CkksContext context, SecretKey sk) {
        this.context = context;
        this.sk = sk;
        RnsBasis kb = context.ring(0).keyBasis();
        RnsPoly s = sk.s.copy();
        PolyArithmetic.fromNtt(kb, s);
        long q0 = kb.moduli[0].value();
        this.secret = new long[context.n()];
        for (int j = 0; j < secret.length; j++) {
            secret[j] = s.data[j] == q0 - 1 ? -1 : s.data[j];
        }
    }

    /** h, the number of nonzero coefficients of s (about 2N/3 for a uniform ternary secret). */
    int hammingWeight() {
        int h = 0;
        for (long v : secret) {
            h += v == 0 ? 0 : 1;
        }
        return h;
    }

    /**
     * The error e<sub>j</sub> of digit j of a key-switching key made at the top level:
     * b<sub>j</sub> + a<sub>j</sub>&middot;s modulo the special prime P, where the key's
     * P&middot;g<sub>j</sub>&middot;s' term vanishes, centered.
     */
    long[] keyError(KeySwitchKey key, int j) {
        RnsBasis kb = context.ring(0).keyBasis();
        int n = context.n();
        int row = kb.size() - 1;
        Modulus p = kb.moduli[row];
        long[] e = new long[n];
        Kernels k = Kernels.get();
        k.mulAdd(p, key.a(j).data, row * n, sk.s.data, row * n, key.b(j).data, row * n, e, 0, n);
        k.inverse(kb.ntt.get(row), e, 0);
        for (int i = 0; i < n; i++) {
            e[i] = e[i] > p.value() / 2 ? e[i] - p.value() : e[i];
        }
        return e;
    }

    /** c0 + c1&middot;s modulo the ciphertext level's Q, as centered integers. */
    BigInteger[] decrypt(Ciphertext c) {
        RnsBasis basis = context.ring(c.level).basis();
        RnsPoly x = new RnsPoly(context.n(), basis.size(), true);
        PolyArithmetic.mul(basis, c.c1, sk.s, x);
        PolyArithmetic.add(basis, x, c.c0, x);
        PolyArithmetic.fromNtt(basis, x);
        return lift(basis, x);
    }

    /** The plaintext's integer polynomial round(&Delta;&middot;&sigma;<sup>-1</sup>(z)). */
    BigInteger[] plain(Plaintext p) {
        RnsBasis basis = context.ring(p.level).basis();
        RnsPoly x = p.poly.copy();
        PolyArithmetic.fromNtt(basis, x);
        return lift(basis, x);
    }

    /** The exact product of integer polynomials modulo X<sup>N</sup> + 1 (computed modulo a level's Q, which it must fit). */
    BigInteger[] multiply(int level, BigInteger[] a, BigInteger[] b) {
        RnsBasis basis = context.ring(level).basis();
        BigInteger bound = maxAbs(a).multiply(maxAbs(b)).multiply(BigInteger.valueOf(context.n())).shiftLeft(1);
        if (bound.compareTo(modulus(basis)) >= 0) {
            throw new AssertionError("the product may not fit the level's modulus");
        }
        RnsPoly x = reduce(basis, a);
        RnsPoly y = reduce(basis, b);
        PolyArithmetic.toNtt(basis, x);
        PolyArithmetic.toNtt(basis, y);
        PolyArithmetic.mul(basis, x, y, x);
        PolyArithmetic.fromNtt(basis, x);
        return lift(basis, x);
    }

    /** a(X<sup>g</sup>) modulo X<sup>N</sup> + 1: coefficient i moves to i&middot;g mod 2N, negated past N. */
    static BigInteger[] automorphism(BigInteger[] a, long g) {
        int n = a.length;
        BigInteger[] out = new BigInteger[n];
        for (int i = 0; i < n; i++) {
            long t = i * g % (2L * n);
            out[(int) (t % n)] = t < n ? a[i] : a[i].negate();
        }
        return out;
    }

    static BigInteger[] add(BigInteger[] a, BigInteger[] b) {
        BigInteger[] out = new BigInteger[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i].add(b[i]);
        }
        return out;
    }

    /** a &minus; b, coefficient by coefficient, as doubles (for differences small enough to be exact). */
    static double[] minus(BigInteger[] a, BigInteger[] b) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i].subtract(b[i]).doubleValue();
        }
        return out;
    }

    /** The squared Euclidean norm of an integer polynomial's coefficients. */
    static double normSquared(BigInteger[] a) {
        BigInteger sum = BigInteger.ZERO;
        for (BigInteger v : a) {
            sum = sum.add(v.multiply(v));
        }
        return sum.doubleValue();
    }

    static BigInteger modulus(RnsBasis basis) {
        BigInteger q = BigInteger.ONE;
        for (int i = 0; i < basis.size(); i++) {
            q = q.multiply(BigInteger.valueOf(basis.moduli[i].value()));
        }
        return q;
    }

    private static BigInteger maxAbs(BigInteger[] a) {
        BigInteger m = BigInteger.ZERO;
        for (BigInteger v : a) {
            m = m.max(v.abs());
        }
        return m;
    }

    private static RnsPoly reduce(RnsBasis basis, BigInteger[] a) {
        int n = basis.n;
        RnsPoly p = new RnsPoly(n, basis.size(), false);
        for (int i = 0; i < basis.size(); i++) {
            BigInteger q = BigInteger.valueOf(basis.moduli[i].value());
            for (int j = 0; j < n; j++) {
                p.data[i * n + j] = a[j].mod(q).longValueExact();
            }
        }
        return p;
    }

    /** Residues (coefficient form) to centered integers in (&minus;Q/2, Q/2], by the Chinese remainder theorem. */
    private static BigInteger[] lift(RnsBasis basis, RnsPoly x) {
        int n = basis.n;
        int k = basis.size();
        BigInteger q = modulus(basis);
        BigInteger half = q.shiftRight(1);
        BigInteger[] hat = new BigInteger[k];
        BigInteger[] hatInv = new BigInteger[k];
        for (int i = 0; i < k; i++) {
            BigInteger qi = BigInteger.valueOf(basis.moduli[i].value());
            hat[i] = q.divide(qi);
            hatInv[i] = hat[i].modInverse(qi);
        }
        BigInteger[] out = new BigInteger[n];
        for (int j = 0; j < n; j++) {
            BigInteger v = BigInteger.ZERO;
            for (int i = 0; i < k; i++) {
                BigInteger qi = BigInteger.valueOf(basis.moduli[i].value());
                v = v.add(BigInteger.valueOf(x.data[i * n + j]).multiply(hatInv[i]).mod(qi).multiply(hat[i]));
            }
            v = v.mod(q);
            out[j] = v.compareTo(half) > 0 ? v.subtract(q) : v;
        }
        return out;
    }
}
