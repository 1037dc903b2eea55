package org.veilgrid.mpc.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.federation.Card;
import org.veilgrid.core.federation.Role;
import org.veilgrid.core.federation.Roster;
import org.veilgrid.core.io.LocalFiles;
import org.veilgrid.mpc.field.ShamirScheme;
import org.veilgrid.mpc.wire.PartiesConfigMessage;
import org.veilgrid.mpc.wire.PartyEntry;

/**
 * The validated description of one run: the parties, the threshold, the session id, the
 * per-message timeout, and where the TLS material lies.
 *
 * <p>Read from JSON ({@link #parse}, {@link #load}) with the proto3 JSON mapping of
 * {@code PartiesConfigMessage} (unknown fields are refused), then checked: 3 to
 * {@value ShamirScheme#MAX_PARTIES} parties with distinct names usable as certificate CNs,
 * distinct client names (none a party's), distinct host:port pairs, ports in 1..65535, 1 ≤ t < n/2, a timeout in 1 ms..1 h. Every failure
 * is a {@link MalformedInputException} (the file does not parse) or a {@link ParameterException}
 * (it parses but describes an impossible set-up), naming the field.
 */
public final class PartiesConfig {

    /** Default time a party waits for a message before it aborts. */
    public static final int DEFAULT_TIMEOUT_MS = 30_000;

    /** Longest config file read. */
    public static final int MAX_FILE_BYTES = 1 << 20;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final List<PartyAddress> parties;
    private final int threshold;
    private final long session;
    private final int timeoutMs;
    private final Optional<Path> tlsDirectory;
    private final List<String> clients;

    /**
     * @param tlsDirectory where {@code ca.pem} and the identities lie, or empty for in-memory
     *                     identities (tests, the loopback demo)
     */
    public PartiesConfig(List<PartyAddress> parties, int threshold, long session, int timeoutMs,
                         Optional<Path> tlsDirectory, List<String> clients) {
        int n = parties.size();
        if (n < 3 || n > ShamirScheme.MAX_PARTIES) {
            throw new ParameterException("parties: need 3.." + ShamirScheme.MAX_PARTIES + " parties, got " + n);
        }
        Set<String> names = new HashSet<>();
        Set<String> endpoints = new HashSet<>();
        for (int i = 0; i < n; i++) {
            PartyAddress p = parties.get(i);
            String where = "parties[" + i + "]";
            if (p.index() != i) {
                throw new ParameterException(where + ": index " + p.index() + " does not match its position");
            }
            checkName(p.name(), where + ".name");
            if (!names.add(p.name())) {
                throw new ParameterException(where + ".name: '" + p.name() + "' is used twice");
            }
            if (p.host() == null || p.host().isEmpty() || p.host().length() > 253) {
                throw new ParameterException(where + ".host: must be a host name or address");
            }
            if (p.port() < 1 || p.port() > 65535) {
                throw new ParameterException(where + ".port: must be in 1..65535, got " + p.port());
            }
            if (!endpoints.add(p.host() + ":" + p.port())) {
                throw new ParameterException(where + ": " + p.host() + ":" + p.port() + " is used twice");
            }
        }
        new ShamirScheme(n, threshold); // validates 1 <= t < n/2
        if (timeoutMs < 1 || timeoutMs > 3_600_000) {
            throw new ParameterException("timeout_ms: must be in 1..3600000, got " + timeoutMs);
        }
        Set<String> clientNames = new HashSet<>();
        for (int i = 0; i < clients.size(); i++) {
            checkName(clients.get(i), "clients[" + i + "]");
            if (names.contains(clients.get(i))) {
                throw new ParameterException("clients[" + i + "]: '" + clients.get(i) + "' is also a party name");
            }
            if (!clientNames.add(clients.get(i))) {
                // Two clients of one name would share one certificate name and one set of inputs.
                throw new ParameterException("clients[" + i + "]: '" + clients.get(i) + "' is used twice");
            }
        }
        this.parties = List.copyOf(parties);
        this.threshold = threshold;
        this.session = session;
        this.timeoutMs = timeoutMs;
        this.tlsDirectory = tlsDirectory;
        this.clients = List.copyOf(clients);
    }

    /** n parties on 127.0.0.1 at the given ports, named party-0…, maximal threshold, fresh session. */
    public static PartiesConfig loopback(int[] ports, int timeoutMs, List<String> clients) {
        List<PartyAddress> list = new ArrayList<>();
        for (int i = 0; i < ports.length; i++) {
            list.add(new PartyAddress(i, "party-" + i, "127.0.0.1", ports[i]));
        }
        return new PartiesConfig(list, ShamirScheme.maxThreshold(ports.length), new SecureRandom().nextLong(),
                timeoutMs, Optional.empty(), clients);
    }

    /**
     * The run a federation's roster describes: its compute parties (in name order, at the hosts
     * and ports of their cards) with the largest threshold they allow, its institutions as the
     * clients, and a session id taken from the roster digest, so that every member derives the
     * same config from the same roster and nothing else. TLS identities come from each member's
     * own identity folder, not from a shared one.
     *
     * @throws ParameterException if the roster has fewer than 3 compute parties
     */
    public static PartiesConfig fromRoster(Roster roster, int timeoutMs) {
        List<Card> computeParties = roster.cards(Role.COMPUTE_PARTY);
        List<PartyAddress> list = new ArrayList<>();
        for (Card c : computeParties) {
            List<String> addresses = c.statement().addresses();
            list.add(new PartyAddress(list.size(), c.name(), c.statement().host(), c.statement().port(),
                    addresses.isEmpty() ? "" : addresses.get(0)));
        }
        if (list.size() < 3) {
            throw new ParameterException("the roster lists " + list.size() + " compute part"
                    + (list.size() == 1 ? "y" : "ies") + "; an MPC run needs at least 3");
        }
        long session = java.nio.ByteBuffer.wrap(roster.digest()).getLong();
        List<String> clients = roster.cards(Role.INSTITUTION).stream().map(Card::name).toList();
        return new PartiesConfig(list, ShamirScheme.maxThreshold(list.size()), session, timeoutMs, Optional.empty(),
                clients);
    }

