package org.veilgrid.core.tls;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import javax.net.ssl.KeyManager;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

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
 * certificate, host name and <em>which participant</em> it is (the CN the client expected), each
 * against the CA its identity trusts. Both sides also require the certificate usage of the
 * other's role ({@link TlsRole}): a client-only certificate cannot serve, a server-only one
 * cannot call. Uses gRPC's
 * transport-neutral {@code TlsServerCredentials}/{@code TlsChannelCredentials} API, with the key
 * and trust material handed over as JSSE managers built in memory, so no key ever has to be
 * written to a file for TLS to use it.
 *
 * <p>An identity that also names CAs ({@link TlsIdentity#authorities()}, a roster's CA mode) adds
 * a check on both sides: the peer's pinned certificate must also pass PKIX validation under one of
 * those CAs at the time of the handshake ({@link OrganisationPki}).
 */
public final class MutualTls {

    private MutualTls() {
    }

    /** Server credentials presenting {@code identity} and requiring a client certificate. */
    public static ServerCredentials serverCredentials(TlsIdentity identity) {
        return TlsServerCredentials.newBuilder()
                .keyManager(keyManagers(identity))
                .trustManager(trustManager(identity))
                .clientAuth(TlsServerCredentials.ClientAuth.REQUIRE)
                .build();
    }

    /**
     * Channel credentials presenting {@code identity} and accepting only a server whose
     * certificate is from the identity's CA, carries the serverAuth usage, and names
     * {@code expectedPeer} as its CN. The check runs in the handshake, before anything is sent.
     *
     * @param expectedPeer the participant the client means to reach (a valid party name)
     * @throws ParameterException if {@code expectedPeer} is not a valid party name
     */
    public static ChannelCredentials channelCredentials(TlsIdentity identity, String expectedPeer) {
        return channelCredentials(identity, expectedPeer, wrong -> { });
    }

    /**
     * As {@link #channelCredentials(TlsIdentity, String)}, and tells {@code onWrongPeer} each time a
     * server at the address presents another participant's certificate. A caller that waits for a
     * peer to come up (gRPC's wait-for-ready) never sees the handshake failure in its call, which
     * keeps waiting until its deadline; the listener lets it stop at once and name the address's
     * rightful owner. It runs on a network thread, inside the handshake: it must not block.
     */
    public static ChannelCredentials channelCredentials(TlsIdentity identity, String expectedPeer,
                                                        Consumer<WrongPeerCertificateException> onWrongPeer) {
        return TlsChannelCredentials.newBuilder()
                .keyManager(keyManagers(identity))
                .trustManager(new ExpectedPeerTrustManager(trustManager(identity), expectedPeer,
                        Objects.requireNonNull(onWrongPeer, "onWrongPeer")))
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

    /**
     * A channel builder to {@code expectedPeer} at {@code host:port} with mutual TLS (see
     * {@link #channelCredentials(TlsIdentity, String)}), for callers that tune it further.
     */
    public static ManagedChannelBuilder<?> channelBuilder(String host, int port, TlsIdentity identity,
                                                          String expectedPeer) {
        Objects.requireNonNull(host, "host");
        checkPort(port);
        if (port == 0) {
            throw new ParameterException("cannot connect to port 0");
        }
        return Grpc.newChannelBuilderForAddress(host, port, channelCredentials(identity, expectedPeer));
    }

    /**
     * A channel to {@code expectedPeer} at {@code host:port} with mutual TLS. The host name is
     * checked against the server certificate's SANs, so use a name it carries ({@code localhost}
     * or {@code 127.0.0.1} for certificates from {@link CertificateAuthority}); the certificate's
     * CN must be {@code expectedPeer}, or the handshake fails with a
     * {@link WrongPeerCertificateException} in the call's cause chain.
     */
    public static ManagedChannel channel(String host, int port, TlsIdentity identity, String expectedPeer) {
        return channelBuilder(host, port, identity, expectedPeer).build();
    }

    /** Key managers presenting the identity's key and chain (held in memory, no key store). */
    static KeyManager[] keyManagers(TlsIdentity identity) {
        return new KeyManager[] {new IdentityKeyManager(identity)};
    }

    /**
     * The trust manager of {@code identity}: its pinned certificates (or CA), and in the CA mode
     * also its CAs ({@link AuthorityTrustManager}); in every mode the peer's own certificate must be
     * valid at the handshake ({@link CurrentCertificateTrustManager}: a pinned one is an anchor,
     * whose dates the JDK does not check).
     */
    static X509ExtendedTrustManager trustManager(TlsIdentity identity) {
        X509ExtendedTrustManager pinned = new CurrentCertificateTrustManager(
                (X509ExtendedTrustManager) trustManagers(identity.trustAnchors())[0]);
        return identity.authorities().isEmpty() ? pinned
                : new AuthorityTrustManager(pinned, identity.authorities());
    }

    /**
     * Trust managers that accept exactly the certificates issued by (or equal to) one of
     * {@code anchors}: a CA, or the pinned self-signed certificates of a roster.
     */
    static TrustManager[] trustManagers(List<X509Certificate> anchors) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            for (int i = 0; i < anchors.size(); i++) {
                store.setCertificateEntry("veilgrid-anchor-" + i, anchors.get(i));
            }
            TrustManagerFactory factory =
                    TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return factory.getTrustManagers();
        } catch (GeneralSecurityException | IOException e) {
            throw new ParameterException("cannot trust the " + anchors.size() + " given certificate(s)", e);
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
