package org.veilgrid.grid.promise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Server;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.veilgrid.core.tls.CertificateAuthority;
import org.veilgrid.grid.model.NGramModel;
import org.veilgrid.grid.node.CompletionClient;
import org.veilgrid.grid.node.CompletionNode;
import org.veilgrid.core.identity.AgentKey;
import org.veilgrid.core.identity.AgentPublicKey;

/** Signed promises and receipts: kept ones verify; late, wrong and mis-signed answers are caught. */
class PromiseTest {
    private static NGramModel model() throws Exception {
        try (var in = NGramModel.class.getResourceAsStream("/org/veilgrid/grid/corpus/gettysburg.txt")) {
            return NGramModel.train(in.readAllBytes(), 3);
        }
    }

    private static PromiseCheck.Outcome ask(CompletionNode.Conduct conduct, long budgetMillis, Ledger ledger) throws Exception {
        NGramModel m = model();
        CertificateAuthority ca = CertificateAuthority.create();
        AgentKey keys = AgentKey.generate(new SecureRandom());
        CompletionNode node = new CompletionNode(m, keys, 3, "NODECOIN", budgetMillis, conduct);
        Server server = node.start(new InetSocketAddress("127.0.0.1", 0), ca.issue("node"));
        try (CompletionClient client = new CompletionClient("127.0.0.1", server.getPort(), ca.issue("c"), "node", Duration.ofSeconds(30))) {
            byte[] ctx = "of the peo".getBytes(StandardCharsets.US_ASCII);
            CheckedCompletion a = client.completeChecked(ctx, 16, keys.publicKey());
            PromiseCheck.Outcome o = PromiseCheck.audit(a.outcome(), a.continuation(), m.lookup(ctx));
            ledger.record(keys.publicKey(), o, a.promise(), a.receipt());
            if (o == PromiseCheck.Outcome.KEPT) {
                assertEquals(3, a.promise().price());
                assertEquals("NODECOIN", a.promise().currency());
                assertArrayEquals(m.lookup(ctx), a.continuation());
            }
            return o;
        } finally {
            org.veilgrid.core.tls.MutualTls.stop(server);
        }
    }

    @Test
    void keptAndBrokenPromisesAreToldApart() throws Exception {
        Ledger ledger = new Ledger();
        assertEquals(PromiseCheck.Outcome.KEPT, ask(CompletionNode.Conduct.HONEST, 5_000, ledger));
        assertEquals(PromiseCheck.Outcome.LATE, ask(CompletionNode.Conduct.LATE, 300, ledger));
        assertEquals(PromiseCheck.Outcome.WRONG_ANSWER, ask(CompletionNode.Conduct.WRONG_ANSWER, 5_000, ledger));
        assertEquals(PromiseCheck.Outcome.WRONG_RESPONSE, ask(CompletionNode.Conduct.WRONG_RECEIPT, 5_000, ledger));
    }

    @Test
    void theLedgerScoresNodesAndKeepsTheEvidence() {
        AgentKey good = AgentKey.generate(new SecureRandom());
        AgentKey bad = AgentKey.generate(new SecureRandom());
        byte[] request = "req".getBytes();
        byte[] response = "resp".getBytes();
        CompletionPromise p = CompletionPromise.make(good, request, 5, "GOOD", System.currentTimeMillis() + 1000);
        CompletionReceipt r = CompletionReceipt.make(good, p, response, System.currentTimeMillis());
        Ledger ledger = new Ledger();
        ledger.record(good.publicKey(), PromiseCheck.judge(good.publicKey(), request, p, r, response, System.currentTimeMillis()), p, r);
        ledger.record(bad.publicKey(), PromiseCheck.Outcome.LATE, null, null);
        assertTrue(ledger.score(good.publicKey()) > ledger.score(bad.publicKey()));
        assertEquals(1, ledger.kept(good.publicKey()));
        assertEquals(1, ledger.broken(bad.publicKey()));
        // Signed by another key, or about another request: caught.
        assertEquals(PromiseCheck.Outcome.WRONG_NODE, PromiseCheck.judge(bad.publicKey(), request, p, r, response, 0));
        assertEquals(PromiseCheck.Outcome.WRONG_REQUEST, PromiseCheck.judge(good.publicKey(), "other".getBytes(), p, r, response, 0));
        assertEquals(PromiseCheck.Outcome.MISSING, PromiseCheck.judge(good.publicKey(), request, p, null, response, 0));
    }

