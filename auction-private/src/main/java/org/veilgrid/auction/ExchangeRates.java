package org.veilgrid.auction;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.veilgrid.core.errors.ParameterException;

/**
 * Exchange rates between agents' own currencies, each set by a double auction on the pair: in
 * the auction of BASE/QUOTE, buyers take BASE and pay QUOTE, and prices are QUOTE per
 * {@link #UNIT} BASE on the grid. The table answers rate(from, to) directly, by the inverse of a
 * pair, or through one intermediate currency (the best-connected route is the shortest one;
 * ties take the alphabetically first intermediate, so answers are deterministic). Immutable.
 */
public final class ExchangeRates {
    /** Grid prices are quoted per this many units of the base currency. */
    public static final long UNIT = 1_000_000;
    private static final MathContext MC = MathContext.DECIMAL64;

    private final Map<String, Map<String, BigDecimal>> direct;

    private ExchangeRates(Map<String, Map<String, BigDecimal>> direct) {
        this.direct = direct;
    }

    /** One pair's auction outcome: BASE/QUOTE cleared at a price (QUOTE per UNIT BASE), or not at all. */
    public static final class PairResult {
        public final String base;
        public final String quote;
        public final ClearingResult result;

        public PairResult(String base, String quote, ClearingResult result) {
            if (base.equals(quote)) {
                throw new ParameterException("a currency pair needs two currencies, got " + base + "/" + quote);
            }
            this.base = base;
            this.quote = quote;
            this.result = result;
        }
    }

    /** The table from auction outcomes; pairs that did not trade give no rate. */
    public static ExchangeRates of(List<PairResult> pairs) {
        Map<String, Map<String, BigDecimal>> direct = new TreeMap<>();
        for (PairResult p : pairs) {
            if (!p.result.traded()) {
                continue;
            }
            BigDecimal rate = BigDecimal.valueOf(p.result.price().getAsLong()).divide(BigDecimal.valueOf(UNIT), MC);
            if (rate.signum() == 0) {
                continue;
            }
            direct.computeIfAbsent(p.base, c -> new TreeMap<>()).put(p.quote, rate);
            direct.computeIfAbsent(p.quote, c -> new TreeMap<>()).put(p.base, BigDecimal.ONE.divide(rate, MC));
        }
        return new ExchangeRates(direct);
    }

    /** How many units of {@code to} one unit of {@code from} buys, if a route exists. */
    public Optional<BigDecimal> rate(String from, String to) {
        if (from.equals(to)) {
            return Optional.of(BigDecimal.ONE);
        }
        Map<String, BigDecimal> out = direct.getOrDefault(from, Map.of());
        if (out.containsKey(to)) {
            return Optional.of(out.get(to));
        }
        for (Map.Entry<String, BigDecimal> via : out.entrySet()) {
            BigDecimal second = direct.getOrDefault(via.getKey(), Map.of()).get(to);
            if (second != null) {
                return Optional.of(via.getValue().multiply(second, MC));
            }
        }
        return Optional.empty();
    }

    /** {@code amount} of {@code from} in {@code to}, if a route exists. */
    public Optional<BigDecimal> convert(BigDecimal amount, String from, String to) {
        return rate(from, to).map(r -> amount.multiply(r, MC));
    }

    /** Every currency with at least one rate. */
    public List<String> currencies() {
        return Collections.unmodifiableList(new ArrayList<>(direct.keySet()));
    }

    /** The direct rates, for printing: from -> (to -> rate). */
    public Map<String, Map<String, BigDecimal>> table() {
        Map<String, Map<String, BigDecimal>> copy = new LinkedHashMap<>();
        direct.forEach((k, v) -> copy.put(k, Collections.unmodifiableMap(new TreeMap<>(v))));
        return Collections.unmodifiableMap(copy);
    }
}
