package org.veilgrid.examples.cli;

import java.nio.file.Path;
import org.veilgrid.auction.AuctionTerms;
import org.veilgrid.core.federation.IdentityFolder;
import org.veilgrid.core.federation.Roster;
import org.veilgrid.core.io.LocalFiles;

/** The files a federated command reads: a roster, its own identity folder, an auction's terms. */
final class FederationFiles {
    private FederationFiles() {
    }

    /** The roster in {@code file} (given as --roster), every card verified. */
    static Roster roster(Path file) {
        return Roster.fromBytes(LocalFiles.readBounded(Printable.checkPath("--roster", file), Roster.MAX_BYTES));
    }

    /** The identity folder given as --identity. */
    static IdentityFolder identity(Path folder) {
        return IdentityFolder.load(Printable.checkPath("--identity", folder));
    }

    /** The auction terms in {@code file} (given as --terms). */
    static AuctionTerms terms(Path file) {
        return AuctionTerms.fromBytes(LocalFiles.readBounded(Printable.checkPath("--terms", file), AuctionTerms.MAX_BYTES));
    }
}
