package org.veilgrid.core.federation;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.time.Instant;
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
import org.veilgrid.core.tls.CertificateFacts;
import org.veilgrid.core.tls.OrganisationPki;
import org.veilgrid.core.tls.TlsIdentity;

/**
 * One federation: the cards of every participant, in place of a dealer. Each process checks that
 * its own card is in the roster, trusts exactly the roster's certificates in TLS, and refuses a
 * peer that holds a different roster ({@link #digest()}).
 *
 * <pre>
 * roster = [ version: 1, cards: [+ bstr (a Card's COSE_Sign1)]     ; sorted by name, names unique
 *            ? cas: [+ bstr (X.509 DER of a CA certificate)] ]     ; CA mode only; sorted by SHA-256
 * digest = SHA-256(roster)
 * </pre>
 *
 * Every card is verified when a roster is built or read; two cards may not share a name, an
 * agent key or a certificate.
 *
 * <p>A roster may name CAs (the CA mode, for organisations with their own PKI: see
 * {@link OrganisationPki}). Then every card's certificate must have been issued directly by one
 * of them, checked by PKIX validation at the moment the card was issued ({@code issued-at}), so
 * that whether a roster reads does not depend on the reader's clock; TLS checks the CAs again,
 * at the time of each handshake ({@link #trust}). A roster without CAs has no third element and
 * encodes exactly as before the CA mode existed.
 */
public final class Roster {
    /** Format version. */
    public static final int VERSION = 1;
    /** Most participants in one roster. */
    public static final int MAX_CARDS = 1024;
    /** Longest encoded roster. */
    public static final int MAX_BYTES = MAX_CARDS * 12 * 1024;
    /** Most CA certificates in one roster. */
    public static final int MAX_AUTHORITIES = 16;
    private static final CborProfile PROFILE = new CborProfile(MAX_BYTES, 2, 12 * 1024, Set.of());

    private final Map<String, Card> byName;
    /** The CAs, by SHA-256 fingerprint; empty when pinning alone decides. */
    private final Map<String, X509Certificate> authorities;
    private final byte[] encoded;

    private Roster(Map<String, Card> byName, Map<String, X509Certificate> authorities) {
        this.byName = Collections.unmodifiableMap(byName);
        this.authorities = Collections.unmodifiableMap(authorities);
        CBORObject cards = CBORObject.NewArray();
        for (Card c : byName.values()) {
            cards.Add(CBORObject.FromObject(c.toBytes()));
        }
        CBORObject roster = CBORObject.NewArray().Add(VERSION).Add(cards);
        if (!authorities.isEmpty()) {
            CBORObject cas = CBORObject.NewArray();
            for (X509Certificate ca : authorities.values()) {
                cas.Add(CBORObject.FromObject(der(ca)));
            }
            roster.Add(cas);
        }
        this.encoded = Cbor.encode(roster);
    }

    /**
     * A roster of {@code cards} (any order).
     *
     * @throws ParameterException if there are none, too many, or two share a name, agent key or
     *         certificate
     */
    public static Roster of(List<Card> cards) {
        return of(cards, List.of());
    }

    /**
     * A roster of {@code cards} (any order) whose certificates {@code authorities} (any order; may
     * be empty) issued: the CA mode (see the class comment).
     *
     * @throws ParameterException as {@link #of(List)}, or if an authority is not a CA certificate,
     *         is listed twice or there are more than {@value #MAX_AUTHORITIES}, or a card's
     *         certificate was not issued by one of them (naming the card)
     */
    public static Roster of(List<Card> cards, List<X509Certificate> authorities) {
        if (authorities == null || authorities.size() > MAX_AUTHORITIES) {
            throw new ParameterException("a roster names at most " + MAX_AUTHORITIES + " CAs");
        }
        Map<String, X509Certificate> cas = new TreeMap<>();
        for (X509Certificate ca : authorities) {
            OrganisationPki.checkAuthority(ca, "roster CA");
            if (cas.putIfAbsent(OrganisationPki.fingerprint(ca), ca) != null) {
                throw new ParameterException("the CA " + OrganisationPki.subject(ca) + " is listed twice");
            }
        }
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
            if (!cas.isEmpty()) {
                Instant issued = Instant.ofEpochSecond(c.statement().issuedAt());
                Optional<String> why = OrganisationPki.whyNotIssued(c.statement().certificate(),
                        List.copyOf(cas.values()), issued);
                if (why.isPresent()) {
                    throw new ParameterException("the certificate of '" + c.name() + "' was not issued by the roster's"
                            + " CAs (checked at the card's issue time " + issued + "): " + why.get());
                }
            }
        }
        return new Roster(byName, cas);
    }

    /**
     * Reads a roster and verifies every card.
     *
     * @throws MalformedInputException if the bytes are not a version-1 roster in canonical order
     * @throws VerificationFailedException if a card does not verify
     */
    public static Roster fromBytes(byte[] bytes) {
        CBORObject item = Cbor.decode(bytes, PROFILE, "roster");
        // Two elements, or three in the CA mode: a roster without CAs reads as it always did.
        CborItems.array(item, item.getType() == com.upokecenter.cbor.CBORType.Array && item.size() == 3 ? 3 : 2,
                "roster");
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
        List<X509Certificate> authorities = new ArrayList<>();
        if (item.size() == 3) {
            CBORObject cas = item.get(2);
            if (cas.getType() != com.upokecenter.cbor.CBORType.Array || cas.isTagged() || cas.size() == 0
                    || cas.size() > MAX_AUTHORITIES) {
                throw new MalformedInputException("roster.cas", "expected an array of 1.." + MAX_AUTHORITIES
                        + " certificates (a roster without CAs has no third element)");
            }
            for (int i = 0; i < cas.size(); i++) {
                String where = "roster.cas[" + i + "]";
                authorities.add(CertificateFacts.decode(
                        CborItems.bytes(cas.get(i), 1, CertificateFacts.MAX_DER_BYTES, where), where));
            }
        }
        Roster r;
        try {
            r = of(cards, authorities);
        } catch (ParameterException e) {
            throw new MalformedInputException("roster", e.getMessage());
        }
        if (!java.util.Arrays.equals(r.encoded, bytes)) {
            throw new MalformedInputException("roster", "is not in canonical order (cards in name order, CAs in fingerprint order)");
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

    /**
     * The CA certificates every card's certificate was issued by, in fingerprint order; empty
     * unless the roster is in the CA mode.
     */
    public List<X509Certificate> authorities() {
        return List.copyOf(authorities.values());
    }

    /** Every participant's certificate: what TLS trusts in place of a CA. */
    public List<X509Certificate> certificates() {
        return byName.values().stream().map(c -> c.statement().certificate()).toList();
    }

    /**
     * {@code identity} made to trust exactly this roster's certificates, after checking that the
     * identity is the one the roster lists under its name. In the CA mode a peer's certificate
     * must also pass PKIX validation under one of the roster's CAs at each handshake.
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
        return identity.trusting(certificates(), authorities());
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
