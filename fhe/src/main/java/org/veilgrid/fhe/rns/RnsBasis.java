package org.veilgrid.fhe.rns;

import org.veilgrid.kernels.Modulus;
import org.veilgrid.kernels.RnsNttTables;

/**
 * A list of RNS primes with their NTT tables: the ciphertext basis q<sub>0</sub>..q<sub>L-1</sub>
 * of a level, or that basis extended by the special prime P, in which the secret key and the
 * key-switching keys live ({@link RingLevel#keyBasis}). Row i of an {@link RnsPoly} over a
 * basis holds the residues modulo its prime i.
 */
public final class RnsBasis {
    public final int n;
    public final Modulus[] moduli;
    public final RnsNttTables ntt;

    public RnsBasis(int n, Modulus[] moduli, RnsNttTables ntt) {
        this.n = n;
        this.moduli = moduli;
        this.ntt = ntt;
    }

    public int size() {
        return moduli.length;
    }

    @Override
    public String toString() {
        return "RnsBasis(" + moduli.length + " primes, N=" + n + ")";
    }
}
