package org.veilgrid.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;

import dk.alexandra.fresco.framework.builder.numeric.field.BigIntegerFieldDefinition;
import dk.alexandra.fresco.framework.builder.numeric.field.FieldDefinition;
import dk.alexandra.fresco.suite.spdz.datatypes.SpdzSInt;
import dk.alexandra.fresco.suite.spdz.datatypes.SpdzTriple;
import dk.alexandra.fresco.suite.spdz.storage.SpdzDummyDataSupplier;
import org.junit.jupiter.api.Test;

class PrecomputedSpdzSupplierTest {

    private static final FieldDefinition FIELD =
            new BigIntegerFieldDefinition(BigInteger.ONE.shiftLeft(127).subtract(BigInteger.ONE));
    private static final BigInteger KEY = BigInteger.valueOf(123_456_789);

    private static SpdzDummyDataSupplier dummy() {
        return new SpdzDummyDataSupplier(2, 3, FIELD, KEY);
    }

    private static void assertSame(SpdzSInt want, SpdzSInt got) {
        assertEquals(want.getShare().toBigInteger(), got.getShare().toBigInteger());
        assertEquals(want.getMac().toBigInteger(), got.getMac().toBigInteger());
    }

    @Test
    void filledValuesAreTheDummySuppliersInDrawOrderAndCounted() {
        PrecomputedSpdzSupplier s = new PrecomputedSpdzSupplier(dummy());
        PrecomputedSpdzSupplier.Counts counts = new PrecomputedSpdzSupplier.Counts(2, 3, 0, 0, 0);
        s.fill(counts);
        SpdzDummyDataSupplier reference = dummy(); // same seed: fill drew triples, then bits
        for (int i = 0; i < 2; i++) {
            SpdzTriple want = reference.getNextTriple();
            SpdzTriple got = s.getNextTriple();
            assertSame(want.getA(), got.getA());
            assertSame(want.getB(), got.getB());
            assertSame(want.getC(), got.getC());
        }
        for (int i = 0; i < 3; i++) {
            assertSame(reference.getNextBit(), s.getNextBit());
        }
        assertEquals(counts, s.consumed());
        assertEquals(new PrecomputedSpdzSupplier.Counts(0, 0, 0, 0, 0), s.consumed());
        assertEquals(0, s.fallThroughs());
        s.requireDrained();
    }

    @Test
    void requireDrainedFailsWhenFilledValuesAreLeft() {
        PrecomputedSpdzSupplier s = new PrecomputedSpdzSupplier(dummy());
        s.fill(new PrecomputedSpdzSupplier.Counts(1, 1, 0, 0, 0));
        s.getNextTriple();
        assertThrows(IllegalStateException.class, s::requireDrained);
    }

    @Test
    void requestsBeyondTheFillAreServedByTheDummySupplierAndCounted() {
        PrecomputedSpdzSupplier s = new PrecomputedSpdzSupplier(dummy());
        s.fill(new PrecomputedSpdzSupplier.Counts(1, 0, 0, 0, 0));
        s.getNextTriple();
        SpdzTriple extra = s.getNextTriple();
        SpdzDummyDataSupplier reference = dummy();
        reference.getNextTriple();
        assertSame(reference.getNextTriple().getC(), extra.getC());
        assertEquals(1, s.fallThroughs());
    }
}
