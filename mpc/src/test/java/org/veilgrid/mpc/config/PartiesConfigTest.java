package org.veilgrid.mpc.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.errors.VeilException;

class PartiesConfigTest {

    private static final String GOOD = """
            {"version": 1, "session": "0x1f", "timeoutMs": 5000, "tlsDir": "tls",
             "parties": [{"name": "a", "host": "127.0.0.1", "port": 7001},
                         {"name": "b", "host": "127.0.0.1", "port": 7002},
                         {"name": "c", "host": "localhost", "port": 7003}],
             "clients": ["bank-x"]}""";

    @Test
    void readsAValidConfig(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("p.json");
        Files.writeString(file, GOOD);
        PartiesConfig c = PartiesConfig.load(file);
        assertEquals(3, c.size());
        assertEquals(1, c.threshold());
        assertEquals(0x1f, c.session());
        assertEquals(5000, c.timeoutMs());
        assertEquals(dir.resolve("tls"), c.tlsDirectory().orElseThrow());
        assertEquals("c", c.party(2).name());
        assertEquals(List.of("bank-x"), c.clients());
        assertEquals(1, c.indexOf("b"));
        // Round trip through toJson.
        PartiesConfig again = PartiesConfig.parse(c.toJson(), null, "again");
        assertEquals(c.session(), again.session());
        assertEquals(c.parties(), again.parties());
    }

    private static VeilException reject(String json) {
        return assertThrows(VeilException.class, () -> PartiesConfig.parse(json, null, "cfg"));
    }

    @Test
    void rejectsBrokenConfigsWithTypedErrors() {
        assertTrue(reject("{") instanceof MalformedInputException);
        assertTrue(reject(GOOD.replace("\"version\": 1", "\"version\": 2")) instanceof MalformedInputException);
        assertTrue(reject(GOOD.replace("\"timeoutMs\"", "\"timeoutMss\"")) instanceof MalformedInputException);
        assertTrue(reject(GOOD.replace("\"port\": 7003", "\"port\": 70000")) instanceof ParameterException);
        assertTrue(reject(GOOD.replace("\"port\": 7003", "\"port\": 7002").replace("localhost", "127.0.0.1"))
                instanceof ParameterException);
        assertTrue(reject(GOOD.replace("\"name\": \"c\"", "\"name\": \"a\"")) instanceof ParameterException);
        assertTrue(reject(GOOD.replace("\"name\": \"c\"", "\"name\": \"bad name\"")) instanceof ParameterException);
        assertTrue(reject(GOOD.replace("\"session\": \"0x1f\", ", "")) instanceof ParameterException);
        assertTrue(reject(GOOD.replace("0x1f", "zz")) instanceof ParameterException);
        assertTrue(reject(GOOD.replace("\"version\": 1,", "\"version\": 1, \"threshold\": 2,"))
                instanceof ParameterException);
        assertTrue(reject(GOOD.replace("\"bank-x\"", "\"a\"")) instanceof ParameterException);
        VeilException twice = reject(GOOD.replace("\"bank-x\"", "\"bank-x\", \"bank-x\""));
        assertTrue(twice instanceof ParameterException && twice.getMessage().contains("'bank-x' is used twice"),
                twice.getMessage());
        String two = GOOD.replaceAll(",\\s*\\{\"name\": \"c\"[^}]*\\}", "");
        assertTrue(reject(two) instanceof ParameterException, two);
    }

    @Test
    void anotherSessionKeepsEverythingElse(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("p.json");
        Files.writeString(file, GOOD);
        PartiesConfig c = PartiesConfig.load(file);
        PartiesConfig other = c.withSession(42);
        assertEquals(42, other.session());
        assertEquals(c.parties(), other.parties());
        assertEquals(c.clients(), other.clients());
        assertEquals(c.threshold(), other.threshold());
        assertEquals(c.timeoutMs(), other.timeoutMs());
        assertEquals(c.tlsDirectory(), other.tlsDirectory());
    }

    @Test
    void missingFileIsAParameterError(@TempDir Path dir) {
        assertThrows(ParameterException.class, () -> PartiesConfig.load(dir.resolve("none.json")));
    }
}
