package org.veilgrid.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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

    @Test
    void partiesAndInstitutionsAsSeparateCommands() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path dir = tmp.resolve("run");
        Path book = book();
        Run setup = Run.veil("auction", "setup", "--dir", dir.toString(), "--institutions", "bank-a,bank-b,fund-c,fund-d",
                "--price-grid", "8:14:1", "--port", Integer.toString(port));
        assertEquals(0, setup.exit(), setup.toString());
        List<java.util.concurrent.CompletableFuture<Run>> parties = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String[] args = {"auction", "party", "--dir", dir.toString(), "--id", Integer.toString(i)};
            parties.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> Run.veil(args)));
        }
        Thread.sleep(500); // let the parties start listening
        List<java.util.concurrent.CompletableFuture<Run>> submits = new java.util.ArrayList<>();
        for (String inst : List.of("bank-a", "bank-b", "fund-c", "fund-d")) {
            String[] args = {"auction", "submit", "--dir", dir.toString(), "--institution", inst, "--orders", book.toString(),
                "--json"};
            submits.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> Run.veil(args)));
        }
        long bought = 0;
        for (java.util.concurrent.CompletableFuture<Run> f : submits) {
            Run r = f.get(120, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals(0, r.exit(), r.toString());
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) MiniJson.parse(r.out());
            assertEquals(11L, ((Number) m.get("price")).longValue(), r.out());
            bought += ((Number) m.get("bought")).longValue();
        }
        assertEquals(10, bought, "the buyers together receive the volume");
        for (String inst : List.of("bank-a", "bank-b", "fund-c", "fund-d")) {
            assertTrue(Files.exists(dir.resolve("results").resolve(inst + ".fillproof")), inst);
            assertTrue(Files.exists(dir.resolve("orders").resolve(inst + ".order")), inst);
        }
        for (java.util.concurrent.CompletableFuture<Run> f : parties) {
            f.get(120, java.util.concurrent.TimeUnit.SECONDS); // every party has written its signed statement
        }
        Run check = Run.veil("auction", "check-fill", "--dir", dir.toString(), "--institution", "bank-a");
        assertEquals(0, check.exit(), check.toString());
        assertTrue(check.out().contains("fill proof of bank-a verified: signed by all 3 parties"), check.out());
        // bank-a's proof against fund-c's committed order: rejected.
        Path proofs = dir.resolve("results");
        Files.copy(proofs.resolve("bank-a.fillproof"), proofs.resolve("fund-c.fillproof"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Run wrong = Run.veil("auction", "check-fill", "--dir", dir.toString(), "--institution", "fund-c");
        assertEquals(1, wrong.exit(), wrong.toString());
        assertTrue(wrong.out().contains("fill proof of fund-c REJECTED"), wrong.out());
        for (java.util.concurrent.CompletableFuture<Run> f : parties) {
            Run r = f.get(120, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals(0, r.exit(), r.toString());
            assertTrue(r.out().contains("clearing price 11, volume 10"), r.out());
        }
    }
}
