package org.veilgrid.fhe.ckks;

import java.util.Objects;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.fhe.Parallelism;
import org.veilgrid.fhe.rns.Automorphisms;
import org.veilgrid.fhe.rns.KeySwitching;
import org.veilgrid.fhe.rns.ModulusSwitching;
import org.veilgrid.fhe.rns.PolyArithmetic;
import org.veilgrid.fhe.rns.RingLevel;
import org.veilgrid.fhe.rns.RnsPoly;
import org.veilgrid.fhe.rns.Scratch;
import org.veilgrid.kernels.Kernels;
import org.veilgrid.kernels.Modulus;

/**
 * Homomorphic operations on CKKS ciphertexts. Each returns a new ciphertext and leaves its
 * inputs alone. Sums need operands at the same level and scale; products multiply the scales,
 * and {@link #rescale} divides by the level's last prime (about the scale) and moves one level
 * down, which is how a computation keeps its scale near &Delta;. Errors: additions add the
 * operands' errors; a product's error is about |m|&middot;e' + |m'|&middot;e plus the key
 * switch's (divided by P) and the rescale's rounding (about &radic;N in the scaled units).
 */
public final class Evaluator {
    /** Scales that differ by less than this relative amount are taken as equal. */
    private static final double SCALE_TOLERANCE = 1e-9;

    private final CkksContext context;
    private final Parallelism parallelism;

    public Evaluator(CkksContext context) {
        this(context, Parallelism.singleThread());
    }

    public Evaluator(CkksContext context, Parallelism parallelism) {
        this.context = context;
        this.parallelism = Objects.requireNonNull(parallelism, "parallelism");
    }

    public Ciphertext add(Ciphertext a, Ciphertext b) {
        return sum(a, b, false);
    }

    public Ciphertext sub(Ciphertext a, Ciphertext b) {
        return sum(a, b, true);
    }

    private Ciphertext sum(Ciphertext a, Ciphertext b, boolean subtract) {
        RingLevel ring = sameLevelScaleAndKey(a, b);
        RnsPoly c0 = new RnsPoly(context.n(), ring.primeCount(), true);
        RnsPoly c1 = new RnsPoly(context.n(), ring.primeCount(), true);
        if (subtract) {
            PolyArithmetic.sub(ring.basis(), a.c0, b.c0, c0);
            PolyArithmetic.sub(ring.basis(), a.c1, b.c1, c1);
        } else {
            PolyArithmetic.add(ring.basis(), a.c0, b.c0, c0);
            PolyArithmetic.add(ring.basis(), a.c1, b.c1, c1);
        }
        return new Ciphertext(context, a.level, a.scale, c0, c1, a.owner);
    }

    /** Enc(m) + p for a plaintext at the same level and scale. */
    public Ciphertext addPlain(Ciphertext a, Plaintext p) {
        RingLevel ring = ciphertext(a);
        plaintextAt(a, p);
        if (!sameScale(a.scale, p.scale)) {
            throw new ParameterException("the plaintext's scale differs from the ciphertext's; encode it at the ciphertext's scale");
        }
        RnsPoly c0 = new RnsPoly(context.n(), ring.primeCount(), true);
        PolyArithmetic.add(ring.basis(), a.c0, p.poly, c0);
        return new Ciphertext(context, a.level, a.scale, c0, a.c1.copy(), a.owner);
    }

    /** Enc(m) &middot; p slot by slot, at the same level: the scale becomes the product of both. */
    public Ciphertext multiplyPlain(Ciphertext a, Plaintext p) {
        RingLevel ring = ciphertext(a);
        plaintextAt(a, p);
        RnsPoly c0 = new RnsPoly(context.n(), ring.primeCount(), true);
        RnsPoly c1 = new RnsPoly(context.n(), ring.primeCount(), true);
        PolyArithmetic.mul(ring.basis(), a.c0, p.poly, c0);
        PolyArithmetic.mul(ring.basis(), a.c1, p.poly, c1);
        return new Ciphertext(context, a.level, a.scale * p.scale, c0, c1, a.owner);
    }

