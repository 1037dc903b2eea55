package org.veilgrid.fhe.ckks;

import java.security.SecureRandom;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.fhe.rns.KeyMaterial;
import org.veilgrid.fhe.rns.PolyArithmetic;
import org.veilgrid.fhe.rns.RingLevel;
import org.veilgrid.fhe.rns.RnsPoly;
import org.veilgrid.fhe.rns.Sampler;

/**
 * Circuit privacy for a result handed back to the key's owner: the evaluator adds a fresh
 * public-key encryption of zero (so c1 is fresh) and a noise polynomial uniform in
 * &plusmn;2<sup>bits</sup> per coefficient, wide enough to drown the error the computation left,
 * which depends on the evaluator's private operands. If that error is below 2<sup>bits &minus; s</sup>
 * in every coefficient, each coefficient of the result is within statistical distance
 * 2<sup>&minus;s</sup> of one that does not depend on it (N&middot;2<sup>&minus;s</sup> for the
 * whole polynomial); the owner decrypts the values plus the flood, about
 * 2<sup>bits</sup>&middot;&radic;(N/3)/&Delta; in each slot. The caller sets bits from a bound
 * on the error (see docs/fhe.md, "Circuit privacy"). The guarantee holds for ciphertexts whose
 * own noise is as fresh encryption leaves it: the evaluator cannot check that.
 */
public final class NoiseFlooding {
    private final CkksContext context;
    private final Sampler sampler;

    public NoiseFlooding(CkksContext context) {
        this.context = context;
        this.sampler = new Sampler(new SecureRandom());
    }

    /**
     * c + Enc<sub>pk</sub>(0) + e with e uniform in [&minus;2<sup>bits</sup>, 2<sup>bits</sup>)
     * per coefficient, at c's level and scale.
     *
     * @throws ParameterException if the flood would not leave room below the level's modulus
     *     (bits + 2 above log2 of the level's Q), bits is outside 1..119, or the key is not c's
     */
    public Ciphertext flood(Ciphertext c, PublicKey pk, int bits) {
        Checks.sameContext(context, c.context, "ciphertext");
        Checks.sameContext(context, pk.context, "public key");
        Checks.sameKey(c.owner, pk.owner, "the public key belongs to another secret key than the ciphertext");
        RingLevel ring = context.ring(c.level);
        double logQ = 0;
        for (int i = 0; i < ring.primeCount(); i++) {
            logQ += Math.log(ring.modulus(i).value()) / Math.log(2);
        }
        if (bits < 1 || bits > 119 || bits + 2 > logQ) {
            throw new ParameterException("a flood of 2^" + bits + " does not fit level " + c.level + " (log2 Q = "
                    + Math.round(logQ) + ")");
        }
        int n = context.n();
        RnsPoly noise = sampler.floodNoise(ring.basis(), bits);
        PolyArithmetic.toNtt(ring.basis(), noise);
        RnsPoly[] zero = KeyMaterial.encryptPublicNtt(ring, sampler, pk.p0, pk.p1, noise);
        java.util.Arrays.fill(noise.data, 0);
        RnsPoly c0 = new RnsPoly(n, ring.primeCount(), true);
        RnsPoly c1 = new RnsPoly(n, ring.primeCount(), true);
        PolyArithmetic.add(ring.basis(), c.c0, zero[0], c0);
        PolyArithmetic.add(ring.basis(), c.c1, zero[1], c1);
        return new Ciphertext(context, c.level, c.scale, c0, c1, c.owner);
    }
}
