package org.veilgrid.mpc.aggregation;

import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.veilgrid.core.draw.PublicDraw;
import org.veilgrid.core.errors.ParameterException;

/**
 * One aggregation round as everybody sees it: its id, the public seed (which fixes the PRG's
 * matrix A and the committee), the parameters, the committee with its threshold, the clients
 * registered for the round and the fewest clients a sum may cover. Immutable.
 *
 * <p>Only registered clients may submit, each once: without a registered list the server would
 * count any authenticated caller (itself included) and a full round would turn real clients away.
 * The minimum keeps a sum from revealing one client's input: a sum over a single client is that
 * client's input, so honest committee members refuse to help unmask fewer than
 * {@link #minCounted()} clients and the server aborts below it.
 */
public final class Round {
    public static final int ID_BYTES = 16;
    /** Longest client or member id. */
    public static final int MAX_ID_CHARS = 256;

    /** A committee seat: index 1..m, the member's id and X25519 public key. */
    public static final class Seat {
        public final int index;
        public final String memberId;
        public final PublicKey publicKey;

        public Seat(int index, String memberId, PublicKey publicKey) {
            this.index = index;
            this.memberId = memberId;
            this.publicKey = publicKey;
        }
    }

    private final byte[] id;
    private final byte[] publicSeed;
    private final AggregationParams params;
    private final List<Seat> committee;
    private final int threshold;
    private final List<String> clients;
    private final Set<String> registered;
    private final int minCounted;
    private volatile SeedHomomorphicPrg prg;

    /**
     * @param clients    the ids of the clients registered for the round (1 to
     *                   {@code params.maxClients()}, distinct): nobody else may submit
     * @param minCounted the fewest clients a sum may cover, in [1, clients.size()]; 1 lets a sum
     *                   be one client's input
     * @throws ParameterException if any part does not fit
     */
    public Round(byte[] id, byte[] publicSeed, AggregationParams params, List<Seat> committee, int threshold,
                 List<String> clients, int minCounted) {
        if (id == null || id.length != ID_BYTES) {
            throw new ParameterException("a round id has " + ID_BYTES + " bytes");
        }
        if (publicSeed == null || publicSeed.length != SeedHomomorphicPrg.SEED_BYTES) {
            throw new ParameterException("a round's public seed has " + SeedHomomorphicPrg.SEED_BYTES + " bytes");
        }
        if (committee.isEmpty() || committee.size() > AggregationParams.MAX_COMMITTEE) {
            throw new ParameterException("a committee has 1 to " + AggregationParams.MAX_COMMITTEE + " members, got "
                    + committee.size());
        }
        for (int i = 0; i < committee.size(); i++) {
            if (committee.get(i).index != i + 1) {
                throw new ParameterException("committee seats must be numbered 1.." + committee.size() + " in order");
            }
            if (!isValidId(committee.get(i).memberId)) {
                throw new ParameterException("committee seat " + (i + 1) + "'s member id must have 1 to " + MAX_ID_CHARS
                        + " characters and no control characters");
            }
        }
        if (threshold < 1 || threshold > committee.size()) {
            throw new ParameterException("threshold must lie in [1, " + committee.size() + "], got " + threshold);
        }
        if (2 * threshold <= committee.size()) {
            // Each member answers once; with a majority threshold a server that tells members
            // different client lists cannot collect two threshold groups, so it cannot unmask
            // two different sums and subtract them to isolate a client.
            throw new ParameterException("threshold " + threshold + " must be a majority of the committee of "
                    + committee.size() + " (at least " + (committee.size() / 2 + 1) + ")");
        }
        if (clients == null || clients.isEmpty() || clients.size() > params.maxClients()) {
            // At most maxClients: then a full round can never turn a registered client away.
            throw new ParameterException("a round registers 1 to " + params.maxClients() + " clients (its maximum), got "
                    + (clients == null ? 0 : clients.size()));
        }
        Set<String> set = new LinkedHashSet<>();
        for (int i = 0; i < clients.size(); i++) {
            String c = clients.get(i);
            if (!isValidId(c)) {
                throw new ParameterException("registered client " + i + "'s id must have 1 to " + MAX_ID_CHARS
                        + " characters and no control characters");
            }
            if (!set.add(c)) {
                throw new ParameterException("client " + c + " is registered twice");
            }
        }
        if (minCounted < 1 || minCounted > clients.size()) {
            throw new ParameterException("the fewest clients a sum may cover must lie in [1, " + clients.size()
                    + "] (the registered clients), got " + minCounted);
        }
        this.id = id.clone();
        this.publicSeed = publicSeed.clone();
        this.params = params;
        this.committee = List.copyOf(committee);
        this.threshold = threshold;
        this.clients = List.copyOf(clients);
        this.registered = Collections.unmodifiableSet(set);
        this.minCounted = minCounted;
    }

    /**
     * Whether {@code id} can name a client or member: 1 to {@value #MAX_ID_CHARS} characters and
     * no control, format or line-separator characters (ids appear in messages and on terminals).
     */
    public static boolean isValidId(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_ID_CHARS) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char ch = id.charAt(i);
            int type = Character.getType(ch);
            if (Character.isISOControl(ch) || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR) {
                return false;
            }
        }
        return true;
    }

    /**
     * The committee for a round, chosen from public randomness: the m candidates whose
     * SHA-256(seed || id) come first. Anyone with the seed and the candidate list can check it.
     */
    public static List<Seat> selectCommittee(byte[] publicSeed, Map<String, PublicKey> candidates, int size) {
        if (size < 1 || size > Math.min(candidates.size(), AggregationParams.MAX_COMMITTEE)) {
            throw new ParameterException("cannot seat a committee of " + size + " from " + candidates.size() + " candidates");
        }
        List<String> ids = PublicDraw.order("veilgrid/opa/committee/v1", publicSeed, candidates.keySet());
        List<Seat> seats = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            seats.add(new Seat(i + 1, ids.get(i), candidates.get(ids.get(i))));
        }
        return seats;
    }

    public byte[] id() {
        return id.clone();
    }

    public byte[] publicSeed() {
        return publicSeed.clone();
    }

    public AggregationParams params() {
        return params;
    }

    public List<Seat> committee() {
        return committee;
    }

    public int threshold() {
        return threshold;
    }

    /** The registered clients, in registration order. */
    public List<String> clients() {
        return clients;
    }

    public boolean isRegistered(String clientId) {
        return clientId != null && registered.contains(clientId);
    }

    /**
     * @throws ParameterException if {@code clientId} is not one of the round's registered clients
     *     (the message quotes the id only if it is a valid id, so never a control character)
     */
    void requireRegistered(String clientId) {
        if (!isRegistered(clientId)) {
            throw new ParameterException(isValidId(clientId)
                    ? "client " + clientId + " is not registered in this round"
                    : "the client id is not registered in this round");
        }
    }

    /** The fewest clients a sum may cover. */
    public int minCounted() {
        return minCounted;
    }

    /** The round's PRG (its matrix A expanded once, on first use). */
    public SeedHomomorphicPrg prg() {
        SeedHomomorphicPrg g = prg;
        if (g == null) {
            synchronized (this) {
                g = prg;
                if (g == null) {
                    g = new SeedHomomorphicPrg(params, publicSeed);
                    prg = g;
                }
            }
        }
        return g;
    }

    boolean sameId(byte[] other) {
        return MessageDigest.isEqual(id, other);
    }

    @Override
    public String toString() {
        return "Round(" + params + ", " + clients.size() + " registered clients, sums over at least " + minCounted
                + ", committee " + committee.size() + ", threshold " + threshold + ")";
    }
}
