package org.veilgrid.fhe.ckks;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.veilgrid.fhe.rns.KeySwitchKey;
import org.veilgrid.fhe.rns.RnsBasis;
import org.veilgrid.fhe.rns.Sampler;

/**
 * The coefficient-domain error of each CKKS operation against its theoretical variance
 * (docs/fhe.md, "Noise growth"). For each operation the test decrypts to the exact polynomial
 * c0 + c1&middot;s and subtracts the exact polynomial of the noiseless result, in two ways: the
 * operation's own contribution (against the result computed from the operands' exact
 * decryptions) and the total error (against the cleartext result's encoding, so the operands'
 * noise is carried along).
 *
 * <p>Per coefficient the errors are sums of many independent terms, close to Gaussian with the
 * predicted variance V. Two checks follow: the largest error is below 7&radic;V (a Gaussian
 * exceeds 7 standard deviations with probability 2.6&middot;10<sup>-12</sup>, so over N
 * coefficients and a few dozen measurements the test fails by chance less than once in 10<sup>5</sup>
 * runs), and the root mean square over the N coefficients is within 25% of &radic;V (with N
 * samples the estimate is good to about 1%), so the test also fails if the scheme silently adds
 * less noise than the theory says (a missing error term, a key switch that does not happen) or
 * more (a wrong digit, a scale off by a factor).
 *
 * <p>Key switching needs care for the second check: its digits D<sub>j</sub> lie in [0,
 * q<sub>j</sub>), so their mean (q<sub>j</sub> &minus; 1)/2 times the key's error
 * e<sub>j</sub> gives a term (over P) that is the same for every switch with that key and
 * whose coefficients are partial sums of e<sub>j</sub>, strongly correlated: three quarters of
 * the variance, and its root mean square over one key's coefficients varies from key to key by
 * a factor of 2 and more. The test computes that term exactly from the key's errors (the secret
 * key gives them) and checks the spread of the rest, whose variance given the key is
 * &Sigma;<sub>j</sub> (q<sub>j</sub>&sup2; &minus; 1)/12 &middot; |e<sub>j</sub>|&sup2;/P&sup2; plus
 * the rounding; the bound applies to the whole error with the variance over keys.
 */
class CkksNoiseTest {
    /** The high-probability bound, in predicted standard deviations. */
    private static final double BOUND_SIGMAS = 7;
    /** How far the measured root mean square may stray from the predicted standard deviation. */
    private static final double RMS_FACTOR = 1.25;
    private static final double SIGMA2 = Sampler.SIGMA * Sampler.SIGMA;
    private static final SplittableRandom RANDOM = new SplittableRandom(8192);

    private static CkksContext ctx;
    private static SecretKey sk;
    private static PublicKey pk;
    private static RelinKeys rk;
    private static GaloisKeys gk;
    private static Encryptor enc;
    private static Evaluator ev;
    private static NoiseProbe probe;
    private static int h;

    @BeforeAll
    static void setUp() {
        ctx = CkksContext.create(CkksParameters.preset(CkksPreset.N8192));
        KeyGenerator kg = new KeyGenerator(ctx);
        sk = kg.secretKey();
        pk = kg.publicKey(sk);
        rk = kg.relinKeys(sk);
        gk = kg.galoisKeys(sk, List.of(1), true);
        enc = new Encryptor(ctx);
        ev = new Evaluator(ctx);
        probe = new NoiseProbe(ctx, sk);
        h = probe.hammingWeight();
    }

    private static Plaintext randomPlaintext(CkksContext c) {
        double[] re = RANDOM.doubles(c.slots(), -1, 1).toArray();
        double[] im = RANDOM.doubles(c.slots(), -1, 1).toArray();
        return c.encode(re, im, 0, c.parameters().scale());
    }

    // ------------------------------------------------------------------ theory

    /** Public-key encryption: &minus;e&middot;u + e1 + e2&middot;s, with E|u|&sup2; = 2N/3 and |s|&sup2; = h. */
    private static double freshPublic(int n, int h) {
        return SIGMA2 * (1 + 2.0 * n / 3 + h);
    }

    /** Rounding (r0 + r1&middot;s) with r0, r1 uniform in [&minus;1/2, 1/2): variance 1/12 each. */
    private static double rounding(int h) {
        return (1.0 + h) / 12;
    }

