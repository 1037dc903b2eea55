package org.veilgrid.auction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.veilgrid.auction.proof.Rejection;
import org.veilgrid.auction.proof.SignedResult;
import org.veilgrid.mpc.engine.CorruptingWire;
import org.veilgrid.mpc.engine.LoopbackCluster;
import org.veilgrid.mpc.engine.MpcSession;
import org.veilgrid.mpc.engine.Security;
import org.veilgrid.mpc.engine.Shared;
import org.veilgrid.core.errors.ProtocolAbortException;
import org.veilgrid.core.identity.AgentKey;
import org.veilgrid.core.identity.AgentPublicKey;

/**
 * The proved auction: the result equals the reference on random books with proofs on, and each
 * kind of bad input — non-monotone schedule, out-of-range value, shares that are not the
 * committed values, and in semi-honest mode inconsistent Shamir shares — is caught, attributed
 * to its institution, reported to it alone, and the others clear without it. In malicious mode
 * inconsistent shares abort the run at every party before anything is signed (a compute party
 * lying about its share would look the same, so no institution is excluded on that evidence).
 */
class ProvedAuctionTest {
    static final SecureRandom RNG = new SecureRandom();

    /** Party 0 feeds each institution's shared input, so many books run through one cluster. */
    static ProvedAuctionProgram.Inputs fromPartyZero(Map<String, AuctionParticipant> ps, String inconsistent) {
        return (MpcSession s, String inst, int length) -> {
            Shared x = s.inputElements(0, s.self() == 0 ? ps.get(inst).packed() : null, length);
            if (inst.equals(inconsistent)) {
                long[] bump = new long[length];
                bump[3] = s.self() == s.parties() - 1 ? 1 : 0; // the last party's share of x_3 is off
                x = x.add(s.publicValues(bump));
            }
            return x;
        };
    }

    /** Runs one book through the cluster; returns the signed result and the rejections party 0 saw. */
    static Object[] runBook(LoopbackCluster cluster, Security security, byte[] id, PriceGrid grid,
                            Map<String, AuctionParticipant> ps, String inconsistent, AgentKey[] partyKeys) {
        Map<String, byte[]> committed = new TreeMap<>();
        Map<String, AgentPublicKey> keys = new TreeMap<>();
        ps.forEach((inst, p) -> {
            committed.put(inst, p.committedOrder());
            keys.put(inst, p.publicKey());
        });
        List<String> institutions = new ArrayList<>(ps.keySet());
        List<ProvedAuctionProgram.PartyOutput> outs = cluster.runOnSessions(security, s -> ProvedAuctionProgram.run(s, id, grid,
                institutions, committed, keys, partyKeys[s.self()], fromPartyZero(ps, inconsistent)));
        List<byte[]> signed = new ArrayList<>();
        for (int i = 0; i < outs.size(); i++) {
            assertEquals(outs.get(0).statement, outs.get(i).statement);
            assertEquals(outs.get(0).rejections, outs.get(i).rejections);
            signed.add(outs.get(i).signedResult);
        }
        return new Object[] {SignedResult.verify(signed, publicKeys(partyKeys)), outs.get(0).rejections};
    }

    static List<AgentPublicKey> publicKeys(AgentKey[] k) {
        List<AgentPublicKey> out = new ArrayList<>();
        for (AgentKey key : k) {
            out.add(key.publicKey());
        }
        return out;
    }

    @Test
    void provedMpcEqualsTheReferenceOnRandomBooks() {
        SplittableRandom rnd = new SplittableRandom(7);
        AgentKey[] partyKeys = {AgentKey.generate(RNG), AgentKey.generate(RNG), AgentKey.generate(RNG)};
        try (LoopbackCluster cluster = LoopbackCluster.start(3, 30_000)) {
            for (int b = 0; b < 12; b++) {
                long[] prices = {10, 12, 15, 20};
                List<Order> book = Books.random(rnd, 1 + rnd.nextInt(4), 3, prices);
                PriceGrid grid = b % 3 == 0 ? PriceGrid.of(book) : PriceGrid.of(prices);
                byte[] id = ("proved-" + b).getBytes();
                Map<String, List<Order>> byInst = new TreeMap<>();
                book.forEach(o -> byInst.computeIfAbsent(o.institution, i -> new ArrayList<>()).add(o));
                Map<String, AuctionParticipant> ps = new TreeMap<>();
                byInst.forEach((inst, os) -> ps.put(inst, new AuctionParticipant(inst, os, grid, id, AgentKey.generate(RNG))));
                Object[] r = runBook(cluster, Security.MALICIOUS, id, grid, ps, null, partyKeys);
                SignedResult signed = (SignedResult) r[0];
                assertTrue(((Map<?, ?>) r[1]).isEmpty(), "book " + b + ": " + r[1]);
                Map<String, Fill> fills = new TreeMap<>();
                ps.forEach((inst, p) -> fills.put(inst, p.acceptResult(signed, publicKeys(partyKeys))));
                ClearingResult got = new ClearingResult(grid, signed.statement().priceIndex, signed.statement().volume, fills);
                assertEquals(ReferenceAuction.clear(id, grid, book), got, "book " + b + ": " + book);
            }
        }
    }

