package org.veilgrid.core.federation;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import com.upokecenter.cbor.CBORObject;
import org.bouncycastle.util.IPAddress;
import org.veilgrid.core.cbor.CborItems;
import org.veilgrid.core.cbor.CborProfile;
import org.veilgrid.core.cose.Signed;
import org.veilgrid.core.cose.StatementType;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.errors.VerificationFailedException;
import org.veilgrid.core.identity.AgentKey;
import org.veilgrid.core.identity.AgentPublicKey;
import org.veilgrid.core.identity.SealingPublicKey;
import org.veilgrid.core.text.SafeText;
import org.veilgrid.core.tls.CertificateFacts;
import org.veilgrid.core.tls.TlsIdentity;

/**
 * A participant's public card: everything others need to reach it and check it, signed by its
 * own agent key. Nothing secret is on it.
 *
 * <pre>
 * card = COSE_Sign1 (content type {@value #CONTENT_TYPE}, domain {@value #DOMAIN},
 *                    kid = fingerprint of agent), payload:
 *   [ name: tstr, role: tstr, host: tstr, port: uint .le 65535,
 *     certificate: bstr (X.509 DER), agent: bstr .size 32 (Ed25519),
 *     sealing: bstr .size 32 (X25519), issued-at: uint (Unix seconds),
 *     addresses: [* tstr] (0..4 IP literals the host is at; empty: resolve the host name) ]
 * </pre>
 *
 * <p>A card is accepted only if it agrees with itself: the signature verifies under the agent
 * key it carries, the certificate's CN is the name, its extended key usage is the role's, and it
 * names the host. The card proves that one key holder made all of it; whether that holder is the
 * institution it claims to be is what the people assembling a roster check, out of band, by the
 * fingerprint ({@link #fingerprint()}).
 */
public final class Card {
    /** COSE content type. */
    public static final String CONTENT_TYPE = "application/vnd.veilgrid.card+cbor";
    /** Signature domain (COSE external AAD). */
    public static final String DOMAIN = "veilgrid/federation/card/1";
    /** Longest host name (RFC 1035). */
    public static final int MAX_HOST_CHARS = 253;
    /** Most IP addresses on one card. */
    public static final int MAX_ADDRESSES = 4;
    private static final int FIELDS = 9;
    private static final CborProfile PROFILE = new CborProfile(CertificateFacts.MAX_DER_BYTES + 1024, 2,
            CertificateFacts.MAX_DER_BYTES, Set.of());

    /** The card's statement type. */
    public static final StatementType<Statement> TYPE =
            StatementType.of(CONTENT_TYPE, DOMAIN, PROFILE, Card::encode, Card::decode);

    /** What the card says. */
    public record Statement(String name, Role role, String host, int port, X509Certificate certificate,
                            AgentPublicKey agent, SealingPublicKey sealing, long issuedAt, List<String> addresses) {
        /** A card whose host is found by name (DNS). */
        public Statement(String name, Role role, String host, int port, X509Certificate certificate,
                         AgentPublicKey agent, SealingPublicKey sealing, long issuedAt) {
            this(name, role, host, port, certificate, agent, sealing, issuedAt, List.of());
        }

        public Statement {
            addresses = List.copyOf(Objects.requireNonNull(addresses, "addresses"));
            if (addresses.size() > MAX_ADDRESSES) {
                throw new ParameterException("a card lists at most " + MAX_ADDRESSES + " addresses");
            }
            for (String a : addresses) {
                if (!IPAddress.isValid(a)) {
                    throw new ParameterException("address '" + SafeText.abbreviate(a, 64)
                            + "' is not an IP address");
                }
            }
            TlsIdentity.checkPartyName(name);
            Objects.requireNonNull(role, "role");
            checkHost(host);
            if (port < 0 || port > 65535 || (role.listens() && port == 0)) {
                throw new ParameterException("port " + port + " of '" + name + "' is not in "
                        + (role.listens() ? "1" : "0") + "..65535");
            }
            Objects.requireNonNull(certificate, "certificate");
            Objects.requireNonNull(agent, "agent");
            Objects.requireNonNull(sealing, "sealing");
            if (issuedAt < 0) {
                throw new ParameterException("issued-at must not be negative");
            }
        }

        @Override
        public String toString() {
            return "Card(" + name + ", " + role.label() + " at " + host + ":" + port + ", agent " + agent.fingerprint() + ")";
        }
    }

    private final Signed<Statement> signed;

    private Card(Signed<Statement> signed) {
        this.signed = signed;
    }

