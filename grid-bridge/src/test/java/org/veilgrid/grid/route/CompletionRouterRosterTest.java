package org.veilgrid.grid.route;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.errors.ProtocolAbortException;
import org.veilgrid.core.federation.IdentityFolder;
import org.veilgrid.core.federation.Role;
import org.veilgrid.core.federation.Roster;
import org.veilgrid.core.federation.RosterCheck;
import org.veilgrid.core.identity.AgentKey;
import org.veilgrid.core.tls.MutualTls;
import org.veilgrid.grid.model.NGramModel;
import org.veilgrid.grid.node.CompletionNode;
import org.veilgrid.grid.promise.Ledger;

/**
 * The router among a federation's grid nodes, in one JVM: every node and the client make their
 * own identity folder, the roster says who is where, and the nodes are real gRPC servers on
 * loopback addresses their cards carry.
 */
class CompletionRouterRosterTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final NGramModel MODEL = NGramModel.train(NGramModel.shippedCorpus(), 3);
    /** Long enough for an encrypted answer on a loaded machine; a node that is down fails at once. */
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final long BUDGET_MS = 60_000;

    @TempDir
    Path dir;

    private final List<Server> servers = new ArrayList<>();

    @AfterEach
    void stopServers() {
        servers.forEach(MutualTls::stop);
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** A grid node's folder, its card putting it on 127.0.0.1 (or the given addresses) under a .test name. */
    private IdentityFolder node(String name, String... addresses) throws Exception {
        List<String> at = addresses.length == 0 ? List.of("127.0.0.1") : List.of(addresses);
        return IdentityFolder.init(dir.resolve(name), name, Role.GRID_NODE, name + ".test", freePort(), at, RANDOM);
    }

    private IdentityFolder client(String name) {
        return IdentityFolder.init(dir.resolve(name), name, Role.GRID_CLIENT, name + ".test", 0, List.of(), RANDOM);
    }

    private static Roster roster(IdentityFolder... members) {
        return Roster.of(Arrays.stream(members).map(IdentityFolder::card).toList());
    }

    /** Starts an honest roster node for {@code folder} at its card's address, promising {@code price}. */
    private CompletionNode serve(Roster roster, IdentityFolder folder, long price, String currency) {
        CompletionNode node = CompletionNode.ofRoster(MODEL, roster, folder, price, currency, BUDGET_MS);
        servers.add(node.start(null));
        return node;
    }

    /**
     * Starts a node at {@code folder}'s card address with the roster's TLS and digest check, signing
     * its promises with {@code key} (the card's, or not), seeing every call through {@code watch}.
     */
    private CompletionNode serveSigningWith(Roster roster, IdentityFolder folder, AgentKey key, long price, String currency,
                                            ServerInterceptor watch) throws Exception {
        CompletionNode node = new CompletionNode(MODEL, key, price, currency, BUDGET_MS, CompletionNode.Conduct.HONEST);
        var s = folder.card().statement();
        servers.add(node.start(new InetSocketAddress(s.addresses().get(0), s.port()), roster.trust(folder.tls()), watch,
                RosterCheck.server(roster)));
        return node;
    }

    /** Records the client address of every call: one address per connection the client opened. */
    private static ServerInterceptor callersInto(Set<SocketAddress> callers) {
        return new ServerInterceptor() {
            @Override
            public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
                callers.add(call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR));
                return next.startCall(call, headers);
            }
        };
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static List<String> names(List<CompletionRouter.Endpoint> ranking) {
        return ranking.stream().map(CompletionRouter.Endpoint::name).toList();
    }

    @Test
    void theCheapestNodeKeepingItsPromiseUnderItsCardsKeyAnswersPastADownNodeAndAWrongKey() throws Exception {
        IdentityFolder down = node("down");
        IdentityFolder wrongKey = node("wrong-key");
        IdentityFolder honest = node("honest");
        IdentityFolder pricey = node("pricey");
        IdentityFolder me = client("client-a");
        Roster roster = roster(down, wrongKey, honest, pricey, me);
        // down: 1 ME, in the roster but never started; wrong-key: 3 BBB = 1.5 ME, with the roster's
        // certificate but signing with a key that is not on its card; honest: 1 AAA = 2 ME; pricey: 5 ME.
        CompletionNode impostor = serveSigningWith(roster, wrongKey, AgentKey.generate(RANDOM), 3, "BBB", callersInto(new java.util.HashSet<>()));
        Set<SocketAddress> honestCallers = ConcurrentHashMap.newKeySet();
        CompletionNode good = serveSigningWith(roster, honest, honest.agentKey(), 1, "AAA", callersInto(honestCallers));
        serve(roster, pricey, 5, "ME");
        Map<String, CompletionRouter.Price> advertised = Map.of(
                "down", new CompletionRouter.Price(1, "ME"),
                "wrong-key", new CompletionRouter.Price(3, "BBB"),
                "honest", new CompletionRouter.Price(1, "AAA"),
                "pricey", new CompletionRouter.Price(5, "ME"));
        Ledger ledger = new Ledger();
        byte[] ctx = bytes("of the peo");
        try (CompletionRouter router = CompletionRouter.ofRoster(roster, me, advertised, CompletionRouterTest.rates(), "ME",
                ledger, TIMEOUT)) {
            assertEquals(List.of("down", "wrong-key", "honest", "pricey"), names(router.ranking()));
            for (CompletionRouter.Endpoint e : router.ranking()) {
                IdentityFolder f = List.of(down, wrongKey, honest, pricey).stream().filter(x -> x.card().name().equals(e.name()))
                        .findFirst().orElseThrow();
                assertEquals(f.agentKey().publicKey(), e.nodeKey(), "the pinned key is the card's");
                assertEquals(e.name() + ".test", e.host());
            }
            CompletionRouter.Routed first = router.complete(ctx, 16);
            assertEquals("honest", first.node().name(), "down and wrong-key were tried and skipped");
            assertEquals(3, first.attempts());
            assertArrayEquals(MODEL.lookup(ctx), first.continuation());
            assertEquals(1, impostor.served(), "the node with the wrong key was reached and answered, and was not accepted");
            assertEquals(1, ledger.broken(down.agentKey().publicKey()), "the down node is recorded missing");
            assertEquals(1, ledger.broken(wrongKey.agentKey().publicKey()));
            // Broken promises push down and wrong-key behind honest (and pricey, ties by name).
            assertEquals(List.of("honest", "down", "pricey", "wrong-key"), names(router.ranking()));
            CompletionRouter.Routed second = router.complete(ctx, 16);
            assertEquals("honest", second.node().name());
            assertEquals(1, second.attempts());
            CompletionRouter.Routed sealed = router.completeEncrypted(ctx);
            assertEquals("honest", sealed.node().name());
            assertArrayEquals(MODEL.lookup(ctx), sealed.continuation(), "the encrypted route returns the same bytes");
            assertEquals(3, ledger.kept(honest.agentKey().publicKey()));
            assertEquals(3, good.served());
            // The two plaintext requests went over the router's one client for the node; the
            // encrypted one over its one encrypted client.
            assertEquals(2, honestCallers.size(), "one connection per client kind, not one per request: " + honestCallers);
            router.close();
            assertThrows(IllegalStateException.class, () -> router.complete(ctx, 16));
        }
    }

    @Test
    void aNodePromisingOtherTermsThanAdvertisedIsNotAccepted() throws Exception {
        IdentityFolder otherPrice = node("other-price");
        IdentityFolder otherCurrency = node("other-currency");
        IdentityFolder honest = node("honest");
        IdentityFolder me = client("client-a");
        Roster roster = roster(otherPrice, otherCurrency, honest, me);
        // Both cheats advertise 1 ME; one promises 2 ME, the other 1 BBB. honest: 1 AAA = 2 ME.
        CompletionNode cheatPrice = serve(roster, otherPrice, 2, "ME");
        CompletionNode cheatCurrency = serve(roster, otherCurrency, 1, "BBB");
        serve(roster, honest, 1, "AAA");
        Map<String, CompletionRouter.Price> advertised = Map.of(
                "other-price", new CompletionRouter.Price(1, "ME"),
                "other-currency", new CompletionRouter.Price(1, "ME"),
                "honest", new CompletionRouter.Price(1, "AAA"));
        Ledger ledger = new Ledger();
        try (CompletionRouter router = CompletionRouter.ofRoster(roster, me, advertised, CompletionRouterTest.rates(), "ME",
                ledger, TIMEOUT)) {
            assertEquals(List.of("other-currency", "other-price", "honest"), names(router.ranking()));
            CompletionRouter.Routed r = router.complete(bytes("new nation"), 16);
            assertEquals("honest", r.node().name());
            assertEquals(3, r.attempts());
            assertArrayEquals(MODEL.lookup(bytes("new nation")), r.continuation());
            assertEquals(1, cheatPrice.served());
            assertEquals(1, cheatCurrency.served());
            assertEquals(1, ledger.broken(otherPrice.agentKey().publicKey()));
            assertEquals(1, ledger.broken(otherCurrency.agentKey().publicKey()));
            assertEquals(0, ledger.kept(otherPrice.agentKey().publicKey()));
        }
    }

    @Test
    void aPriceForANameThatIsNoGridNodeOfTheRosterOrAClientOutsideItIsRefused() throws Exception {
        IdentityFolder a = node("node-a");
        IdentityFolder b = node("node-b");
        IdentityFolder me = client("client-a");
        IdentityFolder outsider = client("client-b");
        Roster roster = roster(a, b, me);
        CompletionRouter.Price one = new CompletionRouter.Price(1, "ME");
        ParameterException unknown = assertThrows(ParameterException.class, () -> CompletionRouter.ofRoster(roster, me,
                Map.of("node-a", one, "node-z", one), CompletionRouterTest.rates(), "ME", new Ledger(), TIMEOUT));
        assertEquals("a price is given for 'node-z', which is not a grid node of the roster (" + roster.shortDigest() + ")",
                unknown.getMessage());
        ParameterException aClient = assertThrows(ParameterException.class, () -> CompletionRouter.ofRoster(roster, me,
                Map.of("client-a", one), CompletionRouterTest.rates(), "ME", new Ledger(), TIMEOUT));
        assertTrue(aClient.getMessage().startsWith("a price is given for 'client-a', which is not a grid node"), aClient.getMessage());
        ParameterException control = assertThrows(ParameterException.class, () -> CompletionRouter.ofRoster(roster, me,
                Map.of("node-\u001b[2J", one), CompletionRouterTest.rates(), "ME", new Ledger(), TIMEOUT));
        assertTrue(control.getMessage().contains("'node-\\u001b[2J'"), "escaped, not echoed: " + control.getMessage());
        ParameterException notIn = assertThrows(ParameterException.class, () -> CompletionRouter.ofRoster(roster, outsider,
                Map.of("node-a", one), CompletionRouterTest.rates(), "ME", new Ledger(), TIMEOUT));
        assertEquals("'client-b' is not in the roster (" + roster.shortDigest() + ")", notIn.getMessage());
        ParameterException aNode = assertThrows(ParameterException.class, () -> CompletionRouter.ofRoster(roster, a,
                Map.of("node-b", one), CompletionRouterTest.rates(), "ME", new Ledger(), TIMEOUT));
        assertTrue(aNode.getMessage().contains("'node-a' is a grid-node of the roster"), aNode.getMessage());
        ParameterException none = assertThrows(ParameterException.class, () -> CompletionRouter.ofRoster(roster, me,
                Map.of(), CompletionRouterTest.rates(), "ME", new Ledger(), TIMEOUT));
        assertEquals("a router needs at least one node", none.getMessage());
        assertThrows(ParameterException.class, () -> new CompletionRouter.Price(-1, "ME"));
        ParameterException badCurrency = assertThrows(ParameterException.class, () -> new CompletionRouter.Price(1, "M\nE"));
        assertTrue(badCurrency.getMessage().contains("1 to 16 ASCII letters") && !badCurrency.getMessage().contains("\n"),
                badCurrency.getMessage());
    }

    @Test
    void aNodeThatWasDownIsAskedAgainOnceItIsUp() throws Exception {
        IdentityFolder late = node("late-riser");
        IdentityFolder me = client("client-a");
        Roster roster = roster(late, me);
        Ledger ledger = new Ledger();
        byte[] ctx = bytes("four score and");
        try (CompletionRouter router = CompletionRouter.ofRoster(roster, me, Map.of("late-riser", new CompletionRouter.Price(1, "ME")),
                CompletionRouterTest.rates(), "ME", ledger, TIMEOUT)) {
            ProtocolAbortException plain = assertThrows(ProtocolAbortException.class, () -> router.complete(ctx, 16));
            assertTrue(plain.getMessage().contains("(late-riser: ") && plain.getMessage().contains("no completion from 'late-riser' (late-riser.test:"),
                    plain.getMessage());
            ProtocolAbortException sealed = assertThrows(ProtocolAbortException.class, () -> router.completeEncrypted(ctx));
            assertTrue(sealed.getMessage().contains("no index from 'late-riser' (late-riser.test:"), sealed.getMessage());
            assertEquals(2, ledger.broken(late.agentKey().publicKey()));
            serve(roster, late, 1, "ME");
            assertArrayEquals(MODEL.lookup(ctx), router.complete(ctx, 16).continuation());
            assertArrayEquals(MODEL.lookup(ctx), router.completeEncrypted(ctx).continuation());
            assertEquals(2, ledger.kept(late.agentKey().publicKey()));
        }
    }

    @Test
    void aRouterHoldingAnotherRosterIsRefusedByTheNodesAndSaysSo() throws Exception {
        IdentityFolder a = node("node-a");
        IdentityFolder me = client("client-a");
        IdentityFolder extra = client("client-b");
        Roster nodes = roster(a, me);
        Roster mine = roster(a, me, extra);
        CompletionNode served = serve(nodes, a, 1, "ME");
        try (CompletionRouter router = CompletionRouter.ofRoster(mine, me, Map.of("node-a", new CompletionRouter.Price(1, "ME")),
                CompletionRouterTest.rates(), "ME", new Ledger(), TIMEOUT)) {
            ProtocolAbortException e = assertThrows(ProtocolAbortException.class, () -> router.complete(bytes("x"), 4));
            assertTrue(e.getMessage().contains("FAILED_PRECONDITION") && e.getMessage().contains("holds roster " + mine.shortDigest()),
                    e.getMessage());
            assertEquals(0, served.served());
        }
    }

    @Test
    void aReplicatedNodeKeepsAnsweringTheRouterWhenOneReplicaStops() throws Exception {
        IdentityFolder node = node("node-r", "127.0.0.2", "127.0.0.3");
        IdentityFolder me = client("client-a");
        Roster roster = roster(node, me);
        int port = node.card().statement().port();
        CompletionNode firstNode = CompletionNode.ofRoster(MODEL, roster, node, 1, "ME", BUDGET_MS);
        Server first = firstNode.start(new InetSocketAddress("127.0.0.2", port));
        servers.add(first);
        CompletionNode secondNode = CompletionNode.ofRoster(MODEL, roster, node, 1, "ME", BUDGET_MS);
        servers.add(secondNode.start(new InetSocketAddress("127.0.0.3", port)));
        byte[] ctx = bytes("government of the peo");
        try (CompletionRouter router = CompletionRouter.ofRoster(roster, me, Map.of("node-r", new CompletionRouter.Price(1, "ME")),
                CompletionRouterTest.rates(), "ME", new Ledger(), TIMEOUT)) {
            for (int i = 0; i < 10; i++) {
                CompletionRouter.Routed r = router.complete(ctx, 16);
                assertEquals(1, r.attempts());
                assertArrayEquals(MODEL.lookup(ctx), r.continuation());
            }
            assertTrue(firstNode.served() > 0 && secondNode.served() > 0,
                    "round-robin over both replicas: " + firstNode.served() + " and " + secondNode.served());
            first.shutdownNow();
            long before = secondNode.served();
            for (int i = 0; i < 10; i++) {
                CompletionRouter.Routed r = router.complete(ctx, 16);
                assertEquals(1, r.attempts(), "the stopped replica's calls went to the other replica");
                assertArrayEquals(MODEL.lookup(ctx), r.continuation());
            }
            assertEquals(before + 10, secondNode.served());
        }
    }
}
