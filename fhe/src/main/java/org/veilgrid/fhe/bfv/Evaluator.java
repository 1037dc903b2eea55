package org.veilgrid.fhe.bfv;

import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.fhe.Parallelism;
import org.veilgrid.fhe.rns.Automorphisms;
import org.veilgrid.fhe.rns.KeySwitching;
import org.veilgrid.fhe.rns.ModulusSwitching;
import org.veilgrid.fhe.rns.PolyArithmetic;
import org.veilgrid.fhe.rns.RnsPoly;
import org.veilgrid.fhe.rns.Scratch;
import org.veilgrid.kernels.Kernels;

/**
 * Homomorphic operations on ciphertexts of one modulus chain (the evaluator's context is its
 * top; ciphertexts may sit at any level). Each returns a new ciphertext and never modifies its
 * inputs, except {@link #addInPlace}, which accumulates into its first argument. Noise: add/sub/negate add the inputs' noises; plaintext addition adds
 * none beyond rounding; plaintext multiplication multiplies the noise by about N&middot;t/2.
 *
 * <p>Threads: an evaluator made with a {@link Parallelism} of several threads spreads the RNS
 * rows of a ciphertext product, a rotation and their key switches over them (the results are
 * the same bit for bit); the cheap pointwise operations stay on the calling thread. One
 * evaluator may be used from several threads at once.
 */
public final class Evaluator {
    private final BfvContext context;
    private final Parallelism parallelism;

    /** An evaluator that runs every operation on the calling thread. */
    public Evaluator(BfvContext context) {
        this(context, Parallelism.singleThread());
    }

    /** An evaluator whose products and rotations use up to {@code parallelism.threads()} threads. */
    public Evaluator(BfvContext context, Parallelism parallelism) {
        this.context = context;
        this.parallelism = java.util.Objects.requireNonNull(parallelism, "parallelism");
    }

    /** The threads this evaluator's products and rotations may use. */
    public Parallelism parallelism() {
        return parallelism;
    }

    public Ciphertext add(Ciphertext a, Ciphertext b) {
        Ciphertext out = fresh(sameLevelAndKey(a, b), a);
        add(a, b, out);
        return out;
    }

    /** A new ciphertext (zero polynomials, NTT form) at ctx under a's key, for an operation's result. */
    private static Ciphertext fresh(BfvContext ctx, Ciphertext a) {
        return new Ciphertext(ctx, a.keyId(), new RnsPoly(ctx.n(), ctx.primeCount(), true),
                new RnsPoly(ctx.n(), ctx.primeCount(), true));
    }

    /**
     * acc += b, in place (no allocation): for accumulating sums. {@code acc} must not be
     * shared with another thread while this runs; a fresh symmetric ciphertext loses its seed
     * form (its c1 is no longer the seed's expansion).
     */
    public void addInPlace(Ciphertext acc, Ciphertext b) {
        BfvContext ctx = sameLevelAndKey(acc, b);
        PolyArithmetic.add(ctx.basis(), acc.c0, b.c0, acc.c0);
        PolyArithmetic.add(ctx.basis(), acc.c1, b.c1, acc.c1);
        acc.dropSeed();
    }

    /**
     * destination = a + b, allocating nothing: destination's arrays are overwritten (it may be a
     * or b). For loops that reuse one result ciphertext, as SEAL's add(a, b, destination).
     *
     * @throws ParameterException if destination is at another level or under another key
     */
    public void add(Ciphertext a, Ciphertext b, Ciphertext destination) {
        BfvContext ctx = sameLevelAndKey(a, b);
        requireDestination(ctx, a, destination);
        PolyArithmetic.add(ctx.basis(), a.c0, b.c0, destination.c0);
        PolyArithmetic.add(ctx.basis(), a.c1, b.c1, destination.c1);
        destination.dropSeed();
    }

