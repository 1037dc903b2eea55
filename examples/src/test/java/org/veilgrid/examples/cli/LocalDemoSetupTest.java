package org.veilgrid.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The setup commands that deal every participant's keys from one folder run only with
 * --local-demo: without it they refuse in one line that says why and where to go instead, exit 2,
 * and write nothing; with it they make the folder as before.
 */
class LocalDemoSetupTest {
    @TempDir
    Path tmp;

    static Stream<Arguments> setupCommands() {
        return Stream.of(
                Arguments.of(List.of("mpc", "setup", "--parties", "3", "--port", "7100")),
                Arguments.of(List.of("aggregate", "setup", "--clients", "3")),
                Arguments.of(List.of("grid", "setup", "--nodes", "1")),
                Arguments.of(List.of("auction", "setup", "--institutions", "bank-a,bank-b", "--price-grid", "1:5:1")));
    }

    @ParameterizedTest
    @MethodSource("setupCommands")
    void withoutLocalDemoASetupCommandRefusesInOneLineAndWritesNothing(List<String> command) throws Exception {
        Path work = Files.createDirectory(tmp.resolve("work"));
        List<String> args = new ArrayList<>(command);
        args.addAll(List.of("--dir", work.resolve("run").toString()));
        Run refused = Run.veil(args.toArray(String[]::new));
        assertEquals(2, refused.exit(), refused.toString());
        assertEquals(1, refused.err().strip().lines().count(), refused.err());
        String line = refused.err();
        assertTrue(line.contains("every participant's secret keys into one folder") && line.contains("--local-demo")
                && line.contains("veil identity init") && line.contains("veil roster add")
                && line.contains("docs/deploy.md"), line);
        assertEquals("", refused.out());
        try (Stream<Path> left = Files.list(work)) {
            assertEquals(List.of(), left.toList(), "a refused setup writes nothing");
        }

        args.add(2, "--local-demo");
        Run made = Run.veil(args.toArray(String[]::new));
        assertEquals(0, made.exit(), made.toString());
        assertTrue(Files.isDirectory(work.resolve("run")), made.toString());
    }
}
