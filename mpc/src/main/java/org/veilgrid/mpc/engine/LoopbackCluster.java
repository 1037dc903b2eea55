package org.veilgrid.mpc.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;
import java.util.function.Function;

import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.tls.CertificateAuthority;
import org.veilgrid.core.tls.TlsIdentity;
import org.veilgrid.core.tls.TlsRole;
import org.veilgrid.mpc.config.PartiesConfig;
import org.veilgrid.mpc.net.PartyNetwork;

/**
 * n parties in one process, each with its own gRPC server on a loopback port and its own TLS
 * identity from a fresh in-memory CA: for the demo, benchmarks and tests. Every party still talks
 * to the others only through mutual-TLS gRPC, exactly as separate processes would.
 */
public final class LoopbackCluster implements AutoCloseable {

    private final PartiesConfig config;
    private final CertificateAuthority ca;
    private final PartyNetwork[] networks;
    private final Map<String, TlsIdentity> clientIdentities = new HashMap<>();
    private final ExecutorService threads;
    private MpcSession[] sessions;
    private Security sessionsSecurity;

    private LoopbackCluster(int parties, int timeoutMs, List<String> clients,
                            BiConsumer<Integer, PartyNetwork> beforeStart) {
        this.ca = CertificateAuthority.create("Veilgrid loopback CA");
        this.config = PartiesConfig.loopback(freePorts(parties), timeoutMs, clients);
        this.networks = new PartyNetwork[parties];
        for (String c : clients) {
            clientIdentities.put(c, ca.issue(c, TlsRole.CLIENT));
        }
        try {
            for (int i = 0; i < parties; i++) {
                networks[i] = new PartyNetwork(config, i, ca.issue(config.party(i).name(), TlsRole.PEER));
                beforeStart.accept(i, networks[i]);
                networks[i].start();
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        this.threads = Executors.newFixedThreadPool(parties, r -> {
            Thread th = new Thread(r, "mpc-loopback-party");
            th.setDaemon(true);
            return th;
        });
    }

    /** Starts {@code parties} party servers on free loopback ports. */
    public static LoopbackCluster start(int parties, int timeoutMs, List<String> clients) {
        return new LoopbackCluster(parties, timeoutMs, clients, (i, network) -> { });
    }

    /**
     * As {@link #start(int, int, List)}, letting {@code beforeStart} set up each party's network
     * (by index) before it starts, e.g. {@link PartyNetwork#interceptOutgoing}.
     */
    public static LoopbackCluster start(int parties, int timeoutMs, List<String> clients,
                                        BiConsumer<Integer, PartyNetwork> beforeStart) {
        return new LoopbackCluster(parties, timeoutMs, clients, Objects.requireNonNull(beforeStart, "beforeStart"));
    }

    /** Starts {@code parties} party servers with no outside clients. */
    public static LoopbackCluster start(int parties, int timeoutMs) {
        return start(parties, timeoutMs, List.of());
    }

    public PartiesConfig config() {
        return config;
    }

    /** Party i's network (e.g. to read its traffic counters). */
    public PartyNetwork network(int i) {
        return networks[i];
    }

    /** The TLS identity issued to an outside client named at start. */
    public TlsIdentity clientIdentity(String name) {
        TlsIdentity id = clientIdentities.get(name);
        if (id == null) {
            throw new ParameterException("no client '" + name + "' in this cluster");
        }
        return id;
    }

    /** What one party's program returned or threw. */
    public record Outcome<T>(T value, Throwable error) {
        /** The value, rethrowing the party's failure. */
        public T get() {
            if (error instanceof RuntimeException re) {
                throw re;
            }
            if (error != null) {
                throw new IllegalStateException(error);
            }
            return value;
        }
    }

    /**
     * Runs {@code program} on every party at once (each on its own thread and session) and
     * returns each party's outcome, in party order; sessions in the default mode,
     * {@link Security#MALICIOUS}.
     */
    public <T> List<Outcome<T>> runEach(Function<MpcSession, T> program) {
        return runEach(Security.MALICIOUS, program);
    }

    /** As {@link #runEach(Function)}, every party's session in mode {@code security}. */
    public <T> List<Outcome<T>> runEach(Security security, Function<MpcSession, T> program) {
        Objects.requireNonNull(security, "security");
        List<Future<T>> futures = new ArrayList<>();
        for (PartyNetwork net : networks) {
            futures.add(threads.submit(() -> program.apply(MpcSession.start(net, security))));
        }
        List<Outcome<T>> out = new ArrayList<>();
        for (Future<T> f : futures) {
            try {
                out.add(new Outcome<>(f.get(), null));
            } catch (ExecutionException e) {
                out.add(new Outcome<>(null, e.getCause()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                out.add(new Outcome<>(null, e));
            }
        }
        return out;
    }

    /**
     * Runs {@code program} on every party's long-lived session (opened on the first call, the
     * PRSS set-up done once), so that repeated runs, e.g. benchmark iterations, share it; in
     * the default mode, {@link Security#MALICIOUS}.
     */
    public <T> List<T> runOnSessions(Function<MpcSession, T> program) {
        return runOnSessions(Security.MALICIOUS, program);
    }

    /**
     * As {@link #runOnSessions(Function)}, the long-lived sessions in mode {@code security}; a
     * cluster holds sessions of one mode only.
     */
    public <T> List<T> runOnSessions(Security security, Function<MpcSession, T> program) {
        Objects.requireNonNull(security, "security");
        synchronized (this) {
            if (sessions == null) {
                List<MpcSession> opened = run(security, s -> s);
                sessions = opened.toArray(new MpcSession[0]);
                sessionsSecurity = security;
            } else if (sessionsSecurity != security) {
                throw new ParameterException("this cluster's sessions are " + sessionsSecurity.label() + ", not " + security.label());
            }
        }
        List<Future<T>> futures = new ArrayList<>();
        for (MpcSession s : sessions) {
            futures.add(threads.submit(() -> program.apply(s)));
        }
        List<T> out = new ArrayList<>();
        for (Future<T> f : futures) {
            try {
                out.add(f.get());
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException re) {
                    throw re;
                }
                throw new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    /**
     * Runs {@code program} on every party (sessions in the default mode, {@link Security#MALICIOUS})
     * and returns the values, rethrowing the first failure.
     */
    public <T> List<T> run(Function<MpcSession, T> program) {
        return run(Security.MALICIOUS, program);
    }

    /** As {@link #run(Function)}, every party's session in mode {@code security}. */
    public <T> List<T> run(Security security, Function<MpcSession, T> program) {
        List<T> values = new ArrayList<>();
        for (Outcome<T> o : runEach(security, program)) {
            values.add(o.get());
        }
        return values;
    }

    @Override
    public void close() {
        if (threads != null) {
            threads.shutdownNow();
        }
        // Every party is done: the ones closed first must not look to the others like a fault.
        for (PartyNetwork n : networks) {
            if (n != null) {
                n.finished();
            }
        }
        for (PartyNetwork n : networks) {
            if (n != null) {
                n.close();
            }
        }
    }

    /** {@code count} distinct ports that were free on 127.0.0.1 a moment ago. */
    static int[] freePorts(int count) {
        ServerSocket[] sockets = new ServerSocket[count];
        int[] ports = new int[count];
        try {
            for (int i = 0; i < count; i++) {
                sockets[i] = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                ports[i] = sockets[i].getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (ServerSocket s : sockets) {
                if (s != null) {
                    try {
                        s.close();
                    } catch (IOException ignored) {
                        // best effort
                    }
                }
            }
        }
    }
}
