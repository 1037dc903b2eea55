package org.veilgrid.mpc.net;

import java.security.SecureRandom;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.errors.ProtocolAbortException;
import org.veilgrid.core.federation.IdentityFolder;
import org.veilgrid.core.federation.Roster;
import org.veilgrid.core.federation.RosterCheck;
import org.veilgrid.core.tls.MutualTls;
import org.veilgrid.core.tls.TlsIdentity;
import org.veilgrid.mpc.config.PartiesConfig;
import org.veilgrid.mpc.config.PartyAddress;
import org.veilgrid.mpc.field.FieldPrg;
import org.veilgrid.mpc.field.FieldVectors;
import org.veilgrid.mpc.field.ShamirScheme;

/**
 * An outside institution that contributes an input without being a compute party: it
 * Shamir-shares its vector (degree t, fresh randomness) and sends each party its own share over
 * mutual TLS. No single party, nor any t of them, learns the input; the program reads it with
 * {@code MpcSession.inputFromClient(client, label, length)}.
 *
 * <p>The client's certificate CN must be listed in the config's {@code clients}.
 */
public final class InputClient implements AutoCloseable {

    private final PartiesConfig config;
    private final TlsIdentity identity;
    private final ShamirScheme scheme;
    private final ManagedChannel[] channels;
    private final SecureRandom random = new SecureRandom();
    /**
     * Calls wait (within their deadline) for parties that are not up yet: built from a roster
     * ({@link #ofRoster}) or asked to ({@link #waitingForParties}).
     */
    private volatile boolean waitForParties;

    public InputClient(PartiesConfig config, TlsIdentity identity) {
        this(config, identity, null);
    }

    private InputClient(PartiesConfig config, TlsIdentity identity, Roster roster) {
        this.config = Objects.requireNonNull(config, "config");
        this.identity = Objects.requireNonNull(identity, "identity");
        this.scheme = new ShamirScheme(config.size(), config.threshold());
        this.channels = new ManagedChannel[config.size()];
        this.waitForParties = roster != null;
        for (PartyAddress p : config.parties()) {
            channels[p.index()] = PartyNetwork.dial(p, MutualTls.channelCredentials(identity, p.name()))
                    .intercept(roster == null ? List.of() : List.of(RosterCheck.client(roster, p.name())))
                    .build();
        }
    }

    /**
     * An institution of a federation submitting to the run its roster describes
     * ({@link PartiesConfig#fromRoster}), from its own identity folder: TLS trusts exactly the
     * roster's certificates, every call carries the roster digest, and a call waits (within the
     * run's timeout) for a party that is not up yet.
     *
     * @throws ParameterException if {@code me} is not an institution of the roster, or its
     *         certificate is not the roster's
     */
    public static InputClient ofRoster(Roster roster, IdentityFolder me, int timeoutMs) {
        return ofRoster(roster, me, PartiesConfig.fromRoster(roster, timeoutMs));
    }

    /**
     * As {@link #ofRoster(Roster, IdentityFolder, int)} for a run of the roster with its own
     * session id, e.g. one auction among the roster's participants
     * ({@code PartiesConfig.fromRoster(roster, timeoutMs).withSession(...)}).
     *
     * @throws ParameterException also if {@code config} does not list the roster's compute parties
     */
    public static InputClient ofRoster(Roster roster, IdentityFolder me, PartiesConfig config) {
        PartiesConfig.requireFromRoster(config, roster);
        String name = me.card().name();
        if (!config.clients().contains(name)) {
            throw new ParameterException("'" + name + "' is not an institution of the roster ("
                    + roster.shortDigest() + ")");
        }
        return new InputClient(config, roster.trust(me.tls()), roster);
    }

    /**
     * The channel to party {@code party} (mutual TLS, the roster's checks when built from one),
     * for an application's own service on the party's port
     * ({@link PartyNetwork#addService}). Closed with this client.
     */
    public ManagedChannel channel(int party) {
        return channels[config.party(party).index()];
    }

    /**
     * Makes every call wait (within the run's timeout) for a party that is not up yet, as a
     * client built from a roster does: for participants that start in any order.
     *
     * @return this client
     */
    public InputClient waitingForParties() {
        waitForParties = true;
        return this;
    }

    /** The run this client submits to. */
    public PartiesConfig config() {
        return config;
    }

    /** Shares signed 64-bit values as input {@code label} and delivers one share vector to each party. */
    public void submit(String label, long[] values) {
        submitElements(label, FieldVectors.fromLongs(values), values.length);
    }

    /**
     * Shares {@code m} field elements (packed) as input {@code label}: a verifiable dealing
     * ({@link ClientDealing}) signed with this client's TLS key, so that every party checks the
     * sharing on its own and an inconsistent one is provably this client's.
     */
    public void submitElements(String label, long[] elements, int m) {
        RoundMessages.checkLabel(label, "label");
        if (m < 0 || m >= RoundMessages.MAX_ELEMENTS) {
            throw new ParameterException("an input holds at most " + (RoundMessages.MAX_ELEMENTS - 1) + " elements, not " + m);
        }
        ClientDealing.PartyShare[] shares = ClientDealing.deal(config.session(), identity.partyName(), label, elements, m,
                scheme, random, identity.privateKey());
        for (int i = 0; i < shares.length; i++) {
            try {
                stub(i).submitInput(RoundMessages.encodeInput(config.session(), label, shares[i], m + 1));
            } catch (StatusRuntimeException e) {
                throw refused(config.party(i).name(), label, e);
            }
        }
    }

    /**
     * Whom to blame when a party does not take the input. A party that has aborted the run says
     * so ({@code ABORTED}) and names the party it blames, or none: the client takes its word, since
     * that party only relays what it found. Any other failure (refused, unreachable, timed out)
     * is the party's own.
     */
    static ProtocolAbortException refused(String party, String label, StatusRuntimeException e) {
        Status status = e.getStatus();
        String detail = status.getCode() + (status.getDescription() == null ? "" : ": " + status.getDescription());
        Metadata trailers = e.getTrailers();
        String reported = trailers == null ? null : trailers.get(PartyNetwork.CULPRIT);
        if (status.getCode() == Status.Code.ABORTED && reported != null) {
            return new ProtocolAbortException(reported.isEmpty() ? null : reported, "party '" + party
                    + "' has stopped the run and did not take input '" + label + "' (" + detail + ")");
        }
        return new ProtocolAbortException(party, "party '" + party + "' refused input '" + label + "' (" + detail + ")");
    }

    private org.veilgrid.mpc.wire.MpcPartyGrpc.MpcPartyBlockingStub stub(int party) {
        var stub = org.veilgrid.mpc.wire.MpcPartyGrpc.newBlockingStub(channels[party])
                .withDeadlineAfter(config.timeoutMs(), TimeUnit.MILLISECONDS);
        // In a federation participants start on their own machines in any order: wait (within the
        // timeout) for a party that is not up yet rather than failing at once.
        return waitForParties ? stub.withWaitForReady() : stub;
    }

    @Override
    public void close() {
        for (ManagedChannel c : channels) {
            c.shutdownNow();
        }
    }
}
