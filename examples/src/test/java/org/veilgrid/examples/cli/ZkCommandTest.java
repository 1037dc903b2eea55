package org.veilgrid.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZkCommandTest {
    @TempDir
    Path dir;

    private String p(String name) {
        return dir.resolve(name).toString();
    }

    @Test
    void promiseMakeReceiptProveVerifyThroughFiles() throws Exception {
        assertEquals(0, Run.veil("zk", "keygen", "--out", p("agent")).exit());
        Run kg = Run.veil("zk", "keygen", "--out", p("client"), "--json");
        assertEquals(0, kg.exit(), kg.err());
        assertTrue(kg.out().contains("\"publicKey\""), kg.out());
        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                Files.getPosixFilePermissions(dir.resolve("agent.key")));

        Run make = Run.veil("zk", "promise", "make", "--key", p("agent.key"), "--beneficiary", p("client.pub"),
                "--terms", "complete request 7", "--commit", "quantity=1000", "--commit", "price_limit=250",
                "--out", p("promise.bin"), "--openings", p("promise.open"));
        assertEquals(0, make.exit(), make.err());
        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                Files.getPosixFilePermissions(dir.resolve("promise.open")));
        Run rc = Run.veil("zk", "promise", "receipt", "--key", p("client.key"), "--promise", p("promise.bin"),
                "--commit", "delivered=1200", "--commit", "price_paid=240", "--out", p("receipt.bin"),
                "--openings", p("receipt.open"));
        assertEquals(0, rc.exit(), rc.err());
        Run prove = Run.veil("zk", "promise", "prove", "--promise", p("promise.bin"), "--promise-openings", p("promise.open"),
                "--receipt", p("receipt.bin"), "--receipt-openings", p("receipt.open"),
                "--claim", "receipt.delivered>=promise.quantity", "--claim", "receipt.price_paid<=promise.price_limit",
                "--claim", "100<=promise.price_limit<=300", "--bits", "32", "--out", p("proof.bin"), "--json");
        assertEquals(0, prove.exit(), prove.err());
        Run verify = Run.veil("zk", "promise", "verify", "--promise", p("promise.bin"), "--receipt", p("receipt.bin"),
                "--proof", p("proof.bin"), "--json");
        assertEquals(0, verify.exit(), verify.err());
        assertTrue(verify.out().contains("\"ok\": true"), verify.out());
        Run human = Run.veil("zk", "promise", "verify", "--promise", p("promise.bin"), "--receipt", p("receipt.bin"),
                "--proof", p("proof.bin"));
        assertTrue(human.out().startsWith("VERIFIED"), human.out());

        // a receipt for another promise: the proof does not verify (exit 1)
        assertEquals(0, Run.veil("zk", "promise", "make", "--key", p("agent.key"), "--beneficiary", p("client.pub"),
                "--terms", "other", "--commit", "quantity=1", "--out", p("other.bin"), "--openings", p("other.open")).exit());
        Run wrong = Run.veil("zk", "promise", "verify", "--promise", p("other.bin"), "--receipt", p("receipt.bin"),
                "--proof", p("proof.bin"));
        assertEquals(1, wrong.exit(), wrong.toString());
        assertTrue(wrong.out().startsWith("NOT VERIFIED"), wrong.out());

        // a false claim cannot be proved (exit 2 with the reason)
        Run lie = Run.veil("zk", "promise", "prove", "--promise", p("promise.bin"), "--promise-openings", p("promise.open"),
                "--receipt", p("receipt.bin"), "--receipt-openings", p("receipt.open"),
                "--claim", "promise.quantity>=receipt.delivered", "--out", p("lie.bin"));
        assertEquals(2, lie.exit());
        assertTrue(lie.err().contains("is false"), lie.err());
    }

    @Test
    void rangeProveVerify() throws Exception {
        Run prove = Run.veil("zk", "range", "prove", "--values", "5,1000", "--bits", "16", "--out", p("r.bin"),
                "--openings", p("r.open"), "--json");
        assertEquals(0, prove.exit(), prove.err());
        String commitment = prove.out().split("\"commitments\": \\[")[1].split("\"")[1];
        Run ok = Run.veil("zk", "range", "verify", "--in", p("r.bin"), "--json");
        assertEquals(0, ok.exit(), ok.err());
        assertTrue(ok.out().contains("\"ok\": true"), ok.out());
        assertEquals(1, Run.veil("zk", "range", "verify", "--in", p("r.bin"), "--commitment",
                "e2f2ae0a6abc4e71a884a961c500515f58e30b6aa582dd8db6a65945e08d2d76,"
                        + "e2f2ae0a6abc4e71a884a961c500515f58e30b6aa582dd8db6a65945e08d2d76").exit());
        byte[] b = Files.readAllBytes(dir.resolve("r.bin"));
        b[b.length - 40] ^= 1;
        Files.write(dir.resolve("bad.bin"), b);
        Run bad = Run.veil("zk", "range", "verify", "--in", p("bad.bin"));
        assertTrue(bad.exit() == 1 || bad.exit() == 2, bad.toString());
        assertTrue(commitment.length() == 64, commitment);
        Run tooBig = Run.veil("zk", "range", "prove", "--values", "300", "--bits", "8", "--out", p("x.bin"));
        assertEquals(2, tooBig.exit());
        Run three = Run.veil("zk", "range", "prove", "--values", "1,2,3", "--out", p("x.bin"));
        assertEquals(2, three.exit());
        assertTrue(three.err().contains("power of two"), three.err());
        Run notFile = Run.veil("zk", "range", "verify", "--in", p("r.open"));
        assertEquals(2, notFile.exit());
    }

    @Test
    void equalityWithAnotherPartysCommitmentFromTheCommandLine() throws Exception {
        assertEquals(0, Run.veil("zk", "keygen", "--out", p("seller")).exit());
        assertEquals(0, Run.veil("zk", "keygen", "--out", p("buyer")).exit());
        assertEquals(0, Run.veil("zk", "keygen", "--out", p("broker")).exit());
        // The seller promises the buyer a quantity; the broker's own promise commits to the same quantity.
        assertEquals(0, Run.veil("zk", "promise", "make", "--key", p("seller.key"), "--beneficiary", p("buyer.pub"),
                "--terms", "deliver", "--commit", "quantity=500", "--out", p("sp.bin"), "--openings", p("sp.open")).exit());
        assertEquals(0, Run.veil("zk", "promise", "make", "--key", p("broker.key"), "--beneficiary", p("buyer.pub"),
                "--terms", "route", "--commit", "quantity=500", "--out", p("bp.bin"), "--openings", p("bp.open")).exit());
        assertEquals(0, Run.veil("zk", "promise", "make", "--key", p("broker.key"), "--beneficiary", p("buyer.pub"),
                "--terms", "route", "--commit", "quantity=499", "--out", p("lie.bin"), "--openings", p("lie.open")).exit());
        assertEquals(0, Run.veil("zk", "promise", "receipt", "--key", p("buyer.key"), "--promise", p("sp.bin"),
                "--commit", "delivered=500", "--out", p("r.bin"), "--openings", p("r.open")).exit());
        Run prove = Run.veil("zk", "promise", "prove", "--promise", p("sp.bin"), "--promise-openings", p("sp.open"),
                "--receipt", p("r.bin"), "--receipt-openings", p("r.open"), "--claim", "promise.quantity==other.quantity",
                "--other-promise", p("bp.bin"), "--other-openings", p("bp.open"), "--out", p("eq.bin"));
        assertEquals(0, prove.exit(), prove.err());
        Run ok = Run.veil("zk", "promise", "verify", "--promise", p("sp.bin"), "--receipt", p("r.bin"), "--proof", p("eq.bin"),
                "--other-promise", p("bp.bin"), "--json");
        assertEquals(0, ok.exit(), ok.err() + ok.out());
        assertTrue(ok.out().contains("\"ok\": true"), ok.out());
        // Checked against a promise that does not hold that commitment: refused.
        Run other = Run.veil("zk", "promise", "verify", "--promise", p("sp.bin"), "--receipt", p("r.bin"), "--proof", p("eq.bin"),
                "--other-promise", p("lie.bin"));
        assertEquals(1, other.exit(), other.out());
        // A false equality cannot be proved.
        Run lie = Run.veil("zk", "promise", "prove", "--promise", p("sp.bin"), "--promise-openings", p("sp.open"),
                "--receipt", p("r.bin"), "--receipt-openings", p("r.open"), "--claim", "promise.quantity==other.quantity",
                "--other-promise", p("lie.bin"), "--other-openings", p("lie.open"), "--out", p("eq2.bin"));
        assertEquals(2, lie.exit(), lie.out());
        assertEquals(2, Run.veil("zk", "promise", "prove", "--promise", p("sp.bin"), "--promise-openings", p("sp.open"),
                "--receipt", p("r.bin"), "--receipt-openings", p("r.open"), "--claim", "promise.quantity==other.quantity",
                "--out", p("eq3.bin")).exit(), "== needs --other-promise");
    }
}
