package org.veilgrid.mpc.engine;

import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.mpc.field.FieldVectors;
import org.veilgrid.mpc.field.Mersenne127;

/**
 * A secret-shared vector: this party holds one Shamir share (degree t) of each element. Every
 * operation returns a new lazily evaluated value (see {@link MpcSession}); linear ones (add,
 * multiply by a public value, sums) cost nothing, {@link #mul(Shared)} costs one round shared with
 * every other operation ready at the same time, comparisons a few rounds
 * ({@link Comparisons}).
 *
 * <p>Operands of element-wise operations must have equal lengths; public scalars apply to every
 * element. Bits are vectors of 0/1 values (the results of comparisons and
 * {@link MpcSession#randomBits}).
 *
 * <p>In malicious mode a value also carries this party's shares of its MAC R·x; every local
 * operation here is written once over a {@link Layer} and applied to data and MAC alike.
 */
public final class Shared extends Node {

    /**
     * In malicious mode, this party's shares of R·x (the MAC of each element, Chida et al.);
     * null in semi-honest mode. Set before {@link #data}, which marks the value done.
     */
    long[] mac;

    Shared(MpcSession session, int length) {
        super(session, length);
    }

    private void sameLength(Node other) {
        session.requireSame(other);
        if (other.length != length) {
            throw new ParameterException("vector lengths differ: " + length + " and " + other.length);
        }
    }

    /** A new value of {@code outLength} elements computed by {@code fill} per layer (data, and MAC in malicious mode). */
    private Shared linear(int outLength, MpcSession.LayerFill fill, Node... inputs) {
        Shared out = new Shared(session, outLength);
        session.linear(out, fill, inputs);
        return out;
    }

    /** this + other. */
    public Shared add(Shared other) {
        sameLength(other);
        return linear(length, (l, d) -> FieldVectors.add(l.of(this), l.of(other), d, length), this, other);
    }

    /** this − other. */
    public Shared sub(Shared other) {
        sameLength(other);
        return linear(length, (l, d) -> FieldVectors.sub(l.of(this), l.of(other), d, length), this, other);
    }

    /** this + a public vector. */
    public Shared add(Public other) {
        sameLength(other);
        return linear(length, (l, d) -> l.addPublic(l.of(this), other.data, d, length), this, other);
    }

    /** this − a public vector. */
    public Shared sub(Public other) {
        sameLength(other);
        return linear(length, (l, d) -> l.subPublic(l.of(this), other.data, d, length), this, other);
    }

    /** this + c for a public integer c. */
    public Shared add(long c) {
        long[] k = new long[2];
        Mersenne127.fromLong(c, k, 0);
        return linear(length, (l, d) -> l.addScalar(l.of(this), k[0], k[1], d, length), this);
    }

    /** −this. */
    public Shared neg() {
        return linear(length, (l, d) -> FieldVectors.neg(l.of(this), d, length), this);
    }

    /** c · this for a public integer c. */
    public Shared mul(long c) {
        long[] k = new long[2];
        Mersenne127.fromLong(c, k, 0);
        return mulElement(k[0], k[1]);
    }

    /** c · this for a public field element (c0, c1) (e.g. an inverse). */
    Shared mulElement(long c0, long c1) {
        long small = Mersenne127.smallValue(c0, c1);
        if (small != Long.MIN_VALUE) {
            // A small integer (e.g. −2 in a XOR): the cheaper 127×63-bit product.
            return linear(length, (l, d) -> FieldVectors.mulConstantAdd(l.of(this), 0, c0, c1, small, d, length), this);
        }
        return linear(length, (l, d) -> FieldVectors.mulScalar(l.of(this), c0, c1, d, length), this);
    }

    /** this · a public vector, element-wise (no communication). */
    public Shared mul(Public other) {
        sameLength(other);
        return linear(length, (l, d) -> FieldVectors.mul(l.of(this), other.data, d, length), this, other);
    }

