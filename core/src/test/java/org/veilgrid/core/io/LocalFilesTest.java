package org.veilgrid.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.errors.ParameterException;

class LocalFilesTest {

    @Test
    void writeCreatesMissingParentsAndReadsBack(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("a/b/c.bin");
        LocalFiles.write(file, new byte[] {1, 2, 3}, false);
        assertArrayEquals(new byte[] {1, 2, 3}, LocalFiles.readBounded(file, 3));
        LocalFiles.write(file, new byte[] {4}, false); // truncates
        assertArrayEquals(new byte[] {4}, LocalFiles.readBounded(file, 3));
    }

    @Test
    void secretFilesAreOwnerOnly(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("keys/secret.key");
        LocalFiles.write(file, new byte[32], true);
        if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
            assertEquals(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                    Files.getPosixFilePermissions(file));
        }
    }

    @Test
    void oversizedAndMissingFilesGiveTypedErrors(@TempDir Path dir) {
        Path file = dir.resolve("big.bin");
        LocalFiles.write(file, new byte[10], false);
        MalformedInputException big = assertThrows(MalformedInputException.class, () -> LocalFiles.readBounded(file, 9));
        assertTrue(big.getMessage().contains("at most 9"), big.getMessage());
        assertThrows(ParameterException.class, () -> LocalFiles.readBounded(dir.resolve("none"), 9));
    }

    @Test
    void aParentThatIsAFileIsAClearError(@TempDir Path dir) {
        Path blocker = dir.resolve("plain");
        LocalFiles.write(blocker, new byte[1], false);
        ParameterException e = assertThrows(ParameterException.class,
                () -> LocalFiles.write(blocker.resolve("child.bin"), new byte[1], false));
        assertTrue(e.getMessage().contains("cannot write"), e.getMessage());
    }

    @Test
    void aCharacterDeviceLikeDevZeroIsRefusedWithoutReadingIt() {
        Path zero = Path.of("/dev/zero");
        Assumptions.assumeTrue(Files.exists(zero), "no /dev/zero on this system");
        ParameterException e = assertThrows(ParameterException.class, () -> LocalFiles.readBounded(zero, 1 << 20));
        assertTrue(e.getMessage().contains("not a regular file"), e.getMessage());
    }

    @Test
    void aFifoIsRefusedInsteadOfBlocking(@TempDir Path dir) throws Exception {
        Path fifo = dir.resolve("pipe");
        Process mk;
        try {
            mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
        } catch (java.io.IOException e) {
            Assumptions.abort("mkfifo is not available: " + e.getMessage());
            return;
        }
        Assumptions.assumeTrue(mk.waitFor(30, TimeUnit.SECONDS) && mk.exitValue() == 0, "mkfifo failed");
        // Opening a FIFO without a writer blocks forever; the refusal must come before that.
        ParameterException e = assertThrows(ParameterException.class, () -> LocalFiles.readBounded(fifo, 1024));
        assertTrue(e.getMessage().contains("not a regular file"), e.getMessage());
    }

    @Test
    void aSparseFileFarAboveTheBoundIsRefusedBeforeItIsRead(@TempDir Path dir) throws Exception {
        Path big = dir.resolve("huge.bin");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(8L << 30); // 8 GiB, sparse: no disk used
        }
        MalformedInputException e = assertThrows(MalformedInputException.class, () -> LocalFiles.readBounded(big, 4096));
        assertTrue(e.getMessage().contains("at most 4096"), e.getMessage());
    }

    @Test
    void aStreamLongerThanTheBoundIsRefusedAndOneOfExactlyTheBoundIsRead() {
        assertArrayEquals(new byte[8], LocalFiles.readBounded(new ByteArrayInputStream(new byte[8]), "standard input", 8));
        MalformedInputException e = assertThrows(MalformedInputException.class,
                () -> LocalFiles.readBounded(new ByteArrayInputStream(new byte[9]), "standard input", 8));
        assertTrue(e.getMessage().startsWith("standard input: more than 8 bytes"), e.getMessage());
    }

    @Test
    void aSecretIsNotWrittenThroughASymbolicLink(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("elsewhere.txt");
        Files.writeString(target, "not yours");
        Path link = dir.resolve("agent.key");
        Files.createSymbolicLink(link, target);
        ParameterException e = assertThrows(ParameterException.class, () -> LocalFiles.write(link, new byte[32], true));
        assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
        assertEquals("not yours", Files.readString(target));
        // nor by writeNew, not even when the link dangles
        Path dangling = dir.resolve("dangling.key");
        Files.createSymbolicLink(dangling, dir.resolve("missing"));
        assertThrows(ParameterException.class, () -> LocalFiles.writeNew(dangling, new byte[32], true));
        assertTrue(Files.notExists(dir.resolve("missing")));
    }

    @Test
    void replacingASecretKeepsItOwnerOnlyAndLeavesNoTemporaryFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("secret.key");
        Files.write(file, new byte[] {9});
        if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
            Files.setPosixFilePermissions(file, EnumSet.of(PosixFilePermission.OWNER_READ,
                    PosixFilePermission.OWNER_WRITE, PosixFilePermission.OTHERS_READ));
        }
        LocalFiles.write(file, new byte[] {1, 2}, true);
        assertArrayEquals(new byte[] {1, 2}, Files.readAllBytes(file));
        if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
            assertEquals(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                    Files.getPosixFilePermissions(file));
        }
        try (var listing = Files.list(dir)) {
            assertEquals(1, listing.count());
        }
    }

    @Test
    void writeNewRefusesAnExistingFileAndKeepsItsContent(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("agent.key");
        LocalFiles.writeNew(file, new byte[] {1}, true);
        ParameterException e = assertThrows(ParameterException.class, () -> LocalFiles.writeNew(file, new byte[] {2}, true));
        assertTrue(e.getMessage().contains("already exists"), e.getMessage());
        assertArrayEquals(new byte[] {1}, Files.readAllBytes(file));
        if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
            assertEquals(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                    Files.getPosixFilePermissions(file));
        }
    }

    @Test
    void controlCharactersInPathsAreNotEchoed(@TempDir Path dir) {
        ParameterException e = assertThrows(ParameterException.class,
                () -> LocalFiles.readBounded(dir.resolve("a\u001b[2Jb"), 10));
        assertTrue(!e.getMessage().contains("\u001b") && e.getMessage().contains("\\u001b"), e.getMessage());
    }
}
