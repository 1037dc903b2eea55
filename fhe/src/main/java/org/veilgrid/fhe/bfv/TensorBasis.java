package org.veilgrid.fhe.bfv;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import org.veilgrid.kernels.Modulus;
import org.veilgrid.kernels.Primes;
import org.veilgrid.kernels.RnsNttTables;

/**
 * The extended basis Q&middot;P in which a ciphertext product is computed exactly: P is a product
 * of extra 61-bit NTT-friendly primes with P &gt; 4&middot;t&middot;N&middot;Q, so every coefficient of the
 * integer tensor product of two centered ciphertexts (at most N&middot;Q<sup>2</sup>/2 in size)
 * is represented without wrap-around. Built on first use of multiplication.
 *
 * <p>Moving between bases and the final t/Q rounding go through exact big-integer Chinese
 * remaindering, one coefficient at a time: simple and exactly right, but slow. The RNS-only
 * arithmetic of Halevi-Polyakov-Shoup is the planned replacement; this stays as its test oracle.
 */
final class TensorBasis {
    final int k;
    final int kp;
    final Modulus[] moduli;
    final RnsNttTables ntt;
    final BigInteger qp;
    private final BigInteger[] hat;
    final long[] hatInv;

    TensorBasis(BfvContext ctx) {
        int n = ctx.n();
        this.k = ctx.primeCount();
        List<Long> qs = ctx.parameters().primes();
        // P > 4 t N Q: the tensor's coefficients (|X| < N Q^2 / 2) fit Q P, and so does the
        // scaled result round(t X / Q) in P alone, which the RNS path needs.
        int needBits = ctx.bigQ().bitLength() + Integer.numberOfTrailingZeros(n)
                + (64 - Long.numberOfLeadingZeros(ctx.parameters().plainModulus())) + 3;
        List<Long> extra = new ArrayList<>();
        int bits = 0;
        for (long p : Primes.nttPrimes(61, n, (needBits / 60) + 2 + qs.size())) {
            if (bits >= needBits) {
                break;
            }
            if (!qs.contains(p)) {
                extra.add(p);
                bits += 60; // each 61-bit prime adds at least 60 bits
            }
        }
        this.kp = extra.size();
        long[] all = new long[k + kp];
        for (int i = 0; i < k; i++) {
            all[i] = qs.get(i);
        }
        for (int i = 0; i < kp; i++) {
            all[k + i] = extra.get(i);
        }
        this.moduli = new Modulus[all.length];
        BigInteger product = BigInteger.ONE;
        for (int i = 0; i < all.length; i++) {
            moduli[i] = Modulus.of(all[i]);
            product = product.multiply(BigInteger.valueOf(all[i]));
        }
        this.qp = product;
        this.ntt = RnsNttTables.create(n, all);
        this.hat = new BigInteger[all.length];
        this.hatInv = new long[all.length];
        for (int i = 0; i < all.length; i++) {
            BigInteger qi = BigInteger.valueOf(all[i]);
            hat[i] = qp.divide(qi);
            hatInv[i] = hat[i].mod(qi).modInverse(qi).longValueExact();
        }
    }

    /** Coefficient j of a polynomial over Q&middot;P as an integer in [0, QP). */
    BigInteger compose(long[] rns, int n, int j) {
        BigInteger acc = BigInteger.ZERO;
        for (int i = 0; i < moduli.length; i++) {
            long r = moduli[i].mul(rns[i * n + j], hatInv[i]);
            acc = acc.add(hat[i].multiply(BigInteger.valueOf(r)));
        }
        return acc.mod(qp);
    }
}
