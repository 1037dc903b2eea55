package org.veilgrid.examples.cli;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.veilgrid.auction.AuctionIds;
import org.veilgrid.auction.AuctionTerms;
import org.veilgrid.auction.proof.AuctionItems;
import org.veilgrid.auction.Institutions;
import org.veilgrid.auction.Order;
import org.veilgrid.auction.PriceGrid;
import org.veilgrid.auction.Side;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.identity.AgentKey;
import org.veilgrid.core.identity.AgentKeyFile;
import org.veilgrid.core.identity.AgentPublicKey;
import org.veilgrid.core.io.LocalFiles;
import org.veilgrid.mpc.config.PartiesConfig;
import org.veilgrid.mpc.engine.Security;

/**
 * The files of multi-process auctions in one set-up folder.
 *
 * <p>The set-up, shared by every auction in the folder: {@code parties.json} and {@code tls/}
 * (the mpc module's local setup) and {@code keys/} (every party's and institution's Ed25519 key:
 * the registration; {@code <owner>.key} the secret key, PEM "PRIVATE KEY", owner-only,
 * {@code <owner>.pub} the public key, PEM "PUBLIC KEY", see {@link AgentKeyFile}). Each auction
 * has an id and a folder of its own, {@code auctions/<id>/}: {@code auction.properties} (id,
 * price grid, institutions, proofs, security mode), which {@link #terms()} turns into the auction's terms.
 * Nothing of a run goes through the folder: orders, results and rejections travel over gRPC
 * ({@code AuctionComputeParty}, {@code AuctionInstitution}), as between institutions on separate
 * machines. {@code auction.properties} at the top names the current auction, the one commands
 * use without {@code --auction-id}. Every message of a run carries the digest of its terms and
 * the MPC session id is derived from it, so no message of another auction is ever taken.
 *
 * <p>A local demo only: the folder holds every participant's secret keys. Federated auctions
 * read an identity folder, a roster and a terms file instead ({@code veil auction new --roster}).
 */
final class AuctionFiles {
    /** The auction id as typed, and its bytes as the auction uses them. */
    final String idText;
    final byte[] id;
    final PriceGrid grid;
    final List<String> institutions;
    /** Committed orders, range proofs, signed results and fill proofs (setup's default). */
    final boolean proofs;
    /** The compute parties' MPC mode (setup's default: malicious). */
    final Security security;
    /** The set-up folder. */
    final Path dir;
    /** This auction's folder, {@code dir/auctions/<id>}. */
    final Path home;

    private AuctionFiles(Path dir, String idText, PriceGrid grid, List<String> institutions, boolean proofs,
                         Security security) {
        this.dir = dir;
        this.idText = idText;
        this.id = AuctionIds.bytes(idText);
        this.grid = grid;
        this.institutions = institutions;
        this.proofs = proofs;
        this.security = security;
        this.home = auctionHome(dir, idText);
    }

    // ------------------------------------------------------------------ set-up (every auction)

    /** Ed25519 key files: {@code keys/party<i>.key|pub}, {@code keys/<institution>.key|pub}. */
    static Path keys(Path dir) {
        return dir.resolve("keys");
    }

    /** The secret key file of {@code owner} (PEM "PRIVATE KEY"). */
    static Path secretKey(Path dir, String owner) {
        return keys(dir).resolve(owner + ".key");
    }

    /** The public key file of {@code owner} (PEM "PUBLIC KEY"). */
    static Path pub(Path dir, String owner) {
        return keys(dir).resolve(owner + ".pub");
    }

    /** Writes {@code owner}'s key files: the secret one owner-only. */
    static void writeKeys(Path dir, String owner, AgentKey key) {
        publish(secretKey(dir, owner), AgentKeyFile.encodeSecret(key), true);
        publish(pub(dir, owner), AgentKeyFile.encodePublic(key.publicKey()), false);
    }

    /**
     * {@code owner}'s secret key.
     *
     * @throws MalformedInputException if it is missing, is a raw seed of an earlier version
     *         ({@code keys/<owner>.seed}, refused), or is not a secret key file
     */
    static AgentKey readSecretKey(Path dir, String owner) {
        Path file = secretKey(dir, owner);
        Path older = keys(dir).resolve(owner + ".seed");
        if (!Files.exists(file) && Files.exists(older)) {
            throw olderKey(older);
        }
        byte[] b = LocalFiles.readBounded(file, AgentKeyFile.MAX_LENGTH);
        if (b.length == RAW_KEY_BYTES) {
            throw olderKey(file);
        }
        return AgentKeyFile.decodeSecret(file.toString(), b);
    }

    /**
     * {@code owner}'s public key.
     *
     * @throws MalformedInputException if it is missing, a raw key of an earlier version (refused),
     *         or not a public key file
     */
    static AgentPublicKey readPublicKey(Path dir, String owner) {
        Path file = pub(dir, owner);
        byte[] b = LocalFiles.readBounded(file, AgentKeyFile.MAX_LENGTH);
        if (b.length == RAW_KEY_BYTES) {
            throw olderKey(file);
        }
        return AgentKeyFile.decodePublic(file.toString(), b);
    }

    /** The compute parties' public keys, party 0 first. */
    static List<AgentPublicKey> partyKeys(Path dir, int parties) {
        List<AgentPublicKey> out = new java.util.ArrayList<>();
        for (int p = 0; p < parties; p++) {
            out.add(readPublicKey(dir, party(p)));
        }
        return out;
    }

    private static final int RAW_KEY_BYTES = 32;

