package org.veilgrid.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.veilgrid.core.errors.ParameterException;

class PrintableTest {
    @Test
    void pathsWithControlCharactersAreRefusedWithTheNameEscaped() {
        ParameterException e = assertThrows(ParameterException.class, () -> Printable.checkPath("--dir", Path.of("a\u001b[2Jb")));
        assertEquals("--dir a\\u001b[2Jb contains control characters", e.getMessage());
        assertEquals(Path.of("ok"), Printable.checkPath("--dir", Path.of("ok")));
        assertEquals(null, Printable.checkPath("--dir", null));
    }
}
