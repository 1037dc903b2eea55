package org.veilgrid.grid.route;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.veilgrid.auction.ExchangeRates;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.errors.ProtocolAbortException;
import org.veilgrid.core.errors.VeilException;
import org.veilgrid.core.federation.Card;
import org.veilgrid.core.federation.IdentityFolder;
import org.veilgrid.core.federation.Role;
import org.veilgrid.core.federation.Roster;
import org.veilgrid.core.identity.AgentPublicKey;
import org.veilgrid.core.text.SafeText;
import org.veilgrid.core.tls.TlsIdentity;
import org.veilgrid.grid.encrypted.EncryptedCompletionClient;
import org.veilgrid.grid.model.NGramModel;
import org.veilgrid.grid.node.CompletionClient;
import org.veilgrid.grid.node.GridRoster;
import org.veilgrid.grid.promise.CheckedCompletion;
import org.veilgrid.grid.promise.CompletionPromise;
import org.veilgrid.grid.promise.Ledger;
import org.veilgrid.grid.promise.PromiseCheck;

/**
 * Chooses a node for each request: every node quotes a price in its own currency; the router
 * converts it into the client's currency with the exchange-rate table the auctions produce and
 * divides by the node's record (its {@link Ledger} score: kept promises raise it, broken ones
 * lower it), then asks the best node first. A node that is unreachable, refuses, or breaks its
 * promise (late, wrong receipt, wrong node, other terms than advertised) is recorded and the
 * request goes to the next one.
 *
 * <p>Two ways to make one. {@link #ofRoster} routes among a federation's grid nodes: each node's
 * address, replicas and promise key come from its card in the roster, and the router keeps one
 * roster client per node ({@link CompletionClient#ofRoster}, {@link EncryptedCompletionClient#ofRoster})
 * until {@link #close()}. The constructor takes nodes by hand (host:port and a pinned key, for a
 * setup folder's CA-issued identities) and opens a client per request. Thread-safe.
 */
public final class CompletionRouter implements AutoCloseable {
    private static final MathContext MC = MathContext.DECIMAL64;

    /** A node as advertised: where it is, its key, and its price in its own currency. */
    public record Endpoint(String name, String host, int port, AgentPublicKey nodeKey, long price, String currency) {
    }

    /**
     * What a node advertises for one completion: {@code amount} units of its own {@code currency}.
     * Its promises must name exactly these terms, or they count as {@code WRONG_REQUEST}.
     *
     * @throws ParameterException for a negative amount or a currency that is not 1 to 16 ASCII letters
     */
    public record Price(long amount, String currency) {
        public Price {
            if (amount < 0) {
                throw new ParameterException("a price cannot be negative");
            }
            CompletionPromise.checkCurrency(currency);
        }
    }

    /** The answer and the node that kept its promise for it. */
    public record Routed(byte[] continuation, Endpoint node, int attempts) {
    }

    /** A router's place in a federation: the roster and the grid client it asks as. */
    private record Federation(Roster roster, IdentityFolder me) {
    }

