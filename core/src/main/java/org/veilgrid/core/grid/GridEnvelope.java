package org.veilgrid.core.grid;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import com.upokecenter.numbers.EInteger;
import org.veilgrid.core.cbor.Cbor;
import org.veilgrid.core.cbor.CborProfile;
import org.veilgrid.core.errors.MalformedInputException;

/**
 * A PromiseGrid {@code grid} message: CBOR tag {@value #GRID_TAG} ({@code da 67 72 69 64}, "grid")
 * over an array whose slot 0 is the protocol CID as a tag-42 CID link and whose remaining slots
 * the protocol defines.
 *
 * <pre>
 * 1735551332([ 42(h'00' || pCID), slot 1, slot 2, ... ])
 * </pre>
 *
 * <p>As in IPLD's DAG-CBOR, the tag-42 byte string is the binary CID behind a single 0x00 (the
 * identity multibase prefix). A receiver accepts only protocols it knows: an unknown pCID is
 * refused, never guessed at.
 *
 * @param protocol the pCID of the protocol that defines the slots
 * @param slots    the protocol's slots (slot 1 onwards)
 */
public record GridEnvelope(ProtocolId protocol, List<CBORObject> slots) {

    /** The registered {@code grid} tag: the ASCII bytes "grid" read as a big-endian integer. */
    public static final long GRID_TAG = 1735551332L;
    /** IPLD's CID link tag. */
    public static final long CID_TAG = 42;

    public GridEnvelope {
        Objects.requireNonNull(protocol, "protocol");
        slots = List.copyOf(slots);
    }

    /** The envelope's deterministic CBOR encoding. */
    public byte[] encode() {
        CBORObject array = CBORObject.NewArray();
        byte[] cid = protocol.bytes();
        byte[] link = new byte[cid.length + 1];
        System.arraycopy(cid, 0, link, 1, cid.length);
        array.Add(CBORObject.FromObjectAndTag(link, (int) CID_TAG));
        for (CBORObject slot : slots) {
            array.Add(slot);
        }
        return Cbor.encode(CBORObject.FromObjectAndTag(array, EInteger.FromInt64(GRID_TAG)));
    }

    /**
     * Reads a {@code grid} message for one of {@code known} protocols, within {@code profile}
     * (which must allow tags {@value #GRID_TAG} and {@value #CID_TAG}).
     *
     * @throws MalformedInputException if the bytes are not deterministic CBOR within the profile,
     *         not a {@code grid}-tagged array, slot 0 is not a tag-42 CID link, or the protocol is
     *         not one of {@code known}
     */
    public static GridEnvelope decode(byte[] bytes, Set<ProtocolId> known, CborProfile profile) {
        CBORObject item = Cbor.decode(bytes, profile, "grid message");
        if (!item.isTagged() || item.getTagCount() != 1 || !item.getMostOuterTag().equals(EInteger.FromInt64(GRID_TAG))) {
            throw new MalformedInputException("grid message", "not tagged " + GRID_TAG + " (grid)");
        }
        CBORObject array = item.UntagOne();
        if (array.getType() != CBORType.Array || array.isTagged()) {
            throw new MalformedInputException("grid message", "the grid tag must wrap an array");
        }
        if (array.size() < 1) {
            throw new MalformedInputException("grid message", "empty: slot 0 must name the protocol");
        }
        CBORObject link = array.get(0);
        if (!link.isTagged() || link.getTagCount() != 1 || !link.HasMostOuterTag((int) CID_TAG)
                || link.UntagOne().getType() != CBORType.ByteString) {
            throw new MalformedInputException("grid message slot 0", "must be a tag-42 byte string (the protocol CID)");
        }
        byte[] raw = link.UntagOne().GetByteString();
        if (raw.length < 1 || raw[0] != 0) {
            throw new MalformedInputException("grid message slot 0", "a CID link starts with the 0x00 multibase prefix");
        }
        ProtocolId protocol = ProtocolId.fromBytes(java.util.Arrays.copyOfRange(raw, 1, raw.length));
        if (!known.contains(protocol)) {
            throw new MalformedInputException("grid message slot 0", "unknown protocol " + protocol);
        }
        List<CBORObject> slots = new ArrayList<>();
        for (int i = 1; i < array.size(); i++) {
            slots.add(array.get(i));
        }
        return new GridEnvelope(protocol, slots);
    }

    /** A profile with the two tags an envelope needs added to {@code base}. */
    public static CborProfile profile(CborProfile base) {
        return base.allowingTags(GRID_TAG, CID_TAG);
    }
}
