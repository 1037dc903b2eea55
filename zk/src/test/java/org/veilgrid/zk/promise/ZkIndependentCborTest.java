package org.veilgrid.zk.promise;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.veilgrid.core.cbor.CborProfile;
import org.veilgrid.core.cbor.IndependentCbor;
import org.veilgrid.core.cose.CoseSign1;
import org.veilgrid.core.identity.AgentKey;
import org.veilgrid.zk.bulletproofs.RangeParameters;
import org.veilgrid.zk.bulletproofs.RangeProofBundle;
import org.veilgrid.zk.bulletproofs.RangeProver;
import org.veilgrid.zk.group.Scalar;

/**
 * Every file `veil zk` writes — promise, receipt (COSE_Sign1), fulfilment proof, term openings,
 * range-proof bundle — read by python3-cbor2 to the same data model and re-encoded byte for byte.
 */
class ZkIndependentCborTest {
    private static final SecureRandom RNG = new SecureRandom();

    @TempDir
    Path tmp;

    @Test
    void cbor2ReadsEveryZkFileAndReencodesItByteForByte() throws Exception {
        AgentKey agent = AgentKey.generate(RNG);
        AgentKey client = AgentKey.generate(RNG);
        Map<String, Long> promisedValues = new LinkedHashMap<>();
        promisedValues.put("quantity", 1000L);
        promisedValues.put("deadline", -1L); // 2^64 - 1: the largest unsigned term
        TermOpenings promised = TermOpenings.commit(promisedValues, RNG);
        Promise promise = Promise.make(agent, client.publicKey(), "complete request 7f3a", promised.commitments(),
                1_790_000_000L, RNG);
        TermOpenings delivered = TermOpenings.commit(Map.of("delivered", 1200L), RNG);
        Receipt receipt = Receipt.make(client, promise, "received", delivered.commitments(), 1_800_000_100L);
        FulfilmentProof proof = FulfilmentProof.prove(promise, promised, receipt, delivered,
                List.of(Claim.atLeast(TermRef.receipt("delivered"), TermRef.promise("quantity"), 32)), RNG);

        RangeParameters params = new RangeParameters(32, 2);
        RangeProver.Output range = RangeProver.prove(params, new long[] {7, 1L << 31},
                new Scalar[] {Scalar.random(RNG), Scalar.random(RNG)}, RNG);
        byte[] bundle = new RangeProofBundle(params, range.commitments(), range.proof()).toBytes();

        List<byte[]> files = new ArrayList<>(List.of(promise.toBytes(), receipt.toBytes(), proof.toBytes(),
                promised.toBytes(), bundle));
        CborProfile zkFiles = new CborProfile(1 << 20, 8, 1 << 20, Set.of((long) CoseSign1.TAG));
        IndependentCbor.assertReadAndReencodedByteForByte(files, zkFiles, tmp);
    }
}
