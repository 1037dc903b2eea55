package org.veilgrid.fhe.ckks;

import java.util.Map;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.fhe.rns.KeySwitchKey;

/**
 * Key switches from s(X<sup>g</sup>) to s for a set of Galois elements g: 5<sup>k</sup> mod 2N
 * rotates the slots left by k, 2N &minus; 1 conjugates them.
 */
public final class GaloisKeys {
    final CkksContext context;
    private final Map<Long, KeySwitchKey> keys;
    /** The id of the secret key they were made from. */
    final KeyId owner;

    GaloisKeys(CkksContext context, Map<Long, KeySwitchKey> keys, KeyId owner) {
        this.context = context;
        this.keys = Map.copyOf(keys);
        this.owner = owner;
    }

    /** The Galois element of a left rotation by {@code steps} slots (negative: right). */
    static long elementForStep(CkksContext context, int steps) {
        int slots = context.slots();
        long m = 2L * context.n();
        long e = Math.floorMod(steps, slots);
        long g = 1;
        long base = 5;
        while (e > 0) {
            if ((e & 1) != 0) {
                g = g * base % m;
            }
            base = base * base % m;
            e >>= 1;
        }
        return g;
    }

    /**
     * These keys one element at a time: for uploads that send each key on its own (a Galois key
     * at N = 16384 is megabytes).
     */
    public java.util.List<GaloisKeys> perElement() {
        java.util.List<GaloisKeys> out = new java.util.ArrayList<>();
        for (var e : new java.util.TreeMap<>(keys).entrySet()) {
            out.add(new GaloisKeys(context, Map.of(e.getKey(), e.getValue()), owner));
        }
        return out;
    }

    /**
     * The keys of every part together, as one set.
     *
     * @throws ParameterException if there are no parts, they belong to different contexts or
     *     secret keys, or two hold the same element
     */
    public static GaloisKeys union(java.util.List<GaloisKeys> parts) {
        if (parts.isEmpty()) {
            throw new ParameterException("no Galois keys to join");
        }
        GaloisKeys first = parts.get(0);
        Map<Long, KeySwitchKey> all = new java.util.HashMap<>();
        for (GaloisKeys p : parts) {
            Checks.sameContext(first.context, p.context, "Galois keys");
            Checks.sameKey(first.owner, p.owner, "Galois keys of different secret keys cannot be joined");
            for (var e : p.keys.entrySet()) {
                if (all.put(e.getKey(), e.getValue()) != null) {
                    throw new ParameterException("Galois element " + e.getKey() + " is given twice");
                }
            }
        }
        return new GaloisKeys(first.context, all, first.owner);
    }

    /** The left-rotation steps (0 &lt; step &lt; N/2) these keys cover, ascending. */
    public java.util.List<Integer> rotationSteps() {
        java.util.List<Integer> steps = new java.util.ArrayList<>();
        for (int s = 1; s < context.slots(); s++) {
            if (keys.containsKey(elementForStep(context, s))) {
                steps.add(s);
            }
        }
        return steps;
    }

    /** The element of conjugation, X &rarr; X<sup>-1</sup>. */
    static long conjugationElement(CkksContext context) {
        return 2L * context.n() - 1;
    }

    boolean has(long g) {
        return keys.containsKey(g);
    }

    KeySwitchKey require(long g, String what) {
        KeySwitchKey k = keys.get(g);
        if (k == null) {
            throw new ParameterException("no Galois key for " + what + " (element " + g + "); make the keys with it");
        }
        return k;
    }

    /** The id of the secret key these keys belong to. */
    public KeyId keyId() {
        return owner;
    }

    /** The keys by Galois element (read-only), for the codec. */
    Map<Long, KeySwitchKey> keys() {
        return keys;
    }

    /** How many Galois elements these keys cover. */
    public int size() {
        return keys.size();
    }

    @Override
    public String toString() {
        return "CkksGaloisKeys(" + keys.size() + " elements)";
    }
}
