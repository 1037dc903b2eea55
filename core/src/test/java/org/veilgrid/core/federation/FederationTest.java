package org.veilgrid.core.federation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.veilgrid.core.cbor.CborProfile;
import org.veilgrid.core.cbor.IndependentCbor;
import org.veilgrid.core.cose.CoseSign1;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.errors.VeilException;
import org.veilgrid.core.identity.AgentKey;
import org.veilgrid.core.identity.SealingKey;
import org.veilgrid.core.identity.SealingPublicKey;
import org.veilgrid.core.tls.MutualTls;
import org.veilgrid.core.tls.PeerIdentity;
import org.veilgrid.core.tls.SelfSignedIdentity;
import org.veilgrid.core.tls.TlsIdentity;
import org.veilgrid.core.tls.TlsRole;
import org.veilgrid.core.tls.testproto.EchoGrpc;
import org.veilgrid.core.tls.testproto.EchoReply;
import org.veilgrid.core.tls.testproto.EchoRequest;

/** Identity folders, cards and rosters: a federation with no dealer. */
class FederationTest {
    private static final SecureRandom RNG = new SecureRandom();

    @TempDir
    Path dir;

    @Test
    void anIdentityFolderHoldsItsSecretsOwnerOnlyAndLoadsBackAsTheSameParticipant() throws Exception {
        IdentityFolder made = IdentityFolder.init(dir.resolve("bank-a"), "bank-a", Role.INSTITUTION, "bank-a.test", 0, RNG);
        IdentityFolder loaded = IdentityFolder.load(dir.resolve("bank-a"), "bank-a");
        assertArrayEquals(made.card().toBytes(), loaded.card().toBytes());
        assertEquals(made.agentKey().publicKey(), loaded.agentKey().publicKey());
        assertEquals(made.sealingKey().publicKey(), loaded.sealingKey().publicKey());
        assertEquals(made.tls().certificate(), loaded.tls().certificate());
        for (String secret : List.of(IdentityFolder.TLS_KEY, IdentityFolder.AGENT_KEY, IdentityFolder.SEALING_KEY)) {
            Set<PosixFilePermission> p = Files.getPosixFilePermissions(dir.resolve("bank-a").resolve(secret));
            assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE), p, secret);
        }
        assertFalse(made.toString().contains("BEGIN"));
        assertFalse(made.sealingKey().toString().contains(
                java.util.HexFormat.of().formatHex(made.sealingKey().privateKey().getEncoded())));
    }

    @Test
    void anExistingIdentityIsNeverOverwrittenAndAnotherParticipantsFolderIsRefused() {
        IdentityFolder.init(dir.resolve("p0"), "party-0", Role.COMPUTE_PARTY, "party-0.test", 7000, RNG);
        byte[] before = IdentityFolder.load(dir.resolve("p0")).card().toBytes();
        ParameterException e = assertThrows(ParameterException.class,
                () -> IdentityFolder.init(dir.resolve("p0"), "party-0", Role.COMPUTE_PARTY, "party-0.test", 7000, RNG));
        assertTrue(e.getMessage().contains("not empty"), e.getMessage());
        assertArrayEquals(before, IdentityFolder.load(dir.resolve("p0")).card().toBytes());
        e = assertThrows(ParameterException.class, () -> IdentityFolder.load(dir.resolve("p0"), "party-1"));
        assertTrue(e.getMessage().contains("identity of 'party-0', not of 'party-1'"), e.getMessage());
    }

    @Test
    void aFolderWhoseKeysAreNotItsCardsIsRefused() throws Exception {
        IdentityFolder.init(dir.resolve("a"), "node-a", Role.GRID_NODE, "node-a.test", 7100, RNG);
        IdentityFolder.init(dir.resolve("b"), "node-b", Role.GRID_NODE, "node-b.test", 7100, RNG);
        Files.copy(dir.resolve("b").resolve(IdentityFolder.CARD), dir.resolve("a").resolve(IdentityFolder.CARD),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThrows(ParameterException.class, () -> IdentityFolder.load(dir.resolve("a")));
    }

    @Test
    void aCardMustAgreeWithItsCertificate() {
        AgentKey agent = AgentKey.generate(RNG);
        SealingPublicKey sealing = SealingKey.generate(RNG).publicKey();
        TlsIdentity tls = SelfSignedIdentity.generate("node-a", TlsRole.SERVER, List.of("node-a.test"),
                IdentityFolder.VALIDITY, RNG);
        assertThrows(ParameterException.class, () -> Card.make(new Card.Statement("node-b", Role.GRID_NODE,
                "node-a.test", 7100, tls.certificate(), agent.publicKey(), sealing, 1), agent));
        assertThrows(ParameterException.class, () -> Card.make(new Card.Statement("node-a", Role.GRID_NODE,
                "elsewhere.test", 7100, tls.certificate(), agent.publicKey(), sealing, 1), agent));
        assertThrows(ParameterException.class, () -> Card.make(new Card.Statement("node-a", Role.GRID_CLIENT,
                "node-a.test", 0, tls.certificate(), agent.publicKey(), sealing, 1), agent));
        assertThrows(ParameterException.class, () -> Card.make(new Card.Statement("node-a", Role.GRID_NODE,
                "node-a.test", 7100, tls.certificate(), agent.publicKey(), sealing, 1), AgentKey.generate(RNG)));
        Card ok = Card.make(new Card.Statement("node-a", Role.GRID_NODE, "node-a.test", 7100, tls.certificate(),
                agent.publicKey(), sealing, 1), agent);
        assertEquals("node-a", Card.fromBytes(ok.toBytes()).name());
    }

    @Test
    void everyFlippedBitAndTruncationOfACardIsRefused() {
        byte[] card = IdentityFolder.init(dir.resolve("c"), "bank-a", Role.INSTITUTION, "bank-a.test", 0, RNG)
                .card().toBytes();
        for (int i = 0; i < card.length; i++) {
            for (int bit = 0; bit < 8; bit += 3) {
                byte[] bad = card.clone();
                bad[i] ^= (byte) (1 << bit);
                assertThrows(VeilException.class, () -> Card.fromBytes(bad), "flip at byte " + i);
            }
        }
        for (int n = 0; n < card.length; n++) {
            byte[] cut = java.util.Arrays.copyOf(card, n);
            assertThrows(VeilException.class, () -> Card.fromBytes(cut), "cut at " + n);
        }
    }

    private List<IdentityFolder> federation() {
        List<IdentityFolder> all = new ArrayList<>();
        all.add(IdentityFolder.init(dir.resolve("node"), "node-a", Role.GRID_NODE, "localhost", 7100, RNG));
        all.add(IdentityFolder.init(dir.resolve("client"), "client-1", Role.GRID_CLIENT, "localhost", 0, RNG));
        all.add(IdentityFolder.init(dir.resolve("bank"), "bank-a", Role.INSTITUTION, "bank-a.test", 0, RNG));
        return all;
    }

    private static Roster rosterOf(List<IdentityFolder> folders) {
        return Roster.of(folders.stream().map(IdentityFolder::card).toList());
    }

    @Test
    void aRosterReadsBackByteForByteInNameOrderAndRefusesDuplicatesAndDisorder() {
        List<IdentityFolder> f = federation();
        Roster r = rosterOf(f);
        Roster back = Roster.fromBytes(r.toBytes());
        assertArrayEquals(r.digest(), back.digest());
        assertEquals(List.of("bank-a", "client-1", "node-a"), back.cards().stream().map(Card::name).toList());
        assertEquals(1, back.cards(Role.GRID_NODE).size());
        assertArrayEquals(r.digest(), Roster.of(List.of(f.get(2).card(), f.get(0).card(), f.get(1).card())).digest());
        assertThrows(ParameterException.class, () -> Roster.of(List.of(f.get(0).card(), f.get(0).card())));
        // A second card under a taken name, from its own keys.
        IdentityFolder twin = IdentityFolder.init(dir.resolve("twin"), "node-a", Role.GRID_NODE, "localhost", 7101, RNG);
        assertThrows(ParameterException.class, () -> Roster.of(List.of(f.get(0).card(), twin.card())));
        // The same cards in another order do not decode: one roster, one encoding, one digest.
        com.upokecenter.cbor.CBORObject cards = com.upokecenter.cbor.CBORObject.NewArray();
        for (int i : new int[] {1, 2, 0}) { // client-1, bank-a, node-a
            cards.Add(com.upokecenter.cbor.CBORObject.FromObject(f.get(i).card().toBytes()));
        }
        byte[] reversed = org.veilgrid.core.cbor.Cbor.encode(com.upokecenter.cbor.CBORObject.NewArray().Add(1).Add(cards));
        MalformedInputException e = assertThrows(MalformedInputException.class, () -> Roster.fromBytes(reversed));
        assertTrue(e.getMessage().contains("name order"), e.getMessage());
        byte[] future = r.toBytes();
        future[1] = 2;
        e = assertThrows(MalformedInputException.class, () -> Roster.fromBytes(future));
        assertTrue(e.getMessage().contains("version 2"), e.getMessage());
    }

    @Test
    void aProcessOutsideTheRosterOrWithAnotherCertificateIsRefusedItsTrust() {
        List<IdentityFolder> f = federation();
        Roster r = rosterOf(f.subList(0, 2));
        ParameterException e = assertThrows(ParameterException.class, () -> r.trust(f.get(2).tls()));
        assertTrue(e.getMessage().contains("'bank-a' is not in the roster"), e.getMessage());
        IdentityFolder twin = IdentityFolder.init(dir.resolve("twin"), "node-a", Role.GRID_NODE, "localhost", 7101, RNG);
        e = assertThrows(ParameterException.class, () -> r.trust(twin.tls()));
        assertTrue(e.getMessage().contains("not the one in this identity folder"), e.getMessage());
        assertEquals(2, r.trust(f.get(0).tls()).trustAnchors().size());
    }

    private static final class Echo extends EchoGrpc.EchoImplBase {
        @Override
        public void echo(EchoRequest request, StreamObserver<EchoReply> responses) {
            responses.onNext(EchoReply.newBuilder().setText(request.getText())
                    .setPeerParty(PeerIdentity.current().orElse("")).build());
            responses.onCompleted();
        }
    }

    @Test
    void rosterMembersTalkOverTlsWithNoCaAndAnOutsiderIsRefused() throws Exception {
        List<IdentityFolder> f = federation();
        Roster r = rosterOf(f.subList(0, 2));
        Server server = MutualTls.serverBuilder(new InetSocketAddress("127.0.0.1", 0), r.trust(f.get(0).tls()))
                .addService(new Echo()).build().start();
        List<ManagedChannel> channels = new ArrayList<>();
        try {
            ManagedChannel member = MutualTls.channel("localhost", server.getPort(), r.trust(f.get(1).tls()), "node-a");
            channels.add(member);
            EchoReply reply = EchoGrpc.newBlockingStub(member).withDeadlineAfter(5, TimeUnit.SECONDS)
                    .echo(EchoRequest.newBuilder().setText("hi").build());
            assertEquals("client-1", reply.getPeerParty());
            // bank-a is not in this roster: it may trust the node, the node does not trust it.
            ManagedChannel outsider = MutualTls.channel("localhost", server.getPort(),
                    f.get(2).tls().trusting(r.certificates()), "node-a");
            channels.add(outsider);
            assertThrows(StatusRuntimeException.class, () -> EchoGrpc.newBlockingStub(outsider)
                    .withDeadlineAfter(5, TimeUnit.SECONDS).echo(EchoRequest.newBuilder().setText("hi").build()));
        } finally {
            channels.forEach(ManagedChannel::shutdownNow);
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void holdersOfDifferentRostersRefuseEachOtherNamingThePeer() throws Exception {
        List<IdentityFolder> f = federation();
        Roster two = rosterOf(f.subList(0, 2));
        Roster three = rosterOf(f); // one participant more: same certificates trusted for node and client
        Server server = MutualTls.serverBuilder(new InetSocketAddress("127.0.0.1", 0), two.trust(f.get(0).tls()))
                .addService(new Echo()).intercept(RosterCheck.server(two)).build().start();
        List<ManagedChannel> channels = new ArrayList<>();
        try {
            ManagedChannel same = io.grpc.Grpc.newChannelBuilderForAddress("localhost", server.getPort(),
                    MutualTls.channelCredentials(two.trust(f.get(1).tls()), "node-a"))
                    .intercept(RosterCheck.client(two, "node-a")).build();
            channels.add(same);
            assertEquals("client-1", EchoGrpc.newBlockingStub(same).withDeadlineAfter(5, TimeUnit.SECONDS)
                    .echo(EchoRequest.newBuilder().setText("hi").build()).getPeerParty());

            ManagedChannel other = io.grpc.Grpc.newChannelBuilderForAddress("localhost", server.getPort(),
                    MutualTls.channelCredentials(three.trust(f.get(1).tls()), "node-a"))
                    .intercept(RosterCheck.client(three, "node-a")).build();
            channels.add(other);
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> EchoGrpc.newBlockingStub(other)
                    .withDeadlineAfter(5, TimeUnit.SECONDS).echo(EchoRequest.newBuilder().setText("hi").build()));
            assertEquals(io.grpc.Status.Code.FAILED_PRECONDITION, e.getStatus().getCode());
            assertTrue(e.getStatus().getDescription().contains("'client-1' holds roster " + three.digestHex().substring(0, 16)),
                    e.getStatus().getDescription());
        } finally {
            channels.forEach(ManagedChannel::shutdownNow);
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        // The other way round: a server with another roster answers; the client drops the answer.
        Server stale = MutualTls.serverBuilder(new InetSocketAddress("127.0.0.1", 0), three.trust(f.get(0).tls()))
                .addService(new Echo()).intercept(lenientServer(three)).build().start();
        try {
            ManagedChannel client = io.grpc.Grpc.newChannelBuilderForAddress("localhost", stale.getPort(),
                    MutualTls.channelCredentials(two.trust(f.get(1).tls()), "node-a"))
                    .intercept(RosterCheck.client(two, "node-a")).build();
            channels.add(client);
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> EchoGrpc.newBlockingStub(client)
                    .withDeadlineAfter(5, TimeUnit.SECONDS).echo(EchoRequest.newBuilder().setText("hi").build()));
            assertTrue(e.getStatus().getDescription().contains("'node-a' holds roster " + three.digestHex().substring(0, 16)),
                    e.getStatus().getDescription());
        } finally {
            channels.forEach(ManagedChannel::shutdownNow);
            stale.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /** A server that announces its roster but does not check the caller's: to test the client's check. */
    private static io.grpc.ServerInterceptor lenientServer(Roster roster) {
        return new io.grpc.ServerInterceptor() {
            @Override
            public <Q, A> io.grpc.ServerCall.Listener<Q> interceptCall(io.grpc.ServerCall<Q, A> call,
                    io.grpc.Metadata headers, io.grpc.ServerCallHandler<Q, A> next) {
                return next.startCall(new io.grpc.ForwardingServerCall.SimpleForwardingServerCall<>(call) {
                    @Override
                    public void sendHeaders(io.grpc.Metadata h) {
                        h.put(io.grpc.Metadata.Key.of(RosterCheck.HEADER, io.grpc.Metadata.ASCII_STRING_MARSHALLER),
                                roster.digestHex());
                        super.sendHeaders(h);
                    }
                }, headers);
            }
        };
    }

    @Test
    void smallOrderSealingKeysAreRefusedAndTheJdkAgreesTheyAreUnsafe() throws Exception {
        BigInteger p = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(19));
        List<BigInteger> smallOrder = List.of(BigInteger.ZERO, BigInteger.ONE, p.subtract(BigInteger.ONE),
                new BigInteger("325606250916557431795983626356110631294008115727848805560023387167927233504"),
                new BigInteger("39382357235489614581723060781553021112529911719440698176882885853963445705823"));
        SealingKey mine = SealingKey.generate(RNG);
        for (BigInteger u : smallOrder) {
            byte[] le = new byte[32];
            byte[] be = u.toByteArray();
            for (int i = 0; i < be.length && i < 32; i++) {
                le[i] = be[be.length - 1 - i];
            }
            assertThrows(MalformedInputException.class, () -> SealingPublicKey.of(le), u.toString());
            javax.crypto.KeyAgreement ka = javax.crypto.KeyAgreement.getInstance("XDH");
            ka.init(mine.privateKey());
            java.security.PublicKey point = java.security.KeyFactory.getInstance("XDH").generatePublic(
                    new java.security.spec.XECPublicKeySpec(java.security.spec.NamedParameterSpec.X25519, u));
            // every agreement with a small-order point is the all-zero secret, which the JDK refuses
            assertThrows(java.security.InvalidKeyException.class, () -> {
                ka.doPhase(point, true);
                ka.generateSecret();
            }, u.toString());
        }
        SealingKey back = SealingKey.fromPem("k", mine.toPem());
        assertEquals(mine.publicKey(), back.publicKey());
    }

    @Test
    void cbor2ReadsCardsAndRostersByteForByte() throws Exception {
        List<IdentityFolder> f = federation();
        List<byte[]> vectors = new ArrayList<>();
        f.forEach(i -> vectors.add(i.card().toBytes()));
        vectors.add(rosterOf(f).toBytes());
        IndependentCbor.assertReadAndReencodedByteForByte(vectors,
                new CborProfile(Roster.MAX_BYTES, 4, Roster.MAX_BYTES, Set.of((long) CoseSign1.TAG)), dir);
    }
}
