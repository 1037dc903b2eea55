package org.veilgrid.fhe.bfv;

import java.math.BigInteger;

import org.veilgrid.fhe.rns.PolyArithmetic;
import org.veilgrid.fhe.rns.RnsPoly;

/**
 * The ciphertext product's basis changes and t/Q rounding done with exact big integers, one
 * coefficient at a time: slow and obviously right, kept as the oracle that {@link RnsTensor} is
 * tested against bit for bit.
 */
final class ExactTensor implements TensorArithmetic {
    private final BfvContext context;
    private final TensorBasis tb;

    ExactTensor(BfvContext context) {
        this.context = context;
        this.tb = context.tensorBasis();
    }

    @Override
    public void lift(RnsPoly p, long[] out) {
        int n = context.n();
        RnsPoly coeff = p.copy();
        PolyArithmetic.fromNtt(context.basis(), coeff);
        BigInteger q = context.bigQ();
        BigInteger halfQ = q.shiftRight(1);
        for (int j = 0; j < n; j++) {
            BigInteger x = context.compose(coeff.data, j);
            if (x.compareTo(halfQ) > 0) {
                x = x.subtract(q);
            }
            for (int i = 0; i < tb.moduli.length; i++) {
                out[i * n + j] = x.mod(BigInteger.valueOf(tb.moduli[i].value())).longValueExact();
            }
        }
        context.kernels().forward(tb.ntt, out);
    }

    @Override
    public void scaleDown(long[] d, RnsPoly out) {
        int n = context.n();
        BigInteger qp = tb.qp;
        BigInteger halfQp = qp.shiftRight(1);
        BigInteger q = context.bigQ();
        BigInteger twoQ = q.shiftLeft(1);
        BigInteger twoT = BigInteger.valueOf(2 * context.parameters().plainModulus());
        out.ntt = false;
        for (int j = 0; j < n; j++) {
            BigInteger x = tb.compose(d, n, j);
            if (x.compareTo(halfQp) > 0) {
                x = x.subtract(qp);
            }
            // round(t x / Q) = floor((2 t x + Q) / 2Q), with floor division for negative x.
            BigInteger num = x.multiply(twoT).add(q);
            BigInteger y = num.subtract(num.mod(twoQ)).divide(twoQ);
            for (int i = 0; i < context.primeCount(); i++) {
                out.data[i * n + j] = y.mod(BigInteger.valueOf(context.modulus(i).value())).longValueExact();
            }
        }
    }
}
