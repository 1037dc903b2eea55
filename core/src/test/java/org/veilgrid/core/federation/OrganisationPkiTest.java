package org.veilgrid.core.federation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.upokecenter.cbor.CBORObject;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.veilgrid.core.cbor.Cbor;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.errors.VeilException;
import org.veilgrid.core.identity.AgentKey;
import org.veilgrid.core.identity.SealingKey;
import org.veilgrid.core.tls.CallFailures;
import org.veilgrid.core.tls.MutualTls;
import org.veilgrid.core.tls.OrganisationPki;
import org.veilgrid.core.tls.PeerIdentity;
import org.veilgrid.core.tls.TestPki;
import org.veilgrid.core.tls.TestPki.Issued;
import org.veilgrid.core.tls.TlsIdentity;
import org.veilgrid.core.tls.TlsRole;
import org.veilgrid.core.tls.testproto.EchoGrpc;
import org.veilgrid.core.tls.testproto.EchoReply;
import org.veilgrid.core.tls.testproto.EchoRequest;

/** The CA mode: organisation-issued certificates on cards, rosters that name CAs, TLS that checks them. */
class OrganisationPkiTest {
    private static final SecureRandom RNG = new SecureRandom();
    private static final List<String> LOOPBACK = List.of("localhost", "127.0.0.1");
    private static final Instant NOW = Instant.now();

    @TempDir
    Path dir;

    private final List<ManagedChannel> channels = new ArrayList<>();
    private final List<Server> servers = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        channels.forEach(ManagedChannel::shutdownNow);
        for (Server s : servers) {
            s.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private TlsIdentity imported(String name, Issued leaf, X509Certificate... intermediates) {
        X509Certificate[] chain = new X509Certificate[intermediates.length + 1];
        chain[0] = leaf.certificate();
        System.arraycopy(intermediates, 0, chain, 1, intermediates.length);
        Path pem = TestPki.writeCertificates(dir.resolve(name + "-" + RNG.nextInt(1 << 30) + ".pem"), chain);
        Path key = TestPki.writeKey(dir.resolve(name + "-" + RNG.nextInt(1 << 30) + ".key"), leaf.key());
        return OrganisationPki.importIdentity(name, pem, key, Instant.now());
    }

    private IdentityFolder folder(String name, Role role, int port, Issued leaf) {
        return IdentityFolder.init(dir.resolve(name), name, role, "localhost", port, List.of(), imported(name, leaf), RNG);
    }

    // ---- 1. importing an organisation-issued certificate ----

    @Test
    void anImportedCertificateGoesOnTheCardAndItsKeyIsWrittenOwnerOnly() throws Exception {
        Issued ca = TestPki.ca("Bank A Root");
        Issued leaf = TestPki.leaf(ca, "bank-a", List.of("bank-a.test"), TlsRole.CLIENT);
        TlsIdentity tls = imported("bank-a", leaf, ca.certificate());
        IdentityFolder made = IdentityFolder.init(dir.resolve("bank-a"), "bank-a", Role.INSTITUTION, "bank-a.test", 0,
                List.of(), tls, RNG);
        IdentityFolder loaded = IdentityFolder.load(dir.resolve("bank-a"), "bank-a");
        assertEquals(leaf.certificate(), made.card().statement().certificate());
        assertEquals(leaf.certificate(), loaded.card().statement().certificate());
        assertEquals(List.of(leaf.certificate(), ca.certificate()), loaded.tls().certificateChain());
        assertArrayEquals(leaf.key().getEncoded(), loaded.tls().privateKey().getEncoded());
        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                Files.getPosixFilePermissions(dir.resolve("bank-a").resolve(IdentityFolder.TLS_KEY)));
        assertEquals(Set.of(IdentityFolder.TLS_KEY, IdentityFolder.TLS_CERTIFICATE, IdentityFolder.AGENT_KEY,
                        IdentityFolder.AGENT_PUBLIC, IdentityFolder.SEALING_KEY, IdentityFolder.CARD),
                Set.copyOf(Files.list(dir.resolve("bank-a")).map(p -> p.getFileName().toString()).toList()));
    }

