package org.veilgrid.bench;

import org.veilgrid.kernels.Primes;

/**
 * Prints the 20-bit batching prime BfvBenchmark uses for a ring degree, so bench/seal/run.sh can
 * check that SEAL ran with the same plaintext modulus.
 */
public final class PlainModulusProbe {
    private PlainModulusProbe() {
    }

    public static void main(String[] args) {
        System.out.println(Primes.nttPrimes(20, Integer.parseInt(args[0]), 1).get(0));
    }
}