    @Test
    void aPromiseIsJudgedAgainstThePinnedKeyAndNeverAgainstWhateverKeyItNames() throws Exception {
        NGramModel m = model();
        CertificateAuthority ca = CertificateAuthority.create();
        AgentKey keys = AgentKey.generate(new SecureRandom());
        AgentPublicKey someoneElse = AgentKey.generate(new SecureRandom()).publicKey();
        CompletionNode node = new CompletionNode(m, keys, 1, "VEIL", 5_000, CompletionNode.Conduct.HONEST);
        Server server = node.start(new InetSocketAddress("127.0.0.1", 0), ca.issue("node"));
        byte[] ctx = "of the peo".getBytes(StandardCharsets.US_ASCII);
        try (CompletionClient client = new CompletionClient("127.0.0.1", server.getPort(), ca.issue("c"), "node", Duration.ofSeconds(30));
             org.veilgrid.grid.encrypted.EncryptedCompletionClient sealed = new org.veilgrid.grid.encrypted.EncryptedCompletionClient(
                     "127.0.0.1", server.getPort(), ca.issue("c2"), "node", Duration.ofSeconds(30))) {
            assertEquals(PromiseCheck.Outcome.KEPT, client.completeChecked(ctx, 16, keys.publicKey()).outcome());
            assertEquals(PromiseCheck.Outcome.WRONG_NODE, client.completeChecked(ctx, 16, someoneElse).outcome());
            assertEquals(PromiseCheck.Outcome.WRONG_NODE, sealed.completeChecked(ctx, someoneElse).outcome());
            var broken = assertThrows(org.veilgrid.core.errors.VerificationFailedException.class,
                    () -> client.complete(ctx, 16, someoneElse));
            assertTrue(broken.getMessage().contains(PromiseCheck.Outcome.WRONG_NODE.meaning()), broken.getMessage());
            assertThrows(org.veilgrid.core.errors.VerificationFailedException.class, () -> sealed.complete(ctx, someoneElse));
            // No key pinned is no check at all: refused before anything is sent.
            assertThrows(org.veilgrid.core.errors.ParameterException.class, () -> client.completeChecked(ctx, 16, null));
            assertThrows(org.veilgrid.core.errors.ParameterException.class, () -> sealed.completeChecked(ctx, null));
            assertEquals(5, node.served(), "the five requests with a key pinned; those without never left the client");
        } finally {
            org.veilgrid.core.tls.MutualTls.stop(server);
        }
        CompletionPromise p = CompletionPromise.make(keys, ctx, 1, "VEIL", Long.MAX_VALUE);
        CompletionReceipt r = CompletionReceipt.make(keys, p, ctx, 0);
        assertThrows(org.veilgrid.core.errors.ParameterException.class,
                () -> PromiseCheck.judgeEncoded(null, ctx, p.toBytes(), r.toBytes(), ctx, ctx, 0));
        assertEquals(PromiseCheck.Outcome.KEPT,
                PromiseCheck.judgeEncoded(keys.publicKey(), ctx, p.toBytes(), r.toBytes(), ctx, ctx, 0).outcome());
        // Encoded: another node's statements are wrong-node; a broken signature, or a receipt where
        // the promise belongs, bad-signature; bytes that are no statement at all, missing.
        AgentKey other = AgentKey.generate(new SecureRandom());
        CompletionPromise theirs = CompletionPromise.make(other, ctx, 1, "VEIL", Long.MAX_VALUE);
        assertEquals(PromiseCheck.Outcome.WRONG_NODE,
                PromiseCheck.judgeEncoded(keys.publicKey(), ctx, theirs.toBytes(), r.toBytes(), ctx, ctx, 0).outcome());
        byte[] forged = p.toBytes();
        forged[forged.length - 1] ^= 1;
        assertEquals(PromiseCheck.Outcome.BAD_SIGNATURE,
                PromiseCheck.judgeEncoded(keys.publicKey(), ctx, forged, r.toBytes(), ctx, ctx, 0).outcome());
        assertEquals(PromiseCheck.Outcome.BAD_SIGNATURE,
                PromiseCheck.judgeEncoded(keys.publicKey(), ctx, r.toBytes(), r.toBytes(), ctx, ctx, 0).outcome());
        assertEquals(PromiseCheck.Outcome.MISSING,
                PromiseCheck.judgeEncoded(keys.publicKey(), ctx, new byte[] {1, 2, 3}, r.toBytes(), ctx, ctx, 0).outcome());
        assertEquals(PromiseCheck.Outcome.WRONG_REQUEST,
                PromiseCheck.judgeEncoded(keys.publicKey(), "other".getBytes(), p.toBytes(), r.toBytes(), ctx, ctx, 0).outcome());
        assertEquals("wrong-node", PromiseCheck.Outcome.WRONG_NODE.label());
    }
}
