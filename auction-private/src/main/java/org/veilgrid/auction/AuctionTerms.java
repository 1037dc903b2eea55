package org.veilgrid.auction;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import org.veilgrid.core.cbor.Cbor;
import org.veilgrid.core.cbor.CborItems;
import org.veilgrid.core.cbor.CborProfile;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.federation.Card;
import org.veilgrid.core.federation.Role;
import org.veilgrid.core.federation.Roster;
import org.veilgrid.auction.proof.AuctionItems;
import org.veilgrid.mpc.config.PartiesConfig;
import org.veilgrid.mpc.engine.Security;

/**
 * The public terms of one auction among a federation's participants: its id, the price grid,
 * whether orders are proved, which of the roster's institutions take part, the digest of that
 * roster, and the MPC's security mode. Whoever calls the auction writes them once ({@code veil auction new --roster}) and
 * hands the file to every participant with the roster; nothing in them is secret.
 *
 * <pre>
 * terms    = [ version: 2, id: tstr, prices: [+ uint], proofs: bool, institutions: [+ tstr],
 *              roster: bstr .size 32, security: "malicious" / "semi-honest" ]
 * digest   = SHA-256(terms)
 * </pre>
 *
 * Version 1 (written before malicious mode existed) had no security field; it is still read, as
 * semi-honest, and keeps its encoding and digest.
 *
 * Institutions are in name order, prices strictly increasing. Every message of the auction
 * carries the digest ({@link #digest()}) and the MPC session id is derived from it
 * ({@link #session}), so participants holding different terms never take one another's messages:
 * a party that was told another price grid or institution list stops instead of clearing it.
 */
public final class AuctionTerms {
    /** Format version written. */
    public static final int VERSION = 2;
    /** The version before the security mode, still read. */
    static final int VERSION_1 = 1;
    /** Longest encoded terms (a grid of {@link PriceGrid#MAX_POINTS} prices fits). */
    public static final int MAX_BYTES = 2 << 20;
    private static final CborProfile PROFILE = new CborProfile(MAX_BYTES, 2, PriceGrid.MAX_POINTS, Set.of());

    private final String id;
    private final PriceGrid grid;
    private final boolean proofs;
    private final List<String> institutions;
    private final byte[] rosterDigest;
    private final Security security;
    private final byte[] encoded;

    private AuctionTerms(int version, String id, PriceGrid grid, boolean proofs, List<String> institutions,
                         byte[] rosterDigest, Security security) {
        this.id = AuctionIds.requireValid(id);
        this.grid = Objects.requireNonNull(grid, "grid");
        this.proofs = proofs;
        this.institutions = List.copyOf(new TreeSet<>(institutions));
        if (this.institutions.size() != institutions.size()) {
            Institutions.requireDistinct(institutions);
        }
        if (this.institutions.isEmpty()) {
            throw new ParameterException("an auction needs at least one institution");
        }
        this.institutions.forEach(Institutions::requireValid);
        if (rosterDigest.length != 32) {
            throw new ParameterException("a roster digest is 32 bytes");
        }
        this.rosterDigest = rosterDigest.clone();
        this.security = Objects.requireNonNull(security, "security");
        if (version == VERSION_1 && security != Security.SEMI_HONEST) {
            throw new ParameterException("version-1 terms are semi-honest");
        }
        CBORObject prices = CBORObject.NewArray();
        for (long p : grid.prices()) {
            prices.Add(p);
        }
        CBORObject names = CBORObject.NewArray();
        this.institutions.forEach(names::Add);
        CBORObject item = CBORObject.NewArray().Add(version).Add(id).Add(prices).Add(proofs).Add(names)
                .Add(CBORObject.FromObject(this.rosterDigest));
        if (version != VERSION_1) {
            item.Add(security.label());
        }
        this.encoded = Cbor.encode(item);
    }

