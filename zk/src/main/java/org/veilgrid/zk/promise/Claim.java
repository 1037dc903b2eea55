package org.veilgrid.zk.promise;

import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.zk.group.RistrettoPoint;

/**
 * One statement a fulfilment proof makes about committed terms (all values unsigned, below 2^bits):
 * <ul>
 * <li>{@code AT_LEAST(lhs, rhs)}: lhs ≥ rhs (e.g. receipt.delivered ≥ promise.quantity);
 * <li>{@code AT_MOST(lhs, rhs)}: lhs ≤ rhs (e.g. receipt.price_paid ≤ promise.price_limit);
 * <li>{@code IN_RANGE(term, lo, hi)}: lo ≤ term ≤ hi;
 * <li>{@code EQUALS(term, C)}: term holds the same value as another party's commitment C.
 * </ul>
 */
public record Claim(Kind kind, TermRef lhs, TermRef rhs, long lo, long hi, int bits, RistrettoPoint external) {
    public enum Kind {
        AT_LEAST(1), AT_MOST(2), IN_RANGE(3), EQUALS(4);

        final int code;

        Kind(int code) {
            this.code = code;
        }

        static Kind of(int code) {
            for (Kind k : values()) {
                if (k.code == code) {
                    return k;
                }
            }
            return null;
        }
    }

    public Claim {
        if (kind == null || lhs == null) {
            throw new ParameterException("claim needs a kind and a term");
        }
        if ((kind == Kind.AT_LEAST || kind == Kind.AT_MOST) && rhs == null) {
            throw new ParameterException(kind + " needs two terms");
        }
        if ((kind == Kind.AT_LEAST || kind == Kind.AT_MOST) && lhs.equals(rhs)) {
            // x >= x holds for every x: a proof of it says nothing about the promise
            throw new ParameterException("claim compares " + lhs + " with itself, which holds for any value and proves nothing");
        }
        if (kind == Kind.EQUALS && external == null) {
            throw new ParameterException("EQUALS needs the other party's commitment");
        }
        if (kind != Kind.EQUALS && bits != 8 && bits != 16 && bits != 32 && bits != 64) {
            throw new ParameterException("claim bit width must be 8, 16, 32 or 64");
        }
        if (kind == Kind.IN_RANGE && Long.compareUnsigned(lo, hi) > 0) {
            throw new ParameterException("range [lo, hi] needs lo <= hi");
        }
    }

    public static Claim atLeast(TermRef lhs, TermRef rhs, int bits) {
        return new Claim(Kind.AT_LEAST, lhs, rhs, 0, 0, bits, null);
    }

    public static Claim atMost(TermRef lhs, TermRef rhs, int bits) {
        return new Claim(Kind.AT_MOST, lhs, rhs, 0, 0, bits, null);
    }

    public static Claim inRange(TermRef term, long lo, long hi, int bits) {
        return new Claim(Kind.IN_RANGE, term, null, lo, hi, bits, null);
    }

    public static Claim equalsCommitment(TermRef term, RistrettoPoint other) {
        return new Claim(Kind.EQUALS, term, null, 0, 0, 0, other);
    }

    /**
     * True if {@code other} states the same thing: the same kind, terms, bounds and other
     * commitment, with a ≤ b the same statement as b ≥ a (both are proved on the same
     * commitments, C_b − C_a and C_a). The bit width is not compared: it is the prover's choice of
     * range-proof size, and every width proves the same relation (lhs ≥ rhs, lo ≤ x ≤ hi) without
     * wrap-around, since all values involved stay far below the group order.
     */
    public boolean sameStatement(Claim other) {
        if (other == null) {
            return false;
        }
        Claim a = asAtLeast();
        Claim b = other.asAtLeast();
        return a.kind == b.kind && a.lhs.equals(b.lhs) && java.util.Objects.equals(a.rhs, b.rhs)
                && a.lo == b.lo && a.hi == b.hi && java.util.Objects.equals(a.external, b.external);
    }

    /** a ≤ b written as b ≥ a; every other claim as it is. */
    private Claim asAtLeast() {
        return kind == Kind.AT_MOST ? new Claim(Kind.AT_LEAST, rhs, lhs, lo, hi, bits, external) : this;
    }

    /** A one-line description for humans and --json output. */
    public String describe() {
        switch (kind) {
            case AT_LEAST: return lhs + " >= " + rhs;
            case AT_MOST: return lhs + " <= " + rhs;
            case IN_RANGE: return Long.toUnsignedString(lo) + " <= " + lhs + " <= " + Long.toUnsignedString(hi);
            default: return lhs + " == " + external;
        }
    }
}