    @Test
    void semiHonestInconsistentShamirSharesAreCaughtAndTheOthersClear() {
        AgentKey[] partyKeys = {AgentKey.generate(RNG), AgentKey.generate(RNG), AgentKey.generate(RNG)};
        List<Order> book = List.of(new Order("a", Side.BUY, 12, 10), new Order("b", Side.SELL, 10, 7),
                new Order("c", Side.SELL, 11, 9));
        byte[] id = "inconsistent".getBytes();
        PriceGrid grid = PriceGrid.of(book);
        Map<String, AuctionParticipant> ps = new TreeMap<>();
        for (Order o : book) {
            ps.put(o.institution, new AuctionParticipant(o.institution, List.of(o), grid, id, AgentKey.generate(RNG)));
        }
        try (LoopbackCluster cluster = LoopbackCluster.start(3, 30_000)) {
            Object[] r = runBook(cluster, Security.SEMI_HONEST, id, grid, ps, "c", partyKeys);
            SignedResult signed = (SignedResult) r[0];
            @SuppressWarnings("unchecked")
            Map<String, Rejection> rej = (Map<String, Rejection>) r[1];
            assertEquals(Set.of("c"), rej.keySet());
            assertEquals(Rejection.Reason.INCONSISTENT_SHARES, rej.get("c").reason());
            assertEquals(Set.of("c"), signed.statement().rejected());
            ClearingResult expected = ReferenceAuction.clear(id, grid, book.subList(0, 2));
            assertEquals(expected.volume, signed.statement().volume);
            assertEquals(expected.fill("a"), ps.get("a").acceptResult(signed, publicKeys(partyKeys)));
        }
    }

    @Test
    void maliciousInconsistentShamirSharesAbortEveryPartyBeforeAnythingIsSigned() {
        AgentKey[] partyKeys = {AgentKey.generate(RNG), AgentKey.generate(RNG), AgentKey.generate(RNG)};
        List<Order> book = List.of(new Order("a", Side.BUY, 12, 10), new Order("b", Side.SELL, 10, 7),
                new Order("c", Side.SELL, 11, 9));
        byte[] id = "inconsistent-malicious".getBytes();
        PriceGrid grid = PriceGrid.of(book);
        Map<String, AuctionParticipant> ps = new TreeMap<>();
        for (Order o : book) {
            ps.put(o.institution, new AuctionParticipant(o.institution, List.of(o), grid, id, AgentKey.generate(RNG)));
        }
        Map<String, byte[]> committed = new TreeMap<>();
        Map<String, AgentPublicKey> keys = new TreeMap<>();
        ps.forEach((inst, p) -> {
            committed.put(inst, p.committedOrder());
            keys.put(inst, p.publicKey());
        });
        List<String> institutions = new ArrayList<>(ps.keySet());
        try (LoopbackCluster cluster = LoopbackCluster.start(3, 30_000)) {
            List<LoopbackCluster.Outcome<ProvedAuctionProgram.PartyOutput>> outs = cluster.runEach(Security.MALICIOUS,
                    s -> ProvedAuctionProgram.run(s, id, grid, institutions, committed, keys, partyKeys[s.self()],
                            fromPartyZero(ps, "c")));
            for (LoopbackCluster.Outcome<ProvedAuctionProgram.PartyOutput> o : outs) {
                assertNull(o.value(), "a party signed a result although an institution's shares were inconsistent");
                assertInstanceOf(ProtocolAbortException.class, o.error(), String.valueOf(o.error()));
            }
        }
    }