    private static MalformedInputException olderKey(Path file) {
        return new MalformedInputException(file.toString(), "is a raw 32-byte key of an earlier veil version; it is"
                + " not read (a seed and a public key cannot be told apart by their bytes). Key files are now PEM"
                + " (\"PRIVATE KEY\" in <owner>.key, \"PUBLIC KEY\" in <owner>.pub): set the folder up again with"
                + " 'veil auction setup'");
    }

    static String party(int i) {
        return "party" + i;
    }

    /** The current auction's description. */
    static Path spec(Path dir) {
        return dir.resolve("auction.properties");
    }

    static Path auctionHome(Path dir, String idText) {
        return dir.resolve("auctions").resolve(AuctionIds.requireValid(idText));
    }

    // ------------------------------------------------------------------ this auction

    /**
     * The auction's public terms: its description here, and as the federation the digest of the
     * folder's {@code parties.json}, so that every process of the folder derives the same terms
     * and another folder's processes never take this one's messages.
     */
    AuctionTerms terms() {
        byte[] parties = LocalFiles.readBounded(dir.resolve("parties.json"), PartiesConfig.MAX_FILE_BYTES);
        return AuctionTerms.of(idText, grid, proofs, institutions, AuctionItems.sha256(parties), security);
    }

    /**
     * The run's MPC configuration: the folder's {@code parties.json} with this auction's own
     * session id ({@link AuctionTerms#session}), so that no message of another auction's run is
     * accepted.
     */
    PartiesConfig config() {
        PartiesConfig shared = PartiesConfig.load(dir.resolve("parties.json"));
        return shared.withSession(terms().session(shared.session()));
    }

    /**
     * Creates {@code marker}, which must not exist yet.
     *
     * @throws ParameterException with {@code refusal} if it does
     */
    static void claimOnce(Path marker, String refusal) {
        try {
            Files.createDirectories(marker.getParent());
            Files.createFile(marker);
        } catch (FileAlreadyExistsException e) {
            throw new ParameterException(refusal);
        } catch (IOException e) {
            throw new ParameterException("cannot write " + marker + ": " + e.getMessage(), e);
        }
    }

    /** Writes through a temporary file and a rename, so a reader never sees half a file. */
    static void publish(Path given, byte[] bytes, boolean secret) {
        Path file = given.toAbsolutePath();
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            LocalFiles.write(tmp, bytes, secret);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new ParameterException("cannot write " + file + ": " + e.getMessage());
        }
    }

    /** Text read from files, printed on one line without control characters. */
    static String printable(String s) {
        String clean = s.replaceAll("[^\\x20-\\x7e\\u00a0-\\uffff]", "?");
        return clean.length() > 1000 ? clean.substring(0, 1000) + "..." : clean;
    }

    // ------------------------------------------------------------------ descriptions

    /**
     * Describes a new auction in a set-up folder: {@code auctions/<id>/auction.properties}, which
     * must not exist (an id is used once), and {@code auction.properties}, the current auction.
     *
     * @throws ParameterException if the id was used in this folder already, or an institution is
     *                            listed twice
     */
    static void write(Path dir, String idText, PriceGrid grid, List<String> institutions, boolean proofs,
                      Security security) {
        AuctionIds.requireValid(idText);
        checkInstitutions(institutions);
        String text = "# veil auction\nid=" + idText + "\nprices="
                + String.join(",", Arrays.stream(grid.prices()).mapToObj(Long::toString).toList())
                + "\ninstitutions=" + String.join(",", institutions) + "\nproofs=" + proofs
                + "\nsecurity=" + security.label() + "\n";
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        Path own = auctionHome(dir, idText).resolve("auction.properties");
        claimOnce(own, "auction id " + idText + " was already used in " + dir + "; choose another");
        publish(own, bytes, false);
        publish(spec(dir), bytes, false);
    }

    /**
     * Reads an auction's description: the current one ({@code auctionId} null) or the one with
     * that id.
     */
    static AuctionFiles read(Path dir, String auctionId) {
        Path file = auctionId == null ? spec(dir) : auctionHome(dir, auctionId).resolve("auction.properties");
        if (auctionId != null && !Files.exists(file)) {
            throw new ParameterException("no auction " + auctionId + " in " + dir);
        }
        Properties p = new Properties();
        try {
            p.load(new StringReader(new String(LocalFiles.readBounded(file, 8 << 20), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new MalformedInputException(file.toString(), "cannot be read: " + e.getMessage());
        }
        String id = p.getProperty("id");
        String prices = p.getProperty("prices");
        String insts = p.getProperty("institutions");
        if (id == null || prices == null || insts == null) {
            throw new MalformedInputException(file.toString(), "needs id, prices and institutions");
        }
        if (auctionId != null && !id.trim().equals(auctionId)) {
            throw new MalformedInputException(file.toString(), "describes another auction");
        }
        try {
            long[] grid = Arrays.stream(prices.split(",")).mapToLong(s -> Long.parseLong(s.trim())).toArray();
            String proofs = p.getProperty("proofs", "true").trim();
            if (!proofs.equals("true") && !proofs.equals("false")) {
                throw new IllegalArgumentException("proofs must be true or false");
            }
            Security security = Security.parse(p.getProperty("security", Security.MALICIOUS.label()).trim());
            List<String> institutions = List.of(insts.split(","));
            checkInstitutions(institutions);
            return new AuctionFiles(dir, AuctionIds.requireValid(id.trim()), PriceGrid.of(grid), institutions,
                    proofs.equals("true"), security);
        } catch (IllegalArgumentException | ParameterException e) {
            throw new MalformedInputException(file.toString(), "is malformed: " + e.getMessage());
        }
    }

    /** Valid ids, none listed twice. */
    static void checkInstitutions(List<String> institutions) {
        for (String inst : institutions) {
            new Order(inst, Side.BUY, 0, 0); // validates the id
        }
        Institutions.requireDistinct(institutions);
    }
}
