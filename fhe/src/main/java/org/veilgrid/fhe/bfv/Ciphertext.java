package org.veilgrid.fhe.bfv;

import org.veilgrid.fhe.rns.RnsPoly;

/**
 * A BFV ciphertext (c0, c1) with c0 + c1&middot;s = &Delta;m + e (mod Q), both components in NTT
 * form. The evaluator returns new ciphertexts; only {@link Evaluator#addInPlace} and the
 * destination forms ({@link Evaluator#add(Ciphertext, Ciphertext, Ciphertext)},
 * {@link Evaluator#multiplyPlain(Ciphertext, PreparedPlaintext, Ciphertext)}) change one.
 */
public final class Ciphertext {
    final RnsPoly c0;
    final RnsPoly c1;
    /** For a fresh symmetric encryption, the public seed c1 was expanded from (else null). */
    private byte[] c1Seed;
    private final BfvContext context;
    /** The secret key this ciphertext decrypts under. */
    private final KeyId keyId;

    Ciphertext(BfvContext context, KeyId keyId, RnsPoly c0, RnsPoly c1) {
        this(context, keyId, c0, c1, null);
    }

    Ciphertext(BfvContext context, KeyId keyId, RnsPoly c0, RnsPoly c1, byte[] c1Seed) {
        this.context = context;
        this.keyId = java.util.Objects.requireNonNull(keyId, "keyId");
        this.c0 = c0;
        this.c1 = c1;
        this.c1Seed = c1Seed == null ? null : c1Seed.clone();
    }

    /** The id of the secret key this ciphertext decrypts under. */
    public KeyId keyId() {
        return keyId;
    }

    /** The seed c1 was expanded from, while c1 is still exactly that expansion (else null). */
    byte[] c1Seed() {
        return c1Seed;
    }

    void dropSeed() {
        c1Seed = null;
    }

    /** The level in the modulus chain (0 = all primes). */
    public int level() {
        return context.level();
    }

    BfvContext context() {
        return context;
    }

    @Override
    public String toString() {
        return "Ciphertext(" + context.parameters() + ", key " + keyId + ")";
    }
}
