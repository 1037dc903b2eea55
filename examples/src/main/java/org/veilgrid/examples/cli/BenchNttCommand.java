package org.veilgrid.examples.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.veilgrid.examples.diagnostics.DoctorReport;
import org.veilgrid.examples.diagnostics.NttThroughput;
import org.veilgrid.examples.diagnostics.NttThroughput.Result;
import org.veilgrid.kernels.KernelArgumentException;
import org.veilgrid.kernels.Kernels;
import org.veilgrid.kernels.NativeLibrary;
import org.veilgrid.kernels.NativeStatus;
import org.veilgrid.kernels.NttTables;
import org.veilgrid.kernels.Primes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code veil bench ntt}: forward and inverse NTT throughput, native kernels against the Java twin. */
@Command(name = "ntt",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        header = "Forward and inverse NTT throughput, native kernels against the Java twin.",
        description = {"Measures forward and inverse negacyclic NTT throughput for each ring degree N and number "
                + "of RNS primes, with the native kernels and with the pure-Java twin, and reports microseconds per "
                + "transform, transforms per second and the native speed-up. Each measurement warms up (at least "
                + "0.3 s, for the JIT), then times back-to-back transforms; progress goes to stderr. Without the "
                + "native library only the Java twin is measured.",
            "",
            "This is a quick check: the JMH benchmarks in bench/ are the authoritative figures "
                + "(see docs/BENCHMARKS.md)."})
public final class BenchNttCommand implements Callable<Integer> {
    static final int MAX_PRIMES = 64;
    static final int MIN_BITS = 20;
    static final int MAX_BITS = 62;
    static final double MAX_SECONDS = 60;

    @Spec
    CommandSpec spec;

    @Option(names = "--n", split = ",", paramLabel = "N", defaultValue = "4096,8192,16384,32768",
            description = "Ring degrees, powers of two from 2^" + NttTables.MIN_LOG_N + " to 2^" + NttTables.MAX_LOG_N
                    + " (default: ${DEFAULT-VALUE}).")
    List<Integer> ns;

    @Option(names = "--primes", split = ",", paramLabel = "K", defaultValue = "1,4",
            description = "Numbers of RNS primes transformed per call, 1.." + MAX_PRIMES + " (default: ${DEFAULT-VALUE}).")
    List<Integer> primeCounts;

