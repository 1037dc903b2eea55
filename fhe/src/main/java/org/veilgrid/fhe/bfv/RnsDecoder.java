package org.veilgrid.fhe.bfv;

import java.math.BigInteger;

import org.veilgrid.kernels.Modulus;
import org.veilgrid.kernels.RnsConversion;

/**
 * Decryption's scale-and-round in RNS, without big integers (after Halevi-Polyakov-Shoup): for
 * x = c0 + c1&middot;s with residues x<sub>i</sub> and w<sub>i</sub> =
 * [x<sub>i</sub>&middot;(Q/q<sub>i</sub>)<sup>-1</sup>]<sub>q<sub>i</sub></sub>, x &equiv; &Sigma;
 * w<sub>i</sub>&middot;Q/q<sub>i</sub> (mod Q), so t&middot;x/Q &equiv; &Sigma; w<sub>i</sub>&middot;t/q<sub>i</sub>
 * (mod t) and m = round(&Sigma; w<sub>i</sub>&middot;t/q<sub>i</sub>) mod t: one
 * {@link org.veilgrid.kernels.Kernels#rnsConvert} with 128-bit fractions t/q<sub>i</sub> (t is
 * below every q<sub>i</sub>) and the single output modulus t. The sum's fractional part is the
 * invariant noise [t&middot;x]<sub>Q</sub>/Q; the kernel counts coefficients where it lies in
 * [1/4, 3/4), i.e. less than one bit of budget. Truncating the fractions errs by less than
 * k&middot;2<sup>-66</sup>, far below what rounding or that threshold can notice.
 */
final class RnsDecoder {
    private final BfvContext ctx;
    private final RnsConversion conversion;

    RnsDecoder(BfvContext ctx) {
        this.ctx = ctx;
        int k = ctx.primeCount();
        BigInteger t = BigInteger.valueOf(ctx.parameters().plainModulus());
        Modulus[] from = new Modulus[k];
        long[] w = new long[k];
        long[][] frac = new long[k][];
        long[][] zero = new long[1][k];
        for (int i = 0; i < k; i++) {
            from[i] = ctx.modulus(i);
            w[i] = ctx.qHatInvModQj(i);
            frac[i] = RnsConversion.fraction(t, BigInteger.valueOf(from[i].value()));
        }
        this.conversion = RnsConversion.of(from, w, frac, new Modulus[] {ctx.plainModulus()}, zero, new long[] {1}, null);
    }

    /**
     * Decodes coefficient-form residues x (k &middot; N longs) into out (N values mod t).
     *
     * @return true if every coefficient's invariant noise is below 1/4 (at least one bit of
     *     budget left), false if some coefficient is too noisy to trust
     */
    boolean decode(long[] x, int n, long[] out) {
        return ctx.kernels().rnsConvert(conversion, x, 0, null, 0, out, 0, n) == 0;
    }
}
