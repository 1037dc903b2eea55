package org.veilgrid.zk.promise;

import java.security.SecureRandom;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import com.upokecenter.cbor.CBORObject;
import org.veilgrid.core.cbor.CborSizes;
import org.veilgrid.core.cbor.Cbor;
import org.veilgrid.core.cbor.CborItems;
import org.veilgrid.core.cbor.CborProfile;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.zk.commit.PedersenGens;
import org.veilgrid.zk.group.RistrettoPoint;
import org.veilgrid.zk.cbor.ZkItems;
import org.veilgrid.zk.group.Scalar;

/**
 * The secret side of committed terms: for each name, the value (unsigned 64-bit) and the
 * blinding. Kept by whoever must later prove things about the terms; never published.
 * Encoding: deterministic CBOR {@code [version 2, [[name, value, blinding]] (≤ 64)]}; not signed
 * (it never leaves its owner but to the promiser who proves with it).
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

    private static final String WHAT = "openings";
    /** The longest valid encoding (64 openings, 32-character names, values of 64 bits): a bound for reading openings files. */
    public static final int MAX_LENGTH = 1 + 1 + CborSizes.headLength(PromiseLimits.MAX_OPENINGS) + PromiseLimits.MAX_OPENINGS
            * (1 + CborSizes.stringLength(Names.MAX_LENGTH) + 9 + CborSizes.stringLength(ZkItems.ELEMENT_BYTES));
    private static final CborProfile PROFILE = new CborProfile(MAX_LENGTH, 3, PromiseLimits.MAX_OPENINGS, Set.of());
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

    /** The deterministic CBOR encoding: {@code [version 2, [[name, value: uint, blinding: bstr 32]*]]}. */
    public byte[] toBytes() {
        CBORObject list = CBORObject.NewArray();
        byName.forEach((k, v) -> list.Add(CBORObject.NewArray().Add(k).Add(ZkItems.unsigned64(v.value()))
                .Add(ZkItems.scalar(v.blinding()))));
        return Cbor.encode(CBORObject.NewArray().Add(ZkItems.VERSION).Add(list));
    }

    /**
     * Strict decoding: names valid and unique, values unsigned 64-bit, blindings canonical scalars.
     *
     * @throws MalformedInputException otherwise, or for a file of another version
     */
    public static TermOpenings fromBytes(byte[] b) {
        CBORObject file = ZkItems.openFile(b, PROFILE, WHAT, "VGOP", 2);
        CBORObject list = ZkItems.list(file.get(1), 0, PromiseLimits.MAX_OPENINGS, WHAT + ".openings");
        Map<String, Opening> m = new LinkedHashMap<>();
        for (int i = 0; i < list.size(); i++) {
            // the position, never the value, names a bad entry: these are secrets
            String field = WHAT + ".openings[" + i + "]";
            CBORObject item = CborItems.array(list.get(i), 3, field);
            String name = SignedTerms.name(item.get(0), field + ".name");
            if (m.put(name, new Opening(ZkItems.unsigned64(item.get(1), field + ".value"),
                    ZkItems.scalar(item.get(2), field + ".blinding"))) != null) {
                throw new MalformedInputException(WHAT, "duplicate term '" + name + "'");
            }
        }
        return new TermOpenings(m);
    }

    @Override
    public String toString() {
        return "TermOpenings(" + byName.keySet() + ", values hidden)";
    }
}
