package org.veilgrid.auction.proof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.veilgrid.auction.PriceGrid;
import org.veilgrid.mpc.engine.LoopbackCluster;
import org.veilgrid.mpc.engine.MpcSession;
import org.veilgrid.mpc.field.Mersenne127;
import org.veilgrid.core.identity.AgentKey;

/**
 * Why the linking challenges need the parties' joint coin. An institution that could compute
 * ρ_0, ρ_1 before sharing can share x + δ instead of its committed x, with δ orthogonal to both
 * challenge vectors over F_p (δ = ρ_0 × ρ_1 on three coordinates): every opened v_e is then the
 * honest one and the check passes. With a predictable coin the attack goes through; with the
 * real coin (drawn after the inputs) the same shares are caught.
 */
class LinkingTest {
    private static final SecureRandom RNG = new SecureRandom();
    private static final BigInteger P = Mersenne127.P;

    @Test
    void sharesCraftedAgainstPredictedChallengesPassOnlyWhenTheCoinIsPredictable() {
        byte[] id = "linking-coin".getBytes();
        PriceGrid grid = PriceGrid.of(10, 12, 15, 20);
        ProvedOrder order = ProvedOrder.create(id, "evil", grid, new long[] {5, 5, 3, 0}, new long[] {0, 0, 2, 4},
                AgentKey.generate(RNG), RNG);
        Map<String, CommittedOrder> accepted = Map.of("evil", order.committed());
        int d = order.layout().dataValues();
        byte[] guessed = new byte[16]; // the coin the institution predicts
        long[][] rho = Linking.challenges(id, accepted, guessed, d);

        BigInteger[] r0 = {BigInteger.valueOf(rho[0][0]), BigInteger.valueOf(rho[0][1]), BigInteger.valueOf(rho[0][2])};
        BigInteger[] r1 = {BigInteger.valueOf(rho[1][0]), BigInteger.valueOf(rho[1][1]), BigInteger.valueOf(rho[1][2])};
        BigInteger[] delta = {
            r0[1].multiply(r1[2]).subtract(r0[2].multiply(r1[1])).mod(P),
            r0[2].multiply(r1[0]).subtract(r0[0].multiply(r1[2])).mod(P),
            r0[0].multiply(r1[1]).subtract(r0[1].multiply(r1[0])).mod(P),
        };
        assertNotEquals(BigInteger.ZERO, delta[0].or(delta[1]).or(delta[2]));
        long[] packed = order.sharedElements();
        long[] dl = new long[2];
        for (int i = 0; i < 3; i++) { // demand(0..2) shared as demand + δ: not the committed values
            Mersenne127.fromBigInteger(delta[i], dl, 0);
            Mersenne127.add(packed[2 * i], packed[2 * i + 1], dl[0], dl[1], packed, 2 * i);
        }

        try (LoopbackCluster cluster = LoopbackCluster.start(3, 30_000)) {
            List<Map<String, Rejection>> predictable = cluster.runOnSessions(s -> Linking.check(s, id, accepted,
                    Map.of("evil", input(s, packed)), session -> guessed));
            for (Map<String, Rejection> r : predictable) {
                assertTrue(r.isEmpty(), "a predictable coin lets crafted shares through: " + r);
            }
            List<Map<String, Rejection>> real = cluster.runOnSessions(s -> Linking.check(s, id, accepted,
                    Map.of("evil", input(s, packed))));
            for (Map<String, Rejection> r : real) {
                assertEquals(Rejection.Reason.NOT_COMMITTED_VALUES, r.get("evil").reason());
            }
            List<Map<String, Rejection>> honest = cluster.runOnSessions(s -> Linking.check(s, id, accepted,
                    Map.of("evil", input(s, order.sharedElements()))));
            for (Map<String, Rejection> r : honest) {
                assertTrue(r.isEmpty(), "honest shares pass: " + r);
            }
        }
    }

    private static org.veilgrid.mpc.engine.Shared input(MpcSession s, long[] packed) {
        return s.inputElements(0, s.self() == 0 ? packed : null, packed.length / 2);
    }
}
