package org.veilgrid.core.federation;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import com.upokecenter.cbor.CBORObject;
import org.veilgrid.core.cbor.Cbor;
import org.veilgrid.core.cbor.CborItems;
import org.veilgrid.core.cbor.CborProfile;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.errors.VerificationFailedException;
import org.veilgrid.core.tls.TlsIdentity;

/**
 * One federation: the cards of every participant, in place of a dealer. Each process checks that
 * its own card is in the roster, trusts exactly the roster's certificates in TLS, and refuses a
 * peer that holds a different roster ({@link #digest()}).
 *
 * <pre>
 * roster = [ version: 1, cards: [+ bstr (a Card's COSE_Sign1)] ]   ; sorted by name, names unique
 * digest = SHA-256(roster)
 * </pre>
 *
 * Every card is verified when a roster is built or read; two cards may not share a name, an
 * agent key or a certificate.
 */
public final class Roster {
    /** Format version. */
    public static final int VERSION = 1;
    /** Most participants in one roster. */
    public static final int MAX_CARDS = 1024;
    /** Longest encoded roster. */
    public static final int MAX_BYTES = MAX_CARDS * 12 * 1024;
    private static final CborProfile PROFILE = new CborProfile(MAX_BYTES, 2, 12 * 1024, Set.of());

    private final Map<String, Card> byName;
    private final byte[] encoded;

    private Roster(Map<String, Card> byName) {
        this.byName = Collections.unmodifiableMap(byName);
        CBORObject cards = CBORObject.NewArray();
        for (Card c : byName.values()) {
            cards.Add(CBORObject.FromObject(c.toBytes()));
        }
        this.encoded = Cbor.encode(CBORObject.NewArray().Add(VERSION).Add(cards));
    }

    /**
     * A roster of {@code cards} (any order).
     *
     * @throws ParameterException if there are none, too many, or two share a name, agent key or
     *         certificate
     */
    public static Roster of(List<Card> cards) {
        if (cards == null || cards.isEmpty() || cards.size() > MAX_CARDS) {
            throw new ParameterException("a roster holds 1.." + MAX_CARDS + " cards");
        }
        Map<String, Card> byName = new TreeMap<>();
        Map<String, String> agents = new TreeMap<>();
        Map<String, String> certificates = new TreeMap<>();
        for (Card c : cards) {
            if (byName.putIfAbsent(c.name(), c) != null) {
                throw new ParameterException("two cards are named '" + c.name() + "'");
            }
            String other = agents.putIfAbsent(c.fingerprint(), c.name());
            if (other != null) {
                throw new ParameterException("'" + c.name() + "' and '" + other + "' have the same agent key");
            }
            other = certificates.putIfAbsent(HexFormat.of().formatHex(sha256(der(c.statement().certificate()))), c.name());
            if (other != null) {
                throw new ParameterException("'" + c.name() + "' and '" + other + "' have the same certificate");
            }
        }
        return new Roster(byName);
    }

    /**
     * Reads a roster and verifies every card.
     *
     * @throws MalformedInputException if the bytes are not a version-1 roster in canonical order
     * @throws VerificationFailedException if a card does not verify
     */
    public static Roster fromBytes(byte[] bytes) {
        CBORObject item = Cbor.decode(bytes, PROFILE, "roster");
        CborItems.array(item, 2, "roster");
        long version = CborItems.integer(item.get(0), 0, Integer.MAX_VALUE, "roster.version");
        if (version != VERSION) {
            throw new MalformedInputException("roster", "is version " + version + "; this Veilgrid reads version "
                    + VERSION);
        }
        CBORObject list = item.get(1);
        if (list.getType() != com.upokecenter.cbor.CBORType.Array) {
            throw new MalformedInputException("roster.cards", "expected an array");
        }
        List<Card> cards = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            cards.add(Card.fromBytes(CborItems.bytes(list.get(i), 1, 12 * 1024, "roster.cards[" + i + "]")));
        }
        Roster r;
        try {
            r = of(cards);
        } catch (ParameterException e) {
            throw new MalformedInputException("roster", e.getMessage());
        }
        if (!java.util.Arrays.equals(r.encoded, bytes)) {
            throw new MalformedInputException("roster", "cards are not in name order");
        }
        return r;
    }

    /** The encoding; what {@link #digest()} hashes. */
    public byte[] toBytes() {
        return encoded.clone();
    }

    /** SHA-256 of the encoding: two processes with equal digests hold the same roster. */
    public byte[] digest() {
        return sha256(encoded);
    }

    /** The digest in hex, as people compare it. */
    public String digestHex() {
        return HexFormat.of().formatHex(digest());
    }

    /** The first 16 hex digits of the digest and an ellipsis, as messages name a roster. */
    public String shortDigest() {
        return digestHex().substring(0, 16) + "…";
    }

    /** Every card, by name. */
    public List<Card> cards() {
        return List.copyOf(byName.values());
    }

    /** The card named {@code name}. */
    public Optional<Card> card(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The cards of one role, by name. */
    public List<Card> cards(Role role) {
        return byName.values().stream().filter(c -> c.statement().role() == role).toList();
    }

    /** Every participant's certificate: what TLS trusts in place of a CA. */
    public List<X509Certificate> certificates() {
        return byName.values().stream().map(c -> c.statement().certificate()).toList();
    }

    /**
     * {@code identity} made to trust exactly this roster's certificates, after checking that the
     * identity is the one the roster lists under its name.
     *
     * @throws ParameterException if the name is not in the roster or its certificate differs
     *         (a participant started with another's identity folder, or an outdated roster)
     */
    public TlsIdentity trust(TlsIdentity identity) {
        Card own = card(identity.partyName()).orElseThrow(() -> new ParameterException("'" + identity.partyName()
                + "' is not in the roster (" + shortDigest() + ")"));
        if (!java.util.Arrays.equals(der(own.statement().certificate()), der(identity.certificate()))) {
            throw new ParameterException("the roster's certificate for '" + identity.partyName()
                    + "' is not the one in this identity folder");
        }
        return identity.trusting(certificates());
    }

    private static byte[] der(X509Certificate c) {
        try {
            return c.getEncoded();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new ParameterException("a certificate does not encode");
        }
    }

    private static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }
}
