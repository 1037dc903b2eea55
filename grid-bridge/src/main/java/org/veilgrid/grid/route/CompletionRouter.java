package org.veilgrid.grid.route;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.veilgrid.auction.ExchangeRates;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.errors.ProtocolAbortException;
import org.veilgrid.core.errors.VeilException;
import org.veilgrid.core.identity.AgentPublicKey;
import org.veilgrid.core.tls.TlsIdentity;
import org.veilgrid.grid.encrypted.EncryptedCompletionClient;
import org.veilgrid.grid.node.CompletionClient;
import org.veilgrid.grid.promise.CheckedCompletion;
import org.veilgrid.grid.promise.CompletionPromise;
import org.veilgrid.grid.promise.Ledger;
import org.veilgrid.grid.promise.PromiseCheck;

/**
 * Chooses a node for each request: every node quotes a price in its own currency; the router
 * converts it into the client's currency with the exchange-rate table the auctions produce and
 * divides by the node's record (its {@link Ledger} score: kept promises raise it, broken ones
 * lower it), then asks the best node first. A node that is unreachable, refuses, or breaks its
 * promise (late, wrong receipt, wrong node) is recorded and the request goes to the next one.
 */
public final class CompletionRouter {
    private static final MathContext MC = MathContext.DECIMAL64;

    /** A node as advertised: where it is, its key, and its price in its own currency. */
    public record Endpoint(String name, String host, int port, AgentPublicKey nodeKey, long price, String currency) {
    }

    /** The answer and the node that kept its promise for it. */
    public record Routed(byte[] continuation, Endpoint node, int attempts) {
    }

    private final List<Endpoint> endpoints;
    private final ExchangeRates rates;
    private final String currency;
    private final Ledger ledger;
    private final TlsIdentity identity;
    private final Duration timeout;

    public CompletionRouter(List<Endpoint> endpoints, ExchangeRates rates, String currency, Ledger ledger,
                            TlsIdentity identity, Duration timeout) {
        if (endpoints.isEmpty()) {
            throw new ParameterException("a router needs at least one node");
        }
        this.endpoints = List.copyOf(endpoints);
        this.rates = rates;
        this.currency = currency;
        this.ledger = ledger;
        this.identity = identity;
        this.timeout = timeout;
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
     */
    public Routed complete(byte[] context, int bytes) {
        return route(context, bytes, false);
    }

    /** Like {@link #complete}, the context encrypted (BFV): the chosen node never sees it or the answer. */
    public Routed completeEncrypted(byte[] context) {
        return route(context, org.veilgrid.grid.model.NGramModel.COMPLETION_BYTES, true);
    }

    private Routed route(byte[] context, int bytes, boolean encrypted) {
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
            }
        }
        throw new ProtocolAbortException(null, "no node kept its promise (" + String.join("; ", failures) + ")");
    }

    private CheckedCompletion ask(Endpoint e, byte[] context, int bytes, boolean encrypted) {
        if (encrypted) {
            try (EncryptedCompletionClient client = new EncryptedCompletionClient(e.host(), e.port(), identity, e.name(), timeout)) {
                return client.completeChecked(context, e.nodeKey());
            }
        }
        try (CompletionClient client = new CompletionClient(e.host(), e.port(), identity, e.name(), timeout)) {
            return client.completeChecked(context, bytes, e.nodeKey());
        }
    }
}
