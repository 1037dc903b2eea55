package org.veilgrid.core.cbor;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import com.upokecenter.cbor.CBORObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.veilgrid.core.cose.SignedTest;
import org.veilgrid.core.grid.GridEnvelope;
import org.veilgrid.core.grid.ProtocolId;
import org.veilgrid.core.identity.AgentKey;

/**
 * Core's encodings (RFC 8949 vectors, a COSE_Key, a COSE_Sign1, a grid envelope, random items)
 * checked by an independent CBOR implementation; see {@link IndependentCbor}.
 */
class IndependentCborTest {

    private static final HexFormat HEX = HexFormat.of();

    @TempDir
    Path tmp;

    @Test
    void cbor2ReadsOurItemsToTheSameModelAndReencodesThemByteForByte() throws Exception {
        CborProfile any = new CborProfile(1 << 16, 8, 1 << 16, Set.of(18L, 42L, GridEnvelope.GRID_TAG));
        List<byte[]> vectors = new ArrayList<>();
        for (String hex : List.of("00", "1bffffffffffffffff", "3903e7", "62c3bc", "a26161016162820203", "f6", "f5")) {
            vectors.add(HEX.parseHex(hex));
        }
        AgentKey key = AgentKey.generate(new SecureRandom());
        vectors.add(Cbor.encode(key.publicKey().toCoseKey()));
        vectors.add(SignedTest.signedNote(key));
        vectors.add(new GridEnvelope(ProtocolId.ofDocument(new byte[] {1, 2, 3}),
                List.of(CBORObject.FromObject(new byte[] {9}), CBORObject.FromObject("slot"))).encode());
        java.util.Random random = new java.util.Random(14);
        for (int i = 0; i < 200; i++) {
            vectors.add(Cbor.encode(CborTest.randomItem(random, 0)));
        }

        IndependentCbor.assertReadAndReencodedByteForByte(vectors, any, tmp);
    }
}
