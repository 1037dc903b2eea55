package org.veilgrid.core.cbor;

import java.util.Set;

import org.veilgrid.core.errors.ParameterException;

/**
 * What a decoder accepts beyond well-formed deterministic CBOR: how large the input may be, how
 * deeply it may nest, how long any one string, array or map may be, and which tags may appear.
 *
 * <p>Each format states its own profile, so a promise decoder never allocates for a megabyte
 * item and a schema without tags refuses one instead of guessing what it means.
 *
 * @param maxBytes    the whole encoded item, in bytes
 * @param maxDepth    nesting of arrays, maps and tags (a scalar at top level has depth 0)
 * @param maxLength   the longest byte or text string (bytes) and the most elements of an array
 *                    or entries of a map
 * @param allowedTags tag numbers that may appear anywhere in the item
 */
public record CborProfile(int maxBytes, int maxDepth, int maxLength, Set<Long> allowedTags) {

    /** Small statements: 64 KiB, depth 8, no tags. */
    public static final CborProfile STATEMENT = new CborProfile(64 << 10, 8, 64 << 10, Set.of());

    public CborProfile {
        if (maxBytes < 1 || maxDepth < 0 || maxDepth > 64 || maxLength < 0) {
            throw new ParameterException("CBOR profile needs maxBytes >= 1, maxDepth in [0, 64], maxLength >= 0");
        }
        allowedTags = Set.copyOf(allowedTags);
        for (long tag : allowedTags) {
            if (tag < 0) {
                throw new ParameterException("CBOR tag numbers are unsigned, got " + tag);
            }
        }
    }

    /** This profile with {@code tags} allowed too. */
    public CborProfile allowingTags(Long... tags) {
        java.util.Set<Long> all = new java.util.HashSet<>(allowedTags);
        all.addAll(java.util.List.of(tags));
        return new CborProfile(maxBytes, maxDepth, maxLength, all);
    }

    /** This profile with another size bound. */
    public CborProfile withMaxBytes(int bytes) {
        return new CborProfile(bytes, maxDepth, Math.min(maxLength, bytes), allowedTags);
    }
}
