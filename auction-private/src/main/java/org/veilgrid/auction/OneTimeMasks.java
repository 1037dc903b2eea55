package org.veilgrid.auction;

import java.math.BigInteger;
import java.security.SecureRandom;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.errors.ProtocolAbortException;
import org.veilgrid.mpc.field.Mersenne127;

/**
 * One-time masks that let the compute parties open a value to its owner only: the owner inputs
 * r (uniform in F_p), the parties open x + r — uniformly random to them — and the owner subtracts
 * r. Values are quantities in [0, 2^40]; anything else after unmasking means a party misbehaved.
 */
final class OneTimeMasks {
    private final long[] packed;

    OneTimeMasks(int count, SecureRandom random) {
        packed = new long[2 * count];
        for (int i = 0; i < count; i++) {
            // Uniform in [0, 2^126): statistically close to uniform in F_p, p = 2^127 - 1.
            Mersenne127.fromBigInteger(new BigInteger(126, random), packed, 2 * i);
        }
    }

    /** The masks as packed field elements, to input with the owner's data. */
    long[] packed() {
        return packed.clone();
    }

    int count() {
        return packed.length / 2;
    }

    /** Removes the masks from opened values (packed field elements, as many as there are masks). */
    long[] unmask(long[] opened, String owner) {
        if (opened == null || opened.length != packed.length) {
            throw new ParameterException("expected " + count() + " masked values");
        }
        long[] out = new long[count()];
        long[] tmp = new long[2];
        for (int i = 0; i < out.length; i++) {
            Mersenne127.sub(opened[2 * i], opened[2 * i + 1], packed[2 * i], packed[2 * i + 1], tmp, 0);
            long v;
            try {
                v = Mersenne127.toLong(tmp[0], tmp[1]);
            } catch (ArithmeticException e) {
                v = -1;
            }
            if (v < 0 || v > Order.MAX_VALUE) {
                throw new ProtocolAbortException(null, "an opened quantity for " + owner + " is not a quantity");
            }
            out[i] = v;
        }
        return out;
    }
}
