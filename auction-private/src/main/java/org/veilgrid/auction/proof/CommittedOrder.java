package org.veilgrid.auction.proof;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.veilgrid.auction.PriceGrid;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.zk.bulletproofs.RangeParameters;
import org.veilgrid.zk.bulletproofs.RangeProof;
import org.veilgrid.zk.bulletproofs.RangeVerifier;
import org.veilgrid.zk.group.RistrettoPoint;
import org.veilgrid.zk.promise.AgentKeys;

/**
 * An institution's committed order: Pedersen commitments C_i = x_i·B + γ_i·B̃ to every value it
 * secret-shares ({@link OrderLayout}), the aggregated range proofs that its schedules are
 * monotone and in [0, 2^40] and its mask limbs in [0, 2^40], and its Ed25519 signature over
 * all of it. Public: it reveals nothing about the values (Pedersen is perfectly hiding, the
 * proofs are zero-knowledge).
 *
 * <p>Encoding (all integers big-endian; decoding is strict — exact length, canonical points and
 * scalars, every field in range, nothing after the signature):
 * <pre>
 *  "VGCO" ‖ version 0x01
 *  u8 a ‖ auction id (a bytes, 1 ≤ a ≤ 64)
 *  u8 i ‖ institution id (i bytes, ASCII [A-Za-z0-9._-], 1 ≤ i ≤ 64)
 *  grid digest (32 bytes, {@link Digests#grid})
 *  u16 K (1 ≤ K ≤ 4096)
 *  C_0 ‖ … ‖ C_{L−1} (32 bytes each, L = 2K + 8)
 *  range proofs, chunk by chunk ({@link OrderLayout#chunks()}; lengths follow from K)
 *  Ed25519 public key (32) ‖ signature (64)
 * </pre>
 * The signature is over "veilgrid/auction/committed-order/v1" ‖ SHA-256(everything before the
 * signature), so it binds the domain, auction, institution, grid, commitments, proofs and key.
 * {@link #digest()} (SHA-256 of the whole encoding) names the order in the signed result.
 */
public final class CommittedOrder {
    static final byte[] MAGIC = {'V', 'G', 'C', 'O', 1};
    static final String SIGNING_TAG = "veilgrid/auction/committed-order/v1";
    /** Largest encoding (K = 4096). */
    public static final int MAX_LENGTH = maxLength();

    final byte[] auctionId;
    final String institution;
    final byte[] gridDigest;
    final OrderLayout layout;
    final RistrettoPoint[] commitments;
    final List<RangeProof> proofs;
    final byte[] publicKey;
    final byte[] signature;
    private final byte[] encoded;

    private CommittedOrder(byte[] auctionId, String institution, byte[] gridDigest, OrderLayout layout,
                           RistrettoPoint[] commitments, List<RangeProof> proofs, byte[] publicKey, byte[] signature,
                           byte[] encoded) {
        this.auctionId = auctionId;
        this.institution = institution;
        this.gridDigest = gridDigest;
        this.layout = layout;
        this.commitments = commitments;
        this.proofs = proofs;
        this.publicKey = publicKey;
        this.signature = signature;
        this.encoded = encoded;
    }

    private static int maxLength() {
        OrderLayout l = new OrderLayout(OrderLayout.MAX_POINTS);
        return MAGIC.length + 1 + 64 + 1 + 64 + 32 + 2 + 32 * l.committedValues() + l.proofBytes() + 32 + 64;
    }

    /** Builds and signs (the institution's side, {@link ProvedOrder}). */
    static CommittedOrder sign(byte[] auctionId, String institution, byte[] gridDigest, OrderLayout layout,
                               RistrettoPoint[] commitments, List<RangeProof> proofs, AgentKeys key) {
        byte[] body = body(auctionId, institution, gridDigest, layout, commitments, proofs, key.publicKey());
        byte[] sig = key.sign(signedMessage(body));
        byte[] all = Arrays.copyOf(body, body.length + sig.length);
        System.arraycopy(sig, 0, all, body.length, sig.length);
        return new CommittedOrder(auctionId.clone(), institution, gridDigest.clone(), layout, commitments.clone(),
                List.copyOf(proofs), key.publicKey(), sig, all);
    }

