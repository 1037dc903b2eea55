package org.veilgrid.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.veilgrid.core.federation.IdentityFolder;
import org.veilgrid.core.federation.Roster;
import org.veilgrid.core.tls.CertificateAuthority;
import org.veilgrid.core.tls.OrganisationPki;
import org.veilgrid.core.tls.TlsRole;
import org.veilgrid.examples.mpc.SampleComputation;

/**
 * The CA mode on the command line: `veil identity init --tls-cert/--tls-key` with certificates an
 * organisation's CA issued, `veil roster add --ca`, `veil roster show`, and compute parties as
 * separate processes with such identities.
 */
class OrganisationPkiCommandTest {
    @TempDir
    Path dir;

    private String p(String name) {
        return dir.resolve(name).toString();
    }

    /**
     * The organisation's CA issues party-0..n-1 their certificates (compute parties, host
     * party-i.test), written to pki/ as party-i.pem (leaf then CA) and party-i.key, and pki/ca.pem.
     */
    private CertificateAuthority issue(int n) {
        CertificateAuthority ca = CertificateAuthority.create("Org CA");
        for (int i = 0; i < n; i++) {
            ca.issue("party-" + i, TlsRole.PEER, List.of("party-" + i + ".test")).save(dir.resolve("pki"));
        }
        return ca;
    }

    private Run init(int i, int port, String cert, String key) {
        return Run.veil("identity", "init", "--name", "party-" + i, "--role", "compute-party", "--host",
                "party-" + i + ".test", "--address", "127.0.0." + (i + 2), "--port", Integer.toString(port),
                "--tls-cert", p(cert), "--tls-key", p(key), "--out", p("party-" + i));
    }

    @Test
    void identitiesFromTheOrganisationsCaMakeARosterThatNamesTheCa() throws Exception {
        CertificateAuthority ca = issue(2);
        Run a = init(0, 7000, "pki/party-0.pem", "pki/party-0.key");
        assertEquals(0, a.exit(), a.err());
        assertTrue(a.out().contains("certificate issued by CN=Org CA"), a.out());
        Run b = init(1, 7001, "pki/party-1.pem", "pki/party-1.key");
        assertEquals(0, b.exit(), b.err());
        IdentityFolder folder = IdentityFolder.load(dir.resolve("party-0"));
        assertEquals(ca.certificate().getSubjectX500Principal(), folder.card().statement().certificate()
                .getIssuerX500Principal());
        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                Files.getPosixFilePermissions(dir.resolve("party-0").resolve(IdentityFolder.TLS_KEY)));

        Run add = Run.veil("roster", "add", p("party-0/card.cose"), p("party-1/card.cose"), "--ca", p("pki/ca.pem"),
                "--out", p("roster.cbor"));
        assertEquals(0, add.exit(), add.err());
        Roster roster = Roster.fromBytes(Files.readAllBytes(dir.resolve("roster.cbor")));
        assertEquals(List.of(ca.certificate()), roster.authorities());
        String fingerprint = OrganisationPki.fingerprint(ca.certificate());
        Run show = Run.veil("roster", "show", p("roster.cbor"));
        assertEquals(0, show.exit(), show.err());
        assertTrue(show.out().contains("1 CA(s)") && show.out().contains("CN=Org CA  sha256 " + fingerprint),
                show.out());
        assertTrue(show.out().contains(roster.digestHex()), show.out());
        Run json = Run.veil("roster", "show", p("roster.cbor"), "--json");
        assertEquals(0, json.exit(), json.err());
        assertTrue(json.out().contains("\"sha256\": \"" + fingerprint + "\""), json.out());

