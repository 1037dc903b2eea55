package org.veilgrid.grid.model;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.errors.ParameterException;

/**
 * A byte-level n-gram language model: for every context of up to k bytes seen in the training
 * corpus, the byte that most often followed it (ties go to the smaller byte). A completion
 * extends a context greedily, one byte at a time, using the longest seen suffix of the current
 * context (backing off to shorter ones, down to the corpus's most common byte). Deterministic:
 * the same corpus gives the same model and the same completions. Immutable.
 *
 * <p>This is the model a grid node serves; the encrypted path evaluates the same completions by
 * selecting the context's row of {@link #completionTable} homomorphically.
 */
public final class NGramModel {
    /** Bytes a completion returns: one request, up to this many continuation bytes. */
    public static final int COMPLETION_BYTES = 16;
    public static final int MAX_ORDER = 4;
    private static final byte[] MAGIC = {'V', 'G', 'N', 'G'};
    private static final int VERSION = 1;
    /**
     * A model has at most this many contexts (all orders together): its rows, which the encrypted
     * path packs 1 024 to a BFV ciphertext (N = 8192), so a query is at most 64 ciphertexts.
     */
    public static final int MAX_CONTEXTS = 1 << 16;
    /** The largest corpus {@link #train} takes (16 MiB): training needs about 8 bytes per corpus byte. */
    public static final int MAX_CORPUS_BYTES = 16 << 20;
    /** The largest model file: header, five table counts, and every context with its next byte. */
    public static final long MAX_ENCODED_BYTES = 6 + 4L * (MAX_ORDER + 1) + (long) MAX_CONTEXTS * (MAX_ORDER + 1);

    private final int order;
    /** best[j]: context of j bytes (as a key) -> most frequent next byte. */
    private final Map<Key, Integer>[] best;

    private NGramModel(int order, Map<Key, Integer>[] best) {
        this.order = order;
        this.best = best;
    }

    /** Byte strings compared as unsigned bytes, usable as map keys. */
    private record Key(byte[] bytes) implements Comparable<Key> {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key && Arrays.equals(bytes, ((Key) o).bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public int compareTo(Key o) {
            return Arrays.compareUnsigned(bytes, o.bytes);
        }
    }