    public Ciphertext sub(Ciphertext a, Ciphertext b) {
        BfvContext ctx = sameLevelAndKey(a, b);
        RnsPoly c0 = new RnsPoly(ctx.n(), ctx.primeCount(), true);
        RnsPoly c1 = new RnsPoly(ctx.n(), ctx.primeCount(), true);
        PolyArithmetic.sub(ctx.basis(), a.c0, b.c0, c0);
        PolyArithmetic.sub(ctx.basis(), a.c1, b.c1, c1);
        return new Ciphertext(ctx, a.keyId(), c0, c1);
    }

    public Ciphertext negate(Ciphertext a) {
        BfvContext ctx = level(a);
        RnsPoly c0 = new RnsPoly(ctx.n(), ctx.primeCount(), true);
        RnsPoly c1 = new RnsPoly(ctx.n(), ctx.primeCount(), true);
        PolyArithmetic.negate(ctx.basis(), a.c0, c0);
        PolyArithmetic.negate(ctx.basis(), a.c1, c1);
        return new Ciphertext(ctx, a.keyId(), c0, c1);
    }

    /** Enc(m) + p = Enc(m + p): adds &Delta;&middot;p to c0. */
    public Ciphertext addPlain(Ciphertext a, Plaintext p) {
        BfvContext ctx = level(a);
        Checks.plaintextFits(ctx, p);
        RnsPoly c0 = a.c0.copy();
        PolyArithmetic.add(ctx.basis(), c0, Encryptor.scaledPlaintext(ctx, p), c0);
        return new Ciphertext(ctx, a.keyId(), c0, a.c1.copy());
    }

    /** Enc(m) - p = Enc(m - p). */
    public Ciphertext subPlain(Ciphertext a, Plaintext p) {
        BfvContext ctx = level(a);
        Checks.plaintextFits(ctx, p);
        RnsPoly c0 = a.c0.copy();
        PolyArithmetic.sub(ctx.basis(), c0, Encryptor.scaledPlaintext(ctx, p), c0);
        return new Ciphertext(ctx, a.keyId(), c0, a.c1.copy());
    }

    /**
     * Enc(m) &middot; p = Enc(m&middot;p) in Z<sub>t</sub>[X]/(X<sup>N</sup>+1). The plaintext is
     * lifted with centered coefficients in (-t/2, t/2], which keeps the noise growth to about
     * N&middot;t/2.
     */
    public Ciphertext multiplyPlain(Ciphertext a, Plaintext p) {
        return multiplyPlain(a, prepare(p, level(a)));
    }

    /**
     * The plaintext lifted with centered coefficients and transformed to NTT form for the top
     * level of this evaluator's chain, for repeated {@link #multiplyPlain(Ciphertext,
     * PreparedPlaintext)} (pointwise products, no NTT per product).
     *
     * @throws ParameterException if the plaintext does not belong to this context
     */
    public PreparedPlaintext prepare(Plaintext p) {
        return prepare(p, context);
    }

    /** As {@link #prepare(Plaintext)}, for the level {@code like} is at. */
    public PreparedPlaintext prepare(Plaintext p, Ciphertext like) {
        return prepare(p, level(like));
    }

    private PreparedPlaintext prepare(Plaintext p, BfvContext ctx) {
        Checks.plaintextFits(ctx, p);
        long t = ctx.parameters().plainModulus();
        long[] centered = p.coefficients();
        for (int j = 0; j < centered.length; j++) {
            // Subtract t when the coefficient exceeds t/2, without branching on the data.
            centered[j] -= t & ((t / 2 - centered[j]) >> 63);
        }
        RnsPoly lifted = PolyArithmetic.fromSigned(ctx.basis(), centered);
        PolyArithmetic.toNtt(ctx.basis(), lifted);
        return new PreparedPlaintext(ctx, lifted);
    }

    /** Enc(m) &middot; p for a prepared plaintext at a's level: two pointwise products. */
    public Ciphertext multiplyPlain(Ciphertext a, PreparedPlaintext p) {
        Ciphertext out = fresh(preparedLevel(a, p), a);
        multiplyPlain(a, p, out);
        return out;
    }

