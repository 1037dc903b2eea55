package org.veilgrid.fhe.bfv;

import java.math.BigInteger;
import org.veilgrid.kernels.Modulus;

/**
 * The BFV ciphertext product in RNS, without big integers (Halevi-Polyakov-Shoup, with exact
 * fixed-point corrections): lift the operands from Q to Q&middot;P, multiply there, compute
 * round(t&middot;X/Q) directly in the P basis, and convert back to Q. Produces exactly what the
 * big-integer path in {@link Evaluator} produces (tested bit for bit), much faster.
 *
 * <p>Conversions between bases use x = &Sigma; y<sub>i</sub>&middot;(B/b<sub>i</sub>) - v&middot;B with
 * y<sub>i</sub> = [x<sub>i</sub>&middot;(B/b<sub>i</sub>)<sup>-1</sup>]<sub>b<sub>i</sub></sub> and the
 * centering correction v = round(&Sigma; y<sub>i</sub>/b<sub>i</sub>) computed with 128-bit
 * fractions, so they are exact (up to ties at 2<sup>-100</sup>, negligible).
 */
final class RnsTensor implements TensorArithmetic {
    private final BfvContext ctx;
    private final TensorBasis tb;
    private final int n;
    private final int k;
    private final int kp;
    private final Modulus[] qm;
    private final Modulus[] pm;
    // Q -> P lift
    private final long[] qHatInv;
    private final long[][] invQ;          // {hi, lo} of 1/q_i
    private final long[][] qHatModP;      // [i][j]
    private final long[] qModP;
    // scale t/Q into P
    private final long[][] floorTPoverQModP; // [i][j] = floor(t P / q_i) mod p_j
    private final long[][] fracTPoverQ;      // {hi, lo} of frac(t P / q_i)
    private final long[] tPhatModP;          // t (P / p_j) mod p_j
    private final long[] twoTo64ModP;
    // P -> Q conversion
    private final long[] pHatInv;
    private final long[][] invP;
    private final long[][] pHatModQ;      // [j][i]
    private final long[] pModQ;

    RnsTensor(BfvContext ctx) {
        this.ctx = ctx;
        this.tb = ctx.tensorBasis();
        this.n = ctx.n();
        this.k = tb.k;
        this.kp = tb.kp;
        qm = new Modulus[k];
        pm = new Modulus[kp];
        for (int i = 0; i < k; i++) {
            qm[i] = tb.moduli[i];
        }
        for (int j = 0; j < kp; j++) {
            pm[j] = tb.moduli[k + j];
        }
        BigInteger bq = BigInteger.ONE;
        BigInteger bp = BigInteger.ONE;
        for (Modulus m : qm) {
            bq = bq.multiply(BigInteger.valueOf(m.value()));
        }
        for (Modulus m : pm) {
            bp = bp.multiply(BigInteger.valueOf(m.value()));
        }
        BigInteger t = BigInteger.valueOf(ctx.parameters().plainModulus());
        qHatInv = new long[k];
        invQ = new long[k][];
        qHatModP = new long[k][kp];
        qModP = new long[kp];
        floorTPoverQModP = new long[k][kp];
        fracTPoverQ = new long[k][];
        for (int i = 0; i < k; i++) {
            BigInteger qi = BigInteger.valueOf(qm[i].value());
            BigInteger hat = bq.divide(qi);
            qHatInv[i] = hat.mod(qi).modInverse(qi).longValueExact();
            invQ[i] = FixedPoint.fraction(BigInteger.ONE, qi);
            BigInteger[] tp = t.multiply(bp).divideAndRemainder(qi);
            fracTPoverQ[i] = FixedPoint.fraction(tp[1], qi);
            for (int j = 0; j < kp; j++) {
                BigInteger pj = BigInteger.valueOf(pm[j].value());
                qHatModP[i][j] = hat.mod(pj).longValueExact();
                floorTPoverQModP[i][j] = tp[0].mod(pj).longValueExact();
            }
        }
        tPhatModP = new long[kp];
        twoTo64ModP = new long[kp];
        pHatInv = new long[kp];
        invP = new long[kp][];
        pHatModQ = new long[kp][k];
        for (int j = 0; j < kp; j++) {
            BigInteger pj = BigInteger.valueOf(pm[j].value());
            qModP[j] = bq.mod(pj).longValueExact();
            BigInteger phat = bp.divide(pj);
            tPhatModP[j] = t.multiply(phat).mod(pj).longValueExact();
            twoTo64ModP[j] = BigInteger.ONE.shiftLeft(64).mod(pj).longValueExact();
            pHatInv[j] = phat.mod(pj).modInverse(pj).longValueExact();
            invP[j] = FixedPoint.fraction(BigInteger.ONE, pj);
            for (int i = 0; i < k; i++) {
                pHatModQ[j][i] = phat.mod(BigInteger.valueOf(qm[i].value())).longValueExact();
            }
        }
        pModQ = new long[k];
        for (int i = 0; i < k; i++) {
            pModQ[i] = bp.mod(BigInteger.valueOf(qm[i].value())).longValueExact();
        }
    }

