package org.veilgrid.mpc.aggregation;

import io.grpc.Server;
import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.errors.ProtocolAbortException;
import org.veilgrid.core.tls.CertificateAuthority;
import org.veilgrid.core.tls.TlsIdentity;
import org.veilgrid.core.tls.TlsRole;

/**
 * A whole round on loopback: a server on 127.0.0.1 with mutual TLS, N clients each with its own
 * certificate and connection, a committee drawn from the clients by the round's public seed. A
 * fraction of the clients never send their message, and as many committee members as the
 * threshold allows stay silent. Used by {@code veil aggregate demo} and the integration tests.
 */
public final class LoopbackRound {
    /** What happened, with timings. */
    public static final class Report {
        public AggregationResult result;
        public long[] expected;
        public int clients;
        public int arrived;
        public List<Integer> silentSeats = new ArrayList<>();
        public double clientMillis;
        public double memberMillis;
        public double serverMillis;
        public long bytesPerClient;
        public double totalMillis;
        /** The fewest clients the round sums over. */
        public int minCounted;
        /** For every registered client, how many messages the server received in its name. */
        public Map<String, Integer> messagesPerClient = new LinkedHashMap<>();
        /** The clients that were chosen to send (the others stayed silent). */
        public List<String> senders = new ArrayList<>();

        /**
         * Whether the server received exactly one message from each client that sent and none
         * from the others: each client spoke once, as the server counted it.
         */
        public boolean eachSenderSentOneMessage() {
            Set<String> sent = new HashSet<>(senders);
            for (Map.Entry<String, Integer> e : messagesPerClient.entrySet()) {
                int want = sent.contains(e.getKey()) ? 1 : 0;
                if (e.getValue() != want) {
                    return false;
                }
            }
            return messagesPerClient.keySet().containsAll(senders);
        }
    }

    private LoopbackRound() {
    }

