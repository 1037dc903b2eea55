package org.veilgrid.examples.demo;

import java.util.Arrays;
import java.util.Map;
import org.veilgrid.fhe.bfv.BfvCodec;
import org.veilgrid.fhe.bfv.BfvContext;
import org.veilgrid.fhe.bfv.BfvParameters;
import org.veilgrid.fhe.bfv.BfvPreset;
import org.veilgrid.fhe.bfv.Ciphertext;
import org.veilgrid.fhe.bfv.Decryptor;
import org.veilgrid.fhe.bfv.Encryptor;
import org.veilgrid.fhe.bfv.GaloisKeys;
import org.veilgrid.fhe.bfv.KeyGenerator;
import org.veilgrid.fhe.bfv.LinearAlgebra;
import org.veilgrid.fhe.bfv.SecretKey;
import org.veilgrid.kernels.Modulus;

/**
 * An encrypted model query in miniature: a client encrypts a vector under BFV (N = 8192,
 * 128-bit), a server multiplies it by its private matrix without decrypting, and the client's
 * decryption is checked against the cleartext product.
 */
public final class EncryptedQueryStep implements DemoStep {
    static final int DIM = 32;

    @Override
    public String name() {
        return "encrypted query";
    }

    @Override
    public StepResult run(DemoContext context) {
        BfvContext ctx = BfvContext.create(BfvParameters.preset(BfvPreset.N8192));
        KeyGenerator kg = new KeyGenerator(ctx);
        SecretKey sk = kg.secretKey();
        GaloisKeys gk = kg.galoisKeys(sk);
        LinearAlgebra la = new LinearAlgebra(ctx);
        Modulus t = Modulus.of(ctx.parameters().plainModulus());
        long[] query = context.random().longs(DIM, 0, t.value()).toArray();
        long[][] model = new long[DIM][];
        for (int i = 0; i < DIM; i++) {
            model[i] = context.random().longs(DIM, 0, t.value()).toArray();
        }
        Ciphertext sent = new Encryptor(ctx).encryptSymmetric(sk, la.encodeVector(query));
        int bytes = BfvCodec.encode(sent).length;
        Ciphertext answer = la.matVec(sent, model, gk);
        long[] got = la.decodeVector(new Decryptor(ctx, sk).decrypt(answer), DIM);
        long[] expected = new long[DIM];
        for (int i = 0; i < DIM; i++) {
            long acc = 0;
            for (int j = 0; j < DIM; j++) {
                acc = t.add(acc, t.mul(model[i][j], query[j]));
            }
            expected[i] = acc;
        }
        boolean ok = Arrays.equals(expected, got);
        String summary = "encrypted " + DIM + "x" + DIM + " matrix-vector product " + (ok ? "ok" : "MISMATCH");
        return new StepResult(ok, summary,
                "BFV N=8192 (128-bit): the server computed M·x on an encrypted x (" + bytes + " bytes) without the key",
                Map.of("n", ctx.n(), "dim", DIM, "queryBytes", bytes, "check", ok ? "ok" : "MISMATCH"));
    }
}
