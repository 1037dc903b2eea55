package org.veilgrid.auction.proof;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.veilgrid.mpc.engine.CheckedOpening;
import org.veilgrid.mpc.engine.MpcSession;
import org.veilgrid.mpc.engine.Public;
import org.veilgrid.mpc.engine.Shared;
import org.veilgrid.mpc.field.Mersenne127;
import org.veilgrid.zk.commit.PedersenGens;
import org.veilgrid.zk.group.MultiScalar;
import org.veilgrid.zk.group.RistrettoPoint;
import org.veilgrid.zk.group.Scalar;
import org.veilgrid.zk.transcript.Transcript;

/**
 * Ties the secret-shared values (in F_p, p = 2^127 − 1) to the committed ones (mod ℓ), with
 * no further message from the institution.
 *
 * <p>After every committed order is fixed and every input shared, the parties open a joint
 * random coin (a PRSS random element, one round, opened among the parties only) and derive
 * challenges ρ_{e,i} uniform in [0, 2^32) (e = 0, 1; i &lt; D) from a transcript over the
 * auction id, each accepted order's institution id and digest, and the coin. The coin matters:
 * ρ from public data alone could be computed by an institution before it shares, and then
 * shares x ≠ c with Σ ρ·(x − c) ≡ 0 (mod p) would pass. For each institution and
 * each e they compute on shares, locally,
 * <pre>
 *  v_e     = Σ_{i&lt;D} ρ_{e,i}·x_i + s_e                    (s_e = x_{D+e}, the linking mask)
 *  G_{e,j} = Σ_{i&lt;D} ρ_{e,i}·b_{i,j} + b_{D+e,j}          (j &lt; 8, the blinding limbs)
 * </pre>
 * and open them with {@link MpcSession#openChecked} (all n shares must lie on one polynomial of
 * degree t, else {@link Rejection.Reason#INCONSISTENT_SHARES}). With Γ_e = Σ_j 2^{32j}·G_{e,j}
 * mod ℓ they check
 * <pre>
 *  Σ_{i&lt;D} ρ_{e,i}·C_i + C_{D+e} = v_e·B + Γ_e·B̃
 * </pre>
 * else {@link Rejection.Reason#NOT_COMMITTED_VALUES}. Honest sums do not wrap: the data terms
 * are below 2^32·2^40·(D) &lt; 2^85 (D ≤ 8198), s_e &lt; 2^125, so v_e &lt; p; likewise G_{e,j} &lt; p.
 *
 * <p>Soundness. The committed values c_i are range-proved small; let v_e be the opened integer
 * in [0, p). By binding, a passing check means v_e ≡ Σ ρ_{e,i}·c_i + c_{D+e} (mod ℓ). Writing
 * x_i = c_i + δ_i, the difference Σ ρ_{e,i}·δ_i − p·w + (x_{D+e} − c_{D+e}) has absolute value
 * far below ℓ for the integer part (|δ_i| &lt; p, ρ &lt; 2^32, D &lt; 2^14, w &lt; 2^46), so
 * c_{D+e} − x_{D+e} ≡ T mod ℓ for an integer T fixed before ρ, and Σ ρ_{e,i}·δ_i ≡ T (mod p):
 * a non-zero linear polynomial in ρ over F_p that a uniform 32-bit ρ_{e,i} satisfies with
 * probability at most 2^-32. Two independent repetitions: 2^-64. The check holds however the
 * linking masks were committed (they need no range proof).
 *
 * <p>Privacy. v_e reveals Σ ρ·x + s_e with s_e uniform in [0, 2^125): statistical distance at most
 * 2^85 / 2^125 = 2^-40 from a value independent of the schedule; G_{e,j} hides Σ ρ·b_{·,j}
 * (below 2^78) behind b_{D+e,j} uniform in [0, 2^124) (2^-46); Γ_e is the combined blinding the
 * interactive variant would have sent.
 */
public final class Linking {
    static final String PROTOCOL = "veilgrid/auction/link-v1";
    private static final int PER_INSTITUTION = OrderLayout.REPETITIONS * (1 + OrderLayout.BLINDING_LIMBS);

    private Linking() {
    }

    /**
     * ρ_{e,i} for e &lt; 2, i &lt; D, uniform in [0, 2^32), from the accepted orders (sorted by
     * institution) and the parties' joint coin (drawn after every input arrived).
     */
    public static long[][] challenges(byte[] auctionId, Map<String, CommittedOrder> accepted, byte[] coin, int dataValues) {
        Transcript t = new Transcript(PROTOCOL).append("auction", auctionId).append("count", accepted.size());
        for (CommittedOrder o : new TreeMap<>(accepted).values()) {
            t.append("institution", o.institution).append("order", o.digest());
        }
        t.append("coin", coin);
        byte[] seed = t.challengeScalar("rho").toBytes();
        long[][] rho = new long[OrderLayout.REPETITIONS][dataValues];
        for (int e = 0; e < rho.length; e++) {
            int counter = 0;
            for (int i = 0; i < dataValues; i += 8, counter++) {
                MessageDigest d = Digests.sha256("veilgrid/auction/link-rho");
                d.update(seed);
                d.update(Digests.longBytes(e));
                d.update(Digests.longBytes(counter));
                byte[] h = d.digest();
                for (int w = 0; w < 8 && i + w < dataValues; w++) {
                    rho[e][i + w] = ((h[4 * w] & 0xffL) << 24) | ((h[4 * w + 1] & 0xffL) << 16)
                            | ((h[4 * w + 2] & 0xffL) << 8) | (h[4 * w + 3] & 0xffL);
                }
            }
        }
        return rho;
    }

