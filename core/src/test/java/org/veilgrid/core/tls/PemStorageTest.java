package org.veilgrid.core.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.errors.VeilException;
import org.veilgrid.core.errors.VerificationFailedException;

class PemStorageTest {

    private static CertificateAuthority ca;
    private static TlsIdentity alice;
    private static TlsIdentity bob;

    @TempDir
    Path dir;

    @BeforeAll
    static void setUp() {
        ca = CertificateAuthority.create("storage test CA");
        alice = ca.issue("alice");
        bob = ca.issue("bob");
    }

    private void saveAll() {
        ca.save(dir);
        alice.save(dir);
        bob.save(dir);
    }

    @Test
    void caAndIdentitiesSurviveARoundTrip() throws Exception {
        saveAll();
        for (String file : List.of("ca.pem", "ca.key", "alice.pem", "alice.key", "bob.pem", "bob.key")) {
            assertTrue(Files.isRegularFile(dir.resolve(file)), file);
        }

        CertificateAuthority loadedCa = CertificateAuthority.load(dir);
        assertArrayEquals(ca.certificate().getEncoded(), loadedCa.certificate().getEncoded());
        assertEquals("storage test CA", loadedCa.name());
        // The loaded CA still holds the signing key: what it issues verifies under the original.
        loadedCa.issue("carol").certificate().verify(ca.certificate().getPublicKey());

        TlsIdentity loaded = TlsIdentity.load(dir, "alice");
        assertEquals("alice", loaded.partyName());
        assertArrayEquals(alice.privateKey().getEncoded(), loaded.privateKey().getEncoded());
        assertEquals(alice.certificateChain().size(), loaded.certificateChain().size());
        for (int i = 0; i < alice.certificateChain().size(); i++) {
            assertArrayEquals(alice.certificateChain().get(i).getEncoded(),
                    loaded.certificateChain().get(i).getEncoded());
        }
        assertArrayEquals(ca.certificate().getEncoded(), loaded.trustedCa().getEncoded());
    }

    @Test
    void filesArePemAndKeysArePkcs8() throws Exception {
        saveAll();
        String certificate = Files.readString(dir.resolve("alice.pem"));
        assertTrue(certificate.startsWith("-----BEGIN CERTIFICATE-----"));
        assertEquals(2, certificate.split("-----BEGIN CERTIFICATE-----", -1).length - 1);
        assertTrue(Files.readString(dir.resolve("alice.key")).startsWith("-----BEGIN PRIVATE KEY-----"));
    }

    @Test
    void keyFilesAreOwnerOnly() throws Exception {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        saveAll();
        EnumSet<PosixFilePermission> ownerOnly =
                EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertEquals(ownerOnly, Files.getPosixFilePermissions(dir.resolve("ca.key")));
        assertEquals(ownerOnly, Files.getPosixFilePermissions(dir.resolve("alice.key")));
    }

    @Test
    void identityCanBeSavedWithoutTheCaKey() {
        alice.save(dir);
        assertTrue(Files.exists(dir.resolve("ca.pem")));
        assertFalse(Files.exists(dir.resolve("ca.key")));
        assertEquals("alice", TlsIdentity.load(dir, "alice").partyName());
    }

    @Test
    void savingNextToADifferentCaIsRefused() {
        saveAll();
        CertificateAuthority other = CertificateAuthority.create("other CA");
        assertThrows(ParameterException.class, () -> other.save(dir));
        assertThrows(ParameterException.class, () -> other.issue("eve").save(dir));
        // Saving the same CA again is fine.
        ca.save(dir);
    }

    @Test
    void truncatedCertificateIsMalformed() throws Exception {
        saveAll();
        Path file = dir.resolve("ca.pem");
        String text = Files.readString(file);
        Files.writeString(file, text.substring(0, text.length() / 2));
        MalformedInputException e = assertThrows(MalformedInputException.class,
                () -> CertificateAuthority.load(dir));
        assertTrue(e.where().endsWith("ca.pem"), e.getMessage());
    }

    @Test
    void truncatedChainIsMalformed() throws Exception {
        saveAll();
        Path file = dir.resolve("alice.pem");
        String text = Files.readString(file);
        // Keep the leaf whole and cut the second certificate in half.
        Files.writeString(file, text.substring(0, text.length() - text.length() / 4));
        assertThrows(MalformedInputException.class, () -> TlsIdentity.load(dir, "alice"));
    }

    @Test
    void garbledBase64IsMalformed() throws Exception {
        saveAll();
        Path file = dir.resolve("alice.pem");
        String text = Files.readString(file);
        int body = text.indexOf('\n') + 1;
        Files.writeString(file, text.substring(0, body) + "!!!!not*base64!!!!" + text.substring(body + 18));
        assertThrows(MalformedInputException.class, () -> TlsIdentity.load(dir, "alice"));
    }