    /**
     * The noise a key switch with {@code key} adds at a level: (&Sigma;<sub>j</sub>
     * D<sub>j</sub>&middot;e<sub>j</sub>)/P with digits D<sub>j</sub> uniform in [0,
     * q<sub>j</sub>), plus the rounding of the division by P. Over keys and digits its variance is
     * &sigma;&sup2;N&middot;&Sigma;<sub>j</sub> q<sub>j</sub>&sup2;/(3P&sup2;) + (1 + h)/12; for
     * this key, the digits' mean contributes the fixed vector {@code mean} and the rest has
     * variance {@code randomVariance}.
     */
    private record KeySwitchNoise(double variance, double[] mean, double randomVariance) {
    }

    private static KeySwitchNoise keySwitch(CkksContext c, NoiseProbe probe, KeySwitchKey key, int level, int h) {
        RnsBasis basis = c.ring(level).basis();
        int n = c.n();
        double p = c.parameters().specialPrime();
        double[] mean = new double[n];
        double variance = rounding(h);
        double random = rounding(h);
        for (int j = 0; j < basis.size(); j++) {
            double q = basis.moduli[j].value();
            long[] e = probe.keyError(key, j);
            long total = 0;
            double norm = 0;
            for (long v : e) {
                total += v;
                norm += (double) v * v;
            }
            // The mean digit times e_j modulo X^N + 1: coefficient k is sum_{m <= k} e_m - sum_{m > k} e_m.
            double weight = (q - 1) / 2 / p;
            long prefix = 0;
            for (int k = 0; k < n; k++) {
                prefix += e[k];
                mean[k] += weight * (2 * prefix - total);
            }
            random += (q * q - 1) / 12 * norm / (p * p);
            variance += SIGMA2 * n * (q / p) * (q / p) / 3;
        }
        return new KeySwitchNoise(variance, mean, random);
    }

    /** The checks of a key switch's noise: the bound on all of it, the spread of what is left without the digits' mean. */
    private static void checkKeySwitch(String op, double[] error, double otherVariance, KeySwitchNoise ks) {
        bound(op, error, otherVariance + ks.variance());
        double[] rest = error.clone();
        for (int i = 0; i < rest.length; i++) {
            rest[i] -= ks.mean()[i];
        }
        check(op + " less digits' mean", rest, otherVariance + ks.randomVariance());
        System.out.printf(Locale.ROOT, "noise N=%d %-48s rms %.4g (over keys: %.4g)%n", error.length,
                op + ": digits' mean term", rms(ks.mean()), Math.sqrt((ks.variance() - ks.randomVariance())));
    }

    // ------------------------------------------------------------------ checks

    /** Asserts the largest error against 7 predicted standard deviations. */
    private static void bound(String op, double[] error, double variance) {
        double limit = BOUND_SIGMAS * Math.sqrt(variance);
        double max = max(error);
        System.out.printf(Locale.ROOT, "noise N=%d %-48s predicted sd %10.4g  bound %10.4g (2^%5.2f)  max %10.4g (2^%5.2f)%n",
                error.length, op, Math.sqrt(variance), limit, log2(limit), max, log2(max));
        assertTrue(max <= limit, op + ": largest error " + max + " exceeds the bound " + limit);
    }

    /** {@link #bound}, and the root mean square within a factor {@value #RMS_FACTOR} of the predicted standard deviation. */
    private static void check(String op, double[] error, double variance) {
        bound(op, error, variance);
        double predicted = Math.sqrt(variance);
        double rms = rms(error);
        System.out.printf(Locale.ROOT, "noise N=%d %-48s rms %.4g (%.3f of predicted)%n", error.length, op, rms,
                rms / predicted);
        assertTrue(rms <= RMS_FACTOR * predicted && rms >= predicted / RMS_FACTOR, op + ": root mean square error " + rms
                + " is not within a factor " + RMS_FACTOR + " of the predicted " + predicted);
    }

    private static double max(double[] v) {
        double m = 0;
        for (double x : v) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }

    private static double rms(double[] v) {
        double sum = 0;
        for (double x : v) {
            sum += x * x;
        }
        return Math.sqrt(sum / v.length);
    }

