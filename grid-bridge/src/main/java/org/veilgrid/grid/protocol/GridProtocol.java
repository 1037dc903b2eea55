package org.veilgrid.grid.protocol;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import org.veilgrid.core.grid.ProtocolId;

/**
 * The Veilgrid protocols that cross the grid, each named by its pCID: the CIDv1 (raw, sha2-256)
 * of its specification document under {@code docs/protocols/}. The pCIDs are written here by hand
 * and checked by the build: {@code GridProtocolTest} hashes every document and fails, naming the
 * constant and the value it must take, when a document changed without its pCID (a changed
 * document is another protocol).
 *
 * <p>The two byte-completion protocols have {@code grid} envelopes of their own; the promise,
 * receipt and payment formats travel inside their slots, and the envelope documents name them by
 * their pCIDs, so a change to one of them is a change to the protocols that carry it too.
 */
public enum GridProtocol {
    /** Plain byte completion: context in, continuation, promise and receipt out. */
    BYTE_COMPLETION("byte-completion-2.md", "bafkreide5hlqwbptqi5g54a4xh6kop33botrem75fu7onlmblex5nowof4"),
    /** Byte completion under BFV: index, encrypted row selection, encrypted answer. */
    ENCRYPTED_BYTE_COMPLETION("encrypted-byte-completion-2.md", "bafkreiduqxvfvxsyrmym5wkl2dsvt5skuxyz3aevtxyctv3dvcj3jyekr4"),
    /** Next-byte prediction by a private neural model under CKKS: model, key upload, encrypted logits. */
    ENCRYPTED_NEURAL_COMPLETION("encrypted-neural-completion-1.md", "bafkreicv67bkctbouxlddtzmpatczzueo2zrd5r43bajzkokby2xgka77m"),
    /** A node's signed completion promise (COSE_Sign1). */
    COMPLETION_PROMISE("completion-promise-2.md", "bafkreiho7evpggu6g5owltl6gj652s4rhvr7qcqjn66k7nse7bd7ssrrfe"),
    /** A node's signed completion receipt (COSE_Sign1). */
    COMPLETION_RECEIPT("completion-receipt-2.md", "bafkreidnukdygs4zd2rj5ywtpzq7vtqn5vr4fca5bhvjl74iho6adqfxci"),
    /** A payment: a balance commitment and a range proof that it covers the price. */
    PAYMENT("payment-2.md", "bafkreigha4c3bjc2rn4bfmjgsb2trtre2x277kbhsbakmgiyjn2eyb6fwm");

    /** Every pCID above: a grid item naming any other protocol is refused as unknown. */
    public static final Set<ProtocolId> KNOWN = Arrays.stream(values()).map(GridProtocol::id).collect(Collectors.toUnmodifiableSet());

    private final String document;
    private final ProtocolId id;

    GridProtocol(String document, String pcid) {
        this.document = document;
        this.id = ProtocolId.fromBytes(base32(pcid));
        if (!id.toBase32().equals(pcid)) {
            throw new IllegalStateException(name() + ": " + pcid + " is not in canonical form");
        }
    }

    /** The specification's file name under {@code docs/protocols/}. */
    public String document() {
        return document;
    }

    /** The protocol's pCID. */
    public ProtocolId id() {
        return id;
    }

    /** The document's name without ".md", e.g. {@code byte-completion-2}: how people name the protocol. */
    public String title() {
        return document.substring(0, document.length() - ".md".length());
    }

    /** The protocol a pCID names, or null for one this Veilgrid does not know. */
    public static GridProtocol of(ProtocolId id) {
        for (GridProtocol p : values()) {
            if (p.id.equals(id)) {
                return p;
            }
        }
        return null;
    }

    /** Multibase base32 ("b", lower case, no padding, RFC 4648 alphabet) to bytes; constants only. */
    private static byte[] base32(String text) {
        final String alphabet = "abcdefghijklmnopqrstuvwxyz234567";
        if (!text.startsWith("b")) {
            throw new IllegalStateException("a pCID constant is multibase base32, starting 'b': " + text);
        }
        byte[] out = new byte[(text.length() - 1) * 5 / 8];
        int buffer = 0;
        int bits = 0;
        int n = 0;
        for (int i = 1; i < text.length(); i++) {
            int v = alphabet.indexOf(text.charAt(i));
            if (v < 0) {
                throw new IllegalStateException("not base32: " + text);
            }
            buffer = (buffer << 5) | v;
            bits += 5;
            if (bits >= 8) {
                out[n++] = (byte) (buffer >>> (bits - 8));
                bits -= 8;
            }
        }
        return out;
    }
}
