package org.veilgrid.mpc.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.PrivateKey;
import java.security.SecureRandom;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.veilgrid.core.errors.ProtocolAbortException;
import org.veilgrid.core.tls.CertificateAuthority;
import org.veilgrid.core.tls.TlsIdentity;
import org.veilgrid.mpc.engine.LoopbackCluster;
import org.veilgrid.mpc.engine.Security;
import org.veilgrid.mpc.field.FieldPrg;
import org.veilgrid.mpc.field.FieldVectors;
import org.veilgrid.mpc.field.Mersenne127;
import org.veilgrid.mpc.field.ShamirScheme;
import org.veilgrid.mpc.wire.ClientInput;
import org.veilgrid.mpc.wire.MpcPartyGrpc;

/**
 * Clients' verifiable dealings ({@link ClientDealing}): an honest dealing passes every party's
 * checks; each way a client can deal inconsistently — shares off one polynomial, check values
 * that do not match a party's shares, shares that are not the committed ones, a bad signature,
 * different headers to different parties — is caught and the client named, never a party.
 */
class ClientDealingTest {
    private static final SecureRandom RNG = new SecureRandom();
    private static final long SESSION = 77;

    private static TlsIdentity identity() {
        return CertificateAuthority.create("test CA").issue("bank-a");
    }

    @Test
    void anHonestDealingPassesEveryPartysChecksAndKeepsTheValues() {
        ShamirScheme scheme = new ShamirScheme(5, 2);
        TlsIdentity id = identity();
        long[] values = FieldVectors.fromLongs(new long[] {3, -8, 1L << 50});
        ClientDealing.PartyShare[] dealt = ClientDealing.deal(SESSION, "bank-a", "q", values, 3, scheme, RNG,
                id.privateKey());
        long[][] shares = new long[5][];
        for (int i = 0; i < 5; i++) {
            ClientDealing.Received r = ClientDealing.check(input(dealt[i], 3), dealt[i].shares(), SESSION, "bank-a", i,
                    scheme, id.certificate().getPublicKey());
            assertEquals(6, r.values().length, "the mask's share is dropped");
            shares[i] = r.values();
        }
        assertArrayEquals(values, scheme.reconstruct(new int[] {1, 3, 4}, new long[][] {shares[1], shares[3], shares[4]}, 3));
    }

    /** What a dishonest client does to its dealing, then signs as if it were honest. */
    enum Cheat { SHARE_OFF_POLYNOMIAL, CHECKS_SMOOTHED_OVER, SHARES_NOT_COMMITTED, WRONG_KEY }

