package org.veilgrid.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuctionCommandTest {
    @TempDir
    Path tmp;

    private Path book() throws Exception {
        Path csv = tmp.resolve("book.csv");
        Files.writeString(csv, "institution,side,price,quantity\n"
                + "bank-a,buy,12,10\nbank-b,buy,10,5\nfund-c,sell,9,4\nfund-d,sell,11,8\n");
        return csv;
    }

    @Test
    @SuppressWarnings("unchecked")
    void clearPrintsThePublicResultAndEachPrivateView() throws Exception {
        Run r = Run.veil("auction", "clear", "--orders", book().toString(), "--json");
        assertEquals(0, r.exit(), r.err());
        Map<String, Object> m = (Map<String, Object>) MiniJson.parse(r.out());
        assertEquals(11L, ((Number) m.get("price")).longValue());
        assertEquals(10L, ((Number) m.get("volume")).longValue());
        assertEquals(4, ((List<Object>) m.get("privateViews")).size());
        Run human = Run.veil("auction", "clear", "--orders", book().toString(), "--price-grid", "8:14:1");
        assertTrue(human.out().contains("clearing price 11, volume 10"), human.out());
    }

    @Test
    @SuppressWarnings("unchecked")
    void demoRunsTheBookUnderMpcAndMatchesTheReference() throws Exception {
        Run r = Run.veil("auction", "demo", "--orders", book().toString(), "--json");
        assertEquals(0, r.exit(), r.err());
        Map<String, Object> m = (Map<String, Object>) MiniJson.parse(r.out());
        assertEquals(Boolean.TRUE, m.get("ok"));
        assertEquals(11L, ((Number) m.get("price")).longValue());
        Run random = Run.veil("auction", "demo", "--institutions", "8", "--price-points", "12");
        assertEquals(0, random.exit(), random.err());
        assertTrue(random.out().contains("OK: MPC result equals the cleartext reference"), random.out());
    }

    @Test
    @SuppressWarnings("unchecked")
    void demoWithProofsShowsEachInstitutionsChecksAndACraftedOrderRejectedToItsOwnerOnly() throws Exception {
        Run r = Run.veil("auction", "demo", "--orders", book().toString(), "--json");
        assertEquals(0, r.exit(), r.err());
        Map<String, Object> m = (Map<String, Object>) MiniJson.parse(r.out());
        assertEquals(Boolean.TRUE, m.get("proofs"));
        Map<String, Object> checks = (Map<String, Object>) m.get("institutionChecks");
        assertEquals(4, checks.size());
        for (Object v : checks.values()) {
            Map<String, Object> c = (Map<String, Object>) v;
            assertEquals(Boolean.TRUE, c.get("accepted"));
            assertEquals(Boolean.TRUE, c.get("resultVerified"));
            assertEquals(Boolean.TRUE, c.get("fillProofVerified"));
        }
        Run bad = Run.veil("auction", "demo", "--orders", book().toString(), "--craft-non-monotone", "evil-x");
        assertEquals(0, bad.exit(), bad.toString());
        String[] lines = bad.out().split("\n");
        int reasons = 0;
        for (String line : lines) {
            if (line.contains("RANGE_PROOF")) {
                reasons++;
                assertTrue(line.trim().startsWith("evil-x: order REJECTED"), line);
            }
        }
        assertEquals(1, reasons, bad.out());
        assertTrue(bad.out().contains("bank-a: order accepted; signed result verified (all 3 parties); fill proof verified"),
                bad.out());
        assertTrue(bad.out().contains("OK: MPC result equals the cleartext reference of the accepted orders"), bad.out());
        Run plain = Run.veil("auction", "demo", "--orders", book().toString(), "--no-proofs");
        assertEquals(0, plain.exit(), plain.err());
        assertTrue(plain.out().contains("OK: MPC result equals the cleartext reference") && !plain.out().contains("proofs ("),
                plain.out());
    }

    @Test
    @SuppressWarnings("unchecked")
    void theDemoRunsMaliciousByDefaultAndSemiHonestOnRequest() throws Exception {
        Run malicious = Run.veil("auction", "demo", "--orders", book().toString(), "--no-proofs", "--json");
        assertEquals(0, malicious.exit(), malicious.err());
        Map<String, Object> m = (Map<String, Object>) MiniJson.parse(malicious.out());
        assertEquals("malicious", m.get("security"));
        assertEquals(Boolean.TRUE, m.get("ok"));
        Run semiHonest = Run.veil("auction", "demo", "--orders", book().toString(), "--no-proofs", "--security",
                "semi-honest");
        assertEquals(0, semiHonest.exit(), semiHonest.err());
        assertTrue(semiHonest.out().contains("OK: MPC result equals the cleartext reference (semi-honest, "),
                semiHonest.out());
        // Malicious mode runs slower but the same result: the verification adds rounds.
        long maliciousRounds = ((Number) m.get("rounds")).longValue();
        Run semiJson = Run.veil("auction", "demo", "--orders", book().toString(), "--no-proofs", "--security",
                "semi-honest", "--json");
        Map<String, Object> s = (Map<String, Object>) MiniJson.parse(semiJson.out());
        assertEquals(m.get("price"), s.get("price"));
        assertTrue(maliciousRounds > ((Number) s.get("rounds")).longValue(), malicious.out() + semiJson.out());
        Run odd = Run.veil("auction", "demo", "--orders", book().toString(), "--security", "paranoid");
        assertEquals(2, odd.exit(), odd.toString());
        assertTrue(odd.err().contains("--security must be malicious or semi-honest, got 'paranoid'"), odd.err());
    }

    @Test
    void badBooksAreRefusedNamingTheLine() throws Exception {
        Path csv = tmp.resolve("bad.csv");
        Files.writeString(csv, "institution,side,price,quantity\nbank-a,buy,12,10\nbank-b,hold,10,5\n");
        Run r = Run.veil("auction", "clear", "--orders", csv.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("bad.csv:3:2") && r.err().contains("side"), r.err());
        Files.writeString(csv, "institution,side,price,quantity\nbank-a,buy,12,99999999999999\n");
        r = Run.veil("auction", "clear", "--orders", csv.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("bad.csv:2") && r.err().contains("2^40"), r.err());
        assertEquals(2, Run.veil("auction", "clear", "--orders", book().toString(), "--price-grid", "5:1:1").exit());
    }

    /** A port p such that p, p + 1 and p + 2 (the three parties' ports) were all free a moment ago. */
    private static int freePort() throws Exception {
        return TestPorts.freeRun(3);
    }

    /** Runs the current auction of {@code dir}: three parties and one submit per institution, in-process. */
    private static List<Run> runAuction(Path dir, Path book, List<String> institutions, List<Run> partyRuns)
            throws Exception {
        List<CompletableFuture<Run>> parties = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String[] args = {"auction", "party", "--dir", dir.toString(), "--id", Integer.toString(i)};
            parties.add(CompletableFuture.supplyAsync(() -> Run.veil(args), POOL));
        }
        Thread.sleep(500); // let the parties start listening
        List<CompletableFuture<Run>> submits = new ArrayList<>();
        for (String inst : institutions) {
            String[] args = {"auction", "submit", "--dir", dir.toString(), "--institution", inst, "--orders", book.toString(),
                "--json"};
            submits.add(CompletableFuture.supplyAsync(() -> Run.veil(args), POOL));
        }
        List<Run> out = new ArrayList<>();
        for (CompletableFuture<Run> f : submits) {
            out.add(f.get(120, TimeUnit.SECONDS));
        }
        for (CompletableFuture<Run> f : parties) {
            partyRuns.add(f.get(120, TimeUnit.SECONDS)); // every party has served every institution
        }
        // An institution's failure is read with what the parties said.
        List<Run> explained = new ArrayList<>();
        for (Run r : out) {
            explained.add(r.exit() == 0 ? r : new Run(r.exit(), r.out(), r.err() + "--- the parties:\n" + partyRuns));
        }
        return explained;
    }

    /** Enough threads for three parties and the institutions at once, whatever the machine. */
    private static final java.util.concurrent.ExecutorService POOL = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "veil-in-process");
        t.setDaemon(true);
        return t;
    });

    @Test
    @SuppressWarnings("unchecked")
    void partiesAndInstitutionsAsSeparateCommandsAndTwoAuctionsInOneFolderEachWithItsOwnEvidence() throws Exception {
        Path dir = tmp.resolve("run");
        Path book = book();
        List<String> institutions = List.of("bank-a", "bank-b", "fund-c", "fund-d");
        Run setup = Run.veil("auction", "setup", "--local-demo", "--dir", dir.toString(), "--institutions", String.join(",", institutions),
                "--price-grid", "8:14:1", "--port", Integer.toString(freePort()), "--auction-id", "first");
        assertEquals(0, setup.exit(), setup.toString());
        assertTrue(setup.out().contains("auction first"), setup.out());
        List<Run> parties = new ArrayList<>();
        long bought = 0;
        for (Run r : runAuction(dir, book, institutions, parties)) {
            assertEquals(0, r.exit(), r.toString());
            Map<String, Object> m = (Map<String, Object>) MiniJson.parse(r.out());
            assertEquals("first", m.get("auctionId"), r.out());
            assertEquals(11L, ((Number) m.get("price")).longValue(), r.out());
            bought += ((Number) m.get("bought")).longValue();
        }
        assertEquals(10, bought, "the buyers together receive the volume");
        // Each institution wrote its own public evidence; nothing of the run went through the folder.
        Path first = dir.resolve("auctions").resolve("first");
        for (String inst : institutions) {
            Path evidence = first.resolve("evidence").resolve(inst);
            assertTrue(Files.exists(evidence.resolve("fill-proof.cose")), inst);
            assertTrue(Files.exists(evidence.resolve("committed-order.cose")), inst);
        }
        assertFalse(Files.exists(first.resolve("orders")) || Files.exists(first.resolve("results")));
        for (Run r : parties) {
            assertEquals(0, r.exit(), r.toString());
            assertTrue(r.out().contains("clearing price 11, volume 10"), r.out());
        }
        Run check = Run.veil("auction", "check-fill", "--dir", dir.toString(), "--institution", "bank-a");
        assertEquals(0, check.exit(), check.toString());
        assertTrue(check.out().contains("fill proof of bank-a verified: signed by all 3 parties"), check.out());
        // bank-a's proof against fund-c's committed order: rejected.
        Path fundC = first.resolve("evidence").resolve("fund-c");
        Files.copy(first.resolve("evidence/bank-a/fill-proof.cose"), fundC.resolve("fill-proof.cose"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Run wrong = Run.veil("auction", "check-fill", "--dir", dir.toString(), "--institution", "fund-c");
        assertEquals(1, wrong.exit(), wrong.toString());
        assertTrue(wrong.out().contains("fill proof of fund-c REJECTED"), wrong.out());
        // The parties' results are COSE_Sign1 files; a fill proof in the byte format of earlier
        // versions is refused naming its version and the one read now.
        assertEquals((byte) 0xd2, Files.readAllBytes(fundC.resolve("result.party-0.cose"))[0]);
        byte[] versionOne = new byte[900];
        System.arraycopy(new byte[] {'V', 'G', 'F', 'P', 1}, 0, versionOne, 0, 5);
        Files.write(fundC.resolve("fill-proof.cose"), versionOne);
        Run older = Run.veil("auction", "check-fill", "--dir", dir.toString(), "--institution", "fund-c");
        assertEquals(2, older.exit(), older.toString());
        assertTrue(older.err().contains("version-1 fill proof") && older.err().contains("reads version 2"), older.err());

        // A second auction in the same folder, with another book: it sees only its own files.
        Run next = Run.veil("auction", "new", "--dir", dir.toString(), "--auction-id", "second");
        assertEquals(0, next.exit(), next.toString());
        assertEquals(2, Run.veil("auction", "new", "--dir", dir.toString(), "--auction-id", "second").exit(),
                "an id is used once");
        Path book2 = tmp.resolve("book2.csv");
        Files.writeString(book2, "institution,side,price,quantity\n"
                + "bank-a,buy,13,6\nbank-b,buy,12,3\nfund-c,sell,12,5\nfund-d,sell,13,9\n");
        // On 8..14, D = 9,9,9,9,9,6,0 and S = 0,0,0,0,5,14,14: min(D, S) is largest, 6, at 13.
        List<Run> parties2 = new ArrayList<>();
        long sold = 0;
        for (Run r : runAuction(dir, book2, institutions, parties2)) {
            assertEquals(0, r.exit(), r.toString());
            Map<String, Object> m = (Map<String, Object>) MiniJson.parse(r.out());
            assertEquals("second", m.get("auctionId"), r.out());
            assertEquals(13L, ((Number) m.get("price")).longValue(), r.out());
            assertEquals(6L, ((Number) m.get("volume")).longValue(), r.out());
            sold += ((Number) m.get("sold")).longValue();
        }
        assertEquals(6, sold);
        for (Run r : parties2) {
            assertEquals(0, r.exit(), r.toString());
            assertTrue(r.out().contains("clearing price 13, volume 6") && !r.out().contains("excluded"), r.out());
        }
        assertTrue(Files.exists(dir.resolve("auctions/second/evidence/bank-a/fill-proof.cose")));
        // The first auction's files are still its own, and still check.
        Run old = Run.veil("auction", "check-fill", "--dir", dir.toString(), "--institution", "bank-a",
                "--auction-id", "first");
        assertEquals(0, old.exit(), old.toString());
        assertTrue(old.out().contains("at price 11"), old.out());
    }

    @Test
    void anOrderNotSignedWithTheRegisteredKeyIsRejectedAndItsOwnerAloneReadsThePartiesSignedReason() throws Exception {
        Path dir = tmp.resolve("wrong-key");
        List<String> institutions = List.of("bank-a", "bank-b", "fund-c", "fund-d");
        assertEquals(0, Run.veil("auction", "setup", "--local-demo", "--dir", dir.toString(), "--institutions",
                String.join(",", institutions), "--price-grid", "8:14:1", "--port", Integer.toString(freePort()),
                "--auction-id", "keys").exit());
        // The registration names bank-b's key for bank-a: bank-a's own signature no longer counts.
        Path keys = dir.resolve("keys");
        Files.copy(keys.resolve("bank-b.pub"), keys.resolve("bank-a.pub"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        List<Run> parties = new ArrayList<>();
        List<Run> submits = runAuction(dir, book(), institutions, parties);
        Run a = submits.get(0);
        assertEquals(1, a.exit(), a.toString());
        @SuppressWarnings("unchecked")
        Map<String, Object> rejected = (Map<String, Object>) MiniJson.parse(a.out());
        assertEquals(false, rejected.get("accepted"), a.out());
        assertEquals("BAD_SIGNATURE", rejected.get("rejection"), a.out());
        assertTrue(((String) rejected.get("reason")).contains("the order is not signed with the institution's"
                + " registered key"), a.out());
        // The reason travelled to bank-a alone: no other institution, no party's output, no file.
        for (Run r : submits.subList(1, 4)) {
            assertEquals(0, r.exit(), r.toString());
            assertFalse(r.toString().contains("BAD_SIGNATURE") || r.toString().contains("registered key"), r.toString());
        }
        for (Run r : parties) {
            assertEquals(0, r.exit(), r.toString());
            assertTrue(r.out().contains("excluded bank-a") && !r.toString().contains("BAD_SIGNATURE"), r.toString());
        }
        try (var files = Files.walk(dir)) {
            assertTrue(files.filter(Files::isRegularFile).noneMatch(f -> f.getFileName().toString().contains("reject")));
        }
    }

    @Test
    void keyFilesArePemAndRawKeysOfEarlierVersionsAreRefusedByName() throws Exception {
        Path dir = tmp.resolve("pem");
        assertEquals(0, Run.veil("auction", "setup", "--local-demo", "--dir", dir.toString(), "--institutions", "bank-a,fund-c",
                "--price-grid", "8:14:1", "--port", Integer.toString(freePort()), "--auction-id", "pem").exit());
        Path keys = dir.resolve("keys");
        assertTrue(Files.readString(keys.resolve("bank-a.key")).startsWith("-----BEGIN PRIVATE KEY-----"));
        assertTrue(Files.readString(keys.resolve("party0.pub")).startsWith("-----BEGIN PUBLIC KEY-----"));
        assertFalse(Files.exists(keys.resolve("bank-a.seed")));
        // An institution's secret key as a raw seed (the file name and content of earlier versions).
        Files.delete(keys.resolve("bank-a.key"));
        Files.write(keys.resolve("bank-a.seed"), new byte[32]);
        Run submit = Run.veil("auction", "submit", "--dir", dir.toString(), "--institution", "bank-a", "--orders",
                book().toString());
        assertEquals(2, submit.exit(), submit.toString());
        assertTrue(submit.err().contains("bank-a.seed") && submit.err().contains("raw 32-byte key of an earlier veil"
                + " version"), submit.err());
        assertFalse(Files.exists(dir.resolve("auctions/pem/orders/bank-a.submitted")),
                "a refused key leaves the institution free to submit");
        // A party's public key as 32 raw bytes.
        Files.write(keys.resolve("party0.pub"), new byte[32]);
        Run check = Run.veil("auction", "check-fill", "--dir", dir.toString(), "--institution", "fund-c");
        assertEquals(2, check.exit(), check.toString());
        assertTrue(check.err().contains("party0.pub") && check.err().contains("raw 32-byte key"), check.err());
        // A secret key where a public one belongs is refused by name, never read as public.
        Files.copy(keys.resolve("fund-c.key"), keys.resolve("party0.pub"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Run secret = Run.veil("auction", "check-fill", "--dir", dir.toString(), "--institution", "fund-c");
        assertEquals(2, secret.exit(), secret.toString());
        assertTrue(secret.err().contains("holds a SECRET key"), secret.err());
    }

    @Test
    void aFailedSetupLeavesNoFolderAndAnInstitutionListedTwiceIsRefused() throws Exception {
        Path dir = tmp.resolve("failed");
        // Refused before anything is written.
        Run twice = Run.veil("auction", "setup", "--local-demo", "--dir", dir.toString(), "--institutions", "bank-a,bank-a",
                "--price-grid", "8:14:1");
        assertEquals(2, twice.exit(), twice.toString());
        assertTrue(twice.err().contains("'bank-a' is listed twice"), twice.err());
        assertFalse(Files.exists(dir), "nothing written");
        // Refused half-way, after the CA was written: an institution named like a compute party.
        Run clash = Run.veil("auction", "setup", "--local-demo", "--dir", dir.toString(), "--institutions", "bank-a,party-1",
                "--price-grid", "8:14:1");
        assertEquals(2, clash.exit(), clash.toString());
        assertFalse(Files.exists(dir), "a failed setup leaves no folder");
        try (var left = Files.list(tmp)) {
            assertTrue(left.noneMatch(p -> p.getFileName().toString().contains("partial")), "no staging folder left");
        }
        // An existing empty folder is fine; a used one is refused.
        Files.createDirectories(dir);
        assertEquals(0, Run.veil("auction", "setup", "--local-demo", "--dir", dir.toString(), "--institutions", "bank-a",
                "--price-grid", "8:14:1").exit());
        assertEquals(2, Run.veil("auction", "setup", "--local-demo", "--dir", dir.toString(), "--institutions", "bank-a",
                "--price-grid", "8:14:1").exit());
        // Malicious mode (the default) does not run with 6 parties (2t + 2 <= n <= 3t); semi-honest does.
        Path six = tmp.resolve("six");
        Run refused = Run.veil("auction", "setup", "--local-demo", "--dir", six.toString(), "--institutions", "bank-a",
                "--price-grid", "8:14:1", "--parties", "6");
        assertEquals(2, refused.exit(), refused.toString());
        assertTrue(refused.err().contains("--security malicious runs with 3, 4, 5, 7 or 9 parties here"), refused.err());
        assertFalse(Files.exists(six), "nothing written");
        Run semi = Run.veil("auction", "setup", "--local-demo", "--dir", six.toString(), "--institutions", "bank-a",
                "--price-grid", "8:14:1", "--parties", "6", "--security", "semi-honest", "--port", "7420");
        assertEquals(0, semi.exit(), semi.toString());
        assertTrue(semi.out().contains("semi-honest"), semi.out());
        assertTrue(Files.readString(six.resolve("auction.properties")).contains("security=semi-honest"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theDemoPrintsAndAcceptsItsAuctionIdSoItsFillsCanBeReproduced() throws Exception {
        // Ties on the long side: the rationing lottery (fixed by the auction id) decides the fills.
        Path csv = tmp.resolve("ties.csv");
        Files.writeString(csv, "institution,side,price,quantity\nbank-a,buy,10,5\nbank-b,buy,10,5\nbank-c,buy,10,5\n"
                + "fund-d,sell,10,7\n");
        Run demo = Run.veil("auction", "demo", "--orders", csv.toString(), "--auction-id", "lottery-1", "--no-proofs",
                "--json");
        assertEquals(0, demo.exit(), demo.toString());
        Map<String, Object> d = (Map<String, Object>) MiniJson.parse(demo.out());
        assertEquals("lottery-1", d.get("auctionId"));
        Run clear = Run.veil("auction", "clear", "--orders", csv.toString(), "--auction-id", "lottery-1", "--json");
        Map<String, Object> c = (Map<String, Object>) MiniJson.parse(clear.out());
        assertEquals(c.get("privateViews"), d.get("privateViews"), "the same id, the same rationed fills");
        // Without --auction-id the demo draws one and prints it.
        Run drawn = Run.veil("auction", "demo", "--orders", csv.toString(), "--no-proofs");
        assertEquals(0, drawn.exit(), drawn.toString());
        assertTrue(drawn.out().matches("(?s)auction [0-9a-f]{32}\\n.*"), drawn.out());
        // A random book is repeated by its seed.
        Run one = Run.veil("auction", "demo", "--institutions", "5", "--price-points", "6", "--seed", "42",
                "--auction-id", "s", "--no-proofs", "--json");
        Run two = Run.veil("auction", "demo", "--institutions", "5", "--price-points", "6", "--seed", "42",
                "--auction-id", "s", "--no-proofs", "--json");
        Map<String, Object> m1 = (Map<String, Object>) MiniJson.parse(one.out());
        Map<String, Object> m2 = (Map<String, Object>) MiniJson.parse(two.out());
        assertEquals(42L, ((Number) m1.get("seed")).longValue());
        for (String k : List.of("traded", "price", "volume", "privateViews")) {
            assertEquals(m1.get(k), m2.get(k), k);
        }
    }
}