    /** this · other, element-wise: one Damgård–Nielsen degree reduction (one round). */
    public Shared mul(Shared other) {
        return session.multiply(this, other);
    }

    /** The sum of the elements, a vector of length 1. */
    public Shared sum() {
        return linear(1, (l, d) -> FieldVectors.sum(l.of(this), length, d, 0), this);
    }

    /** Inclusive prefix sums: element i is this[0] + … + this[i]. */
    public Shared prefixSums() {
        return linear(length, (l, d) -> FieldVectors.prefixSums(l.of(this), d, length), this);
    }

    /** Elements [from, to). */
    public Shared slice(int from, int to) {
        if (from < 0 || to > length || from > to) {
            throw new ParameterException("slice [" + from + ", " + to + ") is outside a vector of length " + length);
        }
        return linear(to - from, (l, d) -> System.arraycopy(l.of(this), 2 * from, d, 0, d.length), this);
    }

    /** Element i as a vector of length 1. */
    public Shared get(int i) {
        return slice(i, i + 1);
    }

    /** This vector of length 1 repeated {@code count} times. */
    public Shared broadcast(int count) {
        if (length != 1) {
            throw new ParameterException("only a vector of length 1 can be broadcast, this has " + length);
        }
        return linear(count, (l, d) -> {
            long[] x = l.of(this);
            for (int i = 0; i < count; i++) {
                d[2 * i] = x[0];
                d[2 * i + 1] = x[1];
            }
        }, this);
    }

    // ---------------------------------------------------------------- bits

    /** 1 − this, for a bit vector. */
    public Shared not() {
        return neg().add(1);
    }

    /** this XOR other for bit vectors: a + b − 2ab (one multiplication). */
    public Shared xor(Shared other) {
        return add(other).sub(mul(other).mul(2));
    }

    /** this AND other for bit vectors (one multiplication). */
    public Shared and(Shared other) {
        return mul(other);
    }

    /** this OR other for bit vectors: a + b − ab (one multiplication). */
    public Shared or(Shared other) {
        return add(other).sub(mul(other));
    }

    /** For a bit vector: element-wise {@code this ? whenOne : whenZero} (one multiplication). */
    public Shared select(Shared whenOne, Shared whenZero) {
        sameLength(whenOne);
        sameLength(whenZero);
        return whenZero.add(mul(whenOne.sub(whenZero)));
    }

    // ---------------------------------------------------------------- comparisons

    /** [this < other] as a bit vector; operands in [−2^63, 2^63). */
    public Shared lt(Shared other) {
        sameLength(other);
        return Comparisons.lessThanZero(sub(other));
    }

    /** [this ≤ other]. */
    public Shared le(Shared other) {
        sameLength(other);
        return Comparisons.lessThanZero(other.sub(this)).not();
    }

    /** [this > other]. */
    public Shared gt(Shared other) {
        return other.lt(this);
    }

    /** [this ≥ other]. */
    public Shared ge(Shared other) {
        return other.le(this);
    }

    /** [this = other]. */
    public Shared eq(Shared other) {
        sameLength(other);
        return Comparisons.equalsZero(sub(other));
    }

    /** [this < c] for a public integer c. */
    public Shared lt(long c) {
        return Comparisons.lessThanZero(minus(c));
    }

    /** [this ≤ c] for a public integer c. */
    public Shared le(long c) {
        return Comparisons.lessThanZero(minus(c).neg()).not();
    }

    /** [this = c] for a public integer c. */
    public Shared eq(long c) {
        return Comparisons.equalsZero(minus(c));
    }

    /** this − c in the field (no overflow for c = Long.MIN_VALUE). */
    private Shared minus(long c) {
        long[] k = new long[2];
        Mersenne127.fromLong(c, k, 0);
        Mersenne127.sub(0, 0, k[0], k[1], k, 0);
        return linear(length, (l, d) -> l.addScalar(l.of(this), k[0], k[1], d, length), this);
    }

    @Override
    public String toString() {
        // Never the shares themselves.
        return "Shared[" + length + "]";
    }
}