    @ParameterizedTest
    @EnumSource(Cheat.class)
    void everyInconsistentDealingIsCaughtAsTheClientsFault(Cheat cheat) {
        ShamirScheme scheme = new ShamirScheme(3, 1);
        TlsIdentity id = identity();
        int m = 2;
        long[] values = FieldVectors.fromLongs(new long[] {10, 20});
        long[] withMask = new long[2 * (m + 1)];
        System.arraycopy(values, 0, withMask, 0, 2 * m);
        withMask[2 * m] = 12345;
        long[][] shares = scheme.share(withMask, m + 1, FieldPrg.fromSecureRandom(RNG));
        // Party 2's share of the second value is off the polynomial.
        if (cheat != Cheat.SHARES_NOT_COMMITTED && cheat != Cheat.WRONG_KEY) {
            Mersenne127.add(shares[2][2], shares[2][3], 1, 0, shares[2], 2);
        }
        byte[][] salts = new byte[3][ClientDealing.SALT_BYTES];
        byte[][] hashes = new byte[3][];
        for (int i = 0; i < 3; i++) {
            RNG.nextBytes(salts[i]);
            hashes[i] = ClientDealing.shareHash(SESSION, i, salts[i], shares[i], m);
        }
        long[] gamma = ClientDealing.coefficients(SESSION, "bank-a", "q", m, hashes);
        long[] checks = new long[6];
        for (int i = 0; i < 3; i++) {
            long[] c = {shares[i][2 * m], shares[i][2 * m + 1]};
            long[] t = new long[2];
            for (int k = 0; k < m; k++) {
                Mersenne127.mul(shares[i][2 * k], shares[i][2 * k + 1], gamma[2 * k], gamma[2 * k + 1], t, 0);
                Mersenne127.add(c[0], c[1], t[0], t[1], c, 0);
            }
            checks[2 * i] = c[0];
            checks[2 * i + 1] = c[1];
        }
        if (cheat == Cheat.CHECKS_SMOOTHED_OVER) {
            // Claim for party 2 the value on the line through parties 0 and 1: the checks look consistent.
            long[] lambda = lineThrough01At2();
            long[] a = new long[2];
            long[] b = new long[2];
            Mersenne127.mul(checks[0], checks[1], lambda[0], lambda[1], a, 0);
            Mersenne127.mul(checks[2], checks[3], lambda[2], lambda[3], b, 0);
            Mersenne127.add(a[0], a[1], b[0], b[1], checks, 4);
        }
        byte[] header = new ClientDealing.Header(SESSION, "bank-a", "q", m, hashes, checks).encode();
        PrivateKey signer = cheat == Cheat.WRONG_KEY ? identity().privateKey() : id.privateKey();
        byte[] signature = ClientDealing.sign(signer, header);
        if (cheat == Cheat.SHARES_NOT_COMMITTED) {
            shares[2][0] ^= 1; // sent shares differ from the committed ones
        }
        String failure = null;
        int failing = -1;
        for (int i = 0; i < 3; i++) {
            ClientDealing.PartyShare share = new ClientDealing.PartyShare(shares[i], salts[i], header, signature);
            try {
                ClientDealing.check(input(share, m), shares[i], SESSION, "bank-a", i, scheme, id.certificate().getPublicKey());
            } catch (org.veilgrid.core.errors.MalformedInputException e) {
                if (failure == null) {
                    failure = e.getMessage();
                    failing = i;
                }
            }
        }
        switch (cheat) {
            case SHARE_OFF_POLYNOMIAL -> {
                assertEquals(0, failing, "every party sees the signed check values off one polynomial");
                assertTrue(failure.contains("do not lie on one polynomial of degree 1"), failure);
            }
            case CHECKS_SMOOTHED_OVER -> {
                assertEquals(2, failing, "only the party whose shares contradict the signed check value can tell");
                assertTrue(failure.contains("do not give the check value it signed"), failure);
            }
            case SHARES_NOT_COMMITTED -> {
                assertEquals(2, failing);
                assertTrue(failure.contains("not the ones its signed header commits to"), failure);
            }
            case WRONG_KEY -> {
                assertEquals(0, failing);
                assertTrue(failure.contains("does not verify under the dealer's certificate"), failure);
            }
        }
    }

    /** Lagrange coefficients (λ_0, λ_1) with f(α_2) = λ_0 f(α_0) + λ_1 f(α_1) for degree 1, α_i = i + 1: (−1, 2). */
    private static long[] lineThrough01At2() {
        long[] minusOne = new long[2];
        Mersenne127.sub(0, 0, 1, 0, minusOne, 0);
        return new long[] {minusOne[0], minusOne[1], 2, 0};
    }

    private static ClientInput input(ClientDealing.PartyShare share, int m) {
        return RoundMessages.encodeInput(SESSION, "q", share, m + 1);
    }

    @ParameterizedTest
    @EnumSource(Security.class)
    void anInconsistentDealingOverTheNetworkAbortsEveryPartyNamingTheClient(Security security) {
        try (LoopbackCluster cluster = LoopbackCluster.start(3, 10_000, List.of("bank-a"));
             InputClient client = new InputClient(cluster.config(), cluster.clientIdentity("bank-a"))) {
            long session = cluster.config().session();
            ShamirScheme scheme = new ShamirScheme(3, 1);
            ClientDealing.PartyShare[] honest = ClientDealing.deal(session, "bank-a", "q",
                    FieldVectors.fromLongs(new long[] {5, 6}), 2, scheme, RNG, cluster.clientIdentity("bank-a").privateKey());
            // Party 1 gets shares that are not the committed ones.
            long[] bad = honest[1].shares().clone();
            bad[0] ^= 1;
            for (int i = 0; i < 3; i++) {
                ClientDealing.PartyShare s = i == 1 ? new ClientDealing.PartyShare(bad, honest[1].salt(), honest[1].header(),
                        honest[1].signature()) : honest[i];
                try {
                    MpcPartyGrpc.newBlockingStub(client.channel(i)).submitInput(RoundMessages.encodeInput(session, "q", s, 3));
                } catch (io.grpc.StatusRuntimeException e) {
                    assertEquals(1, i, "only party 1 refuses: " + e);
                    assertTrue(e.getStatus().getDescription().contains("not the ones its signed header commits to"),
                            e.toString());
                }
            }
            List<LoopbackCluster.Outcome<long[]>> outs = cluster.runEach(security,
                    s -> s.open(s.inputFromClient("bank-a", "q", 2)).toLongs());
            for (int i = 0; i < 3; i++) {
                LoopbackCluster.Outcome<long[]> o = outs.get(i);
                if (security == Security.SEMI_HONEST && i != 1 && o.value() != null) {
                    // Semi-honest parties do not agree before an output: those whose shares were
                    // honest may open before party 1's abort reaches them — the true values.
                    assertArrayEquals(new long[] {5, 6}, o.value());
                    continue;
                }
                assertNull(o.value(), "party " + i + " opened an inconsistently dealt input");
                ProtocolAbortException e = assertInstanceOf(ProtocolAbortException.class, o.error(), String.valueOf(o.error()));
                assertEquals("bank-a", e.culprit().orElse(null), e.getMessage());
            }
        }
    }

