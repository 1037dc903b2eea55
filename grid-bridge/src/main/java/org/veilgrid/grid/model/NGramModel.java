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
    /** A model file holds at most this many contexts (all orders together). */
    public static final int MAX_CONTEXTS = 1 << 22;

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
     * Trains an order-k model on a corpus.
     *
     * @throws ParameterException if k is outside [1, {@value #MAX_ORDER}] or the corpus is empty
     */
    @SuppressWarnings("unchecked")
    public static NGramModel train(byte[] corpus, int order) {
        if (order < 1 || order > MAX_ORDER) {
            throw new ParameterException("model order must lie in [1, " + MAX_ORDER + "], got " + order);
        }
        if (corpus == null || corpus.length == 0) {
            throw new ParameterException("the corpus is empty");
        }
        Map<Key, int[]>[] counts = new Map[order + 1];
        for (int j = 0; j <= order; j++) {
            counts[j] = new TreeMap<>();
        }
        for (int i = 0; i < corpus.length; i++) {
            int next = corpus[i] & 0xff;
            for (int j = 0; j <= order && j <= i; j++) {
                Key ctx = new Key(Arrays.copyOfRange(corpus, i - j, i));
                counts[j].computeIfAbsent(ctx, c -> new int[256])[next]++;
            }
        }
        Map<Key, Integer>[] best = new Map[order + 1];
        for (int j = 0; j <= order; j++) {
            best[j] = new TreeMap<>();
            for (Map.Entry<Key, int[]> e : counts[j].entrySet()) {
                int[] c = e.getValue();
                int arg = 0;
                for (int b = 1; b < 256; b++) {
                    if (c[b] > c[arg]) {
                        arg = b;
                    }
                }
                best[j].put(e.getKey(), arg);
            }
        }
        return new NGramModel(order, best);
    }

    public int order() {
        return order;
    }

    /** Number of distinct contexts of exactly k bytes (the rows of {@link #completionTable}). */
    public int contexts() {
        return best[order].size();
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

    /** @throws MalformedInputException for a wrong header, truncation, disorder or trailing bytes */
    @SuppressWarnings("unchecked")
    public static NGramModel fromBytes(String where, byte[] bytes) {
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
            int count = b.getInt();
            total += count;
            if (count < 0 || total > MAX_CONTEXTS || (j == 0 && count != 1) || (long) count * (j + 1) > b.remaining()) {
                throw new MalformedInputException(where, "order-" + j + " table claims " + count + " contexts");
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