    /**
     * destination = Enc(m) &middot; p, allocating nothing: destination's arrays are overwritten.
     * It may be {@code a} itself.
     *
     * @throws ParameterException if destination is at another level or under another key than a
     */
    public void multiplyPlain(Ciphertext a, PreparedPlaintext p, Ciphertext destination) {
        BfvContext ctx = preparedLevel(a, p);
        requireDestination(ctx, a, destination);
        PolyArithmetic.mul(ctx.basis(), a.c0, p.lifted, destination.c0);
        PolyArithmetic.mul(ctx.basis(), a.c1, p.lifted, destination.c1);
        destination.dropSeed();
    }

    /**
     * acc += Enc(m) &middot; p, allocating nothing: the multiply-accumulate of matrix–vector
     * products and table lookups (one fused pass per component instead of a product and an
     * addition). {@code acc} may be {@code a}; it must not be shared with another thread while
     * this runs.
     *
     * @throws ParameterException if acc is at another level or under another key than a, or p
     *     was prepared for another level
     */
    public void multiplyPlainAddInPlace(Ciphertext acc, Ciphertext a, PreparedPlaintext p) {
        BfvContext ctx = preparedLevel(a, p);
        requireDestination(ctx, a, acc);
        Kernels kernels = ctx.kernels();
        int n = ctx.n();
        for (int i = 0; i < ctx.primeCount(); i++) {
            org.veilgrid.kernels.Modulus q = ctx.modulus(i);
            int off = i * n;
            kernels.mulAdd(q, a.c0.data, off, p.lifted.data, off, acc.c0.data, off, acc.c0.data, off, n);
            kernels.mulAdd(q, a.c1.data, off, p.lifted.data, off, acc.c1.data, off, acc.c1.data, off, n);
        }
        acc.dropSeed();
    }

    private BfvContext preparedLevel(Ciphertext a, PreparedPlaintext p) {
        BfvContext ctx = level(a);
        if (p.context != ctx) {
            throw new ParameterException("the plaintext was prepared for level " + p.context.level()
                    + " of another or this chain, the ciphertext is at level " + ctx.level() + "; prepare it for that level");
        }
        return ctx;
    }

    /** The destination of an allocation-free operation: a ciphertext at ctx under a's key. */
    private void requireDestination(BfvContext ctx, Ciphertext a, Ciphertext destination) {
        a.keyId().require(destination.keyId(), "the destination is a ciphertext under another secret key");
        if (level(destination) != ctx) {
            throw new ParameterException("the destination is at level " + destination.context().level()
                    + ", the operands at " + ctx.level());
        }
    }

    /**
     * Enc(m) &middot; k for a signed integer k in (-t/2, t/2]: both components scaled by k
     * (centered, so the noise grows by |k| rather than by N&middot;t as for a plaintext product).
     */
    public Ciphertext multiplyScalar(Ciphertext a, long k) {
        BfvContext ctx = level(a);
        Checks.scalarInRange(ctx, k);
        int n = ctx.n();
        RnsPoly c0 = new RnsPoly(n, ctx.primeCount(), true);
        RnsPoly c1 = new RnsPoly(n, ctx.primeCount(), true);
        for (int i = 0; i < ctx.primeCount(); i++) {
            org.veilgrid.kernels.Modulus q = ctx.modulus(i);
            long s = Math.floorMod(k, q.value());
            ctx.kernels().mulScalar(q, a.c0.data, i * n, s, c0.data, i * n, n);
            ctx.kernels().mulScalar(q, a.c1.data, i * n, s, c1.data, i * n, n);
        }
        return new Ciphertext(ctx, a.keyId(), c0, c1);
    }

    /**
     * Switches to the next modulus down the chain (drops the last prime): c to
     * round(c&middot;Q'/Q). Shrinks the ciphertext and its noise budget by about log2(q<sub>last</sub>)
     * bits minus the rounding; the usual last step before sending a result back. Every operation
     * works at every level; the evaluation keys made at the top serve all of them.
     *
     * @throws ParameterException if the ciphertext is already at the last level
     */
    public Ciphertext modSwitchToNext(Ciphertext a) {
        BfvContext ctx = level(a);
        BfvContext next = ctx.nextLevel().orElseThrow(() -> new ParameterException(
                "ciphertext is at the last level of the modulus chain (one prime left)"));
        RnsPoly[] c = ModulusSwitching.divideAndRoundByLastPrime(ctx.ring(), a.c0, a.c1);
        return new Ciphertext(next, a.keyId(), c[0], c[1]);
    }

