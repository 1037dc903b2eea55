package org.veilgrid.fhe.bfv;

import java.util.Map;

import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.fhe.rns.KeySwitchKey;

/**
 * Key switches from s(X<sup>g</sup>) to s for a set of Galois elements g: g = 3<sup>k</sup> mod 2N
 * rotates both slot rows left by k, g = 2N - 1 swaps the rows (see {@link BatchEncoder}).
 */
public final class GaloisKeys {
    private final BfvContext context;
    private final Map<Long, KeySwitchKey> keys;
    private final KeyId keyId;

    GaloisKeys(BfvContext context, Map<Long, KeySwitchKey> keys, KeyId keyId) {
        this.context = context;
        this.keys = Map.copyOf(keys);
        this.keyId = keyId;
    }

    /** The id of the secret key these keys were made from. */
    public KeyId keyId() {
        return keyId;
    }

    /** The Galois element 3^step mod 2N of a left rotation by step. */
    static long elementForStep(BfvContext ctx, int step) {
        int half = ctx.n() / 2;
        if (step <= 0 || step >= half) {
            throw new ParameterException("rotation step must lie in (0, N/2 = " + half + "), got " + step);
        }
        long twoN = 2L * ctx.n();
        long g = 1;
        for (int i = 0; i < step; i++) {
            g = (g * 3) % twoN;
        }
        return g;
    }

    BfvContext context() {
        return context;
    }

    boolean has(long g) {
        return keys.containsKey(g);
    }

    long requireElement(long g, String what) {
        if (!keys.containsKey(g)) {
            throw new ParameterException("no Galois key for " + what + " (element " + g + ")");
        }
        return g;
    }

    KeySwitchKey key(long g) {
        return keys.get(requireElement(g, "element " + g));
    }

    Map<Long, KeySwitchKey> elements() {
        return keys;
    }

    /** Number of Galois elements covered. */
    public int size() {
        return keys.size();
    }

    @Override
    public String toString() {
        return "GaloisKeys(" + context.parameters() + ", " + keys.size() + " elements, key " + keyId + ")";
    }
}
