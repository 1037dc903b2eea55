package org.veilgrid.grid.encrypted;

import java.util.ArrayList;
import java.util.List;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.fhe.bfv.BatchEncoder;
import org.veilgrid.fhe.bfv.BfvContext;
import org.veilgrid.fhe.bfv.Ciphertext;
import org.veilgrid.fhe.bfv.Evaluator;
import org.veilgrid.fhe.bfv.PreparedPlaintext;
import org.veilgrid.grid.model.NGramModel;

/**
 * A node's side of an encrypted completion. The model's rows are packed into G plaintexts
 * ({@link RowLayout}); a query is G ciphertexts, all encrypting zero except the one holding a 1
 * in the slots of the wanted row. The answer Σ<sub>g</sub> P<sub>g</sub>&middot;Q<sub>g</sub> (plaintext
 * products and additions only: no evaluation keys needed) holds that row's bytes and zeros
 * elsewhere; it is switched down the modulus chain to shrink it before it goes back. The node
 * sees only ciphertexts, their number and sizes.
 */
public final class EncryptedModel {
    private final BfvContext context;
    private final RowLayout layout;
    /** The packed rows, in NTT form at the top level once, so each query costs pointwise products only. */
    private final List<PreparedPlaintext> table = new ArrayList<>();
    private final int rows;

    public EncryptedModel(BfvContext context, NGramModel model) {
        this.context = context;
        this.layout = new RowLayout(context.n());
        List<NGramModel.Row> all = model.rows();
        this.rows = all.size();
        BatchEncoder encoder = new BatchEncoder(context);
        Evaluator ev = new Evaluator(context);
        int groups = layout.groups(rows);
        for (int g = 0; g < groups; g++) {
            long[] slots = new long[context.n()];
            for (int r = g * layout.rowsPerPlaintext; r < Math.min(rows, (g + 1) * layout.rowsPerPlaintext); r++) {
                System.arraycopy(RowLayout.pack(all.get(r).completion()), 0, slots, layout.firstSlot(r), RowLayout.SLOTS_PER_ROW);
            }
            table.add(ev.prepare(encoder.encode(slots)));
        }
    }

    /**
     * The most bytes one query ciphertext can take in {@code BfvCodec}'s encoding: a fresh,
     * seed-compressed ciphertext is c0 (N fixed64 residues per ciphertext prime) and a 32-byte
     * seed, with the parameters id and about a hundred bytes of framing. A node refuses a larger
     * one unread.
     */
    public long maxQueryCiphertextBytes() {
        return 8L * context.n() * context.parameters().ciphertextPrimes().size() + 256;
    }

    /** How many query ciphertexts a request carries. */
    public int groups() {
        return table.size();
    }

    public int rows() {
        return rows;
    }

    /**
     * The encrypted row selected by {@code query}.
     *
     * @throws ParameterException if the query has the wrong number of ciphertexts or levels
     */
    public Ciphertext answer(List<Ciphertext> query) {
        if (query.size() != table.size()) {
            throw new ParameterException("a query carries " + table.size() + " ciphertexts, got " + query.size());
        }
        Evaluator ev = new Evaluator(context);
        Ciphertext acc = null;
        for (int g = 0; g < table.size(); g++) {
            if (query.get(g).level() != 0) {
                throw new ParameterException("query ciphertexts must be fresh (level 0)");
            }
            if (acc == null) {
                acc = ev.multiplyPlain(query.get(g), table.get(g));
            } else {
                ev.multiplyPlainAddInPlace(acc, query.get(g), table.get(g));
            }
        }
        // Two primes are plenty for what is left to decrypt; the answer shrinks accordingly.
        while (acc.level() < context.primeCount() - 2) {
            acc = ev.modSwitchToNext(acc);
        }
        return acc;
    }
}