    /**
     * Enc(m1) &middot; Enc(m2) slot by slot, relinearized with {@code rk}, at the operands' level
     * (both must be at the same one); the scale is the product of theirs. Rescale afterwards.
     */
    public Ciphertext multiply(Ciphertext a, Ciphertext b, RelinKeys rk) {
        RingLevel ring = sameLevelAndKey(a, b);
        Checks.sameContext(context, rk.context, "relinearization keys");
        Checks.sameKey(a.owner, rk.owner, "the relinearization keys were made from another secret key than the operands'");
        int n = context.n();
        int k = ring.primeCount();
        Kernels kernels = Kernels.get();
        RnsPoly d0 = new RnsPoly(n, k, true);
        RnsPoly d1 = new RnsPoly(n, k, true);
        // d2 lives only through the key switch: this thread's work vectors, not new polynomials.
        Scratch scratch = Scratch.get();
        RnsPoly d2Ntt = RnsPoly.over(scratch.vector(Scratch.Slot.TENSOR_D2, k * n), true);
        RnsPoly d2 = RnsPoly.over(scratch.vector(Scratch.Slot.C2, k * n), false);
        parallelism.forEach(k, i -> {
            Modulus q = ring.modulus(i);
            int off = i * n;
            kernels.mul(q, a.c0.data, off, b.c0.data, off, d0.data, off, n);
            kernels.mul(q, a.c0.data, off, b.c1.data, off, d1.data, off, n);
            kernels.mulAdd(q, a.c1.data, off, b.c0.data, off, d1.data, off, d1.data, off, n);
            kernels.mul(q, a.c1.data, off, b.c1.data, off, d2Ntt.data, off, n);
            System.arraycopy(d2Ntt.data, off, d2.data, off, n);
            kernels.inverse(ring.basis().ntt.get(i), d2.data, off);
        });
        // d0 + d1 s + d2 s^2: switch d2 from s^2 to s (adds to d0 and d1). Digit j's own row is
        // d2's row j in NTT form, which the product had before its inverse transform.
        KeySwitching.applyInto(ring, d2, rk.key, d0, d1, parallelism,
                (j, dst, off) -> System.arraycopy(d2Ntt.data, j * n, dst, off, n));
        return new Ciphertext(context, a.level, a.scale * b.scale, d0, d1, a.owner);
    }

    /** Enc(m)<sup>2</sup>: {@code multiply(a, a, rk)}. */
    public Ciphertext square(Ciphertext a, RelinKeys rk) {
        return multiply(a, a, rk);
    }

    /**
     * Divides by the level's last prime q with rounding and moves one level down: the values
     * stay, the scale becomes scale / q.
     *
     * @throws ParameterException at the last level (one prime left)
     */
    public Ciphertext rescale(Ciphertext a) {
        RingLevel ring = ciphertext(a);
        if (a.level == context.maxLevel()) {
            throw new ParameterException("the ciphertext is at the last level (one prime left): no rescale is possible");
        }
        double q = ring.modulus(ring.primeCount() - 1).value();
        RnsPoly[] c = ModulusSwitching.divideAndRoundByLastPrime(ring, a.c0, a.c1);
        return new Ciphertext(context, a.level + 1, a.scale / q, c[0], c[1], a.owner);
    }

    /**
     * Rotates the slots left by {@code steps} (negative: right), composing the power-of-two
     * keys when there is no key for the step itself.
     *
     * @throws ParameterException if a needed Galois key is missing
     */
    public Ciphertext rotate(Ciphertext a, int steps, GaloisKeys gk) {
        ciphertext(a);
        galoisKeysFor(a, gk);
        int slots = context.slots();
        int left = Math.floorMod(steps, slots);
        if (left == 0) {
            return new Ciphertext(context, a.level, a.scale, a.c0.copy(), a.c1.copy(), a.owner);
        }
        long direct = GaloisKeys.elementForStep(context, left);
        if (gk.has(direct)) {
            return applyGalois(a, direct, gk);
        }
        Ciphertext c = a;
        for (int bit = 1; bit < slots; bit <<= 1) {
            if ((left & bit) != 0) {
                long g = GaloisKeys.elementForStep(context, bit);
                gk.require(g, "rotation by " + bit);
                c = applyGalois(c, g, gk);
            }
        }
        return c;
    }

