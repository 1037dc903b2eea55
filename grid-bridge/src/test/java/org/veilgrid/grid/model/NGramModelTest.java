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

@SuppressWarnings("unchecked")
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

    /** The counting the model had before its training was bounded: a table of 256 counts per context. */
    private static byte[] naiveModel(byte[] corpus, int order) {
        java.util.TreeMap<String, int[]>[] counts = new java.util.TreeMap[order + 1];
        for (int j = 0; j <= order; j++) {
            counts[j] = new java.util.TreeMap<>();
        }
        for (int i = 0; i < corpus.length; i++) {
            for (int j = 0; j <= order && j <= i; j++) {
                String ctx = java.util.HexFormat.of().formatHex(corpus, i - j, i);
                counts[j].computeIfAbsent(ctx, c -> new int[256])[corpus[i] & 0xff]++;
            }
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes(new byte[] {'V', 'G', 'N', 'G', 1, (byte) order});
        for (int j = 0; j <= order; j++) {
            out.writeBytes(java.nio.ByteBuffer.allocate(4).putInt(counts[j].size()).array());
            for (var e : counts[j].entrySet()) {
                int arg = 0;
                for (int b = 1; b < 256; b++) {
                    if (e.getValue()[b] > e.getValue()[arg]) {
                        arg = b;
                    }
                }
                out.writeBytes(java.util.HexFormat.of().parseHex(e.getKey()));
                out.write(arg);
            }
        }
        return out.toByteArray();
    }

    @Test
    void sortedCountingTrainsExactlyTheModelOfNaiveCounting() throws Exception {
        java.util.SplittableRandom r = new java.util.SplittableRandom(13);
        for (int trial = 0; trial < 40; trial++) {
            byte[] corpus = new byte[1 + r.nextInt(2000)];
            int alphabet = 1 + r.nextInt(trial % 2 == 0 ? 4 : 256);
            for (int i = 0; i < corpus.length; i++) {
                corpus[i] = (byte) (trial % 3 == 0 ? 0xfe + r.nextInt(2) : r.nextInt(alphabet)); // high bytes: unsigned order
            }
            int order = 1 + r.nextInt(NGramModel.MAX_ORDER);
            assertArrayEquals(naiveModel(corpus, order), NGramModel.train(corpus, order).toBytes(),
                    "trial " + trial + ", order " + order + ", " + corpus.length + " bytes");
        }
        assertArrayEquals(naiveModel(corpus(), 4), NGramModel.train(corpus(), 4).toBytes());
    }

    @Test
    void aCorpusWithMoreContextsThanTheLimitIsRefusedAndOneAtTheLimitTrains() throws Exception {
        // A megabyte of random bytes has all 65 536 two-byte contexts: with the 256 one-byte
        // ones and the empty one, more than a model may hold.
        byte[] random = new byte[1_000_000];
        new java.util.Random(5).nextBytes(random);
        ParameterException tooMany = assertThrows(ParameterException.class, () -> NGramModel.train(random, 2));
        assertTrue(tooMany.getMessage().contains("contexts") && tooMany.getMessage().contains("65536"), tooMany.getMessage());
        assertThrows(ParameterException.class, () -> NGramModel.train(random, 4));
        assertEquals(256, NGramModel.train(random, 1).contexts(), "order 1 has at most 256 contexts");

        byte[] text = corpus();
        NGramModel full = NGramModel.train(text, 3);
        int rows = full.rows().size();
        assertEquals(rows, NGramModel.train(text, 3, rows).rows().size());
        assertThrows(ParameterException.class, () -> NGramModel.train(text, 3, rows - 1));
        assertThrows(ParameterException.class, () -> NGramModel.train(text, 3, NGramModel.MAX_CONTEXTS + 1));
        assertThrows(ParameterException.class, () -> NGramModel.train(new byte[NGramModel.MAX_CORPUS_BYTES + 1], 1));
    }

    @Test
    void oversizedModelsAreRefusedBeforeTheyAreRead(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        byte[] bytes = NGramModel.train(corpus(), 2).toBytes();
        java.nio.file.Path ok = dir.resolve("ok.bin");
        java.nio.file.Files.write(ok, bytes);
        assertArrayEquals(bytes, NGramModel.read(ok).toBytes());
        java.nio.file.Path huge = dir.resolve("huge.bin");
        try (var f = new java.io.RandomAccessFile(huge.toFile(), "rw")) {
            f.setLength(NGramModel.MAX_ENCODED_BYTES + 1); // sparse: nothing is written or read
        }
        MalformedInputException big = assertThrows(MalformedInputException.class, () -> NGramModel.read(huge));
        assertTrue(big.getMessage().contains("at most " + NGramModel.MAX_ENCODED_BYTES), big.getMessage());
        assertThrows(MalformedInputException.class, () -> NGramModel.fromBytes("m", new byte[(int) NGramModel.MAX_ENCODED_BYTES + 1]));
        // A table count above the limit (or negative as a signed int) is refused before any allocation.
        for (int claimed : new int[] {NGramModel.MAX_CONTEXTS + 1, -1}) {
            byte[] lying = bytes.clone();
            java.nio.ByteBuffer.wrap(lying).putInt(6 + 4 + 1, claimed); // the order-1 count
            assertTrue(assertThrows(MalformedInputException.class, () -> NGramModel.fromBytes("m", lying))
                    .getMessage().contains("contexts"));
        }
        assertThrows(org.veilgrid.core.errors.ParameterException.class, () -> NGramModel.read(dir.resolve("missing.bin")));
    }
}
