package org.veilgrid.bench;

import org.veilgrid.fhe.ckks.CkksParameters;
import org.veilgrid.fhe.ckks.CkksPreset;

/**
 * Prints a CKKS preset's primes for the peer programs (bench/peers/ckks/run.sh): the special
 * prime first, then the ciphertext primes, space-separated; then, on a second line, N, the
 * depth and the first prime's bit length.
 */
public final class CkksPresetPrimes {
    private CkksPresetPrimes() {
    }

    public static void main(String[] args) {
        CkksPreset preset = CkksPreset.valueOf(args.length > 0 ? args[0] : "N8192");
        CkksParameters p = CkksParameters.preset(preset);
        StringBuilder sb = new StringBuilder().append(p.specialPrime());
        for (long q : p.ciphertextPrimes()) {
            sb.append(' ').append(q);
        }
        System.out.println(sb);
        System.out.println(preset.n() + " " + preset.depth() + " " + (64 - Long.numberOfLeadingZeros(p.ciphertextPrimes().get(0))));
    }
}
