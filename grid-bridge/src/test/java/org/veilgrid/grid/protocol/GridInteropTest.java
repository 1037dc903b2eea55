package org.veilgrid.grid.protocol;

import com.upokecenter.cbor.CBORObject;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.veilgrid.core.cbor.Cbor;
import org.veilgrid.core.cbor.CborProfile;
import org.veilgrid.core.cbor.IndependentCbor;
import org.veilgrid.core.cose.CoseSign1;
import org.veilgrid.core.grid.GridEnvelope;
import org.veilgrid.core.identity.AgentKey;
import org.veilgrid.grid.payment.BalanceProof;
import org.veilgrid.grid.payment.Payment;
import org.veilgrid.grid.promise.CompletionPromise;
import org.veilgrid.grid.promise.CompletionReceipt;

/**
 * The grid's encodings read by an independent CBOR implementation (python3-cbor2, see
 * {@link IndependentCbor}): a grid envelope of every message of both completion protocols, every
 * signed statement type (the COSE_Sign1 and the statement inside it), and a payment item.
 */
class GridInteropTest {
    @TempDir
    Path tmp;

    @Test
    void cbor2ReadsEveryGridMessageAndStatementToTheSameModelAndReencodesThemByteForByte() throws Exception {
        List<byte[]> vectors = new ArrayList<>(GridMessagesTest.examples().values());
        AgentKey node = AgentKey.generate(new SecureRandom());
        CompletionPromise promise = CompletionPromise.make(node, new byte[] {1}, Long.MAX_VALUE, "NODECOIN", 1_800_000_000_000L);
        CompletionReceipt receipt = CompletionReceipt.make(node, promise, new byte[] {2}, 0);
        for (byte[] signed : List.of(promise.toBytes(), receipt.toBytes())) {
            vectors.add(signed);
            vectors.add(CoseSign1.decode(signed, 1024, "statement").payload());
        }
        vectors.add(Cbor.encode(Payment.of(BalanceProof.Balance.of(9, new SecureRandom()), 9, new SecureRandom()).toCbor()));
        CborProfile any = new CborProfile(1 << 20, 4, 1 << 16, java.util.Set.of(18L, 42L, GridEnvelope.GRID_TAG));
        IndependentCbor.assertReadAndReencodedByteForByte(vectors, any, tmp);
        // the envelopes are a real test of the grid tag: a 4-byte tag number cbor2 must keep as such
        CBORObject first = Cbor.decode(vectors.get(0), any, "request");
        org.junit.jupiter.api.Assertions.assertEquals(GridEnvelope.GRID_TAG, first.getMostOuterTag().ToInt64Checked());
    }
}
