package org.veilgrid.core.cbor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.Random;
import java.util.Set;

import com.upokecenter.cbor.CBORObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.veilgrid.core.errors.MalformedInputException;

class CborTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final CborProfile TAGGED = CborProfile.STATEMENT.allowingTags(1L, 23L);

    /** RFC 8949 Appendix A: items whose encoding is already the deterministic one. */
    @ParameterizedTest
    @CsvSource({
        "00", "17", "1818", "1864", "1903e8", "1a000f4240", "1b000000e8d4a51000", "1bffffffffffffffff",
        "20", "29", "3863", "3903e7",
        "40", "4401020304", "60", "6161", "6449455446", "62c3bc",
        "80", "83010203", "8301820203820405", "a0", "a201020304", "a26161016162820203",
        "826161a161626163", "c11a514b67b0", "d74401020304", "f4", "f5", "f6",
    })
    void appendixAItemsDecodeAndReencodeByteForByte(String hex) {
        byte[] bytes = HEX.parseHex(hex);
        CBORObject item = Cbor.decode(bytes, TAGGED, "vector");
        assertArrayEquals(bytes, Cbor.encode(item), hex);
    }

    @Test
    void theEncoderSortsMapKeysBytewiseByTheirEncodings() {
        CBORObject map = CBORObject.NewMap();
        map.Add("aa", 1).Add("b", 2).Add(-25, 3).Add(-2, 4).Add(100, 5).Add(10, 6);
        map.Add(CBORObject.FromObject(new byte[] {2}), 7).Add(CBORObject.FromObject(new byte[] {1, 1}), 8);
        // 0a < 1864 < 21 < 3818 < 4102 < 420101 < 6162 < 626161
        assertEquals("a80a06186405210438180341020742010108616202626161" + "01", HEX.formatHex(Cbor.encode(map)));
    }

    private static MalformedInputException refused(String hex) {
        return assertThrows(MalformedInputException.class,
                () -> Cbor.decode(HEX.parseHex(hex), CborProfile.STATEMENT, "test item"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "1805 | not in its shortest form",
        "190017 | not in its shortest form",
        "1a0000ffff | not in its shortest form",
        "1b00000000ffffffff | not in its shortest form",
        "5801ff | not in its shortest form",
        "9f0102ff | indefinite length",
        "5f4101ff | indefinite length",
        "ff | break code",
        "a202010101 | bytewise order",
        "a201010102 | duplicate map key",
        "a2616201616101 | bytewise order",
        "0102 | trailing bytes",
        "1c | reserved additional information",
        "f93e00 | floating-point",
        "fa3fc00000 | floating-point",
        "f7 | simple value 23",
        "f820 | simple value 32",
        "f818 | two-byte form",
        "c11a514b67b0 | tag 1 is not allowed",
        "d82a420102 | tag 42 is not allowed",
        "1a0000 | truncated",
        "44010203 | truncated",
        "83 | truncated",
        "8301 | truncated",
        "a1 | truncated",
        " | empty",
    })
    void eachBrokenRuleIsNamed(String hex, String rule) {
        MalformedInputException e = refused(hex == null ? "" : hex);
        assertTrue(e.getMessage().contains(rule), e.getMessage());
        assertTrue(e.getMessage().startsWith("test item: "), e.getMessage());
    }

    @Test
    void invalidUtf8InATextStringIsRefused() {
        refused("62c328");
    }

    @Test
    void depthLengthAndSizeFollowTheProfile() {
        CborProfile small = new CborProfile(16, 2, 4, Set.of());
        assertArrayEquals(HEX.parseHex("818100"), Cbor.encode(Cbor.decode(HEX.parseHex("818100"), small, "x")));
        MalformedInputException deep = assertThrows(MalformedInputException.class,
                () -> Cbor.decode(HEX.parseHex("81818100"), small, "x"));
        assertTrue(deep.getMessage().contains("nested deeper than 2"), deep.getMessage());
        MalformedInputException longArray = assertThrows(MalformedInputException.class,
                () -> Cbor.decode(HEX.parseHex("850102030405"), small, "x"));
        assertTrue(longArray.getMessage().contains("array of 5 entries"), longArray.getMessage());
        MalformedInputException longString = assertThrows(MalformedInputException.class,
                () -> Cbor.decode(HEX.parseHex("450102030405"), small, "x"));
        assertTrue(longString.getMessage().contains("byte string of 5 bytes"), longString.getMessage());
        MalformedInputException big = assertThrows(MalformedInputException.class,
                () -> Cbor.decode(new byte[17], small, "x"));
        assertTrue(big.getMessage().contains("17 bytes, more than the 16"), big.getMessage());
    }

    @Test
    void aHugeDeclaredLengthIsRefusedWithoutAllocating() {
        // A byte string claiming 2^63 bytes, and an array claiming 2^32 elements.
        refused("5b8000000000000000");
        refused("9b0000000100000000");
        MalformedInputException e = refused("9a00010000");
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    /** Random structures: the decoder accepts what the encoder writes and gives it back unchanged. */
    @Test
    void randomItemsRoundTripByteForByte() {
        Random random = new Random(13);
        for (int i = 0; i < 2000; i++) {
            CBORObject item = randomItem(random, 0);
            byte[] bytes = Cbor.encode(item);
            CBORObject back = Cbor.decode(bytes, new CborProfile(1 << 20, 8, 1 << 16, Set.of()), "random");
            assertArrayEquals(bytes, Cbor.encode(back));
            assertEquals(item, back);
        }
    }

    static CBORObject randomItem(Random random, int depth) {
        int kind = random.nextInt(depth >= 4 ? 5 : 7);
        switch (kind) {
            case 0:
                return CBORObject.FromObject(random.nextLong() >> random.nextInt(64));
            case 1:
                byte[] b = new byte[random.nextInt(40)];
                random.nextBytes(b);
                return CBORObject.FromObject(b);
            case 2:
                return CBORObject.FromObject("t" + random.nextInt(1000));
            case 3:
                return random.nextBoolean() ? CBORObject.True : CBORObject.False;
            case 4:
                return CBORObject.Null;
            case 5:
                CBORObject array = CBORObject.NewArray();
                for (int i = random.nextInt(5); i > 0; i--) {
                    array.Add(randomItem(random, depth + 1));
                }
                return array;
            default:
                CBORObject map = CBORObject.NewMap();
                for (int i = random.nextInt(5); i > 0; i--) {
                    CBORObject key = random.nextBoolean() ? CBORObject.FromObject(random.nextInt(50) - 25)
                            : CBORObject.FromObject("k" + random.nextInt(30));
                    if (!map.ContainsKey(key)) {
                        map.Add(key, randomItem(random, depth + 1));
                    }
                }
                return map;
        }
    }
}
