package org.veilgrid.grid.route;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Server;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.veilgrid.auction.ExchangeRates;
import org.veilgrid.auction.Order;
import org.veilgrid.auction.PriceGrid;
import org.veilgrid.auction.ReferenceAuction;
import org.veilgrid.auction.Side;
import org.veilgrid.core.errors.ProtocolAbortException;
import org.veilgrid.core.tls.CertificateAuthority;
import org.veilgrid.grid.model.NGramModel;
import org.veilgrid.grid.node.CompletionNode;
import org.veilgrid.grid.promise.Ledger;
import org.veilgrid.core.identity.AgentKey;

class CompletionRouterTest {
    static ExchangeRates rates() {
        // 1 AAA = 2 ME, 1 BBB = 0.5 ME, from two pair auctions.
        byte[] id = "fx".getBytes();
        List<Order> a = List.of(new Order("x", Side.BUY, 2_000_000, 5), new Order("y", Side.SELL, 2_000_000, 5));
        List<Order> b = List.of(new Order("x", Side.BUY, 500_000, 5), new Order("y", Side.SELL, 500_000, 5));
        return ExchangeRates.of(List.of(
                new ExchangeRates.PairResult("AAA", "ME", ReferenceAuction.clear(id, PriceGrid.of(a), a)),
                new ExchangeRates.PairResult("BBB", "ME", ReferenceAuction.clear(id, PriceGrid.of(b), b))));
    }

    @Test
    void theCheapestNodeWithAGoodRecordAnswersAndBrokenOrDeadNodesAreSkipped() throws Exception {
        NGramModel m;
        try (var in = NGramModel.class.getResourceAsStream("/org/veilgrid/grid/corpus/gettysburg.txt")) {
            m = NGramModel.train(in.readAllBytes(), 3);
        }
        CertificateAuthority ca = CertificateAuthority.create();
        List<Server> servers = new ArrayList<>();
        List<CompletionRouter.Endpoint> endpoints = new ArrayList<>();
        // late: cheapest (3 BBB = 1.5 ME) but late; honest: 1 AAA = 2 ME; pricey: 5 ME; dead: 1 ME, never up.
        Object[][] nodes = {{"late", 3L, "BBB", CompletionNode.Conduct.LATE}, {"honest", 1L, "AAA", CompletionNode.Conduct.HONEST},
            {"pricey", 5L, "ME", CompletionNode.Conduct.HONEST}};
        try {
            for (Object[] n : nodes) {
                AgentKey keys = AgentKey.generate(new SecureRandom());
                // Only the late node's deadline is short: an honest node's encrypted answer on a
                // loaded machine can take longer than 300 ms and must not count as late.
                CompletionNode.Conduct conduct = (CompletionNode.Conduct) n[3];
                long deadlineMs = conduct == CompletionNode.Conduct.LATE ? 300 : 30_000;
                CompletionNode node = new CompletionNode(m, keys, (Long) n[1], (String) n[2], deadlineMs, conduct);
                Server s = node.start(new InetSocketAddress("127.0.0.1", 0), ca.issue((String) n[0]));
                servers.add(s);
                endpoints.add(new CompletionRouter.Endpoint((String) n[0], "127.0.0.1", s.getPort(), keys.publicKey(), (Long) n[1], (String) n[2]));
            }
            int deadPort;
            try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
                deadPort = s.getLocalPort();
            }
            endpoints.add(new CompletionRouter.Endpoint("dead", "127.0.0.1", deadPort, AgentKey.generate(new SecureRandom()).publicKey(), 1, "ME"));
            Ledger ledger = new Ledger();
            CompletionRouter router = new CompletionRouter(endpoints, rates(), "ME", ledger, ca.issue("client"), Duration.ofSeconds(5));
            assertEquals(List.of("dead", "late", "honest", "pricey"), router.ranking().stream().map(CompletionRouter.Endpoint::name).toList());
            byte[] ctx = "of the peo".getBytes(StandardCharsets.US_ASCII);
            CompletionRouter.Routed first = router.complete(ctx, 16);
            assertEquals("honest", first.node().name(), "dead and late were tried and skipped");
            assertEquals(3, first.attempts());
            assertArrayEquals(m.lookup(ctx), first.continuation());
            // Their broken promises push dead and late behind the honest node.
            assertEquals("honest", router.ranking().get(0).name());
            CompletionRouter.Routed second = router.complete(ctx, 16);
            assertEquals("honest", second.node().name());
            assertEquals(1, second.attempts());
            CompletionRouter.Routed sealed = router.completeEncrypted(ctx);
            assertEquals("honest", sealed.node().name());
            assertArrayEquals(m.lookup(ctx), sealed.continuation(), "the encrypted route returns the same bytes");
            assertEquals(3, ledger.kept(endpoints.get(1).nodeKey()));
            assertEquals(1, ledger.broken(endpoints.get(0).nodeKey()));
        } finally {
            servers.forEach(org.veilgrid.core.tls.MutualTls::stop);
        }
        // With every node down, the router says so.
        CompletionRouter none = new CompletionRouter(endpoints.subList(3, 4), rates(), "ME", new Ledger(), ca.issue("c2"), Duration.ofSeconds(2));
        assertThrows(ProtocolAbortException.class, () -> none.complete("x".getBytes(), 4));
        assertTrue(new CompletionRouter(endpoints.subList(3, 4), rates(), "ZZZ", new Ledger(), ca.issue("c3"), Duration.ofSeconds(2))
                .ranking().isEmpty(), "no rate to ZZZ: nothing is priced");
    }
}
