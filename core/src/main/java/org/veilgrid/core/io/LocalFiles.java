package org.veilgrid.core.io;

import java.io.IOException;
import org.veilgrid.core.text.SafeText;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.errors.ParameterException;

/**
 * Reading and writing the small local files Veilgrid keeps (keys, certificates, parameters):
 * reads take regular files only and never hold more than the caller's bound, so a wrong path to
 * a huge file, a device such as /dev/zero or a FIFO fails early with one clear line; secret
 * files are created owner-only <em>before</em> any byte lands in them, so they are never briefly
 * world-readable, and a secret is never written through a symbolic link.
 */
public final class LocalFiles {
    private static final Set<PosixFilePermission> OWNER_ONLY =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    /** The longest array the JVM allocates reliably; bounds above it are clamped to it. */
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 16;

    private LocalFiles() {
    }

    /**
     * The whole file, if it is a regular file of at most {@code maxBytes} bytes. Devices,
     * FIFOs, sockets and directories are refused before they are opened (a FIFO would block,
     * /dev/zero never ends); the read itself stops after {@code maxBytes + 1} bytes, so a file
     * that grows or misreports its size cannot exhaust memory either.
     *
     * @throws ParameterException if the file is missing, unreadable or not a regular file
     * @throws MalformedInputException if it is larger than {@code maxBytes}
     */
    public static byte[] readBounded(Path file, long maxBytes) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new ParameterException("file not found: " + printable(file), e);
        } catch (IOException e) {
            throw new ParameterException("cannot read " + printable(file) + ": " + printable(e.getMessage()), e);
        }
        if (!attributes.isRegularFile()) {
            throw new ParameterException("cannot read " + printable(file) + ": it is " + kind(attributes)
                    + ", not a regular file");
        }
        if (attributes.size() > maxBytes) {
            throw tooLarge(printable(file), "file is " + attributes.size() + " bytes", maxBytes);
        }
        try (InputStream in = Files.newInputStream(file)) {
            return readBounded(in, printable(file), maxBytes);
        } catch (IOException e) {
            throw new ParameterException("cannot read " + printable(file) + ": " + printable(e.getMessage()), e);
        }
    }

    /**
     * At most {@code maxBytes} bytes from a stream (standard input, say) up to its end.
     *
     * @param what names the stream in messages, e.g. "standard input"
     * @throws MalformedInputException if the stream holds more than {@code maxBytes} bytes
     * @throws ParameterException if it cannot be read
     */
    public static byte[] readBounded(InputStream in, String what, long maxBytes) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must be non-negative");
        }
        int limit = (int) Math.min(maxBytes, MAX_ARRAY);
        try {
            // One byte beyond the bound tells "exactly maxBytes" from "more".
            byte[] b = in.readNBytes(limit < MAX_ARRAY ? limit + 1 : limit);
            if (b.length > limit || (limit == MAX_ARRAY && in.read() >= 0)) {
                throw tooLarge(what, "more than " + limit + " bytes", maxBytes);
            }
            return b;
        } catch (IOException e) {
            throw new ParameterException("cannot read " + what + ": " + printable(e.getMessage()), e);
        }
    }

    private static MalformedInputException tooLarge(String what, String size, long maxBytes) {
        return new MalformedInputException(what, size + "; at most " + maxBytes + " allowed");
    }

    private static String kind(BasicFileAttributes a) {
        if (a.isDirectory()) {
            return "a directory";
        }
        if (a.isSymbolicLink()) {
            return "a symbolic link";
        }
        // "other": a character or block device, a FIFO or a socket
        return "a device, FIFO or socket";
    }

    /**
     * Writes (creating or replacing) the file, creating missing parent directories. A secret
     * ({@code secret}) is written to a new owner-only temporary file beside the target and
     * renamed over it, so it never follows a symbolic link and is never readable by others, even
     * briefly; a target that is a symbolic link is refused. Public files are written in place.
     *
     * @throws ParameterException if the file or a parent directory cannot be written
     */
    public static void write(Path file, byte[] bytes, boolean secret) {
        try {
            Path parent = createParents(file);
            if (!secret) {
                Files.write(file, bytes, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                        StandardOpenOption.WRITE);
                return;
            }
            refuseSymbolicLink(file);
            Path tmp = Files.createTempFile(parent, "." + file.getFileName() + ".", ".tmp", ownerOnly());
            try {
                try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING, LinkOption.NOFOLLOW_LINKS)) {
                    out.write(bytes);
                }
                try {
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new ParameterException("cannot write " + printable(file) + ": " + printable(e.getMessage()), e);
        }
    }

    /**
     * Writes a file that must not exist yet: an existing file, directory or symbolic link
     * (even a dangling one) is refused, never overwritten or followed. The file is created
     * exclusively (O_CREAT | O_EXCL) and, for a secret, owner-only at creation.
     *
     * @throws ParameterException if the file exists or cannot be written
     */
    public static void writeNew(Path file, byte[] bytes, boolean secret) {
        try {
            createParents(file);
            FileAttribute<?>[] attributes = secret ? ownerOnly() : new FileAttribute<?>[0];
            Set<OpenOption> options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS);
            try (var channel = Files.newByteChannel(file, options, attributes);
                 OutputStream out = java.nio.channels.Channels.newOutputStream(channel)) {
                out.write(bytes);
            }
        } catch (FileAlreadyExistsException e) {
            throw new ParameterException(printable(file) + " already exists; refusing to overwrite it", e);
        } catch (IOException e) {
            throw new ParameterException("cannot write " + printable(file) + ": " + printable(e.getMessage()), e);
        }
    }

    /** True if something (a file, a directory, a link, even a dangling one) is at {@code file}. */
    public static boolean exists(Path file) {
        return Files.exists(file, LinkOption.NOFOLLOW_LINKS);
    }

    private static Path createParents(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        return parent;
    }

    private static void refuseSymbolicLink(Path file) {
        if (Files.isSymbolicLink(file)) {
            throw new ParameterException("cannot write " + printable(file)
                    + ": it is a symbolic link, and a secret is never written through one");
        }
    }

    private static FileAttribute<?>[] ownerOnly() {
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)};
        }
        return new FileAttribute<?>[0];
    }

    /**
     * A path or message fit for a one-line error ({@link SafeText#escape}): control characters
     * (a newline, an escape sequence) are shown escaped instead of being echoed to the terminal.
     */
    public static String printable(Object pathOrText) {
        return SafeText.escape(String.valueOf(pathOrText));
    }
}