    @Test
    void garbledDerIsMalformed() throws Exception {
        saveAll();
        Path file = dir.resolve("ca.pem");
        String text = Files.readString(file);
        int body = text.indexOf('\n') + 1;
        // Valid base64, but the bytes no longer start with a DER SEQUENCE.
        Files.writeString(file, text.substring(0, body) + "AAAA" + text.substring(body + 4));
        assertThrows(MalformedInputException.class, () -> CertificateAuthority.load(dir));
    }

    @Test
    void emptyBinaryAndHugeFilesAreMalformed() throws Exception {
        saveAll();
        Path file = dir.resolve("ca.pem");
        Files.writeString(file, "");
        assertThrows(MalformedInputException.class, () -> CertificateAuthority.load(dir));
        Files.writeString(file, "just some text, no PEM here\n");
        assertThrows(MalformedInputException.class, () -> CertificateAuthority.load(dir));
        Files.write(file, new byte[] {(byte) 0xff, (byte) 0xfe, 0x00, 0x41});
        assertThrows(MalformedInputException.class, () -> CertificateAuthority.load(dir));
        Files.write(file, new byte[PemFiles.MAX_FILE_BYTES + 1]);
        assertThrows(MalformedInputException.class, () -> CertificateAuthority.load(dir));
    }

    @Test
    void unknownPemTypeIsMalformed() throws Exception {
        saveAll();
        Files.writeString(dir.resolve("ca.pem"),
                "-----BEGIN GIBBERISH-----\nAAAA\n-----END GIBBERISH-----\n");
        assertThrows(MalformedInputException.class, () -> CertificateAuthority.load(dir));
    }

    @Test
    void certificateWhereAKeyBelongsIsMalformed() throws Exception {
        saveAll();
        Files.copy(dir.resolve("alice.pem"), dir.resolve("alice.key"),
                StandardCopyOption.REPLACE_EXISTING);
        MalformedInputException e = assertThrows(MalformedInputException.class,
                () -> TlsIdentity.load(dir, "alice"));
        assertTrue(e.where().endsWith("alice.key"), e.getMessage());
    }

    @Test
    void keyWhereACertificateBelongsIsMalformed() throws Exception {
        saveAll();
        Files.copy(dir.resolve("alice.key"), dir.resolve("alice.pem"),
                StandardCopyOption.REPLACE_EXISTING);
        assertThrows(MalformedInputException.class, () -> TlsIdentity.load(dir, "alice"));
    }

    @Test
    void truncatedOrGarbledKeyIsMalformedAndTheMessageLeaksNoKey() throws Exception {
        saveAll();
        Path file = dir.resolve("alice.key");
        String original = Files.readString(file, StandardCharsets.US_ASCII);
        String[] variants = {
            original.substring(0, original.length() / 2),
            original.replaceFirst("\n[A-Za-z0-9+/]{4}", "\n@@@@"),
            original.replaceFirst("\n[A-Za-z0-9+/]{4}", "\nAAAA"),
        };
        String keyBase64 = Base64.getEncoder().encodeToString(alice.privateKey().getEncoded());
        for (String variant : variants) {
            Files.writeString(file, variant, StandardCharsets.US_ASCII);
            MalformedInputException e = assertThrows(MalformedInputException.class,
                    () -> TlsIdentity.load(dir, "alice"), variant);
            assertEquals(null, e.getCause(), "no parser message that could echo key bytes");
            for (int i = 0; i + 12 <= keyBase64.length(); i += 4) {
                assertFalse(e.getMessage().contains(keyBase64.substring(i, i + 12)), e.getMessage());
            }
        }
    }

    @Test
    void mismatchedKeyIsAParameterError() throws Exception {
        saveAll();
        Files.copy(dir.resolve("bob.key"), dir.resolve("alice.key"),
                StandardCopyOption.REPLACE_EXISTING);
        assertThrows(ParameterException.class, () -> TlsIdentity.load(dir, "alice"));
        Files.copy(dir.resolve("bob.key"), dir.resolve("ca.key"),
                StandardCopyOption.REPLACE_EXISTING);
        assertThrows(ParameterException.class, () -> CertificateAuthority.load(dir));
    }

    @Test
    void leafInPlaceOfTheCaIsRejected() throws Exception {
        saveAll();
        Files.copy(dir.resolve("alice.pem"), dir.resolve("ca.pem"),
                StandardCopyOption.REPLACE_EXISTING);
        VeilException e = assertThrows(VeilException.class, () -> CertificateAuthority.load(dir));
        assertTrue(e instanceof ParameterException || e instanceof VerificationFailedException,
                e.toString());
    }

    @Test
    void missingFilesAreParameterErrors() {
        assertThrows(ParameterException.class, () -> CertificateAuthority.load(dir));
        assertThrows(ParameterException.class, () -> TlsIdentity.load(dir, "alice"));
        assertThrows(ParameterException.class, () -> TlsIdentity.load(dir, "../alice"));
    }
}
