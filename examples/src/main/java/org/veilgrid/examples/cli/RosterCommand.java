package org.veilgrid.examples.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.veilgrid.core.federation.Card;
import org.veilgrid.core.federation.Roster;
import org.veilgrid.core.io.LocalFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code veil roster add|show}: one federation's cards, in place of a dealer. */
@Command(name = "roster", mixinStandardHelpOptions = true,
        description = "A federation's roster: every participant's card. Processes trust exactly its certificates"
                + " and refuse peers holding another roster.",
        subcommands = {RosterCommand.Add.class, RosterCommand.Show.class})
public final class RosterCommand extends CommandGroup {
    static final int MAX_CARD_BYTES = 16 * 1024;

    static Map<String, Object> describe(Card c) {
        Card.Statement s = c.statement();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", s.name());
        m.put("role", s.role().label());
        m.put("host", s.host());
        m.put("port", s.port());
        m.put("fingerprint", c.fingerprint());
        return m;
    }

    static String line(Card c) {
        Card.Statement s = c.statement();
        return String.format("%-20s %-18s %s%s  %s", s.name(), s.role().label(), s.host(),
                s.port() == 0 ? "" : ":" + s.port(), c.fingerprint());
    }

    /** {@code veil roster add CARD... --out roster.cbor}. */
    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Add cards to a roster (made if --out does not exist). Every card is checked; two cards"
                    + " may not share a name, key or certificate. Compare each fingerprint with its owner.")
    static final class Add implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "CARD", arity = "1..*", description = "card.cose files.")
        List<Path> cards;

        @Option(names = "--out", required = true, description = "The roster file to make or extend.")
        Path out;

        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Override
        public Integer call() {
            Printable.checkPath("--out", out);
            List<Card> all = new ArrayList<>();
            if (LocalFiles.exists(out)) {
                all.addAll(Roster.fromBytes(LocalFiles.readBounded(out, Roster.MAX_BYTES)).cards());
            }
            int before = all.size();
            for (Path p : cards) {
                all.add(Card.fromBytes(LocalFiles.readBounded(Printable.checkPath("CARD", p), MAX_CARD_BYTES)));
            }
            Roster roster = Roster.of(all);
            LocalFiles.write(out, roster.toBytes(), false);
            print(spec, roster, json, "added " + (all.size() - before) + " card(s) to " + out + "; ");
            return Main.EXIT_OK;
        }
    }

    /** {@code veil roster show roster.cbor}. */
    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Check a roster (every card) and list its participants, fingerprints and digest.")
    static final class Show implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "ROSTER", description = "A roster file.")
        Path roster;

        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Override
        public Integer call() {
            Roster r = Roster.fromBytes(LocalFiles.readBounded(Printable.checkPath("ROSTER", roster), Roster.MAX_BYTES));
            print(spec, r, json, "");
            return Main.EXIT_OK;
        }
    }

    private static void print(CommandSpec spec, Roster roster, boolean json, String prefix) {
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("digest", roster.digestHex());
            List<Object> list = new ArrayList<>();
            roster.cards().forEach(c -> list.add(describe(c)));
            m.put("participants", list);
            spec.commandLine().getOut().println(Json.pretty(m));
        } else {
            var out = spec.commandLine().getOut();
            out.println(prefix + roster.cards().size() + " participant(s), roster digest " + roster.digestHex());
            roster.cards().forEach(c -> out.println("  " + line(c)));
        }
    }
}