    private static void refused(Class<? extends VeilException> type, String fragment, Runnable r) {
        VeilException e = assertThrows(type, r::run);
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void importRefusesAKeyThatIsNotTheLeafsAnotherNameAndACaCertificateFirst() {
        Issued ca = TestPki.ca("Org CA");
        Issued leaf = TestPki.leaf(ca, "party-0", LOOPBACK, TlsRole.PEER);
        Issued other = TestPki.leaf(ca, "party-0", LOOPBACK, TlsRole.PEER);
        Path pem = TestPki.writeCertificates(dir.resolve("leaf.pem"), leaf.certificate());
        Path otherKey = TestPki.writeKey(dir.resolve("other.key"), other.key());
        refused(ParameterException.class, "is not the private key of the certificate",
                () -> OrganisationPki.importIdentity("party-0", pem, otherKey, NOW));
        Path key = TestPki.writeKey(dir.resolve("leaf.key"), leaf.key());
        refused(ParameterException.class, "subject CN is 'party-0', not the participant's name 'party-1'",
                () -> OrganisationPki.importIdentity("party-1", pem, key, NOW));
        Path caFirst = TestPki.writeCertificates(dir.resolve("ca-first.pem"), ca.certificate(), leaf.certificate());
        Path caKey = TestPki.writeKey(dir.resolve("ca.key"), ca.key());
        refused(ParameterException.class, "the first certificate is a CA's",
                () -> OrganisationPki.importIdentity("party-0", caFirst, caKey, NOW));
        Issued stranger = TestPki.ca("Stranger CA");
        Path wrongOrder = TestPki.writeCertificates(dir.resolve("wrong-issuer.pem"), leaf.certificate(),
                stranger.certificate());
        refused(ParameterException.class, "did not issue certificate 1",
                () -> OrganisationPki.importIdentity("party-0", wrongOrder, key, NOW));
    }

    @Test
    void importRefusesACertificateThatIsNotValidNow() {
        Issued ca = TestPki.ca("Org CA", NOW.minus(Duration.ofDays(400)), NOW.plus(Duration.ofDays(400)));
        List<KeyPurposeId> peer = List.of(KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth);
        Issued expired = TestPki.leaf(ca, "party-0", LOOPBACK, peer, NOW.minus(Duration.ofDays(30)),
                NOW.minus(Duration.ofDays(1)));
        Issued early = TestPki.leaf(ca, "party-0", LOOPBACK, peer, NOW.plus(Duration.ofDays(1)),
                NOW.plus(Duration.ofDays(30)));
        refused(ParameterException.class, "the certificate expired at", () -> imported("party-0", expired));
        refused(ParameterException.class, "the certificate is not valid before", () -> imported("party-0", early));
    }

    @Test
    void importRefusesUnreadableMalformedAndOversizedFiles() throws Exception {
        Issued ca = TestPki.ca("Org CA");
        Issued leaf = TestPki.leaf(ca, "party-0", LOOPBACK, TlsRole.PEER);
        Path pem = TestPki.writeCertificates(dir.resolve("leaf.pem"), leaf.certificate());
        Path key = TestPki.writeKey(dir.resolve("leaf.key"), leaf.key());
        refused(ParameterException.class, "file not found",
                () -> OrganisationPki.importIdentity("party-0", dir.resolve("missing.pem"), key, NOW));
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "-----BEGIN CERTIFICATE-----\nnot base64!\n"
                + "-----END CERTIFICATE-----\n");
        assertThrows(MalformedInputException.class, () -> OrganisationPki.importIdentity("party-0", garbage, key, NOW));
        Path empty = Files.writeString(dir.resolve("empty.pem"), "no PEM here\n");
        refused(MalformedInputException.class, "no PEM object found",
                () -> OrganisationPki.importIdentity("party-0", empty, key, NOW));
        Path huge = Files.write(dir.resolve("huge.pem"), new byte[(1 << 20) + 1]);
        assertThrows(MalformedInputException.class, () -> OrganisationPki.importIdentity("party-0", huge, key, NOW));
        // A key where the certificate goes, and the certificate where the key goes.
        assertThrows(MalformedInputException.class, () -> OrganisationPki.importIdentity("party-0", key, key, NOW));
        assertThrows(MalformedInputException.class, () -> OrganisationPki.importIdentity("party-0", pem, pem, NOW));
    }

