package org.veilgrid.examples.cli;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import org.veilgrid.auction.PriceGrid;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.io.LocalFiles;

/**
 * The files of a multi-process auction in one folder: {@code parties.json} and {@code tls/} (the
 * mpc module's local setup), {@code auction.properties} (id, price grid, institutions), and
 * {@code results/}, where each party writes the public result and each institution's masked fill.
 */
final class AuctionFiles {
    final byte[] id;
    final PriceGrid grid;
    final List<String> institutions;
    /** Committed orders, range proofs, signed results and fill proofs (setup's default). */
    final boolean proofs;

    private AuctionFiles(byte[] id, PriceGrid grid, List<String> institutions, boolean proofs) {
        this.id = id;
        this.grid = grid;
        this.institutions = institutions;
        this.proofs = proofs;
    }

    /** Ed25519 key seeds and public keys: {@code keys/party<i>.seed|pub}, {@code keys/<institution>.seed|pub}. */
    static Path keys(Path dir) {
        return dir.resolve("keys");
    }

    static Path seed(Path dir, String owner) {
        return keys(dir).resolve(owner + ".seed");
    }

    static Path pub(Path dir, String owner) {
        return keys(dir).resolve(owner + ".pub");
    }

    static String party(int i) {
        return "party" + i;
    }

    /** Where an institution publishes its signed committed order. */
    static Path committedOrder(Path dir, String institution) {
        return dir.resolve("orders").resolve(institution + ".order");
    }

    static Path statement(Path dir, int party) {
        return results(dir).resolve("statement.party" + party);
    }

    static Path signature(Path dir, int party) {
        return results(dir).resolve("signature.party" + party);
    }

    /** A rejection reason, for the institution only (in a real deployment, sent to it alone). */
    static Path rejection(Path dir, String institution, int party) {
        return results(dir).resolve(institution + ".rejected.party" + party);
    }

    static Path fillProof(Path dir, String institution) {
        return results(dir).resolve(institution + ".fillproof");
    }

    /** Writes through a temporary file and a rename, so a reader never sees half a file. */
    static void publish(Path file, byte[] bytes, boolean secret) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            LocalFiles.write(tmp, bytes, secret);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new org.veilgrid.core.errors.ParameterException("cannot write " + file + ": " + e.getMessage());
        }
    }

    static byte[] readKey(Path file, int length) {
        byte[] b = LocalFiles.readBounded(file, 64);
        if (b.length != length) {
            throw MalformedInputException.wrongLength(file.toString(), length, b.length);
        }
        return b;
    }

    static Path spec(Path dir) {
        return dir.resolve("auction.properties");
    }

    static Path results(Path dir) {
        return dir.resolve("results");
    }

    static Path publicResult(Path dir, int party) {
        return results(dir).resolve("public.party" + party);
    }

    static Path maskedFill(Path dir, String institution, int party) {
        return results(dir).resolve(institution + ".party" + party);
    }

    static void write(Path dir, byte[] id, PriceGrid grid, List<String> institutions, boolean proofs) {
        String text = "# veil auction setup\nid=" + HexFormat.of().formatHex(id) + "\nprices="
                + String.join(",", Arrays.stream(grid.prices()).mapToObj(Long::toString).toList())
                + "\ninstitutions=" + String.join(",", institutions) + "\nproofs=" + proofs + "\n";
        LocalFiles.write(spec(dir), text.getBytes(StandardCharsets.UTF_8), false);
    }

    static AuctionFiles read(Path dir) {
        Path file = spec(dir);
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
        try {
            long[] grid = Arrays.stream(prices.split(",")).mapToLong(s -> Long.parseLong(s.trim())).toArray();
            String proofs = p.getProperty("proofs", "true").trim();
            if (!proofs.equals("true") && !proofs.equals("false")) {
                throw new IllegalArgumentException("proofs must be true or false");
            }
            return new AuctionFiles(HexFormat.of().parseHex(id), PriceGrid.of(grid), List.of(insts.split(",")),
                    proofs.equals("true"));
        } catch (IllegalArgumentException e) {
            throw new MalformedInputException(file.toString(), "is malformed: " + e.getMessage());
        }
    }

    /** Waits until a file exists, or gives up after {@code seconds}. */
    static boolean await(Path file, int seconds) throws InterruptedException {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (!Files.exists(file)) {
            if (System.nanoTime() > end) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }
}
