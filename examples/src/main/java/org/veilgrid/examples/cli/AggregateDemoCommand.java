package org.veilgrid.examples.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import org.veilgrid.mpc.aggregation.AggregationParams;
import org.veilgrid.mpc.aggregation.LoopbackRound;

/** {@code veil aggregate demo}: a whole round on loopback, checked against the cleartext sum. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run one aggregation round on loopback: a server, N clients (each its own TLS",
            "connection) and a committee drawn from them; some clients never send, some members stay",
            "silent. Prints the sum, who was counted, timings and bytes per client, and checks the sum."})
public final class AggregateDemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--clients", defaultValue = "100", description = "Number of clients N (default ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--dim", defaultValue = "1000", description = "Vector length L (default ${DEFAULT-VALUE}).")
    int dim;

    @Option(names = "--dropout", defaultValue = "0.1",
            description = "Fraction of clients that never send, and of members that stay silent (up to what the threshold allows) (default ${DEFAULT-VALUE}).")
    double dropout;

    @Option(names = "--committee", description = "Committee size (default min(10, N)).")
    Integer committee;

    @Option(names = "--threshold", description = "Members needed to unmask (default committee/2 + 1).")
    Integer threshold;

    @Option(names = "--bound", defaultValue = "1000000", description = "Inputs lie in [-bound, bound] (default ${DEFAULT-VALUE}).")
    long bound;

    @Option(names = "--min-counted", defaultValue = "2",
            description = "The fewest clients a sum may cover (default ${DEFAULT-VALUE}); a dropout that leaves "
                    + "fewer is refused. 1 lets a sum be one client's input.")
    int minCounted;

    @Option(names = "--inputs", description = "CSV file, one client a row of L integers (replaces random inputs; sets N and L).")
    Path inputs;

    @Option(names = "--json", description = "Print JSON (the whole sum included).")
    boolean json;

    @Override
    public Integer call() throws Exception {
        // Options first, then the file: a bad --bound must not reach the CSV reader's messages.
        if (!(dropout >= 0 && dropout < 1)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--dropout must lie in [0, 1), got " + dropout);
        }
        try {
            AggregationParams.checkInputBound(bound);
        } catch (org.veilgrid.core.errors.ParameterException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--bound: " + e.getMessage());
        }
        long[][] rows = null;
        if (inputs != null) {
            rows = CsvInputs.read(Printable.checkPath("--inputs", inputs), bound);
            clients = rows.length;
            dim = rows[0].length;
        }
        if (clients < 1 || clients > 100_000) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--clients must lie in [1, 100000], got " + clients);
        }
        int m = committee != null ? committee : Math.min(10, clients);
        int t = threshold != null ? threshold : m / 2 + 1;
        if (m < 1 || m > Math.min(clients, AggregationParams.MAX_COMMITTEE) || t < 1 || t > m) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "need 1 <= threshold <= committee <= min(N, "
                    + AggregationParams.MAX_COMMITTEE + "), got committee " + m + ", threshold " + t);
        }
        if (minCounted < 1 || minCounted > clients) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--min-counted must lie in [1, " + clients
                    + "] (the number of clients), got " + minCounted);
        }
        AggregationParams params;
        try {
            params = AggregationParams.of(dim, clients, bound);
        } catch (org.veilgrid.core.errors.ParameterException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        // A dropout that leaves fewer senders than --min-counted is refused before any output.
        LoopbackRound.checkPlan(clients, m, minCounted, dropout);
        PrintWriter err = spec.commandLine().getErr();
        err.println("veil aggregate demo: " + params);
        LoopbackRound.Report r = LoopbackRound.run(params, clients, m, t, minCounted, dropout, rows,
                line -> err.println("  " + line));
        // What "ok" claims, each checked: the sum is the cleartext sum of the senders' inputs,
        // every sender was counted, the count reaches the round's minimum, and the server got
        // exactly one message from each sender and none from the others.
        boolean sumRight = Arrays.equals(r.expected, r.result.sum);
        boolean allCounted = r.result.counted.size() == r.arrived && r.result.counted.size() >= minCounted;
        boolean oneMessageEach = r.eachSenderSentOneMessage();
        boolean ok = sumRight && allCounted && oneMessageEach;
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("ok", ok);
            o.put("sumMatchesCleartext", sumRight);
            o.put("oneMessagePerClient", oneMessageEach);
            o.put("clients", clients);
            o.put("minCounted", minCounted);
            o.put("dim", dim);
            o.put("committee", m);
            o.put("threshold", t);
            o.put("counted", r.result.counted);
            o.put("excluded", r.result.excluded);
            o.put("silentSeats", r.silentSeats);
            o.put("clientMillis", r.clientMillis);
            o.put("memberMillis", r.memberMillis);
            o.put("serverMillis", r.serverMillis);
            o.put("totalMillis", r.totalMillis);
            o.put("bytesPerClient", r.bytesPerClient);
            o.put("sum", Arrays.stream(r.result.sum).boxed().toList());
            out.println(Json.pretty(o));
        } else {
            out.printf("%s: sum of %d clients' %d-vectors (%d never sent), committee %d/%d (%d silent)%n",
                    ok ? "OK" : "CHECK FAILED", r.result.counted.size(), dim, clients - r.arrived, t, m, r.silentSeats.size());
            int show = Math.min(8, dim);
            out.printf("  sum[0..%d]        %s%s%n", show, Arrays.toString(Arrays.copyOf(r.result.sum, show)), dim > show ? " ..." : "");
            out.printf("  per client        %.1f ms, %,d bytes; one message each: %s%n", r.clientMillis, r.bytesPerClient,
                    oneMessageEach ? "yes (server's count)" : "NO");
            out.printf("  per member        %.1f ms%n", r.memberMillis);
            out.printf("  server unmasking  %.1f ms (whole round %.0f ms)%n", r.serverMillis, r.totalMillis);
        }
        return ok ? Main.EXIT_OK : Main.EXIT_FAILED;
    }
}