    @Test
    void aFolderRefusesAnImportedCertificateThatDoesNotNameItsHostOrLacksItsRolesUsage() {
        Issued ca = TestPki.ca("Org CA");
        Instant from = NOW.minus(Duration.ofMinutes(1));
        Instant until = NOW.plus(Duration.ofDays(30));
        TlsIdentity node = imported("node-a", TestPki.leaf(ca, "node-a", List.of("node-a.test"), TlsRole.SERVER));
        refused(ParameterException.class, "does not name host node-b.test in a DNS or IP subject alternative name"
                        + " (it names: node-a.test)",
                () -> IdentityFolder.init(dir.resolve("n1"), "node-a", Role.GRID_NODE, "node-b.test", 7000, List.of(),
                        node, RNG));
        TlsIdentity noSan = imported("node-a", TestPki.leaf(ca, "node-a", List.of(),
                List.of(KeyPurposeId.id_kp_serverAuth), from, until));
        refused(ParameterException.class, "(it names: none)", () -> IdentityFolder.init(dir.resolve("n2"), "node-a",
                Role.GRID_NODE, "node-a.test", 7000, List.of(), noSan, RNG));
        TlsIdentity serverOnly = imported("party-0", TestPki.leaf(ca, "party-0", LOOPBACK, TlsRole.SERVER));
        refused(ParameterException.class, "lacks the extended key usage a compute-party needs: serverAuth and clientAuth",
                () -> IdentityFolder.init(dir.resolve("p0"), "party-0", Role.COMPUTE_PARTY, "localhost", 7000,
                        List.of(), serverOnly, RNG));
        TlsIdentity noUsage = imported("node-a", TestPki.leaf(ca, "node-a", LOOPBACK, List.of(), from, until));
        refused(ParameterException.class, "lacks the extended key usage a grid-node needs: serverAuth",
                () -> IdentityFolder.init(dir.resolve("n3"), "node-a", Role.GRID_NODE, "localhost", 7000, List.of(),
                        noUsage, RNG));
        // A client-only role's certificate that could also serve could stand in for a server.
        TlsIdentity bankAsPeer = imported("bank-a", TestPki.leaf(ca, "bank-a", LOOPBACK, TlsRole.PEER));
        refused(ParameterException.class, "also allows serverAuth, which a institution (it only calls) must not have",
                () -> IdentityFolder.init(dir.resolve("b1"), "bank-a", Role.INSTITUTION, "localhost", 0, List.of(),
                        bankAsPeer, RNG));
        TlsIdentity nodeAsPeer = imported("node-a", TestPki.leaf(ca, "node-a", LOOPBACK, TlsRole.PEER));
        refused(ParameterException.class, "also allows clientAuth", () -> IdentityFolder.init(dir.resolve("n4"),
                "node-a", Role.GRID_NODE, "localhost", 7000, List.of(), nodeAsPeer, RNG));
        TlsIdentity extra = imported("node-a", TestPki.leaf(ca, "node-a", LOOPBACK,
                List.of(KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_emailProtection), from, until));
        refused(ParameterException.class, "has extended key usages besides serverAuth", () -> IdentityFolder.init(
                dir.resolve("n5"), "node-a", Role.GRID_NODE, "localhost", 7000, List.of(), extra, RNG));
        TlsIdentity bank = imported("bank-a", TestPki.leaf(ca, "bank-a", LOOPBACK, TlsRole.CLIENT));
        refused(ParameterException.class, "is for 'bank-a', not 'bank-b'", () -> IdentityFolder.init(dir.resolve("b2"),
                "bank-b", Role.INSTITUTION, "localhost", 0, List.of(), bank, RNG));
        // Nothing was left behind by a refusal.
        assertFalse(Files.exists(dir.resolve("n1")) || Files.exists(dir.resolve("p0")) || Files.exists(dir.resolve("b1")));
    }

