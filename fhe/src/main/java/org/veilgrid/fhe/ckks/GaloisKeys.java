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
