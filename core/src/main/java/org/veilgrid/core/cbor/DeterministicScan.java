package org.veilgrid.core.cbor;

import java.util.Arrays;

import org.veilgrid.core.errors.MalformedInputException;

/**
 * Checks, before any item is built, that bytes are one data item in RFC 8949 §4.2.1 core
 * deterministic encoding and inside a {@link CborProfile}.
 *
 * <p>The CBOR library builds the data model; it is lenient on input (it accepts long forms,
 * indefinite lengths and unsorted maps) because most CBOR users want that. A signed statement
 * must have exactly one encoding, so that what was signed is what is read, and a hostile input
 * must not make the decoder allocate or recurse without bound. This pass walks the item heads
 * only — major type, argument, length — and names the first rule broken:
 * <ul>
 *   <li>every argument in its shortest form (§4.2.1), lengths definite;</li>
 *   <li>map keys strictly increasing in the bytewise order of their encodings (so no duplicates);</li>
 *   <li>no reserved additional information (28–30), no break outside an indefinite item;</li>
 *   <li>simple values only {@code false}, {@code true}, {@code null}; no floating point (no Veilgrid
 *       format has one, so a float is malformed rather than a value to be rounded);</li>
 *   <li>tags only from the profile's list; depth, lengths and size within the profile;</li>
 *   <li>exactly one item, no trailing bytes.</li>
 * </ul>
 * It never allocates in proportion to a length it reads.
 */
final class DeterministicScan {

    private final byte[] in;
    private final CborProfile profile;
    private final String what;
    private int pos;

    private DeterministicScan(byte[] in, CborProfile profile, String what) {
        this.in = in;
        this.profile = profile;
        this.what = what;
    }

    /** Checks {@code bytes}; {@code what} names the input in the error message. */
    static void check(byte[] bytes, CborProfile profile, String what) {
        if (bytes.length == 0) {
            throw new MalformedInputException(what, "empty: no CBOR item");
        }
        if (bytes.length > profile.maxBytes()) {
            throw new MalformedInputException(what, bytes.length + " bytes, more than the " + profile.maxBytes()
                    + " this format allows");
        }
        DeterministicScan scan = new DeterministicScan(bytes, profile, what);
        scan.item(0);
        if (scan.pos != bytes.length) {
            throw new MalformedInputException(what, (bytes.length - scan.pos) + " trailing bytes after the CBOR item");
        }
    }

    private MalformedInputException bad(int at, String rule) {
        return new MalformedInputException(what, "byte " + at + ": " + rule);
    }

    private int u8() {
        if (pos >= in.length) {
            throw new MalformedInputException(what, "truncated at byte " + pos);
        }
        return in[pos++] & 0xff;
    }

    /** Reads one item starting at {@link #pos}; depth counts the containers around it. */
    private void item(int depth) {
        int start = pos;
        int initial = u8();
        int major = initial >>> 5;
        int info = initial & 0x1f;
        if (info == 31) {
            throw bad(start, major == 7 ? "a break code outside an indefinite-length item"
                    : "indefinite length (deterministic CBOR uses definite lengths only)");
        }
        if (info >= 28) {
            throw bad(start, "reserved additional information " + info);
        }
        long argument = argument(start, info, major);
        switch (major) {
            case 0:
            case 1:
                return;
            case 2:
            case 3:
                skip(start, argument, major == 2 ? "byte string" : "text string");
                return;
            case 4:
                container(depth, start, argument, "array");
                for (long i = 0; i < argument; i++) {
                    item(depth + 1);
                }
                return;
            case 5:
                container(depth, start, argument, "map");
                int previousKey = -1;
                int previousKeyEnd = -1;
                for (long i = 0; i < argument; i++) {
                    int keyStart = pos;
                    item(depth + 1);
                    int keyEnd = pos;
                    if (previousKey >= 0 && Arrays.compareUnsigned(in, previousKey, previousKeyEnd, in, keyStart, keyEnd) >= 0) {
                        throw bad(keyStart, Arrays.equals(in, previousKey, previousKeyEnd, in, keyStart, keyEnd)
                                ? "duplicate map key" : "map keys not in bytewise order of their encodings");
                    }
                    previousKey = keyStart;
                    previousKeyEnd = keyEnd;
                    item(depth + 1);
                }
                return;
            case 6:
                if (!profile.allowedTags().contains(argument)) {
                    throw bad(start, "tag " + Long.toUnsignedString(argument) + " is not allowed in this format");
                }
                if (depth + 1 > profile.maxDepth()) {
                    throw bad(start, "nested deeper than " + profile.maxDepth());
                }
                item(depth + 1);
                return;
            default:
                if (info >= 25) {
                    throw bad(start, "a floating-point number (no Veilgrid format has one)");
                }
                if (argument < 20 || argument > 22) {
                    throw bad(start, "simple value " + argument + " (only false, true and null are used)");
                }
        }
    }

    /** The head's argument, refusing any but the shortest form. */
    private long argument(int start, int info, int major) {
        if (info < 24) {
            return info;
        }
        if (major == 7) {
            // Simple values 24 (one-byte simple) and floats 25..27: judged by the caller.
            if (info == 24) {
                int v = u8();
                if (v < 32) {
                    throw bad(start, "simple value " + v + " in the two-byte form");
                }
                return v;
            }
            int size = 1 << (info - 24);
            need(start, size);
            pos += size;
            return -1;
        }
        int size = 1 << (info - 24);
        need(start, size);
        long value = 0;
        for (int i = 0; i < size; i++) {
            value = (value << 8) | (in[pos++] & 0xff);
        }
        long smallest = size == 1 ? 24 : size == 2 ? 0x100 : size == 4 ? 0x1_0000L : 0x1_0000_0000L;
        if (Long.compareUnsigned(value, smallest) < 0) {
            throw bad(start, "argument " + Long.toUnsignedString(value) + " not in its shortest form");
        }
        return value;
    }

    private void need(int start, long count) {
        if (count > in.length - pos) {
            throw new MalformedInputException(what, "truncated: the item at byte " + start + " needs " + count
                    + " more bytes but only " + (in.length - pos) + " remain");
        }
    }

    private void skip(int start, long length, String kind) {
        if (length < 0 || length > profile.maxLength()) {
            throw bad(start, kind + " of " + Long.toUnsignedString(length) + " bytes, more than the "
                    + profile.maxLength() + " allowed");
        }
        need(start, length);
        pos += (int) length;
    }

    private void container(int depth, int start, long count, String kind) {
        if (depth + 1 > profile.maxDepth()) {
            throw bad(start, "nested deeper than " + profile.maxDepth());
        }
        if (count < 0 || count > profile.maxLength()) {
            throw bad(start, kind + " of " + Long.toUnsignedString(count) + " entries, more than the "
                    + profile.maxLength() + " allowed");
        }
        // Each element takes at least one byte: a count beyond what is left is a truncation,
        // found here before walking it.
        need(start, kind.equals("map") ? 2 * count : count);
    }
}
