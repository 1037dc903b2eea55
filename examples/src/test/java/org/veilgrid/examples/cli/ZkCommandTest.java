package org.veilgrid.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.veilgrid.core.cose.Signed;
import org.veilgrid.core.identity.AgentPublicKey;
import org.veilgrid.core.identity.AgentKeyFile;
import org.veilgrid.zk.promise.Promise;
import org.veilgrid.zk.promise.Receipt;

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
                "--proof", p("proof.bin"), "--claim", "receipt.delivered>=promise.quantity",
                "--claim", "receipt.price_paid<=promise.price_limit", "--claim", "100<=promise.price_limit<=300", "--json");
        assertEquals(0, verify.exit(), verify.err());
        assertTrue(verify.out().contains("\"ok\": true"), verify.out());
        Run human = Run.veil("zk", "promise", "verify", "--promise", p("promise.bin"), "--receipt", p("receipt.bin"),
                "--proof", p("proof.bin"), "--claim", "100<=promise.price_limit<=300",
                "--claim", "receipt.delivered>=promise.quantity", "--claim", "receipt.price_paid<=promise.price_limit");
        assertTrue(human.out().startsWith("VERIFIED"), human.out());

        // a receipt for another promise: the proof does not verify (exit 1)
        assertEquals(0, Run.veil("zk", "promise", "make", "--key", p("agent.key"), "--beneficiary", p("client.pub"),
                "--terms", "other", "--commit", "quantity=1", "--out", p("other.bin"), "--openings", p("other.open")).exit());
        Run wrong = Run.veil("zk", "promise", "verify", "--promise", p("other.bin"), "--receipt", p("receipt.bin"),
                "--proof", p("proof.bin"), "--claim", "receipt.delivered>=promise.quantity");
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
                "--claim", "promise.quantity==other.quantity", "--other-promise", p("bp.bin"), "--json");
        assertEquals(0, ok.exit(), ok.err() + ok.out());
        assertTrue(ok.out().contains("\"ok\": true"), ok.out());
        // Checked against a promise that does not hold that commitment: refused.
        Run other = Run.veil("zk", "promise", "verify", "--promise", p("sp.bin"), "--receipt", p("r.bin"), "--proof", p("eq.bin"),
                "--claim", "promise.quantity==other.quantity", "--other-promise", p("lie.bin"));
        assertEquals(1, other.exit(), other.out());
        // A false equality cannot be proved.
        Run lie = Run.veil("zk", "promise", "prove", "--promise", p("sp.bin"), "--promise-openings", p("sp.open"),
                "--receipt", p("r.bin"), "--receipt-openings", p("r.open"), "--claim", "promise.quantity==other.quantity",
                "--other-promise", p("lie.bin"), "--other-openings", p("lie.open"), "--out", p("eq2.bin"));
        assertEquals(2, lie.exit(), lie.out());
        assertEquals(2, Run.veil("zk", "promise", "prove", "--promise", p("sp.bin"), "--promise-openings", p("sp.open"),
                "--receipt", p("r.bin"), "--receipt-openings", p("r.open"), "--claim", "promise.quantity==other.quantity",
                "--out", p("eq3.bin")).exit(), "== needs --other-promise");
        Run noSuchTerm = Run.veil("zk", "promise", "verify", "--promise", p("sp.bin"), "--receipt", p("r.bin"),
                "--proof", p("eq.bin"), "--claim", "promise.quantity==other.nosuch", "--other-promise", p("bp.bin"));
        assertEquals(2, noSuchTerm.exit(), noSuchTerm.toString());
        assertTrue(noSuchTerm.err().contains("no committed term 'nosuch'"), noSuchTerm.err());
    }

    /** Keys, a promise, a receipt and their openings, as the first test makes them. */
    private void promiseAndReceipt() {
        assertEquals(0, Run.veil("zk", "keygen", "--out", p("agent")).exit());
        assertEquals(0, Run.veil("zk", "keygen", "--out", p("client")).exit());
        Run make = Run.veil("zk", "promise", "make", "--key", p("agent.key"), "--beneficiary", p("client.pub"),
                "--terms", "complete request 7", "--commit", "quantity=1000", "--commit", "price_limit=250",
                "--out", p("promise.bin"), "--openings", p("promise.open"));
        assertEquals(0, make.exit(), make.toString());
        Run rc = Run.veil("zk", "promise", "receipt", "--key", p("client.key"), "--promise", p("promise.bin"),
                "--commit", "delivered=1200", "--commit", "price_paid=240", "--out", p("receipt.bin"),
                "--openings", p("receipt.open"));
        assertEquals(0, rc.exit(), rc.toString());
    }

    private Run prove(String out, String... claims) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("zk", "promise", "prove",
                "--promise", p("promise.bin"), "--promise-openings", p("promise.open"), "--receipt", p("receipt.bin"),
                "--receipt-openings", p("receipt.open"), "--bits", "32", "--out", p(out)));
        for (String c : claims) {
            args.add("--claim");
            args.add(c);
        }
        return Run.veil(args.toArray(new String[0]));
    }

    private Run verify(String proof, String... claims) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("zk", "promise", "verify",
                "--promise", p("promise.bin"), "--receipt", p("receipt.bin"), "--proof", p(proof)));
        for (String c : claims) {
            args.add("--claim");
            args.add(c);
        }
        return Run.veil(args.toArray(new String[0]));
    }

    @Test
    void aSecretKeyGivenAsTheBeneficiaryIsRefusedAndNothingIsPublished() throws Exception {
        assertEquals(0, Run.veil("zk", "keygen", "--out", p("agent")).exit());
        assertEquals(0, Run.veil("zk", "keygen", "--out", p("client")).exit());
        Run make = Run.veil("zk", "promise", "make", "--key", p("agent.key"), "--beneficiary", p("client.key"),
                "--terms", "t", "--commit", "quantity=1", "--out", p("promise.bin"), "--openings", p("promise.open"));
        assertEquals(2, make.exit(), make.toString());
        assertTrue(make.err().contains("SECRET key") && make.err().contains(".pub"), make.err());
        assertTrue(Files.notExists(dir.resolve("promise.bin")) && Files.notExists(dir.resolve("promise.open")));
        // and a public key where the signer's secret key is expected
        Run pubAsKey = Run.veil("zk", "promise", "make", "--key", p("agent.pub"), "--beneficiary", p("client.pub"),
                "--terms", "t", "--out", p("promise.bin"), "--openings", p("promise.open"));
        assertEquals(2, pubAsKey.exit(), pubAsKey.toString());
        assertTrue(pubAsKey.err().contains("public key"), pubAsKey.err());
        // the files say what they are
        assertTrue(Files.readString(dir.resolve("client.key")).startsWith("-----BEGIN PRIVATE KEY-----"));
        assertTrue(Files.readString(dir.resolve("client.pub")).startsWith("-----BEGIN PUBLIC KEY-----"));
    }

    @Test
    void verifyChecksTheVerifiersClaimNotTheProversChoice() {
        promiseAndReceipt();
        // The prover proves something true but beside the point; the verifier asks for delivered >= quantity.
        assertEquals(0, prove("beside.bin", "receipt.price_paid<=promise.price_limit").exit());
        Run beside = verify("beside.bin", "receipt.delivered>=promise.quantity");
        assertEquals(1, beside.exit(), beside.toString());
        assertTrue(beside.out().startsWith("NOT VERIFIED") && beside.out().contains("not a required claim"), beside.out());
        // The claim the verifier requires verifies.
        assertEquals(0, prove("kept.bin", "receipt.delivered>=promise.quantity").exit());
        Run kept = verify("kept.bin", "receipt.delivered>=promise.quantity");
        assertEquals(0, kept.exit(), kept.toString());
        assertTrue(kept.out().startsWith("VERIFIED: promise kept"), kept.out());
        // A proof of fewer claims than required does not verify either.
        Run fewer = verify("kept.bin", "receipt.delivered>=promise.quantity", "receipt.price_paid<=promise.price_limit");
        assertEquals(1, fewer.exit(), fewer.toString());
        // Without a stated claim there is nothing to verify: a usage error.
        Run none = Run.veil("zk", "promise", "verify", "--promise", p("promise.bin"), "--receipt", p("receipt.bin"),
                "--proof", p("kept.bin"));
        assertEquals(2, none.exit(), none.toString());
        assertTrue(none.err().contains("--claim"), none.err());
    }

    @Test
    void aTrivialClaimIsRefusedAtProveAndAtVerifyTime() {
        promiseAndReceipt();
        Run trivial = prove("t.bin", "receipt.delivered>=receipt.delivered");
        assertEquals(2, trivial.exit(), trivial.toString());
        assertTrue(trivial.err().contains("with itself"), trivial.err());
        assertTrue(Files.notExists(dir.resolve("t.bin")));
        assertEquals(0, prove("kept.bin", "receipt.delivered>=promise.quantity").exit());
        Run asked = verify("kept.bin", "promise.quantity<=promise.quantity");
        assertEquals(2, asked.exit(), asked.toString());
    }

    @Test
    void devicesAndOversizedFilesAreRefusedInOneLine() throws Exception {
        promiseAndReceipt();
        assertEquals(0, prove("kept.bin", "receipt.delivered>=promise.quantity").exit());
        Run zero = Run.veil("zk", "promise", "verify", "--promise", "/dev/zero", "--receipt", p("receipt.bin"),
                "--proof", p("kept.bin"), "--claim", "receipt.delivered>=promise.quantity");
        assertEquals(2, zero.exit(), zero.toString());
        assertEquals(1, zero.err().strip().lines().count(), zero.err());
        assertTrue(zero.err().contains("/dev/zero") && zero.err().contains("not a regular file"), zero.err());
        // A file one byte longer than the largest promise is refused before it is decoded.
        Path big = dir.resolve("big.bin");
        Files.write(big, new byte[org.veilgrid.zk.promise.Promise.MAX_LENGTH + 1]);
        Run tooBig = Run.veil("zk", "promise", "verify", "--promise", big.toString(), "--receipt", p("receipt.bin"),
                "--proof", p("kept.bin"), "--claim", "receipt.delivered>=promise.quantity");
        assertEquals(2, tooBig.exit(), tooBig.toString());
        assertEquals(1, tooBig.err().strip().lines().count(), tooBig.err());
        assertTrue(tooBig.err().contains("at most " + org.veilgrid.zk.promise.Promise.MAX_LENGTH), tooBig.err());
        Run keyZero = Run.veil("zk", "promise", "receipt", "--key", "/dev/zero", "--promise", p("promise.bin"),
                "--out", p("r2.bin"), "--openings", p("r2.open"));
        assertEquals(2, keyZero.exit(), keyZero.toString());
        Run rangeZero = Run.veil("zk", "range", "verify", "--in", "/dev/zero");
        assertEquals(2, rangeZero.exit(), rangeZero.toString());
        Run valuesZero = Run.veil("zk", "range", "prove", "--values-file", "/dev/zero", "--out", p("r.bin"));
        assertEquals(2, valuesZero.exit(), valuesZero.toString());
    }

    @Test
    void rangeProofsOfThirtyTwoAndSixtyFourValuesAsTheHelpSays() {
        for (int count : new int[] {32, 64}) {
            StringBuilder values = new StringBuilder();
            for (int i = 0; i < count; i++) {
                values.append(i == 0 ? "" : ",").append(i * 3);
            }
            Run prove = Run.veil("zk", "range", "prove", "--values", values.toString(), "--bits", "8",
                    "--out", p("r" + count + ".bin"), "--openings", p("r" + count + ".open"));
            assertEquals(0, prove.exit(), prove.toString());
            Run ok = Run.veil("zk", "range", "verify", "--in", p("r" + count + ".bin"), "--json");
            assertEquals(0, ok.exit(), ok.toString());
            assertTrue(ok.out().contains("\"values\": " + count), ok.out());
        }
    }

    @Test
    void keygenKeepsExistingKeysAndNeverWritesThroughASymlink() throws Exception {
        assertEquals(0, Run.veil("zk", "keygen", "--out", p("agent")).exit());
        String before = Files.readString(dir.resolve("agent.key"));
        Run again = Run.veil("zk", "keygen", "--out", p("agent"));
        assertEquals(2, again.exit(), again.toString());
        assertTrue(again.err().contains("already exists") && again.err().contains("--force"), again.err());
        assertEquals(before, Files.readString(dir.resolve("agent.key")));
        assertEquals(0, Run.veil("zk", "keygen", "--out", p("agent"), "--force").exit());
        assertTrue(!before.equals(Files.readString(dir.resolve("agent.key"))), "--force replaces the key");

        Path target = dir.resolve("victim.txt");
        Files.writeString(target, "keep me");
        Files.createSymbolicLink(dir.resolve("linked.key"), target);
        Run link = Run.veil("zk", "keygen", "--out", p("linked"));
        assertEquals(2, link.exit(), link.toString());
        Run forced = Run.veil("zk", "keygen", "--out", p("linked"), "--force");
        assertEquals(2, forced.exit(), forced.toString());
        assertTrue(forced.err().contains("symbolic link"), forced.err());
        assertEquals("keep me", Files.readString(target));
        assertTrue(Files.notExists(dir.resolve("linked.pub")), "no half-written pair");
    }

    @Test
    void privateValuesComeFromAFileOrStandardInputInsteadOfTheCommandLine() throws Exception {
        Path values = dir.resolve("values.txt");
        Files.writeString(values, "# amounts\n5, 1000\n");
        Run prove = Run.veil("zk", "range", "prove", "--values-file", values.toString(), "--bits", "16", "--out", p("r.bin"),
                "--json");
        assertEquals(0, prove.exit(), prove.toString());
        assertTrue(prove.out().contains("\"values\": 2"), prove.out());
        Run both = Run.veil("zk", "range", "prove", "--values", "5", "--values-file", values.toString(), "--out", p("x.bin"));
        assertEquals(2, both.exit(), both.toString());
        Run empty = Run.veil("zk", "range", "prove", "--values-file", dir.resolve("values.txt").toString() + ".none",
                "--out", p("x.bin"));
        assertEquals(2, empty.exit(), empty.toString());

        assertEquals(0, Run.veil("zk", "keygen", "--out", p("agent")).exit());
        assertEquals(0, Run.veil("zk", "keygen", "--out", p("client")).exit());
        java.io.InputStream saved = System.in;
        try {
            System.setIn(new java.io.ByteArrayInputStream("quantity=1000\nprice_limit=250\n".getBytes()));
            Run make = Run.veil("zk", "promise", "make", "--key", p("agent.key"), "--beneficiary", p("client.pub"),
                    "--terms", "t", "--commit-file", "-", "--out", p("promise.bin"), "--openings", p("promise.open"), "--json");
            assertEquals(0, make.exit(), make.toString());
            assertTrue(make.out().contains("\"quantity\", \"price_limit\""), make.out());
        } finally {
            System.setIn(saved);
        }
        Path got = dir.resolve("got.txt");
        Files.writeString(got, "delivered=1200");
        assertEquals(0, Run.veil("zk", "promise", "receipt", "--key", p("client.key"), "--promise", p("promise.bin"),
                "--commit-file", got.toString(), "--out", p("receipt.bin"), "--openings", p("receipt.open")).exit());
        assertEquals(0, prove("kept.bin", "receipt.delivered>=promise.quantity").exit());
        assertEquals(0, verify("kept.bin", "receipt.delivered>=promise.quantity").exit());
    }

    @Test
    void everySignedFileTheZkCliWritesIsACoseSign1ThatVerifies() throws Exception {
        promiseAndReceipt();
        AgentPublicKey agent = AgentKeyFile.decodePublic("agent.pub", Files.readAllBytes(dir.resolve("agent.pub")));
        AgentPublicKey client = AgentKeyFile.decodePublic("client.pub", Files.readAllBytes(dir.resolve("client.pub")));
        byte[] promise = Files.readAllBytes(dir.resolve("promise.bin"));
        byte[] receipt = Files.readAllBytes(dir.resolve("receipt.bin"));
        assertEquals((byte) 0xd2, promise[0], "CBOR tag 18 (COSE_Sign1)");
        assertEquals((byte) 0xd2, receipt[0], "CBOR tag 18 (COSE_Sign1)");
        assertEquals(agent, Signed.verify(promise, Promise.TYPE, agent).statement().promiser());
        assertEquals(client, Signed.verify(receipt, Receipt.TYPE, client).statement().signer());
        // the unsigned files are versioned CBOR arrays: [2, ...]
        assertEquals(0, prove("kept.bin", "receipt.delivered>=promise.quantity").exit());
        for (String file : new String[] {"kept.bin", "promise.open", "receipt.open"}) {
            byte[] b = Files.readAllBytes(dir.resolve(file));
            assertEquals(0x80, b[0] & 0xe0, file + " is a CBOR array");
            assertEquals(2, b[1], file + " is version 2");
        }
    }

    @Test
    void filesOfTheEarlierByteFormatAreRefusedNamingTheirVersionAndTheExpectedOne() throws Exception {
        promiseAndReceipt();
        assertEquals(0, prove("kept.bin", "receipt.delivered>=promise.quantity").exit());
        // the version-1 formats began with four magic letters and the version byte
        Path oldPromise = dir.resolve("old-promise.bin");
        Files.write(oldPromise, withPrefix("VGPR", 300));
        Run promise = Run.veil("zk", "promise", "verify", "--promise", oldPromise.toString(), "--receipt", p("receipt.bin"),
                "--proof", p("kept.bin"), "--claim", "receipt.delivered>=promise.quantity");
        assertEquals(2, promise.exit(), promise.toString());
        assertTrue(promise.err().contains("version-1 promise") && promise.err().contains("reads version 2"), promise.err());
        Path oldOpenings = dir.resolve("old.open");
        Files.write(oldOpenings, withPrefix("VGOP", 60));
        Run openings = Run.veil("zk", "promise", "prove", "--promise", p("promise.bin"), "--promise-openings",
                oldOpenings.toString(), "--receipt", p("receipt.bin"), "--receipt-openings", p("receipt.open"),
                "--claim", "receipt.delivered>=promise.quantity", "--out", p("x.bin"));
        assertEquals(2, openings.exit(), openings.toString());
        assertTrue(openings.err().contains("version-1 openings") && openings.err().contains("reads version 2"), openings.err());
        Path oldRange = dir.resolve("old-range.bin");
        Files.write(oldRange, withPrefix("VGRB", 500));
        Run range = Run.veil("zk", "range", "verify", "--in", oldRange.toString());
        assertEquals(2, range.exit(), range.toString());
        assertTrue(range.err().contains("version-1 range proof") && range.err().contains("reads version 2"), range.err());
        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "not a proof\n");
        Run notCbor = Run.veil("zk", "promise", "verify", "--promise", p("promise.bin"), "--receipt", p("receipt.bin"),
                "--proof", text.toString(), "--claim", "receipt.delivered>=promise.quantity");
        assertEquals(2, notCbor.exit(), notCbor.toString());
        assertTrue(notCbor.err().contains("not CBOR") && notCbor.err().contains("older Veilgrid format"), notCbor.err());
    }

    private static byte[] withPrefix(String magic, int length) {
        byte[] b = new byte[length];
        byte[] m = magic.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        System.arraycopy(m, 0, b, 0, m.length);
        b[m.length] = 1;
        return b;
    }

    @Test
    void aTamperedPromiseDoesNotVerifyAndOnlyTheBeneficiarySignsAReceipt() throws Exception {
        promiseAndReceipt();
        assertEquals(0, prove("kept.bin", "receipt.delivered>=promise.quantity").exit());
        byte[] promise = Files.readAllBytes(dir.resolve("promise.bin"));
        promise[promise.length - 1] ^= 1; // the last byte of the signature
        Files.write(dir.resolve("tampered.bin"), promise);
        Run tampered = Run.veil("zk", "promise", "verify", "--promise", p("tampered.bin"), "--receipt", p("receipt.bin"),
                "--proof", p("kept.bin"), "--claim", "receipt.delivered>=promise.quantity");
        assertEquals(1, tampered.exit(), tampered.toString());
        assertTrue(tampered.out().startsWith("NOT VERIFIED") && tampered.out().contains("signature does not verify"),
                tampered.out());
        // a receipt given as the promise: another content type
        Run swapped = Run.veil("zk", "promise", "verify", "--promise", p("receipt.bin"), "--receipt", p("receipt.bin"),
                "--proof", p("kept.bin"), "--claim", "receipt.delivered>=promise.quantity");
        assertEquals(1, swapped.exit(), swapped.toString());
        assertTrue(swapped.out().contains("zk-receipt+cbor"), swapped.out());
        // the promiser cannot sign the receipt of its own promise
        Run self = Run.veil("zk", "promise", "receipt", "--key", p("agent.key"), "--promise", p("promise.bin"),
                "--commit", "delivered=1", "--out", p("self.bin"), "--openings", p("self.open"));
        assertEquals(2, self.exit(), self.toString());
        assertTrue(self.err().contains("only the beneficiary"), self.err());
        assertTrue(Files.notExists(dir.resolve("self.bin")));
    }
}
