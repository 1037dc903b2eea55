package org.veilgrid.mpc.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.errors.ProtocolAbortException;
import org.veilgrid.core.tls.CertificateAuthority;
import org.veilgrid.mpc.net.InputClient;

/** Outside clients: accepted when listed, refused otherwise, and a missing input names the client. */
class ClientInputTest {

    @Test
    void listedClientInputIsUsedOnceAndOthersAreRefused() throws Exception {
        try (LoopbackCluster cluster = LoopbackCluster.start(3, 5_000, List.of("bank-a"))) {
            try (InputClient client = new InputClient(cluster.config(), cluster.clientIdentity("bank-a"))) {
                client.submit("q", new long[] {4, -9});
                // The same label twice is refused by every party.
                ProtocolAbortException again = assertThrows(ProtocolAbortException.class,
                        () -> client.submit("q", new long[] {1, 1}));
                assertTrue(again.getMessage().contains("ALREADY_EXISTS"), again.getMessage());
                assertThrows(MalformedInputException.class, () -> client.submit("bad label", new long[] {1}));
            }
            List<long[]> out = cluster.run(s -> s.open(s.inputFromClient("bank-a", "q", 2).mul(3)).toLongs());
            for (long[] v : out) {
                assertArrayEquals(new long[] {12, -27}, v);
            }
        }
    }

    @Test
    void unlistedClientIsRefused() {
        try (LoopbackCluster cluster = LoopbackCluster.start(3, 5_000, List.of("bank-a"))) {
            // A certificate from another CA is not trusted, whatever its name.
            CertificateAuthority otherCa = CertificateAuthority.create("other CA");
            try (InputClient outsider = new InputClient(cluster.config(), otherCa.issue("bank-a"))) {
                ProtocolAbortException e = assertThrows(ProtocolAbortException.class,
                        () -> outsider.submit("q", new long[] {1}));
                assertEquals("party-0", e.culprit().orElseThrow());
            }
        }
    }

    @Test
    void aClientTurnedAwayByAnAbortedPartyNamesTheCulpritThatPartyReports() {
        try (LoopbackCluster cluster = LoopbackCluster.start(3, 5_000, List.of("bank-a"))) {
            // Party 0 has stopped the run because of party 1; it answers the client ABORTED.
            cluster.network(0).abort("party-1", "test: party 1 is gone");
            try (InputClient client = new InputClient(cluster.config(), cluster.clientIdentity("bank-a"))) {
                ProtocolAbortException e = assertThrows(ProtocolAbortException.class,
                        () -> client.submit("q", new long[] {1}));
                assertEquals("party-1", e.culprit().orElse(null), e.getMessage());
                assertTrue(e.reason().contains("party 'party-0' has stopped the run"), e.reason());
            }
        }
    }

    @Test
    void missingClientInputAbortsNamingTheClient() {
        try (LoopbackCluster cluster = LoopbackCluster.start(3, 1_500, List.of("bank-a"))) {
            List<LoopbackCluster.Outcome<long[]>> outcomes =
                    cluster.runEach(s -> s.open(s.inputFromClient("bank-a", "never", 3)).toLongs());
            for (LoopbackCluster.Outcome<long[]> o : outcomes) {
                ProtocolAbortException e = assertInstanceOf(ProtocolAbortException.class, o.error());
                assertEquals("bank-a", e.culprit().orElseThrow(), e.getMessage());
            }
        }
    }
}
