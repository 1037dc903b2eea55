package org.veilgrid.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
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
}