    @Override
    public long[] lift(RnsPoly poly) {
        RnsPoly coeff = poly.copy();
        PolyArithmetic.fromNtt(ctx, coeff);
        long[] out = new long[(k + kp) * n];
        System.arraycopy(coeff.data, 0, out, 0, k * n);
        long[] y = new long[k];
        long[] acc = new long[4];
        for (int x = 0; x < n; x++) {
            acc[0] = acc[1] = acc[2] = acc[3] = 0;
            for (int i = 0; i < k; i++) {
                y[i] = qm[i].mul(coeff.data[i * n + x], qHatInv[i]);
                FixedPoint.addProduct(acc, y[i], invQ[i][0], invQ[i][1]);
            }
            long v = acc[2] + (acc[1] >>> 63); // round(sum y_i / q_i): the centered multiple of Q
            for (int j = 0; j < kp; j++) {
                Modulus p = pm[j];
                long r = p.negate(p.mul(p.reduce(v), qModP[j]));
                for (int i = 0; i < k; i++) {
                    r = p.mulAdd(p.reduce(y[i]), qHatModP[i][j], r);
                }
                out[(k + j) * n + x] = r;
            }
        }
        ctx.kernels().forward(tb.ntt, out);
        return out;
    }

    @Override
    public RnsPoly scaleDown(long[] d) {
        ctx.kernels().inverse(tb.ntt, d);
        long[] z = new long[k + kp];
        long[] acc = new long[4];
        long[] yp = new long[kp];
        RnsPoly out = new RnsPoly(n, k, false);
        long[] u = new long[kp];
        for (int x = 0; x < n; x++) {
            for (int i = 0; i < k + kp; i++) {
                z[i] = tb.moduli[i].mul(d[i * n + x], tb.hatInv[i]);
            }
            acc[0] = acc[1] = acc[2] = acc[3] = 0;
            for (int i = 0; i < k; i++) {
                FixedPoint.addProduct(acc, z[i], fracTPoverQ[i][0], fracTPoverQ[i][1]);
            }
            long roundBit = acc[1] >>> 63;
            // y = round(t X / Q) in the P basis.
            for (int j = 0; j < kp; j++) {
                Modulus p = pm[j];
                long r = p.add(p.mul(p.reduce(acc[3]), twoTo64ModP[j]), p.reduce(acc[2]));
                r = p.add(r, roundBit);
                for (int i = 0; i < k; i++) {
                    r = p.mulAdd(p.reduce(z[i]), floorTPoverQModP[i][j], r);
                }
                r = p.mulAdd(z[k + j], tPhatModP[j], r);
                yp[j] = r;
            }
            // Convert the centered y from P to Q.
            long[] accP = acc;
            accP[0] = accP[1] = accP[2] = accP[3] = 0;
            for (int j = 0; j < kp; j++) {
                u[j] = pm[j].mul(yp[j], pHatInv[j]);
                FixedPoint.addProduct(accP, u[j], invP[j][0], invP[j][1]);
            }
            long v = accP[2] + (accP[1] >>> 63);
            for (int i = 0; i < k; i++) {
                Modulus q = qm[i];
                long r = q.negate(q.mul(q.reduce(v), pModQ[i]));
                for (int j = 0; j < kp; j++) {
                    r = q.mulAdd(q.reduce(u[j]), pHatModQ[j][i], r);
                }
                out.data[i * n + x] = r;
            }
        }
        return out;
    }
}
