package org.veilgrid.auction.proof;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.veilgrid.auction.PriceGrid;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.mpc.field.Mersenne127;
import org.veilgrid.zk.bulletproofs.RangeParameters;
import org.veilgrid.zk.bulletproofs.RangeProof;
import org.veilgrid.zk.bulletproofs.RangeProver;
import org.veilgrid.zk.commit.PedersenGens;
import org.veilgrid.zk.group.RistrettoPoint;
import org.veilgrid.zk.group.Scalar;
import org.veilgrid.core.identity.AgentKey;

/**
 * The institution's secret side of a committed order: the values x_i of {@link OrderLayout},
 * their blindings and the {@link CommittedOrder} it publishes.
 *
 * <p>Blindings are built from limbs so that the compute parties can check the commitments
 * against the shares without the institution taking part again: γ_i = Σ_{j<8} 2^{32j}·b_{i,j}
 * mod ℓ, with b_{i,j} uniform in [0, 2^32) for the data values (γ_i then uniform in [0, 2^256),
 * within 2^-128 of uniform mod ℓ) and in [0, 2^124) for the two linking masks s_e. The limbs
 * are secret-shared with the values: the shared input is x_0 … x_{L−1} followed by the limb
 * blocks b_{·,0}, …, b_{·,7} (block j holds b_{0,j} … b_{L−1,j}). Mask limbs are uniform in
 * [0, 2^40), so each one-time mask r = l_0 + 2^40·l_1 + 2^80·l_2 is uniform in [0, 2^120) and
 * hides a fill ≤ 2^40 to 2^-80; the linking masks s_e are uniform in [0, 2^125).
 *
 * <p>{@link #create} accepts any schedule values — a non-monotone or out-of-range schedule
 * yields range proofs that fail verification, which is how tests play a cheating institution.
 * Honest callers pass a {@link org.veilgrid.auction.Schedule}'s vectors.
 */
public final class ProvedOrder {

    private final OrderLayout layout;
    private final long[] data;
    private final BigInteger[] link;
    private final BigInteger[][] limbs;
    private final Scalar[] gamma;
    private final CommittedOrder committed;

    private ProvedOrder(OrderLayout layout, long[] data, BigInteger[] link, BigInteger[][] limbs, Scalar[] gamma,
                        CommittedOrder committed) {
        this.layout = layout;
        this.data = data;
        this.link = link;
        this.limbs = limbs;
        this.gamma = gamma;
        this.committed = committed;
    }

    /**
     * Commits to a schedule and fresh masks, proves the range statements and signs.
     *
     * @throws ParameterException if the vectors do not have one value per grid point
     */
    public static ProvedOrder create(byte[] auctionId, String institution, PriceGrid grid, long[] demand,
                                     long[] supply, AgentKey key, SecureRandom rng) {
        OrderLayout layout = new OrderLayout(grid.size());
        int k = grid.size();
        if (demand.length != k || supply.length != k) {
            throw new ParameterException("schedules must have " + k + " values");
        }
        int d = layout.dataValues();
        int l = layout.committedValues();
        long[] data = new long[d];
        System.arraycopy(demand, 0, data, 0, k);
        System.arraycopy(supply, 0, data, k, k);
        for (int side = 0; side < 2; side++) {
            for (int j = 0; j < OrderLayout.MASK_LIMBS; j++) {
                data[layout.maskLimb(side, j)] = new BigInteger(OrderLayout.LIMB_BITS, rng).longValueExact();
            }
        }
        BigInteger[] link = new BigInteger[OrderLayout.REPETITIONS];
        for (int e = 0; e < link.length; e++) {
            link[e] = new BigInteger(125, rng);
        }
        BigInteger[][] limbs = new BigInteger[l][OrderLayout.BLINDING_LIMBS];
        Scalar[] gamma = new Scalar[l];
        RistrettoPoint[] c = new RistrettoPoint[l];
        PedersenGens pg = PedersenGens.standard();
        for (int i = 0; i < l; i++) {
            BigInteger g = BigInteger.ZERO;
            for (int j = OrderLayout.BLINDING_LIMBS - 1; j >= 0; j--) {
                limbs[i][j] = new BigInteger(i < d ? 32 : 124, rng);
                g = g.shiftLeft(32).add(limbs[i][j]);
            }
            gamma[i] = Scalar.of(g.mod(Scalar.ORDER));
            Scalar v = Scalar.of((i < d ? BigInteger.valueOf(data[i]) : link[i - d]).mod(Scalar.ORDER));
            c[i] = pg.commit(v, gamma[i]);
        }
        List<long[]> values = new ArrayList<>();
        List<Scalar[]> blindings = new ArrayList<>();
        layout.rangeWitness(data, gamma, values, blindings);
        List<RangeParameters> chunks = layout.chunks();
        List<RangeProof> proofs = new ArrayList<>();
        for (int i = 0; i < chunks.size(); i++) {
            proofs.add(RangeProver.prove(chunks.get(i), values.get(i), blindings.get(i), rng).proof());
            Arrays.fill(values.get(i), 0);
        }
        CommittedOrder co = CommittedOrder.sign(auctionId, institution, Digests.grid(grid), layout, c, proofs, key);
        return new ProvedOrder(layout, data, link, limbs, gamma, co);
    }

    public CommittedOrder committed() {
        return committed;
    }

    public OrderLayout layout() {
        return layout;
    }

    /** The one shared input, as packed field elements ({@link OrderLayout#sharedElements()} of them). */
    public long[] sharedElements() {
        int l = layout.committedValues();
        int d = layout.dataValues();
        long[] out = new long[2 * layout.sharedElements()];
        for (int i = 0; i < l; i++) {
            Mersenne127.fromBigInteger(i < d ? BigInteger.valueOf(data[i]).mod(Mersenne127.P) : link[i - d], out, 2 * i);
            for (int j = 0; j < OrderLayout.BLINDING_LIMBS; j++) {
                Mersenne127.fromBigInteger(limbs[i][j], out, 2 * (l + j * l + i));
            }
        }
        return out;
    }

    /** The one-time mask r of side 0 (buy) or 1 (sell): l_0 + 2^40·l_1 + 2^80·l_2. */
    public BigInteger mask(int side) {
        BigInteger r = BigInteger.ZERO;
        for (int j = OrderLayout.MASK_LIMBS - 1; j >= 0; j--) {
            r = r.shiftLeft(OrderLayout.LIMB_BITS).add(BigInteger.valueOf(data[layout.maskLimb(side, j)]));
        }
        return r;
    }

    /** The blinding of C_r = Σ_j 2^{40j}·C_{l_j} for side 0 (buy) or 1 (sell). */
    Scalar maskBlinding(int side) {
        Scalar g = Scalar.ZERO;
        Scalar shift = Scalar.ofLong(1L << OrderLayout.LIMB_BITS);
        for (int j = OrderLayout.MASK_LIMBS - 1; j >= 0; j--) {
            g = g.mul(shift).add(gamma[layout.maskLimb(side, j)]);
        }
        return g;
    }

    /** The committed quantity at index k: demand (side 0) or supply (side 1). */
    long quantity(int side, int k) {
        return data[side == 0 ? layout.demand(k) : layout.supply(k)];
    }

    Scalar quantityBlinding(int side, int k) {
        return gamma[side == 0 ? layout.demand(k) : layout.supply(k)];
    }

    @Override
    public String toString() {
        return "ProvedOrder(" + committed.institution() + ", values, masks and blindings hidden)";
    }
}