    /**
     * Checks that {@code config} is the run {@code roster} describes ({@link #fromRoster}), its
     * session id aside.
     *
     * @throws ParameterException if it lists other parties, another threshold or other clients
     */
    public static void requireFromRoster(PartiesConfig config, Roster roster) {
        PartiesConfig expected = fromRoster(roster, config.timeoutMs());
        if (!expected.parties().equals(config.parties()) || expected.threshold() != config.threshold()
                || !expected.clients().equals(config.clients())) {
            throw new ParameterException("the run's parties, threshold or clients are not the ones roster "
                    + roster.shortDigest() + " describes");
        }
    }

    /**
     * The same parties, threshold, timeout, TLS folder and clients with another session id: for
     * several runs from one config file (e.g. one per auction), so that no message of one run is
     * taken for another's.
     */
    public PartiesConfig withSession(long otherSession) {
        return new PartiesConfig(parties, threshold, otherSession, timeoutMs, tlsDirectory, clients);
    }

    /** Reads and validates a config file; {@code tls_dir} is resolved against the file's folder. */
    public static PartiesConfig load(Path file) {
        byte[] bytes = LocalFiles.readBounded(file, MAX_FILE_BYTES);
        Path base = file.toAbsolutePath().getParent();
        return parse(new String(bytes, StandardCharsets.UTF_8), base, file.toString());
    }

    /**
     * Parses and validates config JSON.
     *
     * @param baseDirectory folder that a relative {@code tls_dir} is resolved against
     * @param where         names the source in error messages
     */
    public static PartiesConfig parse(String json, Path baseDirectory, String where) {
        PartiesConfigMessage.Builder builder = PartiesConfigMessage.newBuilder();
        try {
            JsonFormat.parser().merge(json, builder);
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            // The parser's message may quote the input; the input is a config, not a secret.
            throw new MalformedInputException(where, "not a valid MPC config: " + e.getMessage());
        }
        PartiesConfigMessage m = builder.build();
        if (m.getVersion() != 1) {
            throw new MalformedInputException(where, "version must be 1, got " + m.getVersion());
        }
        List<PartyAddress> parties = new ArrayList<>();
        for (int i = 0; i < m.getPartiesCount(); i++) {
            PartyEntry e = m.getParties(i);
            parties.add(new PartyAddress(i, e.getName(), e.getHost(), e.getPort()));
        }
        int threshold = m.getThreshold() == 0 ? ShamirScheme.maxThreshold(parties.size()) : m.getThreshold();
        int timeout = m.getTimeoutMs() == 0 ? DEFAULT_TIMEOUT_MS : m.getTimeoutMs();
        Optional<Path> tls = m.getTlsDir().isEmpty() ? Optional.empty()
                : Optional.of(baseDirectory == null ? Path.of(m.getTlsDir()) : baseDirectory.resolve(m.getTlsDir()));
        return new PartiesConfig(parties, threshold, parseSession(m.getSession()), timeout, tls, m.getClientsList());
    }

    /** The JSON form of this config (what {@link #parse} reads back). */
    public String toJson() {
        PartiesConfigMessage.Builder b = PartiesConfigMessage.newBuilder()
                .setVersion(1)
                .setSession(Long.toUnsignedString(session))
                .setThreshold(threshold)
                .setTimeoutMs(timeoutMs)
                .addAllClients(clients);
        tlsDirectory.ifPresent(d -> b.setTlsDir(d.toString()));
        for (PartyAddress p : parties) {
            b.addParties(PartyEntry.newBuilder().setName(p.name()).setHost(p.host()).setPort(p.port()));
        }
        try {
            return JsonFormat.printer().print(b);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long parseSession(String s) {
        if (s.isEmpty()) {
            throw new ParameterException("session: missing (every party of one run must use the same id)");
        }
        try {
            if (s.startsWith("0x")) {
                return Long.parseUnsignedLong(s.substring(2), 16);
            }
            return Long.parseUnsignedLong(s);
        } catch (NumberFormatException e) {
            throw new ParameterException("session: '" + s + "' is not a 64-bit decimal or 0x-hex number");
        }
    }

    private static void checkName(String name, String where) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new ParameterException(where + ": '" + name
                    + "' is not a party name (1-64 of A-Z a-z 0-9 . _ -, starting with a letter or digit)");
        }
    }

    public List<PartyAddress> parties() {
        return parties;
    }

    public int size() {
        return parties.size();
    }

    public PartyAddress party(int index) {
        if (index < 0 || index >= parties.size()) {
            throw new ParameterException("party id " + index + " is not in 0.." + (parties.size() - 1));
        }
        return parties.get(index);
    }

    /** Index of the party with this name, or −1. */
    public int indexOf(String name) {
        for (PartyAddress p : parties) {
            if (p.name().equals(name)) {
                return p.index();
            }
        }
        return -1;
    }

    public int threshold() {
        return threshold;
    }

    public long session() {
        return session;
    }

    public int timeoutMs() {
        return timeoutMs;
    }

    public Optional<Path> tlsDirectory() {
        return tlsDirectory;
    }

    public List<String> clients() {
        return clients;
    }
}
