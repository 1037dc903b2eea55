package org.veilgrid.grid.encrypted;

import java.util.Objects;
import org.veilgrid.fhe.ckks.GaloisKeys;
import org.veilgrid.fhe.ckks.PublicKey;
import org.veilgrid.fhe.ckks.RelinKeys;

/**
 * What a client uploads once so that a node can evaluate its neural model on the client's
 * ciphertexts: the public key (for the flood's fresh encryption of zero), the relinearization
 * keys (the square) and the Galois keys of {@link NeuralLayout#rotationSteps()}. None of it
 * decrypts anything.
 */
public record NeuralEvaluationKeys(PublicKey publicKey, RelinKeys relinKeys, GaloisKeys galoisKeys) {
    public NeuralEvaluationKeys {
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(relinKeys, "relinKeys");
        Objects.requireNonNull(galoisKeys, "galoisKeys");
    }
}