    /**
     * A compute party that adds an error to one element of what it sends in one round (sampled
     * across the whole run, rounds of inputs, products, openings and the verification alike)
     * makes both honest parties abort; neither signs a result.
     */
    @Test
    void maliciousACheatingPartyInAnyRoundMakesTheHonestPartiesAbortBeforeSigning() {
        AgentKey[] partyKeys = {AgentKey.generate(RNG), AgentKey.generate(RNG), AgentKey.generate(RNG)};
        List<Order> book = List.of(new Order("a", Side.BUY, 12, 10), new Order("b", Side.SELL, 10, 7),
                new Order("c", Side.SELL, 11, 9));
        byte[] id = "cheating-party".getBytes();
        PriceGrid grid = PriceGrid.of(book);
        Map<String, AuctionParticipant> ps = new TreeMap<>();
        for (Order o : book) {
            ps.put(o.institution, new AuctionParticipant(o.institution, List.of(o), grid, id, AgentKey.generate(RNG)));
        }
        Map<String, byte[]> committed = new TreeMap<>();
        Map<String, AgentPublicKey> keys = new TreeMap<>();
        ps.forEach((inst, p) -> {
            committed.put(inst, p.committedOrder());
            keys.put(inst, p.publicKey());
        });
        List<String> institutions = new ArrayList<>(ps.keySet());
        long rounds;
        try (LoopbackCluster cluster = LoopbackCluster.start(3, 30_000)) {
            rounds = cluster.run(Security.MALICIOUS, s -> {
                ProvedAuctionProgram.run(s, id, grid, institutions, committed, keys, partyKeys[s.self()],
                        fromPartyZero(ps, null));
                return s.rounds();
            }).get(0);
        }
        int tampered = 0;
        for (long target = 2; target <= rounds; target += Math.max(1, rounds / 6)) {
            long round = target;
            boolean[] hit = {false};
            CorruptingWire wire = new CorruptingWire();
            wire.corrupt(m -> {
                if (m.getRound() != round || m.getCount() == 0) {
                    return m;
                }
                hit[0] = true;
                byte[] e = m.getElements().toByteArray();
                e[0] ^= 1;
                return m.toBuilder().setElements(com.google.protobuf.ByteString.copyFrom(e)).build();
            });
            try (LoopbackCluster cluster = LoopbackCluster.start(3, 30_000, List.of(), (i, network) -> {
                if (i == 0) {
                    network.interceptOutgoing(wire);
                }
            })) {
                List<LoopbackCluster.Outcome<ProvedAuctionProgram.PartyOutput>> outs = cluster.runEach(Security.MALICIOUS,
                        s -> ProvedAuctionProgram.run(s, id, grid, institutions, committed, keys, partyKeys[s.self()],
                                fromPartyZero(ps, null)));
                if (!hit[0]) {
                    continue; // party 0 sent nothing in that round
                }
                tampered++;
                for (int honest = 1; honest < 3; honest++) {
                    LoopbackCluster.Outcome<ProvedAuctionProgram.PartyOutput> o = outs.get(honest);
                    assertNull(o.value(), "round " + round + " of " + rounds + ": party " + honest + " signed a result");
                    assertInstanceOf(ProtocolAbortException.class, o.error(), "round " + round + ": " + o.error());
                }
            }
        }
        assertTrue(tampered >= 4, "only " + tampered + " sampled rounds carried a message from party 0");
    }

    @Test
    void badOrdersFromRealClientsAreRejectedAndReportedToTheirOwnersOnly() {
        byte[] id = "bad-orders".getBytes();
        List<Order> honest = List.of(new Order("bank-a", Side.BUY, 16, 40), new Order("bank-b", Side.SELL, 10, 30),
                new Order("fund-c", Side.SELL, 14, 25));
        PriceGrid grid = PriceGrid.of(10, 12, 14, 16);
        LoopbackAuction.Options opt = new LoopbackAuction.Options();
        opt.replace.put("evil-d", AuctionParticipant.crafted("evil-d", grid, id, AgentKey.generate(RNG),
                new long[] {5, 50, 0, 0}, new long[4]));                                   // demand rises
        opt.replace.put("evil-e", AuctionParticipant.crafted("evil-e", grid, id, AgentKey.generate(RNG),
                new long[4], new long[] {0, 0, 0, Order.MAX_VALUE + 1}));                 // out of range
        opt.replace.put("evil-f", new AuctionParticipant("evil-f", List.of(new Order("evil-f", Side.BUY, 12, 5)),
                grid, id, AgentKey.generate(RNG)).tamperShares(v -> {
                    v[0] += 1;                                                             // shares demand(0) + 1
                    return v;
                }));
        LoopbackAuction.Outcome o = LoopbackAuction.run(new String(id), grid, honest, 3, 30_000, null, opt);
        assertEquals(Rejection.Reason.RANGE_PROOF, o.reports.get("evil-d").rejection().reason());
        assertEquals(Rejection.Reason.RANGE_PROOF, o.reports.get("evil-e").rejection().reason());
        assertEquals(Rejection.Reason.NOT_COMMITTED_VALUES, o.reports.get("evil-f").rejection().reason());
        for (String inst : List.of("bank-a", "bank-b", "fund-c")) {
            LoopbackAuction.InstitutionReport r = o.reports.get(inst);
            assertTrue(r.accepted() && r.resultVerified() && r.fillProofVerified(), inst + ": " + r);
            assertNull(r.rejection());
        }
        assertEquals(Set.of("evil-d", "evil-e", "evil-f"), o.signed.statement().rejected());
        // The public result names who was excluded, never why.
        for (byte[] signed : o.signed.encoded()) {
            String pub = new String(signed, java.nio.charset.StandardCharsets.ISO_8859_1);
            assertTrue(pub.contains("evil-d") && !pub.contains("RANGE") && !pub.contains("monotone")
                    && !pub.contains("committed ones"), pub);
        }
        assertEquals(ReferenceAuction.clear(id, grid, honest), o.result);
    }
}