    @Test
    void differentDealingsToDifferentPartiesAreCaughtByTheHeaderEchoNamingTheClient() {
        try (LoopbackCluster cluster = LoopbackCluster.start(3, 10_000, List.of("bank-a"));
             InputClient client = new InputClient(cluster.config(), cluster.clientIdentity("bank-a"))) {
            long session = cluster.config().session();
            ShamirScheme scheme = new ShamirScheme(3, 1);
            PrivateKey key = cluster.clientIdentity("bank-a").privateKey();
            // Two dealings, each consistent in itself: party 0 gets one, parties 1 and 2 the other.
            ClientDealing.PartyShare[] one = ClientDealing.deal(session, "bank-a", "q",
                    FieldVectors.fromLongs(new long[] {1, 1}), 2, scheme, RNG, key);
            ClientDealing.PartyShare[] other = ClientDealing.deal(session, "bank-a", "q",
                    FieldVectors.fromLongs(new long[] {9, 9}), 2, scheme, RNG, key);
            for (int i = 0; i < 3; i++) {
                MpcPartyGrpc.newBlockingStub(client.channel(i))
                        .submitInput(RoundMessages.encodeInput(session, "q", i == 0 ? one[0] : other[i], 3));
            }
            List<LoopbackCluster.Outcome<long[]>> outs = cluster.runEach(Security.MALICIOUS,
                    s -> s.open(s.inputFromClient("bank-a", "q", 2)).toLongs());
            for (LoopbackCluster.Outcome<long[]> o : outs) {
                assertNull(o.value(), "a party opened an input dealt twice");
                ProtocolAbortException e = assertInstanceOf(ProtocolAbortException.class, o.error(), String.valueOf(o.error()));
                assertEquals("bank-a", e.culprit().orElse(null), e.getMessage());
                assertTrue(e.getMessage().contains("signed two different dealings of input 'q'"), e.getMessage());
            }
        }
    }

    @Test
    void aPartyThatEchoesAHeaderTheClientDidNotSignIsNamed() throws Exception {
        int echoElements = (ClientDealing.Header.length("bank-a", "q", 3) + 2 + ClientDealing.MAX_SIGNATURE_BYTES + 14) / 15;
        org.veilgrid.mpc.engine.CorruptingWire wire = new org.veilgrid.mpc.engine.CorruptingWire();
        wire.corrupt(m -> {
            if (m.getCount() != echoElements) {
                return m;
            }
            byte[] e = m.getElements().toByteArray();
            e[20] ^= 1; // inside the header: its signature no longer verifies
            return m.toBuilder().setElements(com.google.protobuf.ByteString.copyFrom(e)).build();
        });
        try (LoopbackCluster cluster = LoopbackCluster.start(3, 10_000, List.of("bank-a"), (i, network) -> {
            if (i == 0) {
                network.interceptOutgoing(wire);
            }
        }); InputClient client = new InputClient(cluster.config(), cluster.clientIdentity("bank-a"))) {
            client.submit("q", new long[] {4, 2});
            List<LoopbackCluster.Outcome<long[]>> outs = cluster.runEach(Security.MALICIOUS,
                    s -> s.open(s.inputFromClient("bank-a", "q", 2)).toLongs());
            for (int honest = 1; honest < 3; honest++) {
                LoopbackCluster.Outcome<long[]> o = outs.get(honest);
                assertNull(o.value());
                ProtocolAbortException e = assertInstanceOf(ProtocolAbortException.class, o.error(), String.valueOf(o.error()));
                assertEquals("party-0", e.culprit().orElse(null), e.getMessage());
                assertTrue(e.getMessage().contains("that 'bank-a' did not sign"), e.getMessage());
            }
        }
    }
}