    /**
     * Runs the check for every accepted institution (one round for all of them) and returns the
     * ones that fail, with the reason. Every party gets the same answer.
     *
     * @param inputs each accepted institution's shared input ({@link OrderLayout#sharedElements()} long)
     */
    public static Map<String, Rejection> check(MpcSession session, byte[] auctionId, Map<String, CommittedOrder> accepted,
                                               Map<String, Shared> inputs) {
        return check(session, auctionId, accepted, inputs, Linking::jointCoin);
    }

    /**
     * The joint coin: a PRSS random element opened among the parties only (never sent to
     * institutions), drawn after every input is in — the institution must not know ρ when it
     * shares, or it could pick shares x ≠ c with Σ ρ·(x − c) ≡ 0.
     */
    static byte[] jointCoin(MpcSession session) {
        session.run();
        long[] c = session.open(session.random(1)).elements();
        byte[] coin = new byte[16];
        for (int i = 0; i < 8; i++) {
            coin[i] = (byte) (c[0] >>> (8 * i));
            coin[8 + i] = (byte) (c[1] >>> (8 * i));
        }
        return coin;
    }

    /** As {@link #check(MpcSession, byte[], Map, Map)} with the coin from {@code coin} (tests: a predictable coin). */
    static Map<String, Rejection> check(MpcSession session, byte[] auctionId, Map<String, CommittedOrder> accepted,
                                        Map<String, Shared> inputs, Function<MpcSession, byte[]> coinSource) {
        Map<String, Rejection> failed = new TreeMap<>();
        if (accepted.isEmpty()) {
            return failed;
        }
        OrderLayout layout = accepted.values().iterator().next().layout;
        int d = layout.dataValues();
        int l = layout.committedValues();
        long[][] rho = challenges(auctionId, accepted, coinSource.apply(session), d);
        Public[] rhoP = new Public[rho.length];
        for (int e = 0; e < rho.length; e++) {
            rhoP[e] = session.publicValues(rho[e]);
        }
        List<String> names = new ArrayList<>(new TreeMap<>(accepted).keySet());
        List<Shared> parts = new ArrayList<>();
        for (String inst : names) {
            Shared in = inputs.get(inst);
            for (int e = 0; e < rho.length; e++) {
                parts.add(in.slice(0, d).mul(rhoP[e]).sum().add(in.get(d + e)));
                for (int j = 0; j < OrderLayout.BLINDING_LIMBS; j++) {
                    int base = l + j * l;
                    parts.add(in.slice(base, base + d).mul(rhoP[e]).sum().add(in.get(base + d + e)));
                }
            }
        }
        CheckedOpening opened = session.openChecked(session.concat(parts.toArray(new Shared[0])));
        long[] values = opened.values().elements();
        long[] consistent = opened.consistent().toLongs();
        PedersenGens pg = PedersenGens.standard();
        for (int n = 0; n < names.size(); n++) {
            String inst = names.get(n);
            int base = n * PER_INSTITUTION;
            boolean ok = true;
            for (int i = 0; i < PER_INSTITUTION; i++) {
                ok &= consistent[base + i] == 1;
            }
            if (!ok) {
                failed.put(inst, new Rejection(Rejection.Reason.INCONSISTENT_SHARES,
                        "the shares of the input do not lie on one polynomial of degree t"));
                continue;
            }
            CommittedOrder o = accepted.get(inst);
            for (int e = 0; e < rho.length && ok; e++) {
                int at = base + e * (1 + OrderLayout.BLINDING_LIMBS);
                BigInteger v = Mersenne127.toBigInteger(values[2 * at], values[2 * at + 1]);
                BigInteger g = BigInteger.ZERO;
                for (int j = OrderLayout.BLINDING_LIMBS - 1; j >= 0; j--) {
                    int a = at + 1 + j;
                    g = g.shiftLeft(32).add(Mersenne127.toBigInteger(values[2 * a], values[2 * a + 1]));
                }
                MultiScalar msm = new MultiScalar(d + 3);
                for (int i = 0; i < d; i++) {
                    msm.add(Scalar.ofLong(rho[e][i]), o.commitments[i]);
                }
                msm.add(Scalar.ONE, o.commitments[d + e]);
                msm.add(Scalar.of(v).negate(), pg.g());
                msm.add(Scalar.of(g.mod(Scalar.ORDER)).negate(), pg.h());
                ok = msm.vartime().isIdentity();
            }
            if (!ok) {
                failed.put(inst, new Rejection(Rejection.Reason.NOT_COMMITTED_VALUES,
                        "the shared values are not the committed ones"));
            }
        }
        return failed;
    }
}