        // A card from outside the CA (self-signed) is refused, naming it; the roster is unchanged.
        assertEquals(0, Run.veil("identity", "init", "--name", "party-9", "--role", "compute-party", "--host",
                "localhost", "--port", "7009", "--out", p("party-9")).exit());
        byte[] before = Files.readAllBytes(dir.resolve("roster.cbor"));
        Run outsider = Run.veil("roster", "add", p("party-9/card.cose"), "--out", p("roster.cbor"));
        assertEquals(2, outsider.exit(), outsider.err());
        assertTrue(outsider.err().contains("the certificate of 'party-9' was not issued by the roster's CAs"),
                outsider.err());
        assertEquals(1, outsider.err().strip().lines().count(), outsider.err());
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(dir.resolve("roster.cbor"))));
        // Without --ca the same cards make a pinned-only roster with another digest.
        Run plain = Run.veil("roster", "add", p("party-0/card.cose"), p("party-1/card.cose"), "--out", p("plain.cbor"));
        assertEquals(0, plain.exit(), plain.err());
        Roster pinned = Roster.fromBytes(Files.readAllBytes(dir.resolve("plain.cbor")));
        assertEquals(List.of(), pinned.authorities());
        assertFalse(pinned.digestHex().equals(roster.digestHex()));
        assertFalse(Run.veil("roster", "show", p("plain.cbor")).out().contains("CA(s)"));
    }

    @Test
    void importAndCaRefusalsAreOneLineWithExitTwo() throws Exception {
        issue(2);
        Run onlyCert = Run.veil("identity", "init", "--name", "party-0", "--role", "compute-party", "--host",
                "party-0.test", "--port", "7000", "--tls-cert", p("pki/party-0.pem"), "--out", p("party-0"));
        assertEquals(2, onlyCert.exit(), onlyCert.err());
        assertTrue(onlyCert.err().contains("--tls-cert and --tls-key go together"), onlyCert.err());
        Run wrongKey = init(0, 7000, "pki/party-0.pem", "pki/party-1.key");
        assertEquals(2, wrongKey.exit(), wrongKey.err());
        assertTrue(wrongKey.err().contains("is not the private key of the certificate"), wrongKey.err());
        Run wrongName = init(0, 7000, "pki/party-1.pem", "pki/party-1.key");
        assertEquals(2, wrongName.exit(), wrongName.err());
        assertTrue(wrongName.err().contains("subject CN is 'party-1', not the participant's name 'party-0'"),
                wrongName.err());
        Run wrongRole = Run.veil("identity", "init", "--name", "party-0", "--role", "institution", "--host",
                "party-0.test", "--tls-cert", p("pki/party-0.pem"), "--tls-key", p("pki/party-0.key"), "--out",
                p("party-0"));
        assertEquals(2, wrongRole.exit(), wrongRole.err());
        assertTrue(wrongRole.err().contains("also allows serverAuth"), wrongRole.err());
        Run wrongHost = Run.veil("identity", "init", "--name", "party-0", "--role", "compute-party", "--host",
                "elsewhere.test", "--port", "7000", "--tls-cert", p("pki/party-0.pem"), "--tls-key", p("pki/party-0.key"),
                "--out", p("party-0"));
        assertEquals(2, wrongHost.exit(), wrongHost.err());
        assertTrue(wrongHost.err().contains("does not name host elsewhere.test"), wrongHost.err());
        for (Run r : List.of(onlyCert, wrongKey, wrongName, wrongRole, wrongHost)) {
            assertEquals(1, r.err().strip().lines().count(), r.err());
        }
        assertFalse(Files.exists(dir.resolve("party-0")));

        assertEquals(0, init(0, 7000, "pki/party-0.pem", "pki/party-0.key").exit());
        // A participant's certificate is not a CA.
        Run leafAsCa = Run.veil("roster", "add", p("party-0/card.cose"), "--ca", p("pki/party-1.pem"), "--out",
                p("roster.cbor"));
        assertEquals(2, leafAsCa.exit(), leafAsCa.err());
        assertTrue(leafAsCa.err().contains("is not a CA certificate"), leafAsCa.err());
        // Another organisation's CA did not issue party-0's certificate.
        CertificateAuthority.create("Other CA").save(dir.resolve("other"));
        Run otherCa = Run.veil("roster", "add", p("party-0/card.cose"), "--ca", p("other/ca.pem"), "--out",
                p("roster.cbor"));
        assertEquals(2, otherCa.exit(), otherCa.err());
        assertTrue(otherCa.err().contains("the certificate of 'party-0' was not issued by the roster's CAs")
                && otherCa.err().contains("its issuer CN=Org CA is none of the roster's 1 CA(s)"), otherCa.err());
        assertFalse(Files.exists(dir.resolve("roster.cbor")));
    }

    private static int[] freePorts(int n) throws Exception {
        ServerSocket[] s = new ServerSocket[n];
        int[] ports = new int[n];
        for (int i = 0; i < n; i++) {
            s[i] = new ServerSocket(0);
            ports[i] = s[i].getLocalPort();
        }
        for (ServerSocket x : s) {
            x.close();
        }
        return ports;
    }

    @Test
    @SuppressWarnings("unchecked")
    void partiesWithOrganisationIssuedCertificatesAndACaRosterComputeAcrossProcesses() throws Exception {
        issue(3);
        int[] ports = freePorts(3);
        List<String> rosterArgs = new ArrayList<>(List.of("roster", "add", "--ca", p("pki/ca.pem")));
        for (int i = 0; i < 3; i++) {
            Run init = init(i, ports[i], "pki/party-" + i + ".pem", "pki/party-" + i + ".key");
            assertEquals(0, init.exit(), init.err());
            rosterArgs.add(p("party-" + i + "/card.cose"));
        }
        rosterArgs.addAll(List.of("--out", p("roster.cbor")));
        Run add = Run.veil(rosterArgs.toArray(String[]::new));
        assertEquals(0, add.exit(), add.err());
        assertEquals(1, Roster.fromBytes(Files.readAllBytes(dir.resolve("roster.cbor"))).authorities().size());

        long[][] quantities = {{5, 0, 7}, {1, 9, 2}, {4, 4, 4}};
        List<Process> parties = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                parties.add(VeilProcess.start(dir, "p" + i, "mpc", "party", "--identity", p("party-" + i),
                        "--roster", p("roster.cbor"), "--threshold", "9", "--json",
                        "--values", quantities[i][0] + "," + quantities[i][1] + "," + quantities[i][2]));
            }
            SampleComputation.Result clear = SampleComputation.inClear(quantities, 9);
            for (int i = 0; i < 3; i++) {
                assertTrue(parties.get(i).waitFor(120, TimeUnit.SECONDS), "party " + i + " did not finish");
                assertEquals(0, parties.get(i).exitValue(), VeilProcess.read(dir, "p" + i + ".err"));
                Map<String, Object> m = (Map<String, Object>) MiniJson.parse(VeilProcess.read(dir, "p" + i + ".out"));
                assertEquals((long) clear.levelsAtLeast(), ((Number) m.get("levelsAtLeast")).longValue());
                assertEquals(clear.maxTotal(), ((Number) m.get("maxTotal")).longValue());
            }
        } finally {
            parties.forEach(Process::destroyForcibly);
        }
    }
}
