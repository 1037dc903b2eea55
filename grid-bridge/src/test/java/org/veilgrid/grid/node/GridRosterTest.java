package org.veilgrid.grid.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.StatusRuntimeException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.errors.ProtocolAbortException;
import org.veilgrid.core.federation.Card;
import org.veilgrid.core.federation.IdentityFolder;
import org.veilgrid.core.federation.Role;
import org.veilgrid.core.federation.Roster;
import org.veilgrid.core.tls.MutualTls;
import org.veilgrid.grid.encrypted.EncryptedCompletionClient;
import org.veilgrid.grid.model.NGramModel;
import org.veilgrid.grid.promise.CheckedCompletion;
import org.veilgrid.grid.promise.PromiseCheck;
import org.veilgrid.grid.protocol.ByteCompletion;
import org.veilgrid.grid.protocol.GridMessages;
import org.veilgrid.grid.wire.ByteCompletionGrpc;

/**
 * Grid nodes and clients built from a roster, in one JVM: each participant's own identity folder,
 * no CA, replicas of one node on the loopback addresses its card lists.
 */
class GridRosterTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final NGramModel MODEL = NGramModel.train(NGramModel.shippedCorpus(), 3);

    @TempDir
    Path dir;

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private IdentityFolder identity(String name, Role role, String host, int port, String... addresses) {
        return IdentityFolder.init(dir.resolve(name), name, role, host, port, List.of(addresses), RANDOM);
    }

    private static Roster roster(IdentityFolder... members) {
        return Roster.of(Arrays.stream(members).map(IdentityFolder::card).toList());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aClientAsksTheRostersNodeAndJudgesItsPromiseAgainstTheKeyOnItsCard() throws Exception {
        int port = freePort();
        IdentityFolder node = identity("node-a", Role.GRID_NODE, "node-a.test", port, "127.0.0.1");
        IdentityFolder client = identity("client-a", Role.GRID_CLIENT, "client-a.test", 0);
        Roster roster = roster(node, client);
        Server server = CompletionNode.ofRoster(MODEL, roster, node, 1, "VEIL", 10_000).start(null);
        try (CompletionClient c = CompletionClient.ofRoster(roster, client, null, Duration.ofSeconds(20))) {
            assertEquals(node.agentKey().publicKey(), c.rosterKey());
            CheckedCompletion done = c.completeChecked(bytes("government of the peo"), 16);
            assertEquals(PromiseCheck.Outcome.KEPT, done.outcome());
            assertArrayEquals(MODEL.lookup(bytes("government of the peo")), done.continuation());
        } finally {
            MutualTls.stop(server);
        }
    }

    @Test
    void anEncryptedClientOfTheRosterGetsThePlaintextAnswer() throws Exception {
        int port = freePort();
        IdentityFolder node = identity("node-a", Role.GRID_NODE, "node-a.test", port, "127.0.0.1");
        IdentityFolder client = identity("client-a", Role.GRID_CLIENT, "client-a.test", 0);
        Roster roster = roster(node, client);
        Server server = CompletionNode.ofRoster(MODEL, roster, node, 1, "VEIL", 30_000).start(null);
        try (EncryptedCompletionClient c = EncryptedCompletionClient.ofRoster(roster, client, "node-a", Duration.ofSeconds(60))) {
            assertArrayEquals(MODEL.lookup(bytes("new nation")), c.complete(bytes("new nation")));
        } finally {
            MutualTls.stop(server);
        }
    }

    @Test
    void callsSpreadOverTheReplicasOnTheCardAndGoOnWhenOneStops() throws Exception {
        int port = freePort();
        IdentityFolder node = identity("node-a", Role.GRID_NODE, "node-a.test", port, "127.0.0.2", "127.0.0.3");
        IdentityFolder client = identity("client-a", Role.GRID_CLIENT, "client-a.test", 0);
        Roster roster = roster(node, client);
        // Two replicas of one participant, each from the same folder, each on its own address.
        Server first = CompletionNode.ofRoster(MODEL, roster, node, 1, "VEIL", 10_000).start(new InetSocketAddress("127.0.0.2", port));
        Server second = CompletionNode.ofRoster(MODEL, roster, node, 1, "VEIL", 10_000).start(new InetSocketAddress("127.0.0.3", port));
        Set<SocketAddress> answered = ConcurrentHashMap.newKeySet();
        try (CompletionClient c = CompletionClient.ofRoster(roster, client, "node-a", Duration.ofSeconds(20))) {
            c.onAnswer(answered::add);
            byte[] context = bytes("four score and");
            for (int i = 0; i < 20; i++) {
                assertArrayEquals(MODEL.lookup(context), c.complete(context, 16));
            }
            assertEquals(Set.of(new InetSocketAddress("127.0.0.2", port), new InetSocketAddress("127.0.0.3", port)), answered);
            first.shutdownNow();
            answered.clear();
            for (int i = 0; i < 20; i++) {
                assertArrayEquals(MODEL.lookup(context), c.complete(context, 16));
            }
            assertEquals(Set.of(new InetSocketAddress("127.0.0.3", port)), answered);
        } finally {
            first.shutdownNow();
            MutualTls.stop(second);
        }
    }

    @Test
    void aNodeCardWithSeveralAddressesNeedsEachReplicasOwnAndABusyAddressIsRefusedNamingIt() throws Exception {
        int port = freePort();
        IdentityFolder node = identity("node-a", Role.GRID_NODE, "node-a.test", port, "127.0.0.2", "127.0.0.3");
        Roster roster = roster(node);
        CompletionNode n = CompletionNode.ofRoster(MODEL, roster, node, 1, "VEIL", 10_000);
        ParameterException which = assertThrows(ParameterException.class, () -> n.start(null));
        assertTrue(which.getMessage().contains("lists 2 addresses, one per replica"), which.getMessage());
        try (ServerSocket busy = new ServerSocket()) {
            busy.bind(new InetSocketAddress("127.0.0.2", port));
            ParameterException inUse = assertThrows(ParameterException.class,
                    () -> n.start(new InetSocketAddress("127.0.0.2", port)));
            assertTrue(inUse.getMessage().startsWith("grid node 'node-a' cannot listen on 127.0.0.2:" + port), inUse.getMessage());
        }
    }

    @Test
    void folderOutsideTheRosterOrInTheWrongRoleIsRefusedBeforeAnythingStarts() throws Exception {
        int port = freePort();
        IdentityFolder node = identity("node-a", Role.GRID_NODE, "node-a.test", port);
        IdentityFolder client = identity("client-a", Role.GRID_CLIENT, "client-a.test", 0);
        IdentityFolder outsider = identity("node-b", Role.GRID_NODE, "node-b.test", port);
        Roster roster = roster(node, client);
        ParameterException notIn = assertThrows(ParameterException.class,
                () -> CompletionNode.ofRoster(MODEL, roster, outsider, 1, "VEIL", 1000));
        assertEquals("'node-b' is not in the roster (" + roster.shortDigest() + ")", notIn.getMessage());
        ParameterException asNode = assertThrows(ParameterException.class,
                () -> CompletionNode.ofRoster(MODEL, roster, client, 1, "VEIL", 1000));
        assertTrue(asNode.getMessage().contains("'client-a' is a grid-client of the roster"), asNode.getMessage());
        ParameterException asClient = assertThrows(ParameterException.class,
                () -> CompletionClient.ofRoster(roster, node, null, Duration.ofSeconds(1)));
        assertTrue(asClient.getMessage().contains("'node-a' is a grid-node of the roster"), asClient.getMessage());
        ParameterException askingAClient = assertThrows(ParameterException.class,
                () -> CompletionClient.ofRoster(roster, client, "client-a", Duration.ofSeconds(1)));
        assertTrue(askingAClient.getMessage().contains("not a grid node"), askingAClient.getMessage());
        ParameterException noSuchNode = assertThrows(ParameterException.class,
                () -> CompletionClient.ofRoster(roster, client, "node-b", Duration.ofSeconds(1)));
        assertTrue(noSuchNode.getMessage().contains("'node-b' is not in the roster"), noSuchNode.getMessage());
        Roster twoNodes = roster(node, outsider, client);
        ParameterException which = assertThrows(ParameterException.class,
                () -> CompletionClient.ofRoster(twoNodes, client, null, Duration.ofSeconds(1)));
        assertTrue(which.getMessage().contains("lists 2 grid nodes (node-a, node-b): name the one to ask"), which.getMessage());
    }

    @Test
    void aClientHoldingAnotherRosterIsRefusedAndTheMessageNamesTheNode() throws Exception {
        int port = freePort();
        IdentityFolder node = identity("node-a", Role.GRID_NODE, "node-a.test", port, "127.0.0.1");
        IdentityFolder client = identity("client-a", Role.GRID_CLIENT, "client-a.test", 0);
        IdentityFolder extra = identity("client-b", Role.GRID_CLIENT, "client-b.test", 0);
        Roster nodes = roster(node, client);
        Roster clients = roster(node, client, extra);
        Server server = CompletionNode.ofRoster(MODEL, nodes, node, 1, "VEIL", 10_000).start(null);
        try (CompletionClient c = CompletionClient.ofRoster(clients, client, "node-a", Duration.ofSeconds(20))) {
            ProtocolAbortException e = assertThrows(ProtocolAbortException.class, () -> c.complete(bytes("x"), 4));
            assertTrue(e.getMessage().contains("no completion from 'node-a' (node-a.test:" + port), e.getMessage());
            assertTrue(e.getMessage().contains("FAILED_PRECONDITION") && e.getMessage().contains("holds roster "
                    + clients.shortDigest()) && e.getMessage().contains(nodes.shortDigest()), e.getMessage());
        } finally {
            MutualTls.stop(server);
        }
    }

    @Test
    void anotherNodeAnsweringAtTheCardsAddressIsRefusedByNameBeforeTheContextIsSent() throws Exception {
        int port = freePort();
        IdentityFolder node = identity("node-a", Role.GRID_NODE, "node-a.test", port, "127.0.0.1");
        IdentityFolder impostor = identity("node-b", Role.GRID_NODE, "node-a.test", port, "127.0.0.1");
        IdentityFolder client = identity("client-a", Role.GRID_CLIENT, "client-a.test", 0);
        Roster roster = roster(node, impostor, client);
        // node-b, a member of the same roster, listens where node-a's card says node-a is.
        CompletionNode wrong = CompletionNode.ofRoster(MODEL, roster, impostor, 1, "VEIL", 10_000);
        Server server = wrong.start(null);
        try (CompletionClient c = CompletionClient.ofRoster(roster, client, "node-a", Duration.ofSeconds(20))) {
            ProtocolAbortException e = assertThrows(ProtocolAbortException.class, () -> c.complete(bytes("x"), 4));
            assertTrue(e.getMessage().contains("the server presented the certificate of 'node-b', not of the expected peer"
                    + " 'node-a'"), e.getMessage());
            assertEquals(0, wrong.served());
        } finally {
            MutualTls.stop(server);
        }
    }

    @Test
    void aRosterMemberThatIsNoGridClientIsNotServed() throws Exception {
        int port = freePort();
        IdentityFolder node = identity("node-a", Role.GRID_NODE, "node-a.test", port, "127.0.0.1");
        IdentityFolder party = identity("party-0", Role.COMPUTE_PARTY, "party-0.test", port + 1);
        Roster roster = roster(node, party);
        Server server = CompletionNode.ofRoster(MODEL, roster, node, 1, "VEIL", 10_000).start(null);
        Card card = roster.card("node-a").orElseThrow();
        // A compute party trusted by the roster's TLS, holding the same roster, dialling the node directly.
        ManagedChannel channel = GridRoster.dial(card, MutualTls.channelCredentials(roster.trust(party.tls()), "node-a"), roster)
                .build();
        try {
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> ByteCompletionGrpc.newBlockingStub(channel)
                    .complete(GridMessages.wrap(new ByteCompletion.Request(bytes("x"), 4, null).encode())));
            assertEquals(io.grpc.Status.Code.PERMISSION_DENIED, e.getStatus().getCode());
            assertEquals("'party-0' is a compute-party of the roster: this node serves the roster's grid clients",
                    e.getStatus().getDescription());
        } finally {
            channel.shutdownNow();
            MutualTls.stop(server);
        }
    }
}
