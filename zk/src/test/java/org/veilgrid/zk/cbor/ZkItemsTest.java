package org.veilgrid.zk.cbor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;

import com.upokecenter.cbor.CBORObject;
import com.upokecenter.numbers.EInteger;
import org.junit.jupiter.api.Test;
import org.veilgrid.core.cbor.Cbor;
import org.veilgrid.core.cbor.CborProfile;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.zk.group.RistrettoPoint;
import org.veilgrid.zk.group.Scalar;

class ZkItemsTest {
    private static CBORObject reencoded(CBORObject item) {
        return Cbor.decode(Cbor.encode(item), CborProfile.STATEMENT, "test");
    }

    @Test
    void unsignedSixtyFourBitValuesRoundTripAndNothingElseIsAccepted() {
        for (long v : new long[] {0, 23, 24, Long.MAX_VALUE, Long.MIN_VALUE, -1L}) {
            assertEquals(v, ZkItems.unsigned64(reencoded(ZkItems.unsigned64(v)), "v"));
        }
        assertEquals(9, Cbor.encode(ZkItems.unsigned64(-1L)).length, "2^64 - 1 is a CBOR uint with 8 bytes");
        CBORObject twoTo64 = CBORObject.FromObject(EInteger.FromInt32(1).ShiftLeft(64));
        assertThrows(MalformedInputException.class, () -> ZkItems.unsigned64(twoTo64, "v"));
        assertThrows(MalformedInputException.class, () -> ZkItems.unsigned64(CBORObject.FromObject(-1), "v"));
        assertThrows(MalformedInputException.class, () -> ZkItems.unsigned64(CBORObject.FromObject("1"), "v"));
    }

    @Test
    void pointsAndScalarsAreReadWithTheirStrictDecoders() {
        RistrettoPoint g = RistrettoPoint.GENERATOR;
        assertEquals(g, ZkItems.point(reencoded(ZkItems.point(g)), "p"));
        Scalar s = Scalar.ofLong(12345);
        assertEquals(s, ZkItems.scalar(reencoded(ZkItems.scalar(s)), "s"));
        byte[] nonCanonical = new byte[32];
        Arrays.fill(nonCanonical, (byte) 0xff); // bit 255 set, and ≥ p
        assertThrows(MalformedInputException.class, () -> ZkItems.point(CBORObject.FromObject(nonCanonical), "p"));
        assertThrows(MalformedInputException.class, () -> ZkItems.scalar(CBORObject.FromObject(nonCanonical), "s"));
        assertThrows(MalformedInputException.class, () -> ZkItems.point(CBORObject.FromObject(new byte[31]), "p"));
    }
}