    @Option(names = "--bits", paramLabel = "BITS", defaultValue = "60",
            description = "Bits of each prime, " + MIN_BITS + ".." + MAX_BITS + " and more than log2(2N) (default: ${DEFAULT-VALUE}).")
    int bits;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "1.0",
            description = "Timed phase of each measurement (one backend, one direction), in seconds, at most "
                    + "60; the warm-up before it is a quarter of it, at least 0.3 s (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--json", description = "Print a JSON array of {n, primes, bits, backend, op, micros, opsPerSec}.")
    boolean json;

    @Override
    public Integer call() {
        List<Integer> nList = distinct(ns);
        List<Integer> kList = distinct(primeCounts);
        validate(nList, kList);
        // Find every prime up front, so a combination without enough primes fails before any timing.
        int maxK = kList.stream().mapToInt(Integer::intValue).max().orElseThrow();
        Map<Integer, List<Long>> primesByN = new LinkedHashMap<>();
        for (int n : nList) {
            try {
                primesByN.put(n, Primes.nttPrimes(bits, n, maxK));
            } catch (KernelArgumentException e) {
                throw new ParameterException(spec.commandLine(), "invalid combination of --bits " + bits + ", --n "
                        + n + " and --primes " + maxK + ": " + e.getMessage());
            }
        }

        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        NativeStatus st = NativeLibrary.status();
        List<Kernels> backends = new ArrayList<>();
        Kernels.nativeKernels().ifPresent(backends::add);
        backends.add(Kernels.java());
        int cases = nList.size() * kList.size();
        double estimate = cases * backends.size() * 2 * (NttThroughput.warmupSeconds(seconds) + seconds);
        String mu = TextTable.micro();
        if (!st.loaded()) {
            err.println("veil bench ntt: native kernels " + DoctorReport.nativeState(st) + "; measuring the Java twin only");
        }
        err.printf(Locale.ROOT, "veil bench ntt: %d case%s, %d measurements each; warm-up and timing take about %.0f s "
                        + "(a quick check; the JMH benchmarks in bench/ are the authoritative figures)%n",
                cases, cases == 1 ? "" : "s", backends.size() * 2, Math.ceil(estimate));
        err.flush();

        List<Result> results = new ArrayList<>();
        int done = 0;
        for (int n : nList) {
            for (int k : kList) {
                long[] primes = primesByN.get(n).subList(0, k).stream().mapToLong(Long::longValue).toArray();
                List<Result> rs = NttThroughput.measure(n, primes, bits, backends, seconds, r -> { });
                results.addAll(rs);
                done++;
                List<String> parts = new ArrayList<>();
                for (Kernels b : backends) {
                    String name = b.backend().name().toLowerCase(Locale.ROOT);
                    parts.add(name + " fwd " + find(rs, n, k, name, "forward").map(r -> formatMicros(r.micros())).orElse("-")
                            + " " + mu + ", inv " + find(rs, n, k, name, "inverse").map(r -> formatMicros(r.micros())).orElse("-")
                            + " " + mu);
                }
                err.printf(Locale.ROOT, "[%d/%d] N=%d primes=%d: %s%n", done, cases, n, k, String.join("; ", parts));
                err.flush();
            }
        }

        if (json) {
            List<Map<String, Object>> arr = new ArrayList<>();
            for (Result r : results) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("n", r.n());
                m.put("primes", r.primes());
                m.put("bits", r.bits());
                m.put("backend", r.backend());
                m.put("op", r.op());
                m.put("micros", round(r.micros(), 3));
                m.put("opsPerSec", round(r.opsPerSec(), 1));
                arr.add(m);
            }
            out.println(Json.pretty(arr));
        } else {
            printTable(out, results, st, nList, kList, mu);
        }
        out.flush();
        return Main.EXIT_OK;
    }

    private void validate(List<Integer> nList, List<Integer> kList) {
        if (nList.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "invalid value for --n: give at least one ring degree");
        }
        if (kList.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "invalid value for --primes: give at least one prime count");
        }
        int minN = 1 << NttTables.MIN_LOG_N;
        int maxN = 1 << NttTables.MAX_LOG_N;
        for (int n : nList) {
            if (n < minN || n > maxN || Integer.bitCount(n) != 1) {
                throw new ParameterException(spec.commandLine(), "invalid value for --n: " + n + (Integer.bitCount(n) != 1 || n <= 0
                        ? " is not a power of two" : " is out of range") + "; N must be a power of two from "
                        + minN + " (2^" + NttTables.MIN_LOG_N + ") to " + maxN + " (2^" + NttTables.MAX_LOG_N + ")");
            }
        }
        for (int k : kList) {
            if (k < 1 || k > MAX_PRIMES) {
                throw new ParameterException(spec.commandLine(), "invalid value for --primes: " + k
                        + " is out of range; the number of primes must be 1.." + MAX_PRIMES);
            }
        }
        if (bits < MIN_BITS || bits > MAX_BITS) {
            throw new ParameterException(spec.commandLine(), "invalid value for --bits: " + bits
                    + " is out of range; primes must have " + MIN_BITS + ".." + MAX_BITS + " bits");
        }
        int maxN2 = nList.stream().mapToInt(Integer::intValue).max().orElseThrow();
        int log2TwoN = Integer.numberOfTrailingZeros(maxN2) + 1;
        if (bits <= log2TwoN) {
            throw new ParameterException(spec.commandLine(), "invalid value for --bits: " + bits
                    + "-bit primes are too small for N=" + maxN2 + "; an NTT of size N needs primes of more than log2(2N) = "
                    + log2TwoN + " bits");
        }
        if (!(seconds > 0) || seconds > MAX_SECONDS) {
            throw new ParameterException(spec.commandLine(), "invalid value for --seconds: " + seconds
                    + " is out of range; the timed phase must be more than 0 and at most " + (int) MAX_SECONDS + " s");
        }
    }

    private void printTable(PrintWriter out, List<Result> results, NativeStatus st,
                            List<Integer> nList, List<Integer> kList, String mu) {
        boolean withNative = results.stream().anyMatch(r -> r.backend().equals("native"));
        out.println("NTT throughput, " + bits + "-bit primes; " + (withNative
                ? "native kernels " + DoctorReport.nativeState(st)
                : "Java twin only: native kernels " + DoctorReport.nativeState(st)));
        out.println("(a quick check: the JMH benchmarks in bench/ are the authoritative figures)");
        List<String[]> rows = new ArrayList<>();
        String[] header;
        boolean[] right;
        if (withNative) {
            header = new String[] {"N", "primes", "op", "native " + mu, "native ops/s", "java " + mu, "java ops/s", "speed-up"};
            right = new boolean[] {true, true, false, true, true, true, true, true};
        } else {
            header = new String[] {"N", "primes", "op", "java " + mu, "java ops/s"};
            right = new boolean[] {true, true, false, true, true};
        }
        for (int n : nList) {
            for (int k : kList) {
                for (String op : List.of("forward", "inverse")) {
                    Optional<Result> j = find(results, n, k, "java", op);
                    Optional<Result> nat = find(results, n, k, "native", op);
                    if (j.isEmpty()) {
                        continue;
                    }
                    List<String> row = new ArrayList<>(List.of(Integer.toString(n), Integer.toString(k), op));
                    if (withNative) {
                        row.add(nat.map(r -> formatMicros(r.micros())).orElse("-"));
                        row.add(nat.map(r -> formatOps(r.opsPerSec())).orElse("-"));
                    }
                    row.add(formatMicros(j.get().micros()));
                    row.add(formatOps(j.get().opsPerSec()));
                    if (withNative) {
                        row.add(nat.map(r -> String.format(Locale.ROOT, "%.1fx", j.get().micros() / r.micros())).orElse("-"));
                    }
                    rows.add(row.toArray(String[]::new));
                }
            }
        }
        TextTable.printTable(out, header, rows, right);
    }

    private static Optional<Result> find(List<Result> rs, int n, int k, String backend, String op) {
        return rs.stream().filter(r -> r.n() == n && r.primes() == k && r.backend().equals(backend) && r.op().equals(op))
                .findFirst();
    }

    static String formatMicros(double us) {
        if (us < 10) {
            return String.format(Locale.ROOT, "%.2f", us);
        }
        if (us < 1000) {
            return String.format(Locale.ROOT, "%.1f", us);
        }
        return String.format(Locale.ROOT, "%,.0f", us);
    }

    static String formatOps(double ops) {
        return ops >= 100 ? String.format(Locale.ROOT, "%,.0f", ops) : String.format(Locale.ROOT, "%.1f", ops);
    }

    private static double round(double v, int decimals) {
        double f = Math.pow(10, decimals);
        return Math.round(v * f) / f;
    }

    private static List<Integer> distinct(List<Integer> xs) {
        return xs == null ? List.of() : new ArrayList<>(new LinkedHashSet<>(xs));
    }
}
