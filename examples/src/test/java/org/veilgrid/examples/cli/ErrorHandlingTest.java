package org.veilgrid.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.errors.ParameterException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

class ErrorHandlingTest {

    @Command(name = "thrower")
    static final class Thrower implements Callable<Integer> {
        @Option(names = "--verbose", scope = ScopeType.INHERIT)
        boolean verbose;

        @Option(names = "--what")
        String what = "parameter";

        @Override
        public Integer call() {
            switch (what) {
                case "parameter" -> throw new ParameterException("ring degree 1000 is not a power of two");
                case "malformed" -> throw new MalformedInputException("ciphertext", "has 3 polynomials, expected 2");
                case "illegal" -> throw new IllegalArgumentException("bad count");
                case "multiline" -> throw new org.veilgrid.core.errors.ProtocolAbortException("server",
                        "could not fetch the round: Status{code=UNAVAILABLE, cause=ConnectException: refused\n"
                        + "\tat io.grpc.Foo.bar(Foo.java:1)\n\tat io.grpc.Foo.baz(Foo.java:2)}");
                case "control" -> throw new ParameterException("bad header 'a\u001b[31mred\u0007'");
                default -> throw new IllegalStateException("boom");
            }
        }
    }

    private static Run thrower(String... args) {
        CommandLine cl = new CommandLine(new Thrower());
        cl.setExecutionExceptionHandler(Main::handleExecutionException);
        cl.setParameterExceptionHandler(Main::handleParameterException);
        return Run.run(cl, args);
    }

    @Test
    void veilExceptionIsOneLineAndExitTwo() {
        Run r = thrower();
        assertEquals(2, r.exit(), r::toString);
        assertEquals("thrower: parameter error: ring degree 1000 is not a power of two", r.err().strip(), r::toString);
        Run m = thrower("--what", "malformed");
        assertEquals(2, m.exit(), m::toString);
        assertTrue(m.err().startsWith("thrower: malformed input error: ciphertext"), m::toString);
    }

    @Test
    void illegalArgumentIsOneLineAndExitTwo() {
        Run r = thrower("--what", "illegal");
        assertEquals(2, r.exit(), r::toString);
        assertEquals("thrower: error: bad count", r.err().strip(), r::toString);
    }

    @Test
    void otherExceptionsAreInternalErrorsExitOne() {
        Run r = thrower("--what", "other");
        assertEquals(1, r.exit(), r::toString);
        assertTrue(r.err().startsWith("thrower: internal error: java.lang.IllegalStateException: boom"), r::toString);
        assertFalse(r.err().contains("\tat "), r::toString);
    }

    @Test
    void verbosePrintsTheStackTrace() {
        Run r = thrower("--verbose");
        assertEquals(2, r.exit(), r::toString);
        assertTrue(r.err().contains("\tat "), r::toString);
    }

    @Test
    void usageErrorsExitTwo() {
        Run r = thrower("--nope");
        assertEquals(2, r.exit(), r::toString);
        assertTrue(r.err().contains("--nope"), r::toString);
    }

    @Test
    void aMessageWithALineBreakIsCutToItsFirstLine() {
        Run r = thrower("--what", "multiline");
        assertEquals(2, r.exit(), r::toString);
        assertEquals(1, r.err().strip().split("\n").length, r::toString);
        assertTrue(r.err().startsWith("thrower: protocol abort error: protocol aborted by party 'server': "
                + "could not fetch the round"), r::toString);
        assertFalse(r.err().contains("\tat "), r::toString);
    }

    @Test
    void controlCharactersFromInputAreNotEchoed() {
        Run r = thrower("--what", "control");
        assertEquals("thrower: parameter error: bad header 'a\\u001b[31mred\\u0007'", r.err().strip(), r::toString);
    }

    @Test
    void aLongMessageIsCapped() {
        String line = Main.oneLine("x".repeat(5000));
        assertEquals(Main.MAX_ERROR_CHARS + 3, line.length());
        assertTrue(line.endsWith("..."));
    }
}
