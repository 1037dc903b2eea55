package org.veilgrid.grid.payment;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.errors.VeilException;

class BalanceProofTest {
    private static final SecureRandom RNG = new SecureRandom();

    @Test
    void aCoveringBalanceVerifiesAndNothingElseDoes() {
        BalanceProof.Balance b = BalanceProof.Balance.of(1_000, RNG);
        byte[] proof = BalanceProof.prove(b, 250, RNG);
        BalanceProof.verify(b.commitment(), 250, proof);
        // The same proof for another price, or another balance commitment, fails.
        assertThrows(VeilException.class, () -> BalanceProof.verify(b.commitment(), 251, proof));
        BalanceProof.Balance other = BalanceProof.Balance.of(1_000, RNG);
        assertThrows(VeilException.class, () -> BalanceProof.verify(other.commitment(), 250, proof));
        // Every flipped byte fails.
        for (int i = 0; i < proof.length; i++) {
            byte[] t = proof.clone();
            t[i] ^= 0x01;
            assertThrows(VeilException.class, () -> BalanceProof.verify(b.commitment(), 250, t), "byte " + i);
        }
        // A balance that does not cover the price cannot be proved; the exact balance can.
        assertThrows(ParameterException.class, () -> BalanceProof.prove(b, 1_001, RNG));
        BalanceProof.verify(b.commitment(), 1_000, BalanceProof.prove(b, 1_000, RNG));
    }

    @Test
    void aNodeThatAsksForPaymentServesOnlyCoveredRequests() throws Exception {
        org.veilgrid.grid.model.NGramModel m;
        try (var in = org.veilgrid.grid.model.NGramModel.class.getResourceAsStream("/org/veilgrid/grid/corpus/gettysburg.txt")) {
            m = org.veilgrid.grid.model.NGramModel.train(in.readAllBytes(), 3);
        }
        var ca = org.veilgrid.core.tls.CertificateAuthority.create();
        var keys = org.veilgrid.core.identity.AgentKey.generate(RNG);
        var node = new org.veilgrid.grid.node.CompletionNode(m, keys, 40, "NODE", 5_000,
                org.veilgrid.grid.node.CompletionNode.Conduct.HONEST).requirePayment();
        io.grpc.Server server = node.start(new java.net.InetSocketAddress("127.0.0.1", 0), ca.issue("node"));
        try (var client = new org.veilgrid.grid.node.CompletionClient("127.0.0.1", server.getPort(), ca.issue("c"), "node",
                java.time.Duration.ofSeconds(30))) {
            byte[] ctx = "of the peo".getBytes();
            BalanceProof.Balance rich = BalanceProof.Balance.of(100, RNG);
            var paid = client.completeChecked(ctx, 16, keys.publicKey(), rich, 40);
            org.junit.jupiter.api.Assertions.assertEquals(org.veilgrid.grid.promise.PromiseCheck.Outcome.KEPT, paid.outcome());
            var e = assertThrows(ParameterException.class, () -> client.completeChecked(ctx, 16, keys.publicKey()));
            org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("payment"), e.getMessage());
            // A proof for a lower price than the node's does not pass.
            assertThrows(ParameterException.class, () -> client.completeChecked(ctx, 16, keys.publicKey(), rich, 10));
            try (var sealed = new org.veilgrid.grid.encrypted.EncryptedCompletionClient("127.0.0.1", server.getPort(),
                    ca.issue("c2"), "node", java.time.Duration.ofSeconds(30))) {
                org.junit.jupiter.api.Assertions.assertArrayEquals(m.lookup(ctx),
                        sealed.completeChecked(ctx, keys.publicKey(), rich, 40).continuation());
                assertThrows(ParameterException.class, () -> sealed.completeChecked(ctx, keys.publicKey()));
            }
        } finally {
            org.veilgrid.core.tls.MutualTls.stop(server);
        }
    }
}