    /** The shipped public-domain training corpus (the Gettysburg Address), as bytes. */
    public static byte[] shippedCorpus() {
        try (java.io.InputStream in = NGramModel.class.getResourceAsStream("/org/veilgrid/grid/corpus/gettysburg.txt")) {
            if (in == null) {
                throw new IllegalStateException("the shipped corpus is missing from the jar");
            }
            return in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Trains an order-k model on a corpus, with at most {@value #MAX_CONTEXTS} contexts.
     *
     * @throws ParameterException as {@link #train(byte[], int, int)}
     */
    public static NGramModel train(byte[] corpus, int order) {
        return train(corpus, order, MAX_CONTEXTS);
    }

    /**
     * Trains an order-k model on a corpus of at most {@value #MAX_CORPUS_BYTES} bytes, refusing
     * one whose distinct contexts (all orders together, the model's rows) would exceed
     * {@code maxContexts}. Memory stays within about 8 bytes per corpus byte plus the model: each
     * order is counted by sorting one int per corpus position, never with a table per context,
     * so a large or random corpus is refused before it can exhaust the heap.
     *
     * @throws ParameterException if k is outside [1, {@value #MAX_ORDER}], {@code maxContexts}
     *     outside [1, {@value #MAX_CONTEXTS}], the corpus is empty or too large, or it has more
     *     distinct contexts than {@code maxContexts}
     */
    public static NGramModel train(byte[] corpus, int order, int maxContexts) {
        if (order < 1 || order > MAX_ORDER) {
            throw new ParameterException("model order must lie in [1, " + MAX_ORDER + "], got " + order);
        }
        if (maxContexts < 1 || maxContexts > MAX_CONTEXTS) {
            throw new ParameterException("the context limit must lie in [1, " + MAX_CONTEXTS + "], got " + maxContexts);
        }
        if (corpus == null || corpus.length == 0) {
            throw new ParameterException("the corpus is empty");
        }
        if (corpus.length > MAX_CORPUS_BYTES) {
            throw new ParameterException("the corpus has " + corpus.length + " bytes; at most " + MAX_CORPUS_BYTES
                    + " can be trained on");
        }
        @SuppressWarnings("unchecked")
        Map<Key, Integer>[] best = new Map[order + 1];
        best[0] = new TreeMap<>();
        best[0].put(new Key(new byte[0]), mostFrequentByte(corpus));
        int total = 1;
        // The longest contexts are the most numerous: count them first to refuse early.
        for (int j = order; j >= 1; j--) {
            best[j] = trainOrder(corpus, j, maxContexts - total, maxContexts);
            total += best[j].size();
        }
        return new NGramModel(order, best);
    }

    /** The corpus's most frequent byte (ties to the smaller): the order-0 row. */
    private static int mostFrequentByte(byte[] corpus) {
        int[] count = new int[256];
        for (byte b : corpus) {
            count[b & 0xff]++;
        }
        int arg = 0;
        for (int b = 1; b < 256; b++) {
            if (count[b] > count[arg]) {
                arg = b;
            }
        }
        return arg;
    }

    /**
     * The contexts of exactly j bytes with their most frequent next byte, or a refusal once there
     * are more than {@code room} (what {@code limit}, the model's total, leaves). One int per position: first the context (j &le; 4 bytes,
     * big-endian, sign bit flipped so a signed sort is the unsigned byte order) to count the
     * distinct contexts, then (context's index &lt;&lt; 8 | next byte) to count what follows each.
     */
    private static Map<Key, Integer> trainOrder(byte[] corpus, int j, int room, int limit) {
        Map<Key, Integer> out = new TreeMap<>();
        int positions = corpus.length - j;
        if (positions <= 0) {
            return out;
        }
        int[] codes = new int[positions];
        for (int i = j; i < corpus.length; i++) {
            codes[i - j] = contextCode(corpus, i - j, j);
        }
        Arrays.sort(codes);
        int distinct = 0;
        for (int p = 0; p < positions; p++) {
            if (p == 0 || codes[p] != codes[p - 1]) {
                codes[distinct++] = codes[p];
                if (distinct > room) {
                    throw new ParameterException("the corpus has more distinct contexts than the limit of " + limit
                            + " (all orders together; " + j + "-byte ones alone exceed " + room
                            + "): train with a lower order or on a smaller, less varied corpus");
                }
            }
        }
        int[] contexts = Arrays.copyOf(codes, distinct);
        for (int i = j; i < corpus.length; i++) {
            codes[i - j] = Arrays.binarySearch(contexts, contextCode(corpus, i - j, j)) << 8 | (corpus[i] & 0xff);
        }
        Arrays.sort(codes);
        // Runs of equal codes are one (context, next byte) pair; a context's pairs are adjacent,
        // in increasing next byte, so a strict comparison keeps the smaller byte on a tie.
        int p = 0;
        while (p < positions) {
            int context = codes[p] >>> 8;
            int arg = -1;
            int argCount = 0;
            while (p < positions && codes[p] >>> 8 == context) {
                int pair = codes[p];
                int run = 0;
                while (p < positions && codes[p] == pair) {
                    run++;
                    p++;
                }
                if (run > argCount) {
                    argCount = run;
                    arg = pair & 0xff;
                }
            }
            out.put(new Key(contextBytes(contexts[context], j)), arg);
        }
        return out;
    }

    private static int contextCode(byte[] corpus, int from, int j) {
        int c = 0;
        for (int k = 0; k < j; k++) {
            c = c << 8 | (corpus[from + k] & 0xff);
        }
        return c ^ Integer.MIN_VALUE;
    }

    private static byte[] contextBytes(int code, int j) {
        int c = code ^ Integer.MIN_VALUE;
        byte[] out = new byte[j];
        for (int k = j - 1; k >= 0; k--) {
            out[k] = (byte) c;
            c >>>= 8;
        }
        return out;
    }

    public int order() {
        return order;
    }

    /** Number of distinct contexts of exactly k bytes (the rows of {@link #completionTable}). */
    public int contexts() {
        return best[order].size();
    }

    /** Number of rows: the seen contexts of every order, 0 to k (at most {@value #MAX_CONTEXTS}). */
    public int rowCount() {
        int n = 0;
        for (Map<Key, Integer> m : best) {
            n += m.size();
        }
        return n;
    }

    /** The byte most likely to follow {@code context}, by its longest seen suffix. */
    public int next(byte[] context) {
        for (int j = Math.min(order, context.length); j >= 0; j--) {
            Integer b = best[j].get(new Key(Arrays.copyOfRange(context, context.length - j, context.length)));
            if (b != null) {
                return b;
            }
        }
        throw new IllegalStateException("a trained model always has an order-0 entry");
    }

    /** The greedy continuation of {@code context}: {@value #COMPLETION_BYTES} bytes. */
    public byte[] complete(byte[] context) {
        byte[] window = context.length > order ? Arrays.copyOfRange(context, context.length - order, context.length)
                : context.clone();
        byte[] out = new byte[COMPLETION_BYTES];
        for (int i = 0; i < out.length; i++) {
            int b = next(window);
            out[i] = (byte) b;
            byte[] grown = Arrays.copyOf(window, Math.min(order, window.length + 1));
            if (window.length >= order) {
                System.arraycopy(window, 1, grown, 0, order - 1);
            }
            grown[grown.length - 1] = (byte) b;
            window = grown;
        }
        return out;
    }

    /**
     * The rows a node serves: every seen context of every order, longest first (order k down to
     * 0), in unsigned byte order within an order, each with its greedy completion. A request is
     * answered by the row of the longest suffix of its context that has one ({@link #lookup}), so
     * a node answering in the clear and one answering under encryption agree exactly.
     */
    public java.util.List<Row> rows() {
        java.util.List<Row> out = new java.util.ArrayList<>();
        for (int j = order; j >= 0; j--) {
            for (Key k : best[j].keySet()) {
                out.add(new Row(k.bytes.clone(), complete(k.bytes)));
            }
        }
        return out;
    }

    /** One served row: a context and its {@value #COMPLETION_BYTES}-byte completion. */
    public record Row(byte[] context, byte[] completion) {
    }

    /** The index in {@link #rows} of the longest suffix of {@code context} (at most k bytes) that has a row. */
    public int rowIndex(byte[] context) {
        int base = 0;
        int[] offsets = new int[order + 1];
        for (int j = order; j >= 0; j--) {
            offsets[j] = base;
            base += best[j].size();
        }
        for (int j = Math.min(order, context.length); j >= 0; j--) {
            Key k = new Key(Arrays.copyOfRange(context, context.length - j, context.length));
            if (best[j].containsKey(k)) {
                return offsets[j] + ((TreeMap<Key, Integer>) best[j]).headMap(k).size();
            }
        }
        throw new IllegalStateException("a trained model always has an order-0 row");
    }

    /** The served answer for {@code context}: the completion of its longest suffix with a row. */
    public byte[] lookup(byte[] context) {
        for (int j = Math.min(order, context.length); j >= 0; j--) {
            byte[] suffix = Arrays.copyOfRange(context, context.length - j, context.length);
            if (best[j].containsKey(new Key(suffix))) {
                return complete(suffix);
            }
        }
        throw new IllegalStateException("a trained model always has an order-0 row");
    }

    /**
     * Every seen k-byte context with its completion, in unsigned byte order.
     */
    public Map<byte[], byte[]> completionTable() {
        Map<byte[], byte[]> out = new java.util.LinkedHashMap<>();
        for (Key k : best[order].keySet()) {
            out.put(k.bytes.clone(), complete(k.bytes));
        }
        return out;
    }

    // ------------------------------------------------------------------ wire format

    /**
     * "VGNG", version (u8), order (u8), then for each order j = 0..k: the number of contexts
     * (u32) and, in strictly increasing unsigned byte order, each context (j bytes) followed by
     * its best next byte.
     */
    public byte[] toBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(MAGIC);
        out.write(VERSION);
        out.write(order);
        for (int j = 0; j <= order; j++) {
            out.writeBytes(ByteBuffer.allocate(4).putInt(best[j].size()).array());
            for (Map.Entry<Key, Integer> e : best[j].entrySet()) {
                out.writeBytes(e.getKey().bytes);
                out.write(e.getValue());
            }
        }
        return out.toByteArray();
    }

    /**
     * Reads a model file ({@link #toBytes} format), refusing one over {@link #MAX_ENCODED_BYTES}
     * before reading it.
     *
     * @throws ParameterException if the file is missing or unreadable
     * @throws MalformedInputException if it is too large or not a valid model
     */
    public static NGramModel read(java.nio.file.Path file) {
        return fromBytes(file.toString(), org.veilgrid.core.io.LocalFiles.readBounded(file, MAX_ENCODED_BYTES));
    }

    /** @throws MalformedInputException for a wrong header or size, truncation, disorder or trailing bytes */
    @SuppressWarnings("unchecked")
    public static NGramModel fromBytes(String where, byte[] bytes) {
        if (bytes.length > MAX_ENCODED_BYTES) {
            throw new MalformedInputException(where, bytes.length + " bytes; a model is at most " + MAX_ENCODED_BYTES);
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        if (bytes.length < 6 || !Arrays.equals(Arrays.copyOf(bytes, 4), MAGIC)) {
            throw new MalformedInputException(where, "not a Veilgrid n-gram model (bad magic)");
        }
        b.position(4);
        int version = b.get() & 0xff;
        if (version != VERSION) {
            throw new MalformedInputException(where, "model version " + version + " is not supported (expected " + VERSION + ")");
        }
        int order = b.get() & 0xff;
        if (order < 1 || order > MAX_ORDER) {
            throw new MalformedInputException(where, "model order " + order + " lies outside [1, " + MAX_ORDER + "]");
        }
        Map<Key, Integer>[] best = new Map[order + 1];
        long total = 0;
        for (int j = 0; j <= order; j++) {
            if (b.remaining() < 4) {
                throw new MalformedInputException(where, "truncated before the order-" + j + " table");
            }
            long count = b.getInt() & 0xffffffffL;
            total += count;
            if (total > MAX_CONTEXTS || (j == 0 && count != 1) || count * (j + 1) > b.remaining()) {
                throw new MalformedInputException(where, "order-" + j + " table claims " + count
                        + " contexts (a model has at most " + MAX_CONTEXTS + " in all, and one of order 0)");
            }
            best[j] = new TreeMap<>();
            Key previous = null;
            for (int i = 0; i < count; i++) {
                byte[] ctx = new byte[j];
                b.get(ctx);
                Key k = new Key(ctx);
                if (previous != null && previous.compareTo(k) >= 0) {
                    throw new MalformedInputException(where, "order-" + j + " contexts are not strictly increasing");
                }
                previous = k;
                best[j].put(k, b.get() & 0xff);
            }
        }
        if (b.hasRemaining()) {
            throw new MalformedInputException(where, b.remaining() + " trailing bytes");
        }
        return new NGramModel(order, best);
    }

    @Override
    public String toString() {
        return "NGramModel(order " + order + ", " + contexts() + " contexts)";
    }
}
