package org.veilgrid.fhe.bfv;

import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.kernels.KernelArgumentException;
import org.veilgrid.kernels.Kernels;
import org.veilgrid.kernels.Modulus;
import org.veilgrid.kernels.NttTables;
import org.veilgrid.kernels.Primes;

/**
 * Packs N integers modulo t into one plaintext (SIMD slots), so that plaintext and ciphertext
 * additions and products act slot by slot.
 *
 * <p>When t is a prime with t &equiv; 1 (mod 2N), Z<sub>t</sub>[X]/(X<sup>N</sup>+1) splits into N
 * copies of Z<sub>t</sub>: a polynomial is determined by its values at the odd powers
 * &psi;<sup>e</sup> of a primitive 2N-th root &psi; mod t. Slots form a 2 &times; N/2 matrix:
 * slot (0, c) is the value at &psi;<sup>3<sup>c</sup></sup> and slot (1, c) the value at
 * &psi;<sup>-3<sup>c</sup></sup> (exponents mod 2N). With this order the Galois automorphism
 * X &rarr; X<sup>3</sup> rotates both rows by one column and X &rarr; X<sup>-1</sup> swaps the
 * rows, which is what ciphertext rotations will use. Slot index r&middot;N/2 + c is (r, c).
 */
public final class BatchEncoder {
    private final BfvContext context;
    private final NttTables tables;
    private final Modulus t;
    /** Position in the NTT's (bit-reversed) output of each slot. */
    private final int[] nttIndexOfSlot;

    /**
     * @throws ParameterException if t is not a prime congruent to 1 mod 2N
     */
    public BatchEncoder(BfvContext context) {
        this.context = context;
        int n = context.n();
        long tv = context.parameters().plainModulus();
        if (!Primes.isPrime(tv) || (tv - 1) % (2L * n) != 0) {
            throw new ParameterException("batching needs a prime plaintext modulus t = 1 mod 2N = " + (2L * n)
                    + "; t = " + tv + " is not");
        }
        try {
            this.tables = NttTables.create(n, tv);
        } catch (KernelArgumentException e) {
            throw new ParameterException("batching is not possible with t = " + tv + ": " + e.getMessage(), e);
        }
        this.t = Modulus.of(tv);
        int logN = Integer.numberOfTrailingZeros(n);
        long twoN = 2L * n;
        nttIndexOfSlot = new int[n];
        long e = 1;
        for (int c = 0; c < n / 2; c++) {
            nttIndexOfSlot[c] = slotOfExponent(e, logN);
            nttIndexOfSlot[n / 2 + c] = slotOfExponent(twoN - e, logN);
            e = (e * 3) % twoN;
        }
    }

    /** The NTT output position holding a(psi^e): position i holds exponent 2 bitrev(i) + 1. */
    private static int slotOfExponent(long e, int logN) {
        int half = (int) ((e - 1) / 2);
        return Integer.reverse(half) >>> (32 - logN);
    }

    /** Number of slots, N. */
    public int slotCount() {
        return context.n();
    }

    /**
     * @param values N values in [0, t): row 0 then row 1
     * @throws ParameterException if there are not N values or one is out of range
     */
    public Plaintext encode(long[] values) {
        int n = context.n();
        if (values.length != n) {
            throw new ParameterException("batch encoding takes N = " + n + " values, got " + values.length);
        }
        long[] evals = new long[n];
        for (int s = 0; s < n; s++) {
            long v = values[s];
            if (v < 0 || v >= t.value()) {
                throw new ParameterException("slot " + s + " value lies outside [0, t = " + t.value() + ")");
            }
            evals[nttIndexOfSlot[s]] = v;
        }
        Kernels.get().inverse(tables, evals);
        return Plaintext.of(context, evals);
    }

    /** The N slot values of a plaintext, row 0 then row 1. */
    public long[] decode(Plaintext p) {
        Checks.plaintextFits(context, p);
        long[] evals = p.coefficients();
        Kernels.get().forward(tables, evals);
        long[] values = new long[evals.length];
        for (int s = 0; s < values.length; s++) {
            values[s] = evals[nttIndexOfSlot[s]];
        }
        return values;
    }
}