    /**
     * Rotations of one ciphertext by several steps, sharing the key switch's decomposition
     * (hoisting): about a third of the cost of separate {@link #rotate} calls each at the top
     * level. Step 0 returns {@code a} itself (ciphertexts are immutable).
     *
     * @throws ParameterException if a step has no Galois key of its own (no composition here)
     */
    public Ciphertext[] rotateHoisted(Ciphertext a, int[] steps, GaloisKeys gk) {
        ciphertext(a);
        galoisKeysFor(a, gk);
        Ciphertext[] out = new Ciphertext[steps.length];
        int slots = context.slots();
        int count = 0;
        for (int step : steps) {
            if (Math.floorMod(step, slots) != 0) {
                count++;
            }
        }
        long[] gs = new long[count];
        org.veilgrid.fhe.rns.KeySwitchKey[] keys = new org.veilgrid.fhe.rns.KeySwitchKey[count];
        int t = 0;
        for (int step : steps) {
            int left = Math.floorMod(step, slots);
            if (left != 0) {
                gs[t] = GaloisKeys.elementForStep(context, left);
                keys[t] = gk.require(gs[t], "rotation by " + left);
                t++;
            }
        }
        RnsPoly[][] r = Automorphisms.applyHoisted(context.ring(a.level), a.c0, a.c1, gs, keys, parallelism);
        t = 0;
        for (int x = 0; x < steps.length; x++) {
            if (Math.floorMod(steps[x], slots) == 0) {
                out[x] = a;
            } else {
                out[x] = new Ciphertext(context, a.level, a.scale, r[t][0], r[t][1], a.owner);
                t++;
            }
        }
        return out;
    }

    /**
     * Adds the real constant c to every slot: round(c&middot;scale) added to the constant
     * coefficient (which, in NTT form, is every value).
     *
     * @throws ParameterException if c is not finite or c&middot;scale reaches 2^62 in magnitude
     */
    public Ciphertext addConstant(Ciphertext a, double c) {
        RingLevel ring = ciphertext(a);
        double scaled = Math.rint(c * a.scale);
        if (!Double.isFinite(scaled) || Math.abs(scaled) >= CkksEncoder.MAX_COEFFICIENT) {
            throw new ParameterException("the constant times the ciphertext's scale is too large to add");
        }
        long v = (long) scaled;
        int n = context.n();
        RnsPoly c0 = a.c0.copy();
        Kernels kernels = Kernels.get();
        for (int i = 0; i < ring.primeCount(); i++) {
            Modulus q = ring.modulus(i);
            kernels.reduceAdd(q, c0.data, i * n, Math.floorMod(v, q.value()), c0.data, i * n, n);
        }
        return new Ciphertext(context, a.level, a.scale, c0, a.c1.copy(), a.owner);
    }

    /** Conjugates every slot (X &rarr; X<sup>-1</sup>). */
    public Ciphertext conjugate(Ciphertext a, GaloisKeys gk) {
        ciphertext(a);
        galoisKeysFor(a, gk);
        long g = GaloisKeys.conjugationElement(context);
        gk.require(g, "conjugation");
        return applyGalois(a, g, gk);
    }

    private Ciphertext applyGalois(Ciphertext a, long g, GaloisKeys gk) {
        RnsPoly[] r = Automorphisms.apply(context.ring(a.level), a.c0, a.c1, g, gk.require(g, "element " + g), parallelism);
        return new Ciphertext(context, a.level, a.scale, r[0], r[1], a.owner);
    }

    private void galoisKeysFor(Ciphertext a, GaloisKeys gk) {
        Checks.sameContext(context, gk.context, "Galois keys");
        Checks.sameKey(a.owner, gk.owner, "the Galois keys were made from another secret key than the ciphertext's");
    }

    private RingLevel ciphertext(Ciphertext a) {
        Checks.sameContext(context, a.context, "ciphertext");
        return context.ring(a.level);
    }

    private void plaintextAt(Ciphertext a, Plaintext p) {
        Checks.sameContext(context, p.context, "plaintext");
        if (p.level != a.level) {
            throw new ParameterException("the plaintext is at level " + p.level + ", the ciphertext at " + a.level
                    + "; encode it at the ciphertext's level");
        }
    }

    private RingLevel sameLevelAndKey(Ciphertext a, Ciphertext b) {
        RingLevel ring = ciphertext(a);
        ciphertext(b);
        Checks.sameKey(a.owner, b.owner, "the operands are encrypted under different secret keys");
        if (a.level != b.level) {
            throw new ParameterException("operands are at different levels (" + a.level + " and " + b.level
                    + "); rescale or drop the higher one first");
        }
        return ring;
    }

    private RingLevel sameLevelScaleAndKey(Ciphertext a, Ciphertext b) {
        RingLevel ring = sameLevelAndKey(a, b);
        if (!sameScale(a.scale, b.scale)) {
            throw new ParameterException("operands have different scales (2^" + log2(a.scale) + " and 2^" + log2(b.scale) + ")");
        }
        return ring;
    }

    private static boolean sameScale(double x, double y) {
        return Math.abs(x - y) <= SCALE_TOLERANCE * Math.max(x, y);
    }

    private static String log2(double v) {
        return String.format(java.util.Locale.ROOT, "%.3f", Math.log(v) / Math.log(2));
    }
}
