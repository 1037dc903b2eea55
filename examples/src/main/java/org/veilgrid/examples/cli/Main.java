package org.veilgrid.examples.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.veilgrid.core.errors.VeilException;
import org.veilgrid.core.text.SafeText;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Entry point of the {@code veil} jar. Exit codes: {@value #EXIT_OK} success,
 * {@value #EXIT_FAILED} a check failed or an internal error, {@value #EXIT_USAGE} bad arguments
 * or parameters (picocli's usage errors, {@link VeilException}s and
 * {@link IllegalArgumentException}s from the code they drive).
 */
public final class Main {
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILED = 1;
    public static final int EXIT_USAGE = 2;

    private Main() {
    }

    /**
     * Kept reachable so that java.util.logging does not forget the levels set on them (it holds
     * loggers weakly).
     */
    private static final List<Logger> QUIETED = new ArrayList<>();

    public static void main(String[] args) {
        if (!verbose(args)) {
            quietLibraryLogging();
        }
        System.exit(newCommandLine().execute(args));
    }

    /**
     * gRPC and netty report a refused connection or a peer that vanished by logging whole stack
     * traces through java.util.logging, besides failing the call. The command already turns the
     * failed call into its one-line error, so without --verbose their log output is dropped.
     */
    static void quietLibraryLogging() {
        for (String name : List.of("io.grpc", "io.netty", "io.grpc.netty.shaded")) {
            Logger logger = Logger.getLogger(name);
            logger.setLevel(Level.OFF);
            QUIETED.add(logger);
        }
    }

    /**
     * The configured {@code veil} command line, ready for {@link CommandLine#execute}; tests
     * capture its output with {@link CommandLine#setOut}/{@link CommandLine#setErr}.
     */
    public static CommandLine newCommandLine() {
        CommandLine cl = new CommandLine(new VeilCommand());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler(Main::handleExecutionException);
        cl.setParameterExceptionHandler(Main::handleParameterException);
        return cl;
    }

    /** Bad command line: one line saying what is wrong, a pointer to --help, exit 2. */
    static int handleParameterException(ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        PrintWriter err = cl.getErr();
        String name = cl.getCommandSpec().qualifiedName();
        err.println(name + ": " + oneLine(ex.getMessage()));
        if (!UnmatchedArgumentException.printSuggestions(ex, err)) {
            err.println("Try '" + name + " --help' for usage.");
        }
        err.flush();
        return EXIT_USAGE;
    }

    /**
     * An exception from a command: typed Veilgrid failures and bad arguments become one line on
     * stderr and exit 2; anything else is an internal error, exit 1. Stack traces only with
     * --verbose or VEIL_DEBUG=1.
     */
    static int handleExecutionException(Exception ex, CommandLine cl, ParseResult parsed) {
        PrintWriter err = cl.getErr();
        String name = cl.getCommandSpec().qualifiedName();
        boolean debug = verbose(parsed);
        int code;
        if (ex instanceof VeilException ve) {
            err.println(name + ": " + ve.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                    + " error: " + oneLine(ve.getMessage()));
            code = EXIT_USAGE;
        } else if (ex instanceof IllegalArgumentException) {
            err.println(name + ": error: " + oneLine(ex.getMessage()));
            code = EXIT_USAGE;
        } else {
            err.println(name + ": internal error: " + ex.getClass().getName() + ": " + oneLine(ex.getMessage()));
            if (!debug) {
                err.println("(run with --verbose or VEIL_DEBUG=1 for the stack trace)");
            }
            code = EXIT_FAILED;
        }
        if (debug) {
            ex.printStackTrace(err);
        }
        err.flush();
        return code;
    }

    /**
     * An error message as one printable line: a message can carry text from elsewhere (a gRPC
     * status with its cause's stack trace, a file's contents, a peer's reply), so it is cut at its
     * first line break, control characters are escaped ({@link SafeText}), and it is capped at
     * {@value #MAX_ERROR_CHARS} characters. The full text is in the stack trace under --verbose.
     */
    static String oneLine(String message) {
        if (message == null) {
            return "(no message)";
        }
        return SafeText.abbreviate(SafeText.firstLine(message).strip(), MAX_ERROR_CHARS);
    }

    /** How much of one error message is printed without --verbose. */
    static final int MAX_ERROR_CHARS = 400;

    /** --verbose among the raw arguments (before parsing), or VEIL_DEBUG set. */
    static boolean verbose(String[] args) {
        for (String a : args) {
            if (a.equals("--verbose")) {
                return true;
            }
        }
        return debugEnvironment();
    }

    /** --verbose anywhere on the command line, or VEIL_DEBUG set to something other than 0/false/off. */
    static boolean verbose(ParseResult parsed) {
        for (ParseResult pr = parsed; pr != null; pr = pr.subcommand()) {
            if (pr.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return debugEnvironment();
    }

    private static boolean debugEnvironment() {
        String env = System.getenv("VEIL_DEBUG");
        if (env == null) {
            return false;
        }
        String v = env.trim().toLowerCase(Locale.ROOT);
        return !(v.isEmpty() || v.equals("0") || v.equals("false") || v.equals("off") || v.equals("no"));
    }
}
