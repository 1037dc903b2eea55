package org.veilgrid.grid.encrypted;

import java.util.ArrayList;
import java.util.List;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.fhe.bfv.BatchEncoder;
import org.veilgrid.fhe.bfv.BfvContext;
import org.veilgrid.fhe.bfv.Ciphertext;
import org.veilgrid.fhe.bfv.Decryptor;
import org.veilgrid.fhe.bfv.Encryptor;
import org.veilgrid.fhe.bfv.SecretKey;

/**
 * A client's side of an encrypted completion: encrypts the selection of one row (symmetric BFV,
 * seed-compressed, so each ciphertext travels at half size) and decodes the answer. The row index
 * comes from the node's public list of contexts ({@code NGramModel.rowIndex}); the node never
 * learns it.
 */
public final class EncryptedQuery {
    private final BfvContext context;
    private final SecretKey key;
    private final RowLayout layout;

    public EncryptedQuery(BfvContext context, SecretKey key) {
        this.context = context;
        this.key = key;
        this.layout = new RowLayout(context.n());
    }

    /** The G ciphertexts selecting {@code row} among {@code rows}. */
    public List<Ciphertext> select(int row, int rows) {
        if (row < 0 || row >= rows) {
            throw new ParameterException("row " + row + " lies outside [0, " + rows + ")");
        }
        BatchEncoder encoder = new BatchEncoder(context);
        Encryptor enc = new Encryptor(context);
        List<Ciphertext> out = new ArrayList<>();
        for (int g = 0; g < layout.groups(rows); g++) {
            long[] slots = new long[context.n()];
            if (g == layout.group(row)) {
                java.util.Arrays.fill(slots, layout.firstSlot(row), layout.firstSlot(row) + RowLayout.SLOTS_PER_ROW, 1);
            }
            out.add(enc.encryptSymmetric(key, encoder.encode(slots)));
        }
        return out;
    }

    /** The row's bytes from the node's answer. */
    public byte[] read(Ciphertext answer, int row) {
        long[] slots = new BatchEncoder(context).decode(new Decryptor(context, key).decrypt(answer));
        return RowLayout.unpack(slots, layout.firstSlot(row));
    }
}