    /** Malicious-mode terms for an auction among {@code roster}'s participants (see the full form). */
    public static AuctionTerms of(Roster roster, String id, PriceGrid grid, boolean proofs, List<String> institutions) {
        return of(roster, id, grid, proofs, institutions, Security.MALICIOUS);
    }

    /**
     * Terms for an auction among {@code roster}'s participants.
     *
     * @param institutions the roster's institutions that take part; empty: all of them
     * @param security     the compute parties' MPC mode
     * @throws ParameterException if the id is not a valid auction id, an institution is not one of
     *         the roster's, is listed twice, the roster has none or fewer than 3 compute parties,
     *         or the mode does not support the roster's party count ({@link Security#supports})
     */
    public static AuctionTerms of(Roster roster, String id, PriceGrid grid, boolean proofs, List<String> institutions,
                                  Security security) {
        List<String> known = roster.cards(Role.INSTITUTION).stream().map(Card::name).toList();
        if (roster.cards(Role.COMPUTE_PARTY).size() < 3) {
            throw new ParameterException("roster " + roster.shortDigest() + " lists "
                    + roster.cards(Role.COMPUTE_PARTY).size() + " compute parties; an auction needs at least 3");
        }
        List<String> taking = institutions.isEmpty() ? known : institutions;
        Institutions.requireDistinct(taking);
        for (String inst : taking) {
            if (!known.contains(inst)) {
                throw new ParameterException("'" + inst + "' is not an institution of roster " + roster.shortDigest());
            }
        }
        int n = roster.cards(Role.COMPUTE_PARTY).size();
        if (!security.supports(n, (n - 1) / 2)) {
            throw new ParameterException(security.label() + " mode does not run with " + n
                    + " compute parties (docs/mpc.md: n = 2t + 1 or n >= 3t + 1)");
        }
        return new AuctionTerms(VERSION, id, grid, proofs, taking, roster.digest(), security);
    }

    /**
     * Terms among participants that are not described by a roster file, e.g. a
     * {@code LoopbackCluster} in one process: {@code federation} is any 32 bytes that name them
     * (fresh random bytes make the run its own).
     */
    public static AuctionTerms of(String id, PriceGrid grid, boolean proofs, List<String> institutions,
                                  byte[] federation) {
        return of(id, grid, proofs, institutions, federation, Security.MALICIOUS);
    }

    /** As {@link #of(String, PriceGrid, boolean, List, byte[])}, in the given MPC mode. */
    public static AuctionTerms of(String id, PriceGrid grid, boolean proofs, List<String> institutions,
                                  byte[] federation, Security security) {
        return new AuctionTerms(VERSION, id, grid, proofs, institutions, federation, security);
    }

