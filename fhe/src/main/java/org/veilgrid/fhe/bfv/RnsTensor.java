package org.veilgrid.fhe.bfv;

import java.math.BigInteger;

import org.veilgrid.fhe.rns.RnsPoly;
import org.veilgrid.fhe.rns.Scratch;
import org.veilgrid.kernels.Kernels;
import org.veilgrid.kernels.Modulus;
import org.veilgrid.kernels.RnsConversion;
import org.veilgrid.kernels.RnsNttTables;

/**
 * The BFV ciphertext product in RNS, without big integers (Halevi-Polyakov-Shoup, with exact
 * fixed-point corrections): lift the operands from Q to Q&middot;P, multiply there, compute
 * round(t&middot;X/Q) directly in the P basis, and convert back to Q. Each step is one
 * {@link Kernels#rnsConvert} call over the whole polynomial, so the product is NTT-bound. It
 * produces what {@link ExactTensor} produces with big integers (tested bit for bit).
 *
 * <p>The scaling: with z<sub>i</sub> = [X&middot;(QP/m<sub>i</sub>)<sup>-1</sup>]<sub>m<sub>i</sub></sub>
 * over all primes m of Q&middot;P, t&middot;X/Q = &Sigma;<sub>i&lt;k</sub> z<sub>i</sub>&middot;tP/q<sub>i</sub>
 * + &Sigma;<sub>j</sub> z<sub>k+j</sub>&middot;t&middot;(P/p<sub>j</sub>) modulo tP; the integer parts of
 * tP/q<sub>i</sub> and the second sum are exact modulo each p<sub>j</sub>, and the fractional parts
 * add up to a rounding term computed in 128-bit fixed point.
 */
final class RnsTensor implements TensorArithmetic {
    private final BfvContext ctx;
    private final TensorBasis tb;
    private final int n;
    private final int k;
    private final int kp;
    private final RnsNttTables pNtt;
    private final RnsConversion liftQtoP;
    private final RnsConversion scaleIntoP;
    private final RnsConversion convertPtoQ;

    RnsTensor(BfvContext ctx) {
        this.ctx = ctx;
        this.tb = ctx.tensorBasis();
        this.n = ctx.n();
        this.k = tb.k;
        this.kp = tb.kp;
        Modulus[] qm = new Modulus[k];
        Modulus[] pm = new Modulus[kp];
        long[] pv = new long[kp];
        System.arraycopy(tb.moduli, 0, qm, 0, k);
        System.arraycopy(tb.moduli, k, pm, 0, kp);
        BigInteger bp = BigInteger.ONE;
        for (int j = 0; j < kp; j++) {
            pv[j] = pm[j].value();
            bp = bp.multiply(BigInteger.valueOf(pv[j]));
        }
        this.pNtt = RnsNttTables.create(n, pv);
        this.liftQtoP = RnsConversion.centered(qm, pm);
        this.convertPtoQ = RnsConversion.centered(pm, qm);

        BigInteger t = BigInteger.valueOf(ctx.parameters().plainModulus());
        long[] w = new long[k];
        long[][] frac = new long[k][];
        long[][] matrix = new long[kp][k];
        long[] one = new long[kp];
        long[] diag = new long[kp];
        for (int i = 0; i < k; i++) {
            BigInteger qi = BigInteger.valueOf(qm[i].value());
            w[i] = tb.hatInv[i];
            BigInteger[] tp = t.multiply(bp).divideAndRemainder(qi);
            frac[i] = RnsConversion.fraction(tp[1], qi);
            for (int j = 0; j < kp; j++) {
                matrix[j][i] = tp[0].mod(BigInteger.valueOf(pv[j])).longValueExact();
            }
        }
        for (int j = 0; j < kp; j++) {
            BigInteger pj = BigInteger.valueOf(pv[j]);
            one[j] = 1;
            // z_{k+j} t (P / p_j), with z_{k+j} = d_{k+j} (QP / p_j)^-1: one constant per p_j.
            diag[j] = BigInteger.valueOf(tb.hatInv[k + j]).multiply(t).multiply(bp.divide(pj)).mod(pj).longValueExact();
        }
        this.scaleIntoP = RnsConversion.of(qm, w, frac, pm, matrix, one, diag);
    }

    @Override
    public void lift(RnsPoly poly, long[] out) {
        Kernels kernels = ctx.kernels();
        // The Q rows are the operand itself (already in NTT form); only the P rows are new.
        System.arraycopy(poly.data, 0, out, 0, k * n);
        long[] coeff = Scratch.get().vector(Scratch.Slot.LIFT_COEFFICIENTS, k * n);
        System.arraycopy(poly.data, 0, coeff, 0, k * n);
        kernels.inverse(ctx.ntt(), coeff);
        kernels.rnsConvert(liftQtoP, coeff, 0, null, 0, out, k * n, n);
        kernels.forward(pNtt, out, k * n);
    }

    @Override
    public void scaleDown(long[] d, RnsPoly out) {
        Kernels kernels = ctx.kernels();
        long[] y = Scratch.get().vector(Scratch.Slot.SCALE_Y, kp * n);
        kernels.rnsConvert(scaleIntoP, d, 0, d, k * n, y, 0, n);
        kernels.rnsConvert(convertPtoQ, y, 0, null, 0, out.data, 0, n);
        out.ntt = false;
    }
}