    private static void exactlyZero(String op, double[] error) {
        for (int i = 0; i < error.length; i++) {
            assertTrue(error[i] == 0, op + " added " + error[i] + " at coefficient " + i + "; it should be exact");
        }
    }

    private static double log2(double v) {
        return Math.log(v) / Math.log(2);
    }

    /** (q&middot;x &minus; y)/q coefficient by coefficient: x's distance from y/q. */
    private static double[] distanceFromQuotient(BigInteger[] x, BigInteger[] y, long q) {
        BigInteger bq = BigInteger.valueOf(q);
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i].multiply(bq).subtract(y[i]).doubleValue() / q;
        }
        return out;
    }

    // ------------------------------------------------------------------ N = 8192

    @Test
    void freshEncryptionNoise() {
        Plaintext p = randomPlaintext(ctx);
        BigInteger[] m = probe.plain(p);
        double[] secretKeyError = NoiseProbe.minus(probe.decrypt(enc.encryptSymmetric(sk, p)), m);
        check("fresh, secret key", secretKeyError, SIGMA2);
        for (double e : secretKeyError) {
            // The sampler's table ends at 41 = 13 sigma: nothing beyond can occur at all.
            assertTrue(Math.abs(e) <= Sampler.TAIL);
        }
        check("fresh, public key", NoiseProbe.minus(probe.decrypt(enc.encrypt(pk, p)), m), freshPublic(ctx.n(), h));
        // Encryption at a lower level has the same noise (the primes do not enter it).
        Plaintext low = ctx.encode(new double[] {0.25, -0.5}, null, ctx.maxLevel(), ctx.parameters().scale());
        check("fresh, public key, last level", NoiseProbe.minus(probe.decrypt(enc.encrypt(pk, low)), probe.plain(low)),
                freshPublic(ctx.n(), h));
    }

    @Test
    void sumsAndPlaintextProductsAddNoNoiseOfTheirOwn() {
        Plaintext pa = randomPlaintext(ctx);
        Plaintext pb = randomPlaintext(ctx);
        Ciphertext a = enc.encrypt(pk, pa);
        Ciphertext b = enc.encrypt(pk, pb);
        BigInteger[] xa = probe.decrypt(a);
        BigInteger[] xb = probe.decrypt(b);
        BigInteger[] ma = probe.plain(pa);
        BigInteger[] mb = probe.plain(pb);
        double fresh = freshPublic(ctx.n(), h);

        BigInteger[] sum = probe.decrypt(ev.add(a, b));
        exactlyZero("add (own)", NoiseProbe.minus(sum, NoiseProbe.add(xa, xb)));
        check("add (total)", NoiseProbe.minus(sum, NoiseProbe.add(ma, mb)), 2 * fresh);

        Ciphertext product = ev.multiplyPlain(a, pb);
        BigInteger[] xp = probe.decrypt(product);
        exactlyZero("multiplyPlain (own)", NoiseProbe.minus(xp, probe.multiply(0, xa, mb)));
        BigInteger[] exact = probe.multiply(0, ma, mb);
        double productVariance = fresh * NoiseProbe.normSquared(mb);
        check("multiplyPlain (total: e*p)", NoiseProbe.minus(xp, exact), productVariance);

        // Rescale: dividing by the last prime q rounds each component, r0 + r1 s over q.
        Ciphertext rescaled = ev.rescale(product);
        long q = ctx.ring(0).modulus(ctx.ring(0).primeCount() - 1).value();
        BigInteger[] xr = probe.decrypt(rescaled);
        check("rescale (own: rounding)", distanceFromQuotient(xr, xp, q), rounding(h));
        check("multiplyPlain + rescale (total)", distanceFromQuotient(xr, exact, q),
                productVariance / ((double) q * q) + rounding(h));
    }

    @Test
    void relinearizationNoiseIsTheKeySwitchOverP() {
        Plaintext pa = randomPlaintext(ctx);
        Plaintext pb = randomPlaintext(ctx);
        Ciphertext a = enc.encrypt(pk, pa);
        Ciphertext b = enc.encrypt(pk, pb);
        BigInteger[] xa = probe.decrypt(a);
        BigInteger[] xb = probe.decrypt(b);
        BigInteger[] ma = probe.plain(pa);
        BigInteger[] mb = probe.plain(pb);
        double fresh = freshPublic(ctx.n(), h);

        BigInteger[] x = probe.decrypt(ev.multiply(a, b, rk));
        KeySwitchNoise ks = keySwitch(ctx, probe, rk.key, 0, h);
        checkKeySwitch("multiply + relinearize (own)", NoiseProbe.minus(x, probe.multiply(0, xa, xb)), 0, ks);
        // The operands' errors times the other's message dominate by far.
        check("multiply + relinearize (total)", NoiseProbe.minus(x, probe.multiply(0, ma, mb)),
                fresh * (NoiseProbe.normSquared(ma) + NoiseProbe.normSquared(mb)) + ctx.n() * fresh * fresh + ks.variance());

        // Two levels down fewer digits enter; q_0, as long as P, still dominates.
        Ciphertext a2 = enc.encrypt(pk, ctx.encode(new double[] {0.5}, null, 2, ctx.parameters().scale()));
        Ciphertext b2 = enc.encrypt(pk, ctx.encode(new double[] {-0.75}, null, 2, ctx.parameters().scale()));
        BigInteger[] x2 = probe.decrypt(ev.multiply(a2, b2, rk));
        checkKeySwitch("multiply + relinearize, level 2 (own)", NoiseProbe.minus(x2, probe.multiply(2, probe.decrypt(a2),
                probe.decrypt(b2))), 0, keySwitch(ctx, probe, rk.key, 2, h));
    }

    @Test
    void rotationAndConjugationNoiseIsTheKeySwitchOverP() {
        Plaintext p = randomPlaintext(ctx);
        Ciphertext c = enc.encrypt(pk, p);
        BigInteger[] x = probe.decrypt(c);
        BigInteger[] m = probe.plain(p);
        double fresh = freshPublic(ctx.n(), h);
        long rotation = GaloisKeys.elementForStep(ctx, 1);
        KeySwitchNoise ks = keySwitch(ctx, probe, gk.keys().get(rotation), 0, h);
        BigInteger[] rotated = probe.decrypt(ev.rotate(c, 1, gk));
        checkKeySwitch("rotate (own)", NoiseProbe.minus(rotated, NoiseProbe.automorphism(x, rotation)), 0, ks);
        checkKeySwitch("rotate (total)", NoiseProbe.minus(rotated, NoiseProbe.automorphism(m, rotation)), fresh, ks);
        long conjugation = GaloisKeys.conjugationElement(ctx);
        KeySwitchNoise ksConjugation = keySwitch(ctx, probe, gk.keys().get(conjugation), 0, h);
        BigInteger[] conjugated = probe.decrypt(ev.conjugate(c, gk));
        checkKeySwitch("conjugate (own)", NoiseProbe.minus(conjugated, NoiseProbe.automorphism(x, conjugation)), 0,
                ksConjugation);
        checkKeySwitch("conjugate (total)", NoiseProbe.minus(conjugated, NoiseProbe.automorphism(m, conjugation)), fresh,
                ksConjugation);
    }

    // ------------------------------------------------------------------ N = 16384

    @Test
    void relinearizationNoiseAtN16384() {
        CkksContext big = CkksContext.create(CkksParameters.preset(CkksPreset.N16384));
        KeyGenerator kg = new KeyGenerator(big);
        SecretKey s = kg.secretKey();
        NoiseProbe bigProbe = new NoiseProbe(big, s);
        int weight = bigProbe.hammingWeight();
        Encryptor e = new Encryptor(big);
        PublicKey publicKey = kg.publicKey(s);
        Plaintext pa = randomPlaintext(big);
        Plaintext pb = randomPlaintext(big);
        Ciphertext a = e.encrypt(publicKey, pa);
        Ciphertext b = e.encrypt(publicKey, pb);
        BigInteger[] xa = bigProbe.decrypt(a);
        check("fresh, public key", NoiseProbe.minus(xa, bigProbe.plain(pa)), freshPublic(big.n(), weight));
        RelinKeys relin = kg.relinKeys(s);
        BigInteger[] x = bigProbe.decrypt(new Evaluator(big).multiply(a, b, relin));
        checkKeySwitch("multiply + relinearize (own)", NoiseProbe.minus(x, bigProbe.multiply(0, xa, bigProbe.decrypt(b))), 0,
                keySwitch(big, bigProbe, relin.key, 0, weight));
    }
}