    /**
     * Enc(m1) &middot; Enc(m2) = Enc(m1&middot;m2), relinearized back to two components with
     * {@code rk}, at the operands' level (both must be at the same one). The tensor product is
     * taken exactly over Z (in the extended basis Q&middot;P), scaled by t/Q with rounding, and
     * the s<sup>2</sup> part key-switched to s. Costs about log2(N&middot;t) bits of noise budget
     * plus a few for the key switch.
     *
     * @throws ParameterException if the operands are at different levels, or the keys belong to
     *     another context
     */
    public Ciphertext multiply(Ciphertext a, Ciphertext b, RelinKeys rk) {
        BfvContext ctx = sameLevelAndKey(a, b);
        return multiply(ctx, a, b, rk, ctx.rnsTensor());
    }

    /** The same product through exact big-integer CRT: the oracle the RNS path is tested against. */
    Ciphertext multiplyExact(Ciphertext a, Ciphertext b, RelinKeys rk) {
        BfvContext ctx = sameLevelAndKey(a, b);
        return multiply(ctx, a, b, rk, new ExactTensor(ctx));
    }

    private Ciphertext multiply(BfvContext ctx, Ciphertext a, Ciphertext b, RelinKeys rk, TensorArithmetic tensor) {
        Checks.sameContext(context, rk.context(), "relinearization keys");
        a.keyId().require(rk.keyId(), "the relinearization keys were made from another secret key than the operands'");
        TensorBasis tb = ctx.tensorBasis();
        int n = ctx.n();
        int k = ctx.primeCount();
        int wide = tb.moduli.length;
        // Every intermediate vector comes from this thread's scratch (each written whole before
        // it is read); only c0 and c1, which the result keeps, are allocated. Parallel tasks
        // write disjoint rows of these vectors, or whole vectors of their own.
        Scratch scratch = Scratch.get();
        long[] a0 = scratch.vector(Scratch.Slot.LIFT_A0, wide * n);
        long[] a1 = scratch.vector(Scratch.Slot.LIFT_A1, wide * n);
        long[] b0 = a0;
        long[] b1 = a1;
        if (a != b) {
            b0 = scratch.vector(Scratch.Slot.LIFT_B0, wide * n);
            b1 = scratch.vector(Scratch.Slot.LIFT_B1, wide * n);
        }
        RnsPoly[] operands = a == b ? new RnsPoly[] {a.c0, a.c1} : new RnsPoly[] {a.c0, a.c1, b.c0, b.c1};
        long[][] lifted = {a0, a1, b0, b1};
        parallelism.forEach(operands.length, x -> tensor.lift(operands[x], lifted[x]));
        long[] d0 = scratch.vector(Scratch.Slot.TENSOR_D0, wide * n);
        long[] d1 = scratch.vector(Scratch.Slot.TENSOR_D1, wide * n);
        long[] d2 = scratch.vector(Scratch.Slot.TENSOR_D2, wide * n);
        Kernels kernels = ctx.kernels();
        long[] x0 = a0;
        long[] x1 = a1;
        long[] y0 = b0;
        long[] y1 = b1;
        parallelism.forEach(wide, i -> {
            int off = i * n;
            kernels.mul(tb.moduli[i], x0, off, y0, off, d0, off, n);
            kernels.mul(tb.moduli[i], x0, off, y1, off, d1, off, n);
            kernels.mulAdd(tb.moduli[i], x1, off, y0, off, d1, off, d1, off, n);
            kernels.mul(tb.moduli[i], x1, off, y1, off, d2, off, n);
            // Back to coefficients for the scaling, row by row.
            kernels.inverse(tb.ntt.get(i), d0, off);
            kernels.inverse(tb.ntt.get(i), d1, off);
            kernels.inverse(tb.ntt.get(i), d2, off);
        });
        RnsPoly c0 = new RnsPoly(n, k, false);
        RnsPoly c1 = new RnsPoly(n, k, false);
        RnsPoly c2 = RnsPoly.over(scratch.vector(Scratch.Slot.C2, k * n), false);
        long[][] tensorParts = {d0, d1, d2};
        RnsPoly[] scaled = {c0, c1, c2};
        parallelism.forEach(3, x -> tensor.scaleDown(tensorParts[x], scaled[x]));
        org.veilgrid.kernels.RnsNttTables ntt = ctx.basis().ntt;
        parallelism.forEach(2 * k, x -> kernels.forward(ntt.get(x % k), scaled[x / k].data, (x % k) * n));
        c0.ntt = true;
        c1.ntt = true;
        KeySwitching.applyInto(ctx.ring(), c2, rk.key, c0, c1, parallelism);
        return new Ciphertext(ctx, a.keyId(), c0, c1);
    }

