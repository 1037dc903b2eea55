package org.veilgrid.fhe.bfv;

import java.math.BigInteger;
import org.veilgrid.kernels.Modulus;

/**
 * Decryption's scale-and-round in RNS, without big integers (after Halevi-Polyakov-Shoup): for
 * x = c0 + c1&middot;s with residues x<sub>i</sub>,
 * t&middot;x/Q &equiv; &Sigma;<sub>i</sub> x<sub>i</sub>&middot;t&middot;[(Q/q<sub>i</sub>)<sup>-1</sup>]<sub>q<sub>i</sub></sub>/q<sub>i</sub> (mod t).
 * Each constant is split into an integer part I<sub>i</sub> (kept mod t) and a 128-bit fixed-point
 * fraction F<sub>i</sub>; per coefficient, k word products give m = round(...) mod t and the
 * fractional part f, whose distance from 0 is the invariant noise |[t&middot;x]<sub>Q</sub>|/Q.
 * Truncating F<sub>i</sub> to 128 bits errs by less than k&middot;2<sup>-66</sup>, far below what
 * rounding or the one-bit refusal threshold can notice.
 */
final class RnsDecoder {
    private final int k;
    private final long t;
    private final Modulus plain;
    private final long[] intPartModT;
    private final long[] fracHi;
    private final long[] fracLo;

    RnsDecoder(BfvContext ctx) {
        this.k = ctx.primeCount();
        this.t = ctx.parameters().plainModulus();
        this.plain = ctx.plainModulus();
        intPartModT = new long[k];
        fracHi = new long[k];
        fracLo = new long[k];
        BigInteger bt = BigInteger.valueOf(t);
        for (int i = 0; i < k; i++) {
            BigInteger qi = BigInteger.valueOf(ctx.modulus(i).value());
            BigInteger num = bt.multiply(BigInteger.valueOf(ctx.qHatInvModQj(i)));
            BigInteger[] qr = num.divideAndRemainder(qi);
            intPartModT[i] = qr[0].mod(bt).longValueExact();
            BigInteger frac = qr[1].shiftLeft(128).divide(qi); // floor(remainder / q_i * 2^128)
            fracHi[i] = frac.shiftRight(64).longValue();
            fracLo[i] = frac.longValue();
        }
    }

    /**
     * Decodes coefficient-form residues x (k &middot; N longs) into out (N values mod t).
     *
     * @return true if every coefficient's invariant noise is below 1/4 (at least one bit of
     *     budget left), false if some coefficient is too noisy to trust
     */
    boolean decode(long[] x, int n, long[] out) {
        Modulus tm = plain;
        boolean ok = true;
        for (int j = 0; j < n; j++) {
            long intAcc = 0;  // mod t
            long w0 = 0;      // fraction bits 0..63 (units of 2^-128)
            long w1 = 0;      // fraction bits 64..127
            long w2 = 0;      // integer part, mod t
            for (int i = 0; i < k; i++) {
                long xi = x[i * n + j];
                intAcc = tm.add(intAcc, tm.mul(tm.reduce(xi), intPartModT[i]));
                // xi * fracLo: a 128-bit product landing on (w1, w0)
                long lo = xi * fracLo[i];
                long hi = Math.multiplyHigh(xi, fracLo[i]) + ((fracLo[i] >> 63) & xi);
                long s0 = w0 + lo;
                long c0 = Long.compareUnsigned(s0, w0) < 0 ? 1 : 0;
                w0 = s0;
                long s1 = w1 + hi;
                long c1 = Long.compareUnsigned(s1, w1) < 0 ? 1 : 0;
                long s1b = s1 + c0;
                c1 += Long.compareUnsigned(s1b, s1) < 0 ? 1 : 0;
                w1 = s1b;
                // xi * fracHi: a 128-bit product landing on (w2, w1)
                long lo2 = xi * fracHi[i];
                long hi2 = Math.multiplyHigh(xi, fracHi[i]) + ((fracHi[i] >> 63) & xi);
                long s2 = w1 + lo2;
                long c2 = Long.compareUnsigned(s2, w1) < 0 ? 1 : 0;
                w1 = s2;
                w2 = tm.add(w2, tm.reduce(hi2 + c1 + c2));
            }
            long roundUp = w1 >>> 63;
            out[j] = tm.add(tm.add(intAcc, w2), roundUp);
            // |f - round(f)| >= 1/4 exactly when the top two fraction bits differ.
            ok &= ((w1 >>> 63) ^ ((w1 >>> 62) & 1)) == 0;
        }
        return ok;
    }
}
