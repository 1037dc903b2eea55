package org.veilgrid.fhe.rns;

/**
 * A polynomial of Z<sub>Q</sub>[X]/(X<sup>N</sup>+1) in RNS form: k residue polynomials of N
 * coefficients, prime i's at [i&middot;N, (i+1)&middot;N), either as coefficients or as NTT
 * evaluations. Package-private: the public types are keys, plaintexts and ciphertexts.
 */
public final class RnsPoly {
    public final long[] data;
    public boolean ntt;

    public RnsPoly(int n, int k, boolean ntt) {
        this.data = new long[n * k];
        this.ntt = ntt;
    }

    private RnsPoly(long[] data, boolean ntt) {
        this.data = data;
        this.ntt = ntt;
    }

    /** A polynomial over an existing vector (a {@link Scratch} vector: k·N longs). */
    public static RnsPoly over(long[] data, boolean ntt) {
        return new RnsPoly(data, ntt);
    }

    public RnsPoly copy() {
        return new RnsPoly(data.clone(), ntt);
    }

    @Override
    public String toString() {
        // Coefficients may be secret (keys, noise): never print them.
        return "RnsPoly(" + data.length + " residues, " + (ntt ? "NTT" : "coefficient") + " form)";
    }
}
