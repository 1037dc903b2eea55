package org.veilgrid.examples.demo;

import io.grpc.Server;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.veilgrid.auction.ExchangeRates;
import org.veilgrid.auction.Order;
import org.veilgrid.auction.PriceGrid;
import org.veilgrid.auction.ReferenceAuction;
import org.veilgrid.auction.Side;
import org.veilgrid.core.identity.AgentKey;
import org.veilgrid.core.tls.CertificateAuthority;
import org.veilgrid.grid.model.NGramModel;
import org.veilgrid.grid.node.CompletionNode;
import org.veilgrid.grid.promise.Ledger;
import org.veilgrid.grid.route.CompletionRouter;


/**
 * An encrypted byte completion routed across three local nodes priced in their own currencies:
 * the router converts prices with exchange rates set by pair auctions, the cheapest node signs a
 * wrong receipt and is caught, the request goes on encrypted to the next node, whose promise is
 * verified kept; the decrypted bytes equal the model's answer.
 */
public final class GridCompletionStep implements DemoStep {
    @Override
    public String name() {
        return "encrypted completion";
    }

    @Override
    public StepResult run(DemoContext context) {
        NGramModel model = NGramModel.train(NGramModel.shippedCorpus(), 3);
        byte[] id = "demo-fx".getBytes(StandardCharsets.US_ASCII);
        List<Order> ab = List.of(new Order("x", Side.BUY, 2_000_000, 5), new Order("y", Side.SELL, 2_000_000, 5));
        List<Order> bb = List.of(new Order("x", Side.BUY, 500_000, 5), new Order("y", Side.SELL, 500_000, 5));
        ExchangeRates rates = ExchangeRates.of(List.of(
                new ExchangeRates.PairResult("AAA", "ME", ReferenceAuction.clear(id, PriceGrid.of(ab), ab)),
                new ExchangeRates.PairResult("BBB", "ME", ReferenceAuction.clear(id, PriceGrid.of(bb), bb))));
        CertificateAuthority ca = CertificateAuthority.create();
        List<Server> servers = new ArrayList<>();
        List<CompletionRouter.Endpoint> endpoints = new ArrayList<>();
        Object[][] nodes = {{"node-cheap", 3L, "BBB", CompletionNode.Conduct.WRONG_RECEIPT},
            {"node-fair", 1L, "AAA", CompletionNode.Conduct.HONEST}, {"node-dear", 5L, "ME", CompletionNode.Conduct.HONEST}};
        try {
            for (Object[] n : nodes) {
                AgentKey key = AgentKey.generate(new SecureRandom());
                CompletionNode node = new CompletionNode(model, key, (Long) n[1], (String) n[2], 10_000, (CompletionNode.Conduct) n[3]);
                Server s = node.start(new InetSocketAddress("127.0.0.1", 0), ca.issue((String) n[0]));
                servers.add(s);
                endpoints.add(new CompletionRouter.Endpoint((String) n[0], "127.0.0.1", s.getPort(), key.publicKey(),
                        (Long) n[1], (String) n[2]));
            }
            Ledger ledger = new Ledger();
            CompletionRouter router = new CompletionRouter(endpoints, rates, "ME", ledger, ca.issue("agent"), Duration.ofSeconds(30));
            byte[] ctx = "government of the peo".getBytes(StandardCharsets.US_ASCII);
            CompletionRouter.Routed r = router.completeEncrypted(ctx);
            boolean ok = Arrays.equals(model.lookup(ctx), r.continuation()) && ledger.broken(endpoints.get(0).nodeKey()) == 1;
            String text = new String(r.continuation(), StandardCharsets.US_ASCII);
            String summary = "encrypted completion 'government of the peo" + text.strip() + "...' from " + r.node().name()
                    + ", promise kept" + (ok ? "" : " MISMATCH");
            return new StepResult(ok, summary,
                    "3 nodes priced in BBB/AAA/ME; node-cheap signed a wrong receipt and was skipped; "
                            + r.node().name() + " answered a BFV-encrypted query (grid envelopes of encrypted-byte-completion-2) and its"
                            + " COSE_Sign1 promise was verified kept",
                    Map.of("node", r.node().name(), "attempts", r.attempts(), "check", ok ? "ok" : "MISMATCH"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            servers.forEach(org.veilgrid.core.tls.MutualTls::stop);
        }
    }
}
