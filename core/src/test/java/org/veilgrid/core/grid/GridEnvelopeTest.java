package org.veilgrid.core.grid;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import com.upokecenter.cbor.CBORObject;
import com.upokecenter.numbers.EInteger;
import org.junit.jupiter.api.Test;
import org.veilgrid.core.cbor.Cbor;
import org.veilgrid.core.cbor.CborProfile;
import org.veilgrid.core.errors.MalformedInputException;

class GridEnvelopeTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final ProtocolId SPEC = ProtocolId.ofDocument("a protocol spec\n".getBytes(StandardCharsets.UTF_8));
    private static final CborProfile PROFILE = GridEnvelope.profile(CborProfile.STATEMENT);

    /** The empty raw block's CIDv1, as IPFS tools print it. */
    @Test
    void theCidOfTheEmptyDocumentIsTheWellKnownOne() {
        assertEquals("bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku", ProtocolId.ofDocument(new byte[0]).toBase32());
    }

    @Test
    void anEnvelopeStartsWithTheGridTagAndTheProtocolLink() {
        byte[] bytes = new GridEnvelope(SPEC, List.of(CBORObject.FromObject(new byte[] {1, 2}), CBORObject.FromObject(7))).encode();
        String hex = HEX.formatHex(bytes);
        assertTrue(hex.startsWith("da67726964" + "83" + "d82a" + "5825" + "00" + SPEC.hex()), hex);
        assertTrue(hex.endsWith("42010207"), hex);
        GridEnvelope back = GridEnvelope.decode(bytes, Set.of(SPEC), PROFILE);
        assertEquals(SPEC, back.protocol());
        assertEquals(2, back.slots().size());
        assertArrayEquals(bytes, back.encode());
    }

    private static MalformedInputException refused(CBORObject item) {
        return assertThrows(MalformedInputException.class,
                () -> GridEnvelope.decode(Cbor.encode(item), Set.of(SPEC), PROFILE));
    }

    @Test
    void malformedEnvelopesAreRefused() {
        EInteger grid = EInteger.FromInt64(GridEnvelope.GRID_TAG);
        byte[] link = new byte[ProtocolId.BYTES + 1];
        System.arraycopy(SPEC.bytes(), 0, link, 1, ProtocolId.BYTES);
        assertTrue(refused(CBORObject.FromObjectAndTag(CBORObject.FromObject(5), grid)).getMessage().contains("wrap an array"));
        assertTrue(refused(CBORObject.FromObjectAndTag(CBORObject.NewArray(), grid)).getMessage().contains("slot 0"));
        assertTrue(refused(CBORObject.NewArray().Add(CBORObject.FromObjectAndTag(link, 42))).getMessage().contains("not tagged"));
        assertTrue(refused(CBORObject.FromObjectAndTag(CBORObject.NewArray().Add(CBORObject.FromObject(link)), grid))
                .getMessage().contains("tag-42 byte string"));
        byte[] noPrefix = SPEC.bytes();
        assertTrue(refused(CBORObject.FromObjectAndTag(CBORObject.NewArray().Add(CBORObject.FromObjectAndTag(noPrefix, 42)), grid))
                .getMessage().contains("0x00"));
        byte[] unknown = link.clone();
        unknown[10] ^= 1;
        assertTrue(refused(CBORObject.FromObjectAndTag(CBORObject.NewArray().Add(CBORObject.FromObjectAndTag(unknown, 42)), grid))
                .getMessage().contains("unknown protocol"));
        byte[] notRaw = link.clone();
        notRaw[2] = 0x71;
        assertTrue(refused(CBORObject.FromObjectAndTag(CBORObject.NewArray().Add(CBORObject.FromObjectAndTag(notRaw, 42)), grid))
                .getMessage().contains("raw codec"));
    }
}
