package org.veilgrid.grid.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.errors.ParameterException;

class NGramModelTest {
    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] corpus() throws Exception {
        try (var in = NGramModel.class.getResourceAsStream("/org/veilgrid/grid/corpus/gettysburg.txt")) {
            return in.readAllBytes();
        }
    }

    @Test
    void greedyCompletionFollowsTheMostFrequentNextByteWithBackoff() {
        NGramModel m = NGramModel.train(ascii("abcabcabd"), 2);
        // After "ab": 'c' twice, 'd' once. After "bc": 'a'. After "ca": 'b'.
        assertEquals('c', m.next(ascii("ab")));
        assertEquals("cabcabcabcabcabc", new String(m.complete(ascii("ab")), StandardCharsets.US_ASCII));
        // An unseen context backs off: "zb" -> "b" seen (next 'c'); "zz" -> order 0 ('a', 'b' tie... 'a' 3, 'b' 3: smaller wins).
        assertEquals('c', m.next(ascii("zb")));
        assertEquals('a', m.next(ascii("zz")));
        assertEquals(NGramModel.COMPLETION_BYTES, m.complete(new byte[0]).length);
    }

    @Test
    void theShippedCorpusTrainsAModelThatContinuesItsOwnText() throws Exception {
        NGramModel m = NGramModel.train(corpus(), 3);
        // "ath" is followed by 'e' in the corpus ("fathers"); then "the" is most often followed by a space.
        String got = new String(m.complete(ascii("Four score and seven years ago our fath")), StandardCharsets.US_ASCII);
        assertTrue(got.startsWith("e "), got);
        Map<byte[], byte[]> table = m.completionTable();
        assertEquals(m.contexts(), table.size());
        for (Map.Entry<byte[], byte[]> e : table.entrySet()) {
            assertArrayEquals(m.complete(e.getKey()), e.getValue());
        }
    }

    @Test
    void theWireFormatRoundTripsAndRejectsBadInput() throws Exception {
        NGramModel m = NGramModel.train(corpus(), 2);
        byte[] bytes = m.toBytes();
        NGramModel back = NGramModel.fromBytes("model.bin", bytes);
        assertArrayEquals(m.complete(ascii("th")), back.complete(ascii("th")));
        assertArrayEquals(bytes, back.toBytes());
        assertThrows(MalformedInputException.class, () -> NGramModel.fromBytes("m", new byte[0]));
        assertThrows(MalformedInputException.class, () -> NGramModel.fromBytes("m", Arrays.copyOf(bytes, bytes.length - 1)));
        byte[] trailing = Arrays.copyOf(bytes, bytes.length + 1);
        assertThrows(MalformedInputException.class, () -> NGramModel.fromBytes("m", trailing));
        byte[] badOrder = bytes.clone();
        badOrder[5] = 9;
        assertThrows(MalformedInputException.class, () -> NGramModel.fromBytes("m", badOrder));
        byte[] badVersion = bytes.clone();
        badVersion[4] = 2;
        assertTrue(assertThrows(MalformedInputException.class, () -> NGramModel.fromBytes("m", badVersion))
                .getMessage().contains("version"));
        // Swap two order-1 contexts: no longer strictly increasing.
        byte[] swapped = bytes.clone();
        int order1 = 6 + 4 + 1 + 4; // header, order-0 count, its entry, order-1 count
        byte t = swapped[order1];
        swapped[order1] = swapped[order1 + 2];
        swapped[order1 + 2] = t;
        assertThrows(MalformedInputException.class, () -> NGramModel.fromBytes("m", swapped));
        assertThrows(ParameterException.class, () -> NGramModel.train(new byte[0], 2));
        assertThrows(ParameterException.class, () -> NGramModel.train(ascii("x"), 5));
    }
}
