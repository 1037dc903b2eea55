package org.veilgrid.core.io;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.errors.ParameterException;

/**
 * Reading and writing the small local files Veilgrid keeps (keys, certificates, parameters):
 * reads are bounded so a wrong path to a huge file fails early, and secret files are created
 * owner-only <em>before</em> any byte lands in them, so they are never briefly world-readable.
 */
public final class LocalFiles {
    private static final Set<PosixFilePermission> OWNER_ONLY =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    private LocalFiles() {
    }

    /**
     * The whole file, if it is at most {@code maxBytes} long.
     *
     * @throws ParameterException if the file is missing or unreadable
     * @throws MalformedInputException if it is larger than {@code maxBytes}
     */
    public static byte[] readBounded(Path file, long maxBytes) {
        try {
            long size = Files.size(file);
            if (size > maxBytes) {
                throw new MalformedInputException(file.toString(),
                        "file is " + size + " bytes; at most " + maxBytes + " allowed");
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ParameterException("file not found: " + file, e);
        } catch (IOException e) {
            throw new ParameterException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes (creating or truncating) the file, creating missing parent directories. With
     * {@code secret}, the file is made readable by its owner only first, where the file system
     * has POSIX permissions (elsewhere the platform's defaults apply).
     *
     * @throws ParameterException if the file or a parent directory cannot be written
     */
    public static void write(Path file, byte[] bytes, boolean secret) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            if (secret && FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                if (Files.exists(file)) {
                    Files.setPosixFilePermissions(file, OWNER_ONLY);
                } else {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
                }
            }
            Files.write(file, bytes, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new ParameterException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
