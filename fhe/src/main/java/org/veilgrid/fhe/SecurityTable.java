package org.veilgrid.fhe;

import java.util.Map;
import java.util.OptionalInt;

/**
 * Largest ciphertext modulus Q (in bits) that keeps RLWE at 128-bit classical security for each
 * ring degree N, with a uniform ternary secret and error of standard deviation about 3.2.
 * Source: the HomomorphicEncryption.org security standard (Albrecht et al., 2018), table for
 * 128-bit classical security, ternary secrets — the same figures Microsoft SEAL enforces.
 */
public final class SecurityTable {
    private static final Map<Integer, Integer> MAX_LOG_Q_128 = Map.of(
            1024, 27,
            2048, 54,
            4096, 109,
            8192, 218,
            16384, 438,
            32768, 881);

    private SecurityTable() {
    }

    /** The largest log2(Q) allowed for N at 128-bit classical security, if N is in the table. */
    public static OptionalInt maxLogQ128(int n) {
        Integer v = MAX_LOG_Q_128.get(n);
        return v == null ? OptionalInt.empty() : OptionalInt.of(v);
    }
}