    private static byte[] body(byte[] auctionId, String institution, byte[] gridDigest, OrderLayout layout,
                               RistrettoPoint[] commitments, List<RangeProof> proofs, byte[] publicKey) {
        if (auctionId.length < 1 || auctionId.length > 64) {
            throw new ParameterException("auction id must have 1 to 64 bytes, got " + auctionId.length);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(MAGIC);
        out.write(auctionId.length);
        out.writeBytes(auctionId);
        byte[] inst = institution.getBytes(StandardCharsets.US_ASCII);
        out.write(inst.length);
        out.writeBytes(inst);
        out.writeBytes(gridDigest);
        out.write(layout.pricePoints() >>> 8);
        out.write(layout.pricePoints());
        for (RistrettoPoint c : commitments) {
            out.writeBytes(c.encode());
        }
        for (RangeProof p : proofs) {
            out.writeBytes(p.toBytes());
        }
        out.writeBytes(publicKey);
        return out.toByteArray();
    }

    private static byte[] signedMessage(byte[] body) {
        MessageDigest d = Digests.sha256("veilgrid/auction/committed-order/body");
        d.update(body);
        byte[] h = d.digest();
        byte[] tag = SIGNING_TAG.getBytes(StandardCharsets.US_ASCII);
        byte[] m = Arrays.copyOf(tag, tag.length + h.length);
        System.arraycopy(h, 0, m, tag.length, h.length);
        return m;
    }

    /**
     * Decodes an encoding, checking its form only (not the signature or the proofs: {@link
     * OrderChecks}).
     *
     * @throws MalformedInputException if the bytes are truncated, oversized, or any field is out
     *         of range or non-canonical
     */
    public static CommittedOrder fromBytes(byte[] b) {
        if (b == null) {
            throw new MalformedInputException("CommittedOrder", "missing");
        }
        if (b.length > MAX_LENGTH) {
            throw new MalformedInputException("CommittedOrder", "length " + b.length + " exceeds the largest order, "
                    + MAX_LENGTH + " bytes");
        }
        int pos = 0;
        need(b, pos, MAGIC.length, "CommittedOrder.magic");
        for (int i = 0; i < MAGIC.length; i++) {
            if (b[i] != MAGIC[i]) {
                throw new MalformedInputException("CommittedOrder.magic", i < 4 ? "not a committed order"
                        : "unsupported version " + (b[i] & 0xff));
            }
        }
        pos = MAGIC.length;
        need(b, pos, 1, "CommittedOrder.auctionId");
        int a = b[pos++] & 0xff;
        if (a < 1 || a > 64) {
            throw new MalformedInputException("CommittedOrder.auctionId", "length " + a + " is not in [1, 64]");
        }
        need(b, pos, a, "CommittedOrder.auctionId");
        byte[] auctionId = Arrays.copyOfRange(b, pos, pos + a);
        pos += a;
        need(b, pos, 1, "CommittedOrder.institution");
        int il = b[pos++] & 0xff;
        if (il < 1 || il > 64) {
            throw new MalformedInputException("CommittedOrder.institution", "length " + il + " is not in [1, 64]");
        }
        need(b, pos, il, "CommittedOrder.institution");
        for (int i = pos; i < pos + il; i++) {
            char c = (char) (b[i] & 0xff);
            if (!(Character.isLetterOrDigit(c) && c < 128 || c == '.' || c == '_' || c == '-')) {
                throw new MalformedInputException("CommittedOrder.institution", "byte " + (i - pos)
                        + " is not a letter, digit, '.', '_' or '-'");
            }
        }
        String institution = new String(b, pos, il, StandardCharsets.US_ASCII);
        pos += il;
        need(b, pos, 32 + 2, "CommittedOrder.grid");
        byte[] grid = Arrays.copyOfRange(b, pos, pos + 32);
        pos += 32;
        int k = ((b[pos] & 0xff) << 8) | (b[pos + 1] & 0xff);
        pos += 2;
        if (k < 1 || k > OrderLayout.MAX_POINTS) {
            throw new MalformedInputException("CommittedOrder.K", "price points " + k + " not in [1, "
                    + OrderLayout.MAX_POINTS + "]");
        }
        OrderLayout layout = new OrderLayout(k);
        int expected = pos + 32 * layout.committedValues() + layout.proofBytes() + 32 + 64;
        if (b.length != expected) {
            throw new MalformedInputException("CommittedOrder", b.length < expected
                    ? "truncated: " + b.length + " bytes, K = " + k + " needs " + expected
                    : b.length - expected + " bytes after the signature (K = " + k + " needs " + expected + ")");
        }
        RistrettoPoint[] c = new RistrettoPoint[layout.committedValues()];
        for (int i = 0; i < c.length; i++, pos += 32) {
            c[i] = RistrettoPoint.decodeOrNull(b, pos);
            if (c[i] == null) {
                throw new MalformedInputException("CommittedOrder.commitment[" + i + "]",
                        "not a canonical Ristretto255 point (offset " + pos + ")");
            }
        }
        List<RangeProof> proofs = new ArrayList<>();
        int chunk = 0;
        for (RangeParameters p : layout.chunks()) {
            byte[] pb = Arrays.copyOfRange(b, pos, pos + p.proofLength());
            try {
                proofs.add(RangeProof.fromBytes(pb));
            } catch (MalformedInputException e) {
                throw new MalformedInputException("CommittedOrder.proof[" + chunk + "]", e.getMessage() + " (at offset "
                        + pos + ")", e);
            }
            pos += p.proofLength();
            chunk++;
        }
        byte[] key = Arrays.copyOfRange(b, pos, pos + 32);
        byte[] sig = Arrays.copyOfRange(b, pos + 32, pos + 96);
        return new CommittedOrder(auctionId, institution, grid, layout, c, proofs, key, sig, b.clone());
    }

    private static void need(byte[] b, int pos, int n, String where) {
        if (b.length - pos < n) {
            throw MalformedInputException.truncated(where, n, Math.max(0, b.length - pos));
        }
    }

    public byte[] toBytes() {
        return encoded.clone();
    }

    /** SHA-256 of the encoding: how the signed result names this order. */
    public byte[] digest() {
        MessageDigest d = Digests.sha256("veilgrid/auction/committed-order/digest");
        d.update(encoded);
        return d.digest();
    }

    public String institution() {
        return institution;
    }

    public byte[] auctionId() {
        return auctionId.clone();
    }

    public int pricePoints() {
        return layout.pricePoints();
    }

    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** Commitment to value i of {@link OrderLayout}. */
    public RistrettoPoint commitment(int i) {
        return commitments[i];
    }

    /** True if the signature verifies under the key in the order (who holds the key: {@link OrderChecks}). */
    boolean signatureValid() {
        byte[] body = Arrays.copyOf(encoded, encoded.length - AgentKeys.SIGNATURE_LENGTH);
        return AgentKeys.verify(publicKey, signedMessage(body), signature);
    }

    /** Whether the grid digest matches {@code grid}. */
    boolean forGrid(PriceGrid grid) {
        return MessageDigest.isEqual(gridDigest, Digests.grid(grid));
    }

    /** The range statements of this order, for (batch) verification. */
    List<RangeVerifier.Statement> rangeStatements() {
        List<RistrettoPoint[]> cs = layout.rangeCommitments(commitments);
        List<RangeParameters> ps = layout.chunks();
        List<RangeVerifier.Statement> out = new ArrayList<>();
        for (int i = 0; i < ps.size(); i++) {
            out.add(new RangeVerifier.Statement(ps.get(i), cs.get(i), proofs.get(i)));
        }
        return out;
    }

    @Override
    public String toString() {
        return "CommittedOrder(" + institution + ", K = " + layout.pricePoints() + ", digest "
                + HexFormat.of().formatHex(digest(), 0, 8) + ")";
    }
}
