package org.veilgrid.grid.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.veilgrid.core.grid.ProtocolId;

/**
 * The build computes the pCID of every specification under docs/protocols/ and holds it against
 * the constant in {@link GridProtocol}: a document changed without its constant (or a constant
 * changed without its document) fails here, saying which constant to set to which value.
 */
class GridProtocolTest {
    /** docs/protocols/ of this checkout: the module's folder is the working directory of its tests. */
    static Path documents() {
        Path module = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
        Path docs = module.resolveSibling("docs").resolve("protocols");
        assertTrue(Files.isDirectory(docs), "no protocol documents at " + docs);
        return docs;
    }

    private static byte[] read(String document) throws IOException {
        return Files.readAllBytes(documents().resolve(document));
    }

    @Test
    void everyPcidConstantIsTheCidOfItsDocumentAsItIsNow() throws IOException {
        List<String> stale = new ArrayList<>();
        for (GridProtocol p : GridProtocol.values()) {
            ProtocolId computed = ProtocolId.ofDocument(read(p.document()));
            if (!computed.equals(p.id())) {
                stale.add("docs/protocols/" + p.document() + " changed: set GridProtocol." + p.name() + " to \""
                        + computed + "\" (it is \"" + p.id() + "\")");
            }
        }
        if (!stale.isEmpty()) {
            fail("a changed specification is another protocol; update its pCID in"
                    + " grid-bridge/src/main/java/org/veilgrid/grid/protocol/GridProtocol.java:\n" + String.join("\n", stale));
        }
    }

    @Test
    void everyDocumentHasAConstantAndEveryConstantADocument() throws IOException {
        Set<String> files = new TreeSet<>();
        try (Stream<Path> s = Files.list(documents())) {
            s.forEach(f -> files.add(f.getFileName().toString()));
        }
        Set<String> named = new TreeSet<>();
        for (GridProtocol p : GridProtocol.values()) {
            named.add(p.document());
        }
        assertEquals(files, named, "docs/protocols/ and GridProtocol list the same documents");
        assertEquals(GridProtocol.values().length, GridProtocol.KNOWN.size(), "no two documents share a pCID");
    }

    @Test
    void documentsHaveExactBytesOnEveryClone() throws IOException {
        // A checkout that turned LF into CRLF would change every pCID: .gitattributes keeps them as committed.
        for (GridProtocol p : GridProtocol.values()) {
            byte[] b = read(p.document());
            for (byte x : b) {
                assertTrue(x != '\r', p.document() + " has a carriage return: check .gitattributes (docs/protocols/** -text)");
            }
            assertEquals('\n', b[b.length - 1], p.document() + " ends with one newline");
            assertFalse(b.length > 1 && b[b.length - 2] == '\n', p.document() + " ends with one newline, not a blank line");
            assertTrue(new String(b, StandardCharsets.UTF_8).startsWith("# "), p.document() + " starts with its title");
        }
        String attributes = Files.readString(documents().getParent().getParent().resolve(".gitattributes"));
        assertTrue(attributes.contains("docs/protocols/** -text"), ".gitattributes must keep docs/protocols byte-exact");
    }

    @Test
    void theEnvelopeProtocolsNameTheFormatsTheyCarryByTheirCurrentPcids() throws IOException {
        // A change to the promise, receipt or payment format is a change to the protocols that carry them.
        for (GridProtocol envelope : List.of(GridProtocol.BYTE_COMPLETION, GridProtocol.ENCRYPTED_BYTE_COMPLETION)) {
            String text = new String(read(envelope.document()), StandardCharsets.UTF_8);
            for (GridProtocol carried : List.of(GridProtocol.COMPLETION_PROMISE, GridProtocol.COMPLETION_RECEIPT,
                    GridProtocol.PAYMENT)) {
                assertTrue(text.contains("- " + carried.title() + ": " + carried.id()), envelope.document()
                        + " must name " + carried.title() + " by its pCID: \"- " + carried.title() + ": " + carried.id() + "\"");
            }
        }
    }

    @Test
    void thePcidTableInWireMdIsCurrent() throws IOException {
        String wire = Files.readString(documents().getParent().resolve("wire.md"));
        for (GridProtocol p : GridProtocol.values()) {
            String row = "[" + p.document() + "](protocols/" + p.document() + ") | `" + p.id() + "` |";
            assertTrue(wire.contains(row), "docs/wire.md's pCID table must read: " + row);
        }
    }

    @Test
    void aPcidNamesItsProtocolAndNoOther() {
        for (GridProtocol p : GridProtocol.values()) {
            assertEquals(p, GridProtocol.of(p.id()));
            assertTrue(p.id().toString().startsWith("bafkrei"), p.id().toString());
        }
        assertNull(GridProtocol.of(ProtocolId.ofDocument(new byte[0])));
    }
}
