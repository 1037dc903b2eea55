package org.veilgrid.grid.encrypted;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.fhe.bfv.BfvCodec;
import org.veilgrid.fhe.bfv.BfvContext;
import org.veilgrid.fhe.bfv.BfvParameters;
import org.veilgrid.fhe.bfv.BfvPreset;
import org.veilgrid.fhe.bfv.Ciphertext;
import org.veilgrid.fhe.bfv.KeyGenerator;
import org.veilgrid.fhe.bfv.SecretKey;
import org.veilgrid.grid.model.NGramModel;

/** Encrypted completions return exactly what the model returns in the clear. */
class EncryptedCompletionTest {
    @Test
    void encryptedCompletionsEqualThePlaintextModelOnManyRandomContexts() throws Exception {
        NGramModel model;
        try (var in = NGramModel.class.getResourceAsStream("/org/veilgrid/grid/corpus/gettysburg.txt")) {
            model = NGramModel.train(in.readAllBytes(), 3);
        }
        BfvContext ctx = BfvContext.create(BfvParameters.preset(BfvPreset.N8192));
        EncryptedModel node = new EncryptedModel(ctx, model);
        SecretKey sk = new KeyGenerator(ctx).secretKey();
        EncryptedQuery client = new EncryptedQuery(ctx, sk);
        SplittableRandom r = new SplittableRandom(8);
        byte[] alphabet = "abcdefghijklmnopqrstuvwxyz ,.-".getBytes();
        for (int trial = 0; trial < 60; trial++) {
            byte[] context = new byte[r.nextInt(8)];
            for (int i = 0; i < context.length; i++) {
                context[i] = alphabet[r.nextInt(alphabet.length)];
            }
            int row = model.rowIndex(context);
            List<Ciphertext> query = client.select(row, node.rows());
            assertEquals(node.groups(), query.size());
            // What travels: the query and the answer as the wire format encodes them.
            List<Ciphertext> received = query.stream().map(c -> BfvCodec.decodeCiphertext(ctx, BfvCodec.encode(c))).toList();
            Ciphertext answer = BfvCodec.decodeCiphertext(ctx, BfvCodec.encode(node.answer(received)));
            assertArrayEquals(model.lookup(context), client.read(answer, row), "context '" + new String(context) + "'");
        }
        assertThrows(ParameterException.class, () -> node.answer(List.of()));
        assertThrows(ParameterException.class, () -> client.select(node.rows(), node.rows()));
    }
}
