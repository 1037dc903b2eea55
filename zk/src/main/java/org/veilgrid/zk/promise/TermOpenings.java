package org.veilgrid.zk.promise;

import java.security.SecureRandom;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.zk.commit.PedersenGens;
import org.veilgrid.zk.group.RistrettoPoint;
import org.veilgrid.zk.group.Scalar;

/**
 * The secret side of committed terms: for each name, the value (unsigned 64-bit) and the
 * blinding. Kept by whoever must later prove things about the terms; never published.
 * Encoding: "VGOP" ‖ version 1 ‖ count u8 (≤ 64) ‖ (name ‖ value u64 ‖ blinding 32)*.
 */
public final class TermOpenings {
    /** One opening. */
    public record Opening(long value, Scalar blinding) {
        public RistrettoPoint commitment() {
            return PedersenGens.standard().commit(Scalar.ofUnsignedLong(value), blinding);
        }

        public PedersenGens.Opening pedersen() {
            return new PedersenGens.Opening(Scalar.ofUnsignedLong(value), blinding, commitment());
        }

        @Override
        public String toString() {
            return "Opening(hidden)";
        }
    }

    private static final String MAGIC = "VGOP";
    /** The longest valid encoding: a bound for reading openings files. */
    public static final int MAX_LENGTH = 4 + 1 + 1 + PromiseLimits.MAX_OPENINGS * (PromiseLimits.MAX_NAME_BYTES + 8 + 32);
    private final Map<String, Opening> byName;

    private TermOpenings(Map<String, Opening> byName) {
        this.byName = Collections.unmodifiableMap(byName);
    }

    /**
     * Commits to each value with fresh blinding. Up to 64 values (the most one range proof
     * aggregates); a promise or receipt takes at most 16 of them.
     */
    public static TermOpenings commit(Map<String, Long> values, SecureRandom rng) {
        if (values.size() > PromiseLimits.MAX_OPENINGS) {
            throw new ParameterException("at most " + PromiseLimits.MAX_OPENINGS + " committed values");
        }
        Map<String, Opening> m = new LinkedHashMap<>();
        for (Map.Entry<String, Long> e : values.entrySet()) {
            m.put(Names.check(e.getKey()), new Opening(e.getValue(), Scalar.random(rng)));
        }
        return new TermOpenings(m);
    }

    public Map<String, Opening> all() {
        return byName;
    }

    public Opening get(String name) {
        Opening o = byName.get(name);
        if (o == null) {
            throw new ParameterException("no opening for term '" + name + "'");
        }
        return o;
    }

    /** The public side: the commitments, in the same order. */
    public java.util.List<CommittedTerm> commitments() {
        java.util.List<CommittedTerm> r = new java.util.ArrayList<>();
        byName.forEach((k, v) -> r.add(new CommittedTerm(k, v.commitment())));
        return r;
    }

    public byte[] toBytes() {
        WireWriter w = new WireWriter().magic(MAGIC).u8(1).u8(byName.size());
        byName.forEach((k, v) -> w.name(k).u64(v.value()).scalar(v.blinding()));
        return w.toBytes();
    }

    public static TermOpenings fromBytes(byte[] b) {
        WireReader r = new WireReader("TermOpenings", b);
        r.magic(MAGIC);
        if (r.u8("version") != 1) {
            throw new MalformedInputException("TermOpenings.version", "unsupported version");
        }
        int n = r.u8("count");
        if (n > PromiseLimits.MAX_OPENINGS) {
            throw new MalformedInputException("TermOpenings.count", "more than " + PromiseLimits.MAX_OPENINGS);
        }
        Map<String, Opening> m = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String name = r.name("name");
            if (m.put(name, new Opening(r.u64("value"), r.scalar("blinding"))) != null) {
                throw new MalformedInputException("TermOpenings", "duplicate term '" + name + "'");
            }
        }
        r.end();
        return new TermOpenings(m);
    }

    @Override
    public String toString() {
        return "TermOpenings(" + byName.keySet() + ", values hidden)";
    }
}
