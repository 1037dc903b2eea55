package org.veilgrid.core.tls;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManager;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerCredentials;
import io.grpc.TlsChannelCredentials;
import io.grpc.TlsServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import org.veilgrid.core.errors.ParameterException;

/**
 * gRPC servers and channels that authenticate both ends with a {@link TlsIdentity}.
 *
 * <p>Between institutions neither side may talk to an anonymous peer: servers require a client
 * certificate ({@link TlsServerCredentials.ClientAuth#REQUIRE}) and clients verify the server's
 * certificate and host name, each against the CA its identity trusts. Uses gRPC's
 * transport-neutral {@code TlsServerCredentials}/{@code TlsChannelCredentials} API, with the key
 * and trust material handed over as JSSE managers built in memory, so no key ever has to be
 * written to a file for TLS to use it.
 */
public final class MutualTls {

    private MutualTls() {
    }

    /** Server credentials presenting {@code identity} and requiring a client certificate. */
    public static ServerCredentials serverCredentials(TlsIdentity identity) {
        return TlsServerCredentials.newBuilder()
                .keyManager(keyManagers(identity))
                .trustManager(trustManagers(identity.trustedCa()))
                .clientAuth(TlsServerCredentials.ClientAuth.REQUIRE)
                .build();
    }

    /** Channel credentials presenting {@code identity} and trusting only its CA. */
    public static ChannelCredentials channelCredentials(TlsIdentity identity) {
        return TlsChannelCredentials.newBuilder()
                .keyManager(keyManagers(identity))
                .trustManager(trustManagers(identity.trustedCa()))
                .build();
    }

    /**
     * A server builder listening on {@code port} on all interfaces, with mutual TLS and
     * {@link PeerIdentity#interceptor()} installed.
     *
     * @param port the port, or 0 for an ephemeral one (read it back with {@code Server.getPort()})
     */
    public static ServerBuilder<?> serverBuilder(int port, TlsIdentity identity) {
        checkPort(port);
        return Grpc.newServerBuilderForPort(port, serverCredentials(identity))
                .intercept(PeerIdentity.interceptor());
    }

    /**
     * A server builder listening on one address only (e.g. {@code 127.0.0.1} for a local run that
     * must not be reachable from the network), with mutual TLS and
     * {@link PeerIdentity#interceptor()} installed. Port 0 picks an ephemeral port.
     */
    public static ServerBuilder<?> serverBuilder(InetSocketAddress address, TlsIdentity identity) {
        Objects.requireNonNull(address, "address");
        return NettyServerBuilder.forAddress(address, serverCredentials(identity))
                .intercept(PeerIdentity.interceptor());
    }

    /** A channel builder to {@code host:port} with mutual TLS, for callers that tune it further. */
    public static ManagedChannelBuilder<?> channelBuilder(String host, int port, TlsIdentity identity) {
        Objects.requireNonNull(host, "host");
        checkPort(port);
        if (port == 0) {
            throw new ParameterException("cannot connect to port 0");
        }
        return Grpc.newChannelBuilderForAddress(host, port, channelCredentials(identity));
    }

    /**
     * A channel to {@code host:port} with mutual TLS. The host name is checked against the server
     * certificate's SANs, so use a name it carries ({@code localhost} or {@code 127.0.0.1} for
     * certificates from {@link CertificateAuthority}).
     */
    public static ManagedChannel channel(String host, int port, TlsIdentity identity) {
        return channelBuilder(host, port, identity).build();
    }

    /** Key managers presenting the identity's key and chain (held in memory, no key store). */
    static KeyManager[] keyManagers(TlsIdentity identity) {
        return new KeyManager[] {new IdentityKeyManager(identity)};
    }

    /** Trust managers that accept exactly the certificates issued by {@code ca}. */
    static TrustManager[] trustManagers(X509Certificate ca) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("veilgrid-ca", ca);
            TrustManagerFactory factory =
                    TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return factory.getTrustManagers();
        } catch (GeneralSecurityException | IOException e) {
            throw new ParameterException("cannot trust CA " + ca.getSubjectX500Principal().getName(), e);
        }
    }

    private static void checkPort(int port) {
        if (port < 0 || port > 65535) {
            throw new ParameterException("port must be in 0..65535, got " + port);
        }
    }

    /** Stops a server, letting calls in flight finish for up to five seconds before cutting them off. */
    public static void stop(Server s) {
        s.shutdown();
        try {
            if (!s.awaitTermination(5, TimeUnit.SECONDS)) {
                s.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            s.shutdownNow();
        }
    }
}