    /**
     * Makes and signs a card.
     *
     * @throws ParameterException if the card would not agree with itself (see the class comment)
     */
    public static Card make(Statement statement, AgentKey agentKey) {
        Objects.requireNonNull(agentKey, "agentKey");
        if (!agentKey.publicKey().equals(statement.agent())) {
            throw new ParameterException("the card's agent key is not the signing key");
        }
        try {
            checkConsistent(statement);
        } catch (VerificationFailedException e) {
            throw new ParameterException(e.getMessage());
        }
        return new Card(Signed.sign(statement, TYPE, agentKey));
    }

    /**
     * Reads and checks a card.
     *
     * @throws MalformedInputException if the bytes are not a well-formed card
     * @throws VerificationFailedException if the signature fails or the card contradicts itself
     */
    public static Card fromBytes(byte[] cose) {
        Signed<Statement> s = Signed.verifySelfNamed(cose, TYPE, Statement::agent);
        checkConsistent(s.statement());
        return new Card(s);
    }

    /** The statement. */
    public Statement statement() {
        return signed.statement();
    }

    /** The participant's name. */
    public String name() {
        return statement().name();
    }

    /** The fingerprint people compare out of band: the agent key's (RFC 9679). */
    public String fingerprint() {
        return statement().agent().fingerprint().hex();
    }

    /** The COSE bytes. */
    public byte[] toBytes() {
        return signed.encoded();
    }

    @Override
    public String toString() {
        return statement().toString();
    }

    private static void checkConsistent(Statement s) {
        X509Certificate c = s.certificate();
        String cn = CertificateFacts.name(c).orElse("");
        if (!cn.equals(s.name())) {
            throw new VerificationFailedException("card of '" + s.name() + "': its certificate is for '"
                    + SafeText.abbreviate(cn, 64) + "'");
        }
        if (CertificateFacts.role(c).orElse(null) != s.role().tls()) {
            throw new VerificationFailedException("card of '" + s.name() + "': its certificate's key usage is not that of a "
                    + s.role().label());
        }
        if (!CertificateFacts.hosts(c).stream().anyMatch(h -> h.equalsIgnoreCase(s.host()))) {
            throw new VerificationFailedException("card of '" + s.name() + "': its certificate does not name host "
                    + s.host());
        }
    }

    private static void checkHost(String host) {
        if (host == null || host.isEmpty() || host.length() > MAX_HOST_CHARS
                || !host.matches("[A-Za-z0-9][A-Za-z0-9.:-]*")) {
            throw new ParameterException("host '" + SafeText.abbreviate(String.valueOf(host), 64)
                    + "' is not a host name or IP address");
        }
    }

    private static CBORObject encode(Statement s) {
        byte[] der;
        try {
            der = s.certificate().getEncoded();
        } catch (CertificateEncodingException e) {
            throw new ParameterException("the certificate of '" + s.name() + "' does not encode");
        }
        return CBORObject.NewArray().Add(s.name()).Add(s.role().label()).Add(s.host()).Add(s.port())
                .Add(CBORObject.FromObject(der)).Add(s.agent().toCbor()).Add(s.sealing().toCbor()).Add(s.issuedAt())
                .Add(addressList(s.addresses()));
    }

    private static CBORObject addressList(List<String> addresses) {
        CBORObject list = CBORObject.NewArray();
        addresses.forEach(list::Add);
        return list;
    }

    private static List<String> addresses(CBORObject item) {
        if (item.getType() != com.upokecenter.cbor.CBORType.Array || item.size() > MAX_ADDRESSES) {
            throw new MalformedInputException("card.addresses", "expected an array of at most " + MAX_ADDRESSES);
        }
        List<String> out = new java.util.ArrayList<>();
        for (int i = 0; i < item.size(); i++) {
            out.add(CborItems.text(item.get(i), 45, "card.addresses[" + i + "]"));
        }
        return out;
    }

    private static Statement decode(CBORObject item) {
        CborItems.array(item, FIELDS, "card");
        try {
            return new Statement(
                    CborItems.text(item.get(0), 64, "card.name"),
                    Role.of(CborItems.text(item.get(1), 32, "card.role")),
                    CborItems.text(item.get(2), MAX_HOST_CHARS, "card.host"),
                    (int) CborItems.integer(item.get(3), 0, 65535, "card.port"),
                    CertificateFacts.decode(CborItems.bytes(item.get(4), 1, CertificateFacts.MAX_DER_BYTES,
                            "card.certificate"), "card.certificate"),
                    AgentPublicKey.fromCbor(item.get(5), "card.agent"),
                    SealingPublicKey.fromCbor(item.get(6), "card.sealing"),
                    CborItems.integer(item.get(7), 0, Long.MAX_VALUE, "card.issuedAt"),
                    addresses(item.get(8)));
        } catch (ParameterException e) {
            throw new MalformedInputException("card", e.getMessage());
        }
    }
}