    /** Enc(m)<sup>2</sup> = Enc(m<sup>2</sup>); same as {@code multiply(a, a, rk)}. */
    public Ciphertext square(Ciphertext a, RelinKeys rk) {
        return multiply(a, a, rk);
    }

    /**
     * Rotates both slot rows left by {@code steps} (negative: right), at the ciphertext's level,
     * composing the Galois keys for powers of two when there is no key for the step itself. Each
     * key switch costs a few bits of noise budget.
     *
     * @throws ParameterException if a needed Galois key is missing
     */
    public Ciphertext rotateRows(Ciphertext a, int steps, GaloisKeys gk) {
        BfvContext ctx = level(a);
        Checks.sameContext(context, gk.context(), "Galois keys");
        a.keyId().require(gk.keyId(), "the Galois keys were made from another secret key than the ciphertext's");
        int half = ctx.n() / 2;
        int left = Math.floorMod(steps, half);
        if (left == 0) {
            return new Ciphertext(ctx, a.keyId(), a.c0.copy(), a.c1.copy());
        }
        long direct = GaloisKeys.elementForStep(ctx, left);
        if (gk.has(direct)) {
            return applyGalois(ctx, a, direct, gk);
        }
        Ciphertext c = a;
        for (int bit = 1; bit < half; bit <<= 1) {
            if ((left & bit) != 0) {
                c = applyGalois(ctx, c, gk.requireElement(GaloisKeys.elementForStep(ctx, bit), "rotation by " + bit), gk);
            }
        }
        return c;
    }

    /** Swaps the two slot rows (the automorphism X to X^(2N-1)), at the ciphertext's level. */
    public Ciphertext swapRows(Ciphertext a, GaloisKeys gk) {
        BfvContext ctx = level(a);
        Checks.sameContext(context, gk.context(), "Galois keys");
        a.keyId().require(gk.keyId(), "the Galois keys were made from another secret key than the ciphertext's");
        return applyGalois(ctx, a, gk.requireElement(2L * ctx.n() - 1, "row swap"), gk);
    }

    private Ciphertext applyGalois(BfvContext ctx, Ciphertext a, long g, GaloisKeys gk) {
        RnsPoly[] r = Automorphisms.apply(ctx.ring(), a.c0, a.c1, g, gk.key(g), parallelism);
        return new Ciphertext(ctx, a.keyId(), r[0], r[1]);
    }

    /** The context of a ciphertext at any level of this evaluator's chain. */
    private BfvContext level(Ciphertext c) {
        return Checks.inChain(context, c);
    }

    /** The operands' common level; both must be at it and under the same key. */
    private BfvContext sameLevelAndKey(Ciphertext a, Ciphertext b) {
        a.keyId().require(b.keyId(), "the operands are encrypted under different secret keys");
        BfvContext ctx = level(a);
        if (level(b) != ctx) {
            throw new ParameterException("operands are at different levels of the modulus chain ("
                    + a.context().level() + " and " + b.context().level() + "); switch the higher one down first");
        }
        return ctx;
    }
}