    // ---- 2. a roster that names CAs ----

    /** The roster encoding as it was before the CA mode, written out by hand: [1, [bstr...]]. */
    private static byte[] preCaModeEncoding(List<Card> cardsInNameOrder) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x82); // array(2)
        out.write(0x01); // version 1
        assertTrue(cardsInNameOrder.size() < 24);
        out.write(0x80 | cardsInNameOrder.size());
        for (Card c : cardsInNameOrder) {
            byte[] b = c.toBytes();
            assertTrue(b.length >= 256 && b.length < 65536, "card of " + b.length + " bytes");
            out.write(0x59); // bstr, 2-byte length
            out.write(b.length >> 8);
            out.write(b.length & 0xff);
            out.write(b, 0, b.length);
        }
        return out.toByteArray();
    }

    @Test
    void aRosterWithoutCasEncodesExactlyAsBeforeAndItsCasChangeTheDigest() {
        IdentityFolder bank = IdentityFolder.init(dir.resolve("bank-a"), "bank-a", Role.INSTITUTION, "bank-a.test", 0, RNG);
        IdentityFolder node = IdentityFolder.init(dir.resolve("node-a"), "node-a", Role.GRID_NODE, "localhost", 7000, RNG);
        byte[] before = preCaModeEncoding(List.of(bank.card(), node.card()));
        Roster plain = Roster.of(List.of(node.card(), bank.card()));
        assertArrayEquals(before, plain.toBytes());
        assertArrayEquals(before, Roster.of(List.of(node.card(), bank.card()), List.of()).toBytes());
        assertArrayEquals(before, Roster.fromBytes(before).toBytes());
        assertEquals(List.of(), Roster.fromBytes(before).authorities());
        // An empty CA list is not a third way to write the same roster.
        CBORObject withEmpty = CBORObject.DecodeFromBytes(before).Add(CBORObject.NewArray());
        refused(MalformedInputException.class, "a roster without CAs has no third element",
                () -> Roster.fromBytes(Cbor.encode(withEmpty)));

        Issued ca = TestPki.ca("Grid Org CA");
        Issued ca2 = TestPki.ca("Bank Org CA");
        IdentityFolder caNode = folder("node-b", Role.GRID_NODE, 7001, TestPki.leaf(ca, "node-b", LOOPBACK, TlsRole.SERVER));
        IdentityFolder caBank = folder("bank-b", Role.INSTITUTION, 0, TestPki.leaf(ca2, "bank-b", LOOPBACK, TlsRole.CLIENT));
        Roster pinnedOnly = Roster.of(List.of(caNode.card(), caBank.card()));
        Roster withCas = Roster.of(List.of(caNode.card(), caBank.card()), List.of(ca.certificate(), ca2.certificate()));
        Roster read = Roster.fromBytes(withCas.toBytes());
        assertArrayEquals(withCas.toBytes(), read.toBytes());
        assertArrayEquals(withCas.digest(), Roster.of(List.of(caBank.card(), caNode.card()),
                List.of(ca2.certificate(), ca.certificate())).digest());
        assertNotEquals(pinnedOnly.digestHex(), withCas.digestHex());
        assertEquals(Set.of(ca.certificate(), ca2.certificate()), Set.copyOf(read.authorities()));
        assertEquals(3, CBORObject.DecodeFromBytes(withCas.toBytes()).size());
        // CAs out of fingerprint order do not decode: one roster, one encoding.
        CBORObject swapped = CBORObject.DecodeFromBytes(withCas.toBytes());
        CBORObject cas = swapped.get(2);
        CBORObject first = cas.get(0);
        cas.set(0, cas.get(1));
        cas.set(1, first);
        refused(MalformedInputException.class, "not in canonical order", () -> Roster.fromBytes(Cbor.encode(swapped)));
        refused(ParameterException.class, "is listed twice",
                () -> Roster.of(List.of(caNode.card()), List.of(ca.certificate(), ca.certificate())));
        refused(ParameterException.class, "is not a CA certificate",
                () -> Roster.of(List.of(caNode.card()), List.of(ca.certificate(), caBank.card().statement().certificate())));
    }

    @Test
    void aCardNotIssuedByTheRostersCasIsRefusedNamingItWhenAddedAndWhenRead() {
        Issued ca = TestPki.ca("Org CA");
        Issued otherCa = TestPki.ca("Other CA");
        IdentityFolder inside = folder("party-0", Role.COMPUTE_PARTY, 7000, TestPki.leaf(ca, "party-0", LOOPBACK, TlsRole.PEER));
        IdentityFolder outside = folder("party-1", Role.COMPUTE_PARTY, 7001,
                TestPki.leaf(otherCa, "party-1", LOOPBACK, TlsRole.PEER));
        IdentityFolder selfSigned = IdentityFolder.init(dir.resolve("party-2"), "party-2", Role.COMPUTE_PARTY, "localhost",
                7002, RNG);
        refused(ParameterException.class, "the certificate of 'party-1' was not issued by the roster's CAs",
                () -> Roster.of(List.of(inside.card(), outside.card()), List.of(ca.certificate())));
        refused(ParameterException.class, "the certificate of 'party-2' was not issued by the roster's CAs",
                () -> Roster.of(List.of(inside.card(), selfSigned.card()), List.of(ca.certificate())));
        // Same issuer name, another key: the signature does not verify.
        Issued impostorCa = TestPki.ca("Org CA");
        refused(ParameterException.class, "it is not signed by CA CN=Org CA",
                () -> Roster.of(List.of(inside.card()), List.of(impostorCa.certificate())));
        // The same roster written by hand (as a tampered or hand-made file would be) does not read.
        CBORObject cards = CBORObject.NewArray().Add(CBORObject.FromObject(inside.card().toBytes()))
                .Add(CBORObject.FromObject(outside.card().toBytes()));
        byte[] bytes = Cbor.encode(CBORObject.NewArray().Add(1).Add(cards)
                .Add(CBORObject.NewArray().Add(CBORObject.FromObject(der(ca.certificate())))));
        refused(MalformedInputException.class, "the certificate of 'party-1' was not issued by the roster's CAs",
                () -> Roster.fromBytes(bytes));
        // With both CAs it is a roster.
        Roster both = Roster.of(List.of(inside.card(), outside.card()), List.of(ca.certificate(), otherCa.certificate()));
        assertEquals(2, Roster.fromBytes(both.toBytes()).cards().size());
    }

    private static byte[] der(X509Certificate c) {
        try {
            return c.getEncoded();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new AssertionError(e);
        }
    }

    // ---- 3. TLS in the CA mode ----

    private static final class Echo extends EchoGrpc.EchoImplBase {
        @Override
        public void echo(EchoRequest request, StreamObserver<EchoReply> responses) {
            responses.onNext(EchoReply.newBuilder().setText(request.getText())
                    .setPeerParty(PeerIdentity.current().orElse("")).build());
            responses.onCompleted();
        }
    }

    private int serve(TlsIdentity identity) throws Exception {
        Server s = MutualTls.serverBuilder(new InetSocketAddress("127.0.0.1", 0), identity)
                .addService(new Echo()).build().start();
        servers.add(s);
        return s.getPort();
    }

    private EchoReply echo(int port, TlsIdentity client, String expectedPeer) {
        ManagedChannel channel = MutualTls.channel("localhost", port, client, expectedPeer);
        channels.add(channel);
        return EchoGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                .echo(EchoRequest.newBuilder().setText("hi").build());
    }

    @Test
    void twoCaIssuedPartiesOfACaRosterTalkOverGrpcAndNameEachOther() throws Exception {
        Issued ca = TestPki.ca("Org CA");
        IdentityFolder p0 = folder("party-0", Role.COMPUTE_PARTY, 7000, TestPki.leaf(ca, "party-0", LOOPBACK, TlsRole.PEER));
        IdentityFolder p1 = folder("party-1", Role.COMPUTE_PARTY, 7001, TestPki.leaf(ca, "party-1", LOOPBACK, TlsRole.PEER));
        Roster roster = Roster.fromBytes(Roster.of(List.of(p0.card(), p1.card()), List.of(ca.certificate())).toBytes());
        TlsIdentity t0 = roster.trust(IdentityFolder.load(dir.resolve("party-0")).tls());
        TlsIdentity t1 = roster.trust(IdentityFolder.load(dir.resolve("party-1")).tls());
        assertEquals(List.of(ca.certificate()), t0.authorities());
        assertEquals("party-1", echo(serve(t0), t1, "party-0").getPeerParty());
        assertEquals("party-0", echo(serve(t1), t0, "party-1").getPeerParty());
    }

    @Test
    void partiesWithRsaKeysFromTheirOrganisationTalkInTheCaMode() throws Exception {
        Issued ca = TestPki.ca("Org CA");
        Instant from = NOW.minus(Duration.ofMinutes(1));
        Instant until = NOW.plus(Duration.ofDays(30));
        List<KeyPurposeId> peer = List.of(KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth);
        IdentityFolder p0 = folder("party-0", Role.COMPUTE_PARTY, 7000,
                TestPki.leaf(ca, "party-0", LOOPBACK, peer, from, until, TestPki.rsa()));
        IdentityFolder p1 = folder("party-1", Role.COMPUTE_PARTY, 7001,
                TestPki.leaf(ca, "party-1", LOOPBACK, peer, from, until, TestPki.rsa()));
        assertEquals("RSA", p0.tls().privateKey().getAlgorithm());
        Roster roster = Roster.of(List.of(p0.card(), p1.card()), List.of(ca.certificate()));
        TlsIdentity t0 = roster.trust(IdentityFolder.load(dir.resolve("party-0")).tls());
        TlsIdentity t1 = roster.trust(IdentityFolder.load(dir.resolve("party-1")).tls());
        assertEquals("party-1", echo(serve(t0), t1, "party-0").getPeerParty());
    }

    /**
     * A card issued while its certificate and CA were valid (so the roster reads), whose CA or
     * certificate has since expired: the CA mode refuses it; pinning alone refuses an expired
     * certificate but not one whose CA expired (it does not look at the CA).
     */
    private Card cardIssuedAt(String name, Role role, int port, Issued leaf, Instant issuedAt) {
        AgentKey agent = AgentKey.generate(RNG);
        return Card.make(new Card.Statement(name, role, "localhost", port, leaf.certificate(), agent.publicKey(),
                SealingKey.generate(RNG).publicKey(), issuedAt.getEpochSecond()), agent);
    }

    private void theCaModeRefuses(Issued ca, Issued serverLeaf, Issued clientLeaf, Instant issuedAt,
                                  boolean pinningAccepts, String why) throws Exception {
        Card server = cardIssuedAt("node-a", Role.GRID_NODE, 7000, serverLeaf, issuedAt);
        Card client = cardIssuedAt("client-1", Role.GRID_CLIENT, 0, clientLeaf, issuedAt);
        Roster caRoster = Roster.fromBytes(Roster.of(List.of(server, client), List.of(ca.certificate())).toBytes());
        Roster pinned = Roster.of(List.of(server, client));
        TlsIdentity serverTls = new TlsIdentity("node-a", serverLeaf.key(), List.of(serverLeaf.certificate()),
                List.of(serverLeaf.certificate()));
        TlsIdentity clientTls = new TlsIdentity("client-1", clientLeaf.key(), List.of(clientLeaf.certificate()),
                List.of(clientLeaf.certificate()));
        if (pinningAccepts) {
            // Control: the same certificates, pinned alone, do shake hands.
            assertEquals("client-1", echo(serve(pinned.trust(serverTls)), pinned.trust(clientTls), "node-a").getPeerParty());
        } else {
            // Pinned alone, an expired certificate is refused too (CurrentCertificateTrustManager).
            int server2 = serve(pinned.trust(serverTls));
            StatusRuntimeException expired = assertThrows(StatusRuntimeException.class,
                    () -> echo(server2, pinned.trust(clientTls), "node-a"));
            assertTrue(CallFailures.describe(expired).length() > 0);
        }
        // The client in the CA mode refuses the server...
        int pinnedServer = serve(pinned.trust(serverTls));
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> echo(pinnedServer, caRoster.trust(clientTls), "node-a"));
        assertTrue(CallFailures.describe(e).length() > 0);
        // ...and the server in the CA mode refuses the client.
        int caServer = serve(caRoster.trust(serverTls));
        assertThrows(StatusRuntimeException.class, () -> echo(caServer, pinned.trust(clientTls), "node-a"));
        // The reason, as the trust manager states it.
        assertEquals(why, OrganisationPki.whyNotIssued(serverLeaf.certificate(), caRoster.authorities(), Instant.now())
                .orElse("accepted").replaceAll(" at .*| before .*", ""));
    }

    @Test
    void aPeerWhoseCaHasExpiredIsRefusedInTheHandshakeThoughItIsPinned() throws Exception {
        Issued ca = TestPki.ca("Org CA", NOW.minus(Duration.ofDays(60)), NOW.minus(Duration.ofDays(1)));
        Instant from = NOW.minus(Duration.ofDays(30));
        Instant until = NOW.plus(Duration.ofDays(30));
        theCaModeRefuses(ca,
                TestPki.leaf(ca, "node-a", LOOPBACK, List.of(KeyPurposeId.id_kp_serverAuth), from, until),
                TestPki.leaf(ca, "client-1", LOOPBACK, List.of(KeyPurposeId.id_kp_clientAuth), from, until),
                NOW.minus(Duration.ofDays(10)), true, "its CA CN=Org CA expired");
    }

    @Test
    void aPeerWhoseOwnCertificateHasExpiredIsRefusedInTheHandshakeWithOrWithoutCas() throws Exception {
        Issued ca = TestPki.ca("Org CA", NOW.minus(Duration.ofDays(60)), NOW.plus(Duration.ofDays(600)));
        Instant from = NOW.minus(Duration.ofDays(30));
        Instant until = NOW.minus(Duration.ofDays(1));
        theCaModeRefuses(ca,
                TestPki.leaf(ca, "node-a", LOOPBACK, List.of(KeyPurposeId.id_kp_serverAuth), from, until),
                TestPki.leaf(ca, "client-1", LOOPBACK, List.of(KeyPurposeId.id_kp_clientAuth), from, until),
                NOW.minus(Duration.ofDays(10)), false, "it expired");
    }

    @Test
    void aPinnedPeerFromAnotherCaIsRefusedInTheHandshake() throws Exception {
        // Built without a roster (which would refuse it outright): the identity pins the peer but
        // trusts only the organisation's CA, so the CA check alone refuses it.
        Issued ca = TestPki.ca("Org CA");
        Issued otherCa = TestPki.ca("Other CA");
        Issued node = TestPki.leaf(ca, "node-a", LOOPBACK, TlsRole.SERVER);
        Issued stranger = TestPki.leaf(otherCa, "client-1", LOOPBACK, TlsRole.CLIENT);
        List<X509Certificate> pins = List.of(node.certificate(), stranger.certificate());
        TlsIdentity nodeTls = new TlsIdentity("node-a", node.key(), List.of(node.certificate()), pins);
        TlsIdentity clientTls = new TlsIdentity("client-1", stranger.key(), List.of(stranger.certificate()), pins);
        assertEquals("client-1", echo(serve(nodeTls), clientTls, "node-a").getPeerParty());
        int caServer = serve(nodeTls.trusting(pins, List.of(ca.certificate())));
        assertThrows(StatusRuntimeException.class, () -> echo(caServer, clientTls, "node-a"));
        assertTrue(OrganisationPki.whyNotIssued(stranger.certificate(), List.of(ca.certificate()), NOW).orElseThrow()
                .contains("its issuer CN=Other CA is none of the roster's 1 CA(s)"));
    }
}