    /**
     * Reads terms.
     *
     * @throws MalformedInputException if the bytes are not version-2 (or version-1) terms in
     *         canonical form
     */
    public static AuctionTerms fromBytes(byte[] bytes) {
        CBORObject item = Cbor.decode(bytes, PROFILE, "auction terms");
        if (item.getType() != CBORType.Array || item.size() == 0) {
            throw new MalformedInputException("auction terms", "must be a non-empty array");
        }
        long version = CborItems.integer(item.get(0), 0, Integer.MAX_VALUE, "auction terms.version");
        if (version != VERSION && version != VERSION_1) {
            throw new MalformedInputException("auction terms", "are version " + version
                    + "; this Veilgrid reads versions " + VERSION_1 + " and " + VERSION);
        }
        CborItems.array(item, version == VERSION_1 ? 6 : 7, "auction terms");
        Security security = Security.SEMI_HONEST;
        if (version == VERSION) {
            String mode = CborItems.text(item.get(6), 16, "auction terms.security");
            try {
                security = Security.parse(mode);
            } catch (ParameterException e) {
                throw new MalformedInputException("auction terms.security", e.getMessage());
            }
        }
        String id = CborItems.text(item.get(1), 64, "auction terms.id");
        CBORObject prices = item.get(2);
        CBORObject names = item.get(4);
        if (prices.getType() != CBORType.Array || names.getType() != CBORType.Array) {
            throw new MalformedInputException("auction terms", "prices and institutions must be arrays");
        }
        long[] grid = new long[prices.size()];
        for (int i = 0; i < grid.length; i++) {
            grid[i] = CborItems.integer(prices.get(i), 0, Long.MAX_VALUE, "auction terms.prices[" + i + "]");
        }
        List<String> institutions = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            institutions.add(CborItems.text(names.get(i), 64, "auction terms.institutions[" + i + "]"));
        }
        AuctionTerms terms;
        try {
            terms = new AuctionTerms((int) version, id, PriceGrid.of(grid), CborItems.bool(item.get(3), "auction terms.proofs"),
                    institutions, CborItems.bytes(item.get(5), 32, "auction terms.roster"), security);
        } catch (ParameterException | IllegalArgumentException e) {
            throw new MalformedInputException("auction terms", e.getMessage());
        }
        if (!MessageDigest.isEqual(terms.encoded, bytes)) {
            throw new MalformedInputException("auction terms", "are not in canonical form (institutions in name order)");
        }
        return terms;
    }

    /**
     * Checks that these terms are for {@code roster}'s federation.
     *
     * @throws ParameterException if they name another roster, or an institution it does not list
     */
    public AuctionTerms requireRoster(Roster roster) {
        if (!MessageDigest.isEqual(rosterDigest, roster.digest())) {
            throw new ParameterException("auction " + id + " was called for roster "
                    + HexFormat.of().formatHex(rosterDigest).substring(0, 16) + "…, not " + roster.shortDigest());
        }
        return this;
    }

    public String id() {
        return id;
    }

    /** The id's bytes, as orders, results and the rationing lottery use them. */
    public byte[] idBytes() {
        return AuctionIds.bytes(id);
    }

    public PriceGrid grid() {
        return grid;
    }

    /** Committed orders, range proofs, signed results and fill proofs. */
    public boolean proofs() {
        return proofs;
    }

    /** The institutions taking part, in name order. */
    public List<String> institutions() {
        return institutions;
    }

    /** The compute parties' MPC mode: every party runs its session in it. */
    public Security security() {
        return security;
    }

    public byte[] rosterDigest() {
        return rosterDigest.clone();
    }

    public byte[] toBytes() {
        return encoded.clone();
    }

    /** SHA-256 of the encoding. */
    public byte[] digest() {
        return AuctionItems.sha256(encoded);
    }

    /** The first 16 hex digits of the digest and an ellipsis, as messages name terms. */
    public String shortDigest() {
        return HexFormat.of().formatHex(digest()).substring(0, 16) + "…";
    }

    /**
     * The MPC session id of this auction's run among parties whose configuration has session
     * {@code configSession}: the first 8 bytes of SHA-256("veilgrid/auction/terms-session" ‖
     * configSession ‖ digest).
     */
    public long session(long configSession) {
        byte[] tag = "veilgrid/auction/terms-session".getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.wrap(AuctionItems.sha256(ByteBuffer.allocate(tag.length + 8 + 32).put(tag)
                .putLong(configSession).put(digest()).array())).getLong();
    }

    /**
     * The MPC run of this auction among {@code roster}'s compute parties: the run the roster
     * describes ({@link PartiesConfig#fromRoster}) with this auction's own session id.
     */
    public PartiesConfig run(Roster roster, int timeoutMs) {
        PartiesConfig config = PartiesConfig.fromRoster(roster, timeoutMs);
        return config.withSession(session(config.session()));
    }

    @Override
    public String toString() {
        return "auction " + id + " (" + grid.size() + " price points, " + institutions.size() + " institutions"
                + (proofs ? "" : ", no proofs") + ", " + security.label() + ", terms " + shortDigest() + ")";
    }
}
