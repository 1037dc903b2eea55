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
    private final Modulus plain;
    private final long[] intPartModT;
    private final long[] fracHi;
    private final long[] fracLo;
    private final long twoTo64ModT;

    RnsDecoder(BfvContext ctx) {
        this.k = ctx.primeCount();
        long t = ctx.parameters().plainModulus();
        this.plain = ctx.plainModulus();
        intPartModT = new long[k];
        fracHi = new long[k];
        fracLo = new long[k];
        BigInteger bt = BigInteger.valueOf(t);
        twoTo64ModT = BigInteger.ONE.shiftLeft(64).mod(bt).longValueExact();
        for (int i = 0; i < k; i++) {
            BigInteger qi = BigInteger.valueOf(ctx.modulus(i).value());
            BigInteger num = bt.multiply(BigInteger.valueOf(ctx.qHatInvModQj(i)));
            BigInteger[] qr = num.divideAndRemainder(qi);
            intPartModT[i] = qr[0].mod(bt).longValueExact();
            long[] frac = FixedPoint.fraction(qr[1], qi);
            fracHi[i] = frac[0];
            fracLo[i] = frac[1];
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
        long[] acc = new long[4];
        for (int j = 0; j < n; j++) {
            long intAcc = 0; // sum of x_i I_i, mod t
            acc[0] = acc[1] = acc[2] = acc[3] = 0;
            for (int i = 0; i < k; i++) {
                long xi = x[i * n + j];
                intAcc = tm.add(intAcc, tm.mul(tm.reduce(xi), intPartModT[i]));
                FixedPoint.addProduct(acc, xi, fracHi[i], fracLo[i]);
            }
            long fracIntegerPart = tm.add(tm.mul(tm.reduce(acc[3]), twoTo64ModT), tm.reduce(acc[2]));
            long roundUp = acc[1] >>> 63;
            out[j] = tm.add(tm.add(intAcc, fracIntegerPart), roundUp);
            // |f - round(f)| >= 1/4 exactly when the top two fraction bits differ.
            ok &= ((acc[1] >>> 63) ^ ((acc[1] >>> 62) & 1)) == 0;
        }
        return ok;
    }
}