    private final List<Endpoint> endpoints;
    private final ExchangeRates rates;
    private final String currency;
    private final Ledger ledger;
    private final Duration timeout;
    /** Set for a router of hand-given endpoints: the TLS identity it dials every host:port with. */
    private final TlsIdentity identity;
    /** Set for a router of a federation ({@link #ofRoster}); null for one of hand-given endpoints. */
    private final Federation federation;
    /** A federation router's open clients, by node name; reopened after a node failed to answer. */
    private final Map<String, CompletionClient> plainClients = new ConcurrentHashMap<>();
    private final Map<String, EncryptedCompletionClient> encryptedClients = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * A router among nodes given by hand: each endpoint's host:port, certificate name and pinned
     * promise key, dialled with {@code identity} (a setup folder's CA-issued one). Every request
     * opens its own client.
     */
    public CompletionRouter(List<Endpoint> endpoints, ExchangeRates rates, String currency, Ledger ledger,
                            TlsIdentity identity, Duration timeout) {
        this(endpoints, rates, currency, ledger, timeout, identity, null);
    }

    private CompletionRouter(List<Endpoint> endpoints, ExchangeRates rates, String currency, Ledger ledger, Duration timeout,
                             TlsIdentity identity, Federation federation) {
        if (endpoints.isEmpty()) {
            throw new ParameterException("a router needs at least one node");
        }
        this.endpoints = List.copyOf(endpoints);
        this.rates = rates;
        this.currency = currency;
        this.ledger = ledger;
        this.timeout = timeout;
        this.identity = identity;
        this.federation = federation;
    }

    /**
     * A router of a federation's grid client {@code me} among the roster's grid nodes priced in
     * {@code advertised} (node name to the price it advertises; a grid node of the roster without a
     * price is not asked, since its terms are unknown). Each node's address, replicas and certificate
     * name come from its card, and its promises are judged against the card's agent key, never a key
     * given by hand. Requests go through {@link CompletionClient#ofRoster} and
     * {@link EncryptedCompletionClient#ofRoster} (replicas round-robin, the roster digest on every
     * call); the router keeps one client per node: {@link #close()} it.
     *
     * @param currency the client's currency, into which every price is converted with {@code rates}
     * @throws ParameterException if {@code me} is not a grid client of the roster (or its
     *         certificate or agent key is not the roster's), a priced name is not a grid node of the
     *         roster, or no node is priced
     */
    public static CompletionRouter ofRoster(Roster roster, IdentityFolder me, Map<String, Price> advertised, ExchangeRates rates,
                                            String currency, Ledger ledger, Duration timeout) {
        GridRoster.member(roster, me, Role.GRID_CLIENT);
        List<Endpoint> endpoints = new ArrayList<>();
        // Sorted by name, so a refusal names the same node whatever map the caller built.
        for (Map.Entry<String, Price> e : new TreeMap<>(advertised).entrySet()) {
            String name = e.getKey();
            Card card = roster.card(name).filter(c -> c.statement().role() == Role.GRID_NODE)
                    .orElseThrow(() -> new ParameterException("a price is given for '" + SafeText.abbreviate(name, 80)
                            + "', which is not a grid node of the roster (" + roster.shortDigest() + ")"));
            Card.Statement s = card.statement();
            Price price = e.getValue();
            endpoints.add(new Endpoint(s.name(), s.host(), s.port(), s.agent(), price.amount(), price.currency()));
        }
        return new CompletionRouter(endpoints, rates, currency, ledger, timeout, null, new Federation(roster, me));
    }

    /** The node's price in the client's currency, if a rate route exists. */
    public Optional<BigDecimal> cost(Endpoint e) {
        return rates.convert(BigDecimal.valueOf(e.price()), e.currency(), currency);
    }

    /** Nodes in the order they would be asked: lowest cost per unit of record first; unpriced last out. */
    public List<Endpoint> ranking() {
        List<Endpoint> priced = new ArrayList<>();
        for (Endpoint e : endpoints) {
            if (cost(e).isPresent()) {
                priced.add(e);
            }
        }
        priced.sort(Comparator.comparing((Endpoint e) -> cost(e).orElseThrow()
                .divide(BigDecimal.valueOf(ledger.score(e.nodeKey())), MC)).thenComparing(Endpoint::name));
        return priced;
    }

    /**
     * A completion from the best node that keeps its promise.
     *
     * @throws ProtocolAbortException if every priced node failed or broke its promise
     * @throws IllegalStateException if the router is closed
     */
    public Routed complete(byte[] context, int bytes) {
        return route(context, bytes, false);
    }

    /** Like {@link #complete}, the context encrypted (BFV): the chosen node never sees it or the answer. */
    public Routed completeEncrypted(byte[] context) {
        return route(context, NGramModel.COMPLETION_BYTES, true);
    }

    private Routed route(byte[] context, int bytes, boolean encrypted) {
        if (closed) {
            throw new IllegalStateException("the router is closed");
        }
        int attempts = 0;
        List<String> failures = new ArrayList<>();
        for (Endpoint e : ranking()) {
            attempts++;
            try {
                CheckedCompletion a = ask(e, context, bytes, encrypted);
                CompletionPromise promise = a.promise();
                PromiseCheck.Outcome o = a.outcome();
                if (o == PromiseCheck.Outcome.KEPT && (promise.price() != e.price() || !promise.currency().equals(e.currency()))) {
                    o = PromiseCheck.Outcome.WRONG_REQUEST; // promised other terms than advertised
                }
                ledger.record(e.nodeKey(), o, promise, a.receipt());
                if (o == PromiseCheck.Outcome.KEPT) {
                    return new Routed(a.continuation(), e, attempts);
                }
                failures.add(e.name() + ": " + o);
            } catch (VeilException ex) {
                ledger.record(e.nodeKey(), PromiseCheck.Outcome.MISSING, null, null);
                failures.add(e.name() + ": " + ex.getMessage());
                if (federation != null) {
                    // A channel that failed backs off before reconnecting: dial afresh next time, so a
                    // node that comes back is reached at once.
                    forget(e.name(), encrypted);
                }
            }
        }
        throw new ProtocolAbortException(null, "no node kept its promise (" + String.join("; ", failures) + ")");
    }

    private CheckedCompletion ask(Endpoint e, byte[] context, int bytes, boolean encrypted) {
        if (federation != null) {
            // The pinned key is the card's (ofRoster took the endpoint's from it), as the client's rosterKey().
            if (encrypted) {
                EncryptedCompletionClient client = encryptedClient(e.name());
                // One secret key and query per client: its queries are made one at a time.
                synchronized (client) {
                    return client.completeChecked(context);
                }
            }
            return plainClient(e.name()).completeChecked(context, bytes);
        }
        if (encrypted) {
            try (EncryptedCompletionClient client = new EncryptedCompletionClient(e.host(), e.port(), identity, e.name(), timeout)) {
                return client.completeChecked(context, e.nodeKey());
            }
        }
        try (CompletionClient client = new CompletionClient(e.host(), e.port(), identity, e.name(), timeout)) {
            return client.completeChecked(context, bytes, e.nodeKey());
        }
    }

    private CompletionClient plainClient(String node) {
        CompletionClient open = plainClients.get(node);
        if (open != null) {
            return open;
        }
        return keep(plainClients, node, CompletionClient.ofRoster(federation.roster(), federation.me(), node, timeout));
    }

    private EncryptedCompletionClient encryptedClient(String node) {
        EncryptedCompletionClient open = encryptedClients.get(node);
        if (open != null) {
            return open;
        }
        // Fetches the node's index: a node that is down throws here, and nothing is kept.
        return keep(encryptedClients, node, EncryptedCompletionClient.ofRoster(federation.roster(), federation.me(), node, timeout));
    }

    /** Keeps {@code made} as {@code node}'s client unless another thread kept one first (then closes it). */
    private <C extends AutoCloseable> C keep(Map<String, C> clients, String node, C made) {
        C kept = clients.putIfAbsent(node, made);
        if (kept != null) {
            closeQuietly(made);
            return kept;
        }
        if (closed) {
            // close() ran while this client was made: do not leave it open.
            clients.remove(node, made);
            closeQuietly(made);
            throw new IllegalStateException("the router is closed");
        }
        return made;
    }

    private void forget(String node, boolean encrypted) {
        AutoCloseable dropped = encrypted ? encryptedClients.remove(node) : plainClients.remove(node);
        if (dropped != null) {
            closeQuietly(dropped);
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // The clients' close() only shuts a channel down and throws nothing checked.
        }
    }

    /** Closes the clients a federation router keeps; afterwards every request is refused. */
    @Override
    public void close() {
        closed = true;
        for (String node : List.copyOf(plainClients.keySet())) {
            forget(node, false);
        }
        for (String node : List.copyOf(encryptedClients.keySet())) {
            forget(node, true);
        }
    }
}
