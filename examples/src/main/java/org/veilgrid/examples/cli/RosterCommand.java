package org.veilgrid.examples.cli;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.veilgrid.core.federation.Card;
import org.veilgrid.core.federation.Roster;
import org.veilgrid.core.io.LocalFiles;
import org.veilgrid.core.tls.OrganisationPki;
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

    static Map<String, Object> describe(X509Certificate ca) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("subject", OrganisationPki.subject(ca));
        m.put("sha256", OrganisationPki.fingerprint(ca));
        m.put("notAfter", ca.getNotAfter().toInstant().toString());
        return m;
    }

    /** {@code veil roster add CARD... [--ca CA.pem]... --out roster.cbor}. */
    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Add cards to a roster (made if --out does not exist). Every card is checked; two cards"
                    + " may not share a name, key or certificate. Compare each fingerprint with its owner."
                    + " With --ca the roster also names CAs (organisations with their own PKI): every card's"
                    + " certificate must then be issued by one of them, and TLS checks them at each handshake.")
    static final class Add implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "CARD", arity = "1..*", description = "card.cose files.")
        List<Path> cards;

        @Option(names = "--out", required = true, description = "The roster file to make or extend.")
        Path out;

        @Option(names = "--ca", paramLabel = "CA.pem", description = {"A CA certificate file (PEM; each certificate in"
                + " it is a CA of its own) to add to the roster (repeatable).", "Every card, old and new, must have been"
                + " issued directly by one of the roster's CAs; list an organisation's issuing CA, not only its root."})
        List<Path> cas = new ArrayList<>();

        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Override
        public Integer call() {
            Printable.checkPath("--out", out);
            List<Card> all = new ArrayList<>();
            List<X509Certificate> authorities = new ArrayList<>();
            if (LocalFiles.exists(out)) {
                Roster old = Roster.fromBytes(LocalFiles.readBounded(out, Roster.MAX_BYTES));
                all.addAll(old.cards());
                authorities.addAll(old.authorities());
            }
            int before = all.size();
            for (Path p : cards) {
                all.add(Card.fromBytes(LocalFiles.readBounded(Printable.checkPath("CARD", p), MAX_CARD_BYTES)));
            }
            for (Path p : cas) {
                for (X509Certificate ca : OrganisationPki.readAuthorities(Printable.checkPath("--ca", p))) {
                    // Naming a CA the roster already has is harmless: keep one copy.
                    if (!authorities.contains(ca)) {
                        authorities.add(ca);
                    }
                }
            }
            Roster roster = Roster.of(all, authorities);
            LocalFiles.write(out, roster.toBytes(), false);
            print(spec, roster, json, "added " + (all.size() - before) + " card(s) to " + out + "; ");
            return Main.EXIT_OK;
        }
    }

    /** {@code veil roster show roster.cbor}. */
    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Check a roster (every card) and list its participants, fingerprints, CAs (if any) and digest.")
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
            List<Object> cas = new ArrayList<>();
            roster.authorities().forEach(ca -> cas.add(describe(ca)));
            m.put("cas", cas);
            spec.commandLine().getOut().println(Json.pretty(m));
        } else {
            var out = spec.commandLine().getOut();
            out.println(prefix + roster.cards().size() + " participant(s), roster digest " + roster.digestHex());
            roster.cards().forEach(c -> out.println("  " + line(c)));
            if (!roster.authorities().isEmpty()) {
                out.println(roster.authorities().size() + " CA(s): each certificate above is pinned and must also be"
                        + " issued by one of");
                roster.authorities().forEach(ca -> out.println("  " + OrganisationPki.subject(ca) + "  sha256 "
                        + OrganisationPki.fingerprint(ca)));
            }
        }
    }
}
