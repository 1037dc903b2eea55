package org.veilgrid.mpc.aggregation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.errors.VerificationFailedException;
import org.veilgrid.core.federation.Card;
import org.veilgrid.core.federation.Role;
import org.veilgrid.core.federation.Roster;

/**
 * An aggregation round that every member of a federation derives from its roster, with no dealer:
 * the registered clients are the roster's aggregation clients; the committee is drawn among the
 * roster's committee members (participants with no input of their own) when it lists any, and
 * among the clients otherwise, with their cards' sealing keys; and the public seed is a hash of
 * the roster digest and the round id — so a server cannot choose a seed that seats the members it likes, and a client can
 * recompute the round the server announces and refuse any other.
 *
 * <pre>
 * seed = SHA-256("veilgrid/opa/roster-seed/v1" ‖ roster digest ‖ round id)
 * </pre>
 */
public final class FederatedRound {
    private static final byte[] SEED_DOMAIN = "veilgrid/opa/roster-seed/v1".getBytes(StandardCharsets.US_ASCII);

    private FederatedRound() {
    }

    /**
     * The round of {@code roster} with these public parameters.
     *
     * @param id         the round id ({@value Round#ID_BYTES} bytes; a fresh one per round)
     * @param length     the vector length L
     * @param bound      inputs lie in [-bound, bound]
     * @param committee  committee size
     * @param threshold  members needed to unmask (a majority)
     * @param minCounted the fewest clients a sum may cover
     * @throws ParameterException if the roster has no aggregation clients, fewer committee
     *         candidates than {@code committee}, or a parameter does not fit
     */
    public static Round of(Roster roster, byte[] id, int length, long bound, int committee, int threshold,
                           int minCounted) {
        List<Card> clients = roster.cards(Role.AGGREGATION_CLIENT);
        if (clients.isEmpty()) {
            throw new ParameterException("the roster lists no aggregation client");
        }
        List<Card> members = roster.cards(Role.COMMITTEE_MEMBER);
        Map<String, PublicKey> candidates = new LinkedHashMap<>();
        for (Card c : members.isEmpty() ? clients : members) {
            candidates.put(c.name(), c.statement().sealing().toPublicKey());
        }
        if (id == null || id.length != Round.ID_BYTES) {
            throw new ParameterException("a round id has " + Round.ID_BYTES + " bytes");
        }
        byte[] seed = seed(roster, id);
        return new Round(id, seed, AggregationParams.of(length, clients.size(), bound),
                Round.selectCommittee(seed, candidates, committee), threshold,
                clients.stream().map(Card::name).toList(), minCounted);
    }

    /**
     * Checks that {@code announced} (e.g. fetched from the server) is exactly the round this
     * roster gives for its id and parameters.
     *
     * @throws VerificationFailedException if it is not: another seed, committee, client list or
     *         keys than the roster's
     */
    public static Round verify(Round announced, Roster roster) {
        Round expected;
        try {
            expected = of(roster, announced.id(), announced.params().length(), announced.params().inputBound(),
                    announced.committee().size(), announced.threshold(), announced.minCounted());
        } catch (ParameterException e) {
            throw new VerificationFailedException("the announced round does not fit the roster: " + e.getMessage());
        }
        if (!Arrays.equals(AggregationCodec.encode(expected).toByteArray(), AggregationCodec.encode(announced).toByteArray())) {
            throw new VerificationFailedException("the announced round is not the one the roster ("
                    + roster.shortDigest() + ") gives: its seed, committee or client list differs");
        }
        return announced;
    }

    /**
     * Checks that the participant {@code name} (an identity folder's owner) takes part in the
     * roster's rounds as {@code role}: it is in the roster with that role (its certificate is
     * checked when TLS is set up, {@link Roster#trust}). A folder of another role is refused here,
     * before anything listens or connects.
     *
     * @throws ParameterException naming the participant and what it is instead
     */
    public static void requireRole(Roster roster, String name, Role role) {
        Card listed = roster.card(name).orElseThrow(() -> new ParameterException("'" + name + "' is not in the roster ("
                + roster.shortDigest() + ")"));
        if (listed.statement().role() != role) {
            throw new ParameterException("'" + name + "' is the roster's " + listed.statement().role().label() + ", not "
                    + (role == Role.AGGREGATION_SERVER ? "its aggregation-server" : "an " + role.label()) + " ("
                    + roster.shortDigest() + ")");
        }
    }

    /**
     * Checks that {@code name} takes part in the roster's rounds as an aggregation client or a
     * committee member, and returns which.
     *
     * @throws ParameterException naming the participant and what it is instead
     */
    public static Role requireParticipant(Roster roster, String name) {
        Card listed = roster.card(name).orElseThrow(() -> new ParameterException("'" + name + "' is not in the roster ("
                + roster.shortDigest() + ")"));
        Role role = listed.statement().role();
        if (role != Role.AGGREGATION_CLIENT && role != Role.COMMITTEE_MEMBER) {
            throw new ParameterException("'" + name + "' is the roster's " + role.label()
                    + ", not an aggregation-client or committee-member (" + roster.shortDigest() + ")");
        }
        return role;
    }

    private static byte[] seed(Roster roster, byte[] id) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(SEED_DOMAIN);
            md.update(roster.digest());
            md.update(id);
            return Arrays.copyOf(md.digest(), SeedHomomorphicPrg.SEED_BYTES);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }
}