    /**
     * @param minCounted the fewest clients the round sums over (see {@link Round#minCounted()})
     * @param inputs     one row per client (null for random inputs within the bound)
     * @param dropout    fraction of clients that never send, in [0, 1) (rounded to a whole number of clients)
     * @param progress   receives one line per phase (may be null)
     * @throws ParameterException if the parameters do not fit, or the dropout leaves fewer than
     *     {@code minCounted} clients to send
     */
    public static Report run(AggregationParams params, int clients, int committee, int threshold, int minCounted,
                             double dropout, long[][] inputs, Consumer<String> progress) throws java.io.IOException {
        int silentCount = checkPlan(clients, committee, minCounted, dropout);
        if (inputs != null && inputs.length != clients) {
            throw new ParameterException("expected one input row per client");
        }
        Consumer<String> say = progress != null ? progress : s -> { };
        long start = System.nanoTime();
        SecureRandom random = new SecureRandom();
        CertificateAuthority ca = CertificateAuthority.create();
        TlsIdentity serverIdentity = ca.issue(AggregationService.DEFAULT_SERVER_NAME, TlsRole.SERVER);
        Map<String, KeyPair> memberKeys = new LinkedHashMap<>();
        Map<String, PublicKey> candidates = new LinkedHashMap<>();
        List<String> ids = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            String id = String.format("client-%05d", c);
            ids.add(id);
            KeyPair kp = ShareCipher.newKeyPair();
            memberKeys.put(id, kp);
            candidates.put(id, kp.getPublic());
        }
        byte[] roundId = new byte[Round.ID_BYTES];
        byte[] seed = new byte[SeedHomomorphicPrg.SEED_BYTES];
        random.nextBytes(roundId);
        random.nextBytes(seed);
        Round round = new Round(roundId, seed, params, Round.selectCommittee(seed, candidates, committee), threshold,
                ids, minCounted);
        AggregationServer server = new AggregationServer(round);
        AggregationService service = new AggregationService(server);
        Server grpc = service.start(new InetSocketAddress("127.0.0.1", 0), serverIdentity);
        int port = grpc.getPort();
        say.accept("server on 127.0.0.1:" + port + ", committee of " + committee + " (threshold " + threshold + ")");
        Report report = new Report();
        report.clients = clients;
        report.minCounted = minCounted;
        report.expected = new long[params.length()];
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()));
        try {
            // Client phase: each arriving client fetches the round and sends its one message.
            List<Future<?>> sends = new ArrayList<>();
            AtomicLong clientNanos = new AtomicLong();
            AtomicLong bytes = new AtomicLong();
            AtomicLong done = new AtomicLong();
            // Exactly round(dropout * clients) clients, chosen at random, stay silent.
            List<Integer> order = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                order.add(c);
            }
            Collections.shuffle(order, random);
            Set<Integer> silentClients = new HashSet<>(order.subList(0, silentCount));
            int arrived = 0;
            for (int c = 0; c < clients; c++) {
                if (silentClients.contains(c)) {
                    continue;
                }
                arrived++;
                String id = ids.get(c);
                report.senders.add(id);
                long[] x = inputs != null ? inputs[c] : randomInput(random, params);
                for (int i = 0; i < x.length; i++) {
                    report.expected[i] += x[i];
                }
                TlsIdentity identity = ca.issue(id, TlsRole.CLIENT);
                sends.add(pool.submit(() -> {
                    try (AggregationPeer peer = new AggregationPeer("127.0.0.1", port, identity, AggregationService.DEFAULT_SERVER_NAME, Duration.ofSeconds(60))) {
                        Round seen = peer.round();
                        long t0 = System.nanoTime();
                        ClientSubmission s = new AggregationClient().submit(seen, id, x);
                        clientNanos.addAndGet(System.nanoTime() - t0);
                        bytes.addAndGet(AggregationCodec.encode(s).getSerializedSize());
                        peer.submit(s);
                    }
                    long n = done.incrementAndGet();
                    if (n % Math.max(1, clients / 10) == 0) {
                        say.accept("clients: " + n + " sent");
                    }
                    return null;
                }));
            }
            for (Future<?> f : sends) {
                unwrap(f);
            }
            report.arrived = arrived;
            report.clientMillis = arrived == 0 ? 0 : clientNanos.get() / 1e6 / arrived;
            report.bytesPerClient = arrived == 0 ? 0 : bytes.get() / arrived;
            server.close();
            say.accept("client phase closed: " + arrived + " of " + clients + " clients sent their message");

            // Committee phase: all but (committee - threshold) members answer once.
            List<Integer> seats = new ArrayList<>();
            for (int s = 1; s <= committee; s++) {
                seats.add(s);
            }
            Collections.shuffle(seats, random);
            int silent = Math.min(committee - threshold, (int) Math.round(dropout * committee));
            report.silentSeats = new ArrayList<>(seats.subList(0, silent));
            AtomicLong memberNanos = new AtomicLong();
            List<Future<?>> answers = new ArrayList<>();
            for (int seat : seats.subList(silent, committee)) {
                Round.Seat s = round.committee().get(seat - 1);
                TlsIdentity identity = ca.issue(s.memberId, TlsRole.CLIENT);
                CommitteeMember member = new CommitteeMember(s.memberId, memberKeys.get(s.memberId).getPrivate());
                answers.add(pool.submit(() -> {
                    try (AggregationPeer peer = new AggregationPeer("127.0.0.1", port, identity, AggregationService.DEFAULT_SERVER_NAME, Duration.ofSeconds(60))) {
                        Round seen = peer.round();
                        long t0 = System.nanoTime();
                        peer.serveSeat(seen, member, seat, Duration.ofSeconds(60));
                        memberNanos.addAndGet(System.nanoTime() - t0);
                    }
                    return null;
                }));
            }
            for (Future<?> f : answers) {
                unwrap(f);
            }
            report.memberMillis = memberNanos.get() / 1e6 / Math.max(1, committee - silent);
            say.accept("committee: " + (committee - silent) + " of " + committee + " members answered");
            long t0 = System.nanoTime();
            report.result = server.finish();
            report.serverMillis = (System.nanoTime() - t0) / 1e6;
            for (String id : ids) {
                report.messagesPerClient.put(id, server.messagesFrom(id));
            }
        } finally {
            pool.shutdownNow();
            org.veilgrid.core.tls.MutualTls.stop(grpc);
        }
        report.totalMillis = (System.nanoTime() - start) / 1e6;
        return report;
    }

    /**
     * Checks what {@link #run} would be asked to do before anything starts.
     *
     * @return how many clients stay silent: round(dropout &middot; clients)
     * @throws ParameterException if the dropout is outside [0, 1), leaves fewer than
     *     {@code minCounted} clients sending (the round would abort at close), or the committee is
     *     larger than the clients it is drawn from
     */
    public static int checkPlan(int clients, int committee, int minCounted, double dropout) {
        if (!(dropout >= 0 && dropout < 1)) {
            throw new ParameterException("dropout must lie in [0, 1), got " + dropout);
        }
        int silentCount = (int) Math.round(dropout * clients);
        if (clients - silentCount < minCounted) {
            throw new ParameterException("a dropout of " + dropout + " leaves " + (clients - silentCount) + " of " + clients
                    + " clients sending, but the round sums over at least " + minCounted);
        }
        if (committee > clients) {
            throw new ParameterException("a committee of " + committee + " needs at least as many clients, got " + clients);
        }
        return silentCount;
    }

    static long[] randomInput(SecureRandom r, AggregationParams params) {
        long[] x = new long[params.length()];
        long b = Math.min(params.inputBound(), 1_000_000);
        for (int i = 0; i < x.length; i++) {
            x[i] = (long) (r.nextDouble() * (b + 1));
        }
        return x;
    }

    private static void unwrap(Future<?> f) {
        try {
            f.get();
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException) {
                throw (RuntimeException) c;
            }
            throw new ProtocolAbortException(null, "a participant failed: " + c, c);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProtocolAbortException(null, "interrupted");
        }
    }
}
