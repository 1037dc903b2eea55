package org.veilgrid.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FheCommandTest {
    @TempDir
    Path dir;

    @Test
    void keygenEncryptDecryptRoundTripThroughFiles() throws Exception {
        Path keys = dir.resolve("keys");
        Run kg = Run.veil("fhe", "keygen", "--preset", "N4096", "--out", keys.toString(), "--json");
        assertEquals(0, kg.exit(), kg.err());
        assertTrue(kg.out().contains("\"galoisKeyBytes\""), kg.out());
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(keys.resolve("secret.key"));
        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE), perms);

        Path ct = dir.resolve("ct.bin");
        Run enc = Run.veil("fhe", "encrypt", "--keys", keys.toString(), "--values", "5,0,65536,42", "--out", ct.toString());
        assertEquals(0, enc.exit(), enc.err());
        Run dec = Run.veil("fhe", "decrypt", "--keys", keys.toString(), "--in", ct.toString(), "--count", "5");
        assertEquals(0, dec.exit(), dec.err());
        assertEquals("5, 0, 65536, 42, 0", dec.out().trim());

        Path values = dir.resolve("values.txt");
        Files.writeString(values, "7\n8 9\n");
        Path ct2 = dir.resolve("ct2.bin");
        assertEquals(0, Run.veil("fhe", "encrypt", "--keys", keys.toString(), "--in", values.toString(), "--symmetric",
                "--out", ct2.toString()).exit());
        assertTrue(Files.size(ct2) < Files.size(ct) * 0.51, "the symmetric form carries a seed for c1");
        Run dec2 = Run.veil("fhe", "decrypt", "--keys", keys.toString(), "--in", ct2.toString(), "--count", "3", "--json");
        assertTrue(dec2.out().contains("\"values\": [7, 8, 9]"), dec2.out());
    }

    @Test
    void badInputIsRefusedWithAReason() {
        Path keys = dir.resolve("keys");
        assertEquals(0, Run.veil("fhe", "keygen", "--preset", "N4096", "--out", keys.toString()).exit());
        Run notNumber = Run.veil("fhe", "encrypt", "--keys", keys.toString(), "--values", "1,x", "--out", dir.resolve("a").toString());
        assertEquals(2, notNumber.exit());
        assertTrue(notNumber.err().contains("value 2: is not an integer"), notNumber.err());
        Run tooBig = Run.veil("fhe", "encrypt", "--keys", keys.toString(), "--values", "65537", "--out", dir.resolve("a").toString());
        assertEquals(2, tooBig.exit());
        assertTrue(tooBig.err().contains("outside [0, t = 65537)"), tooBig.err());
        Run notCiphertext = Run.veil("fhe", "decrypt", "--keys", keys.toString(), "--in", keys.resolve("params.bin").toString());
        assertEquals(2, notCiphertext.exit());
        Run missing = Run.veil("fhe", "decrypt", "--keys", dir.resolve("nope").toString(), "--in", "x");
        assertEquals(2, missing.exit());
        assertTrue(missing.err().contains("not found"), missing.err());
        Run badPreset = Run.veil("fhe", "keygen", "--preset", "N1000", "--out", keys.toString());
        assertEquals(2, badPreset.exit());
    }

    @Test
    void decryptingWithAnotherKeySaysTheKeyDoesNotMatch() {
        Path mine = dir.resolve("mine");
        Path other = dir.resolve("other");
        assertEquals(0, Run.veil("fhe", "keygen", "--preset", "N4096", "--out", mine.toString()).exit());
        assertEquals(0, Run.veil("fhe", "keygen", "--preset", "N4096", "--out", other.toString()).exit());
        Path ct = dir.resolve("ct.bin");
        assertEquals(0, Run.veil("fhe", "encrypt", "--keys", mine.toString(), "--values", "1,2", "--out", ct.toString()).exit());
        Run wrong = Run.veil("fhe", "decrypt", "--keys", other.toString(), "--in", ct.toString());
        assertEquals(2, wrong.exit(), wrong.toString());
        assertTrue(wrong.err().contains("another secret key") && !wrong.err().contains("noise budget"), wrong.err());
        assertEquals(1, wrong.err().strip().lines().count(), wrong.err());
    }

    @Test
    void keygenKeepsAnExistingKeySetUnlessForced() throws Exception {
        Path keys = dir.resolve("keys");
        assertEquals(0, Run.veil("fhe", "keygen", "--preset", "N4096", "--out", keys.toString()).exit());
        byte[] before = Files.readAllBytes(keys.resolve("secret.key"));
        Run again = Run.veil("fhe", "keygen", "--preset", "N4096", "--out", keys.toString());
        assertEquals(2, again.exit(), again.toString());
        assertTrue(again.err().contains("already exists") && again.err().contains("--force"), again.err());
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(keys.resolve("secret.key"))));
        assertEquals(0, Run.veil("fhe", "keygen", "--preset", "N4096", "--out", keys.toString(), "--force").exit());
        assertTrue(!java.util.Arrays.equals(before, Files.readAllBytes(keys.resolve("secret.key"))));
        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                Files.getPosixFilePermissions(keys.resolve("secret.key")));
        // a secret.key that is a symbolic link is not written through, even with --force
        Path linked = dir.resolve("linked");
        Files.createDirectories(linked);
        Path victim = dir.resolve("victim.txt");
        Files.writeString(victim, "keep me");
        Files.createSymbolicLink(linked.resolve("secret.key"), victim);
        assertEquals(2, Run.veil("fhe", "keygen", "--preset", "N4096", "--out", linked.toString()).exit());
        assertEquals(2, Run.veil("fhe", "keygen", "--preset", "N4096", "--out", linked.toString(), "--force").exit());
        assertEquals("keep me", Files.readString(victim));
    }

    @Test
    void emptyInputIsRefusedAndValuesCanComeFromStandardInput() throws Exception {
        Path keys = dir.resolve("keys");
        assertEquals(0, Run.veil("fhe", "keygen", "--preset", "N4096", "--out", keys.toString()).exit());
        Path ct = dir.resolve("ct.bin");
        Run empty = Run.veil("fhe", "encrypt", "--keys", keys.toString(), "--values", "", "--out", ct.toString());
        assertEquals(2, empty.exit(), empty.toString());
        assertTrue(empty.err().contains("no values"), empty.err());
        assertTrue(Files.notExists(ct));
        Path blank = dir.resolve("blank.txt");
        Files.writeString(blank, " \n");
        assertEquals(2, Run.veil("fhe", "encrypt", "--keys", keys.toString(), "--values-file", blank.toString(),
                "--out", ct.toString()).exit());
        java.io.InputStream saved = System.in;
        try {
            System.setIn(new java.io.ByteArrayInputStream("11 12\n13\n".getBytes()));
            Run stdin = Run.veil("fhe", "encrypt", "--keys", keys.toString(), "--values-file", "-", "--out", ct.toString());
            assertEquals(0, stdin.exit(), stdin.toString());
        } finally {
            System.setIn(saved);
        }
        Run dec = Run.veil("fhe", "decrypt", "--keys", keys.toString(), "--in", ct.toString(), "--count", "4");
        assertEquals("11, 12, 13, 0", dec.out().trim(), dec.toString());
    }

    @Test
    void devicesAndOversizedFilesAreRefusedInOneLine() throws Exception {
        Path keys = dir.resolve("keys");
        assertEquals(0, Run.veil("fhe", "keygen", "--preset", "N4096", "--out", keys.toString()).exit());
        Run zero = Run.veil("fhe", "decrypt", "--keys", keys.toString(), "--in", "/dev/zero");
        assertEquals(2, zero.exit(), zero.toString());
        assertEquals(1, zero.err().strip().lines().count(), zero.err());
        assertTrue(zero.err().contains("not a regular file"), zero.err());
        Run values = Run.veil("fhe", "encrypt", "--keys", keys.toString(), "--values-file", "/dev/zero",
                "--out", dir.resolve("x").toString());
        assertEquals(2, values.exit(), values.toString());
        Path big = dir.resolve("big.bin");
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(4L << 30); // sparse
        }
        Run huge = Run.veil("fhe", "decrypt", "--keys", keys.toString(), "--in", big.toString());
        assertEquals(2, huge.exit(), huge.toString());
        assertEquals(1, huge.err().strip().lines().count(), huge.err());
        assertTrue(huge.err().contains("at most"), huge.err());
    }

    @Test
    void evalDemoMatchesTheCleartext() {
        Run r = Run.veil("fhe", "eval-demo", "--preset", "N8192", "--dim", "16", "--json");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("\"ok\": true"), r.out());
    }

    @Test
    void benchReportsEveryOperation() {
        Run r = Run.veil("fhe", "bench", "--n", "4096", "--seconds", "0.05", "--threads", "2", "--json");
        assertEquals(0, r.exit(), r.err());
        for (String op : new String[] {"keygen", "keygenSecret", "keygenPublic", "keygenRelin", "keygenGalois1",
            "encryptPublic", "decrypt", "add", "addInto", "addInPlace", "multiplyPlain", "multiplyPlainPrepared",
            "multiplyRelinearize", "rotateRows", "multiplyRelinearize[2 threads]", "rotateRows[2 threads]"}) {
            assertTrue(r.out().contains("\"" + op + "\""), op + " missing: " + r.out());
        }
        // The single-thread rows say so; the threaded ones are apart, with their thread count.
        assertTrue(r.out().contains("\"threads\": 1"), r.out());
        assertTrue(r.out().contains("\"threads\": 2"), r.out());
        assertEquals(2, Run.veil("fhe", "bench", "--threads", "-1").exit());
        assertEquals(2, Run.veil("fhe", "bench", "--threads", "2000").exit());
        assertTrue(r.out().contains("\"ms\""), "figures in milliseconds: " + r.out());
        // The 20-bit batching prime for N = 4096, as SEAL's PlainModulus::Batching(4096, 20).
        assertTrue(r.out().contains("\"plainModulus\": " + org.veilgrid.kernels.Primes.nttPrimes(20, 4096, 1).get(0)), r.out());
        assertEquals(2, Run.veil("fhe", "bench", "--seconds", "0").exit());
        assertEquals(2, Run.veil("fhe", "bench", "--n", "5000").exit());
        assertEquals(2, Run.veil("fhe", "bench", "--n", "4096", "--preset", "N8192").exit());
        assertEquals(2, Run.veil("fhe", "bench", "--n", "4096", "--plain-modulus", "65536").exit());
    }
}
