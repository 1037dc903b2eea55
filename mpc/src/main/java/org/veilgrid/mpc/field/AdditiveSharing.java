package org.veilgrid.mpc.field;

/**
 * n-out-of-n additive sharing over F_p on packed vectors: the shares are uniform and sum to the
 * secret. Used where every party must take part (e.g. a client splitting an input for parties
 * that then convert it, or PRSS keys), and as the simplest reference in tests.
 */
public final class AdditiveSharing {

    private AdditiveSharing() {
    }

    /** Splits {@code m} secrets into {@code parties} packed share vectors that sum to them. */
    public static long[][] share(long[] secrets, int m, int parties, FieldPrg random) {
        if (parties < 2) {
            throw new IllegalArgumentException("additive sharing needs at least 2 parties");
        }
        long[][] shares = new long[parties][];
        long[] last = java.util.Arrays.copyOf(secrets, 2 * m);
        for (int i = 0; i < parties - 1; i++) {
            shares[i] = random.nextElements(m);
            FieldVectors.sub(last, shares[i], last, m);
        }
        shares[parties - 1] = last;
        return shares;
    }

    /** The sum of the share vectors. */
    public static long[] reconstruct(long[][] shares, int m) {
        long[] out = new long[2 * m];
        for (long[] s : shares) {
            FieldVectors.add(out, s, out, m);
        }
        return out;
    }
}
