package org.veilgrid.examples.cli;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.veilgrid.core.errors.ParameterException;

/**
 * Creates a set-up folder whole or not at all: everything is written into a hidden folder next
 * to it, which is renamed into place only once complete, and deleted if anything fails. So a
 * failed {@code setup} never leaves a half-written folder that later commands would half read.
 */
final class SetupFolder {
    private SetupFolder() {
    }

    /**
     * Runs {@code writer} on a fresh staging folder and moves the result to {@code dir}, which
     * must not exist or be an empty folder.
     *
     * @throws ParameterException if {@code dir} is in use or the folder cannot be written
     */
    static void create(Path dir, Consumer<Path> writer) {
        Path target = dir.toAbsolutePath().normalize();
        requireUnused(target);
        Path parent = target.getParent();
        Path staging;
        try {
            Files.createDirectories(parent);
            staging = Files.createTempDirectory(parent, "." + target.getFileName() + ".partial-");
        } catch (IOException e) {
            throw new ParameterException("cannot create a folder next to " + target + ": " + e.getMessage(), e);
        }
        boolean done = false;
        try {
            writer.accept(staging);
            requireUnused(target); // nobody filled it meanwhile
            if (Files.exists(target)) {
                Files.delete(target); // empty: the rename takes its place
            }
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            done = true;
        } catch (IOException e) {
            throw new ParameterException("cannot move the new folder to " + target + ": " + e.getMessage(), e);
        } finally {
            if (!done) {
                deleteTree(staging);
            }
        }
    }

    private static void requireUnused(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        if (!Files.isDirectory(dir)) {
            throw new ParameterException(dir + " exists and is not a folder");
        }
        try (Stream<Path> entries = Files.list(dir)) {
            if (entries.findAny().isPresent()) {
                throw new ParameterException(dir + " exists and is not empty");
            }
        } catch (IOException e) {
            throw new ParameterException("cannot read " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Best effort: a leftover staging folder is hidden and named as such. */
    private static void deleteTree(Path root) {
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException ignored) {
            // nothing more to do
        }
    }
}
