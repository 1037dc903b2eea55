package org.veilgrid.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.veilgrid.core.errors.ParameterException;

class PrintableTest {
    @Test
    void controlFormatAndSeparatorCharactersAreEscaped() {
        assertEquals("a\\nb\\rc\\td", Printable.escape("a\nb\rc\td"));
        assertEquals("\\u001b[31mred\\u0007", Printable.escape("\u001b[31mred\u0007"));
        assertEquals("x\\u202ey\\u2028z\\u0085", Printable.escape("x\u202ey\u2028z\u0085"));
        assertEquals("\\ufeff1", Printable.escape("\ufeff1"));
        assertEquals("null", Printable.escape(null));
    }

    @Test
    void plainTextIsReturnedAsIs() {
        String s = "client-00001 ünïcödé 価格 /tmp/a b.csv";
        assertSame(s, Printable.escape(s));
        assertFalse(Printable.hasUnsafe(s));
        assertTrue(Printable.hasUnsafe("a\u0000"));
    }

    @Test
    void abbreviateCutsAfterEscaping() {
        assertEquals("abc...", Printable.abbreviate("abcdef", 3));
        assertEquals("\\u001b...", Printable.abbreviate("\u001bxyz", 6));
        assertEquals("ab", Printable.abbreviate("ab", 3));
    }

    @Test
    void pathsWithControlCharactersAreRefusedWithTheNameEscaped() {
        ParameterException e = assertThrows(ParameterException.class, () -> Printable.checkPath("--dir", Path.of("a\u001b[2Jb")));
        assertEquals("--dir a\\u001b[2Jb contains control characters", e.getMessage());
        assertEquals(Path.of("ok"), Printable.checkPath("--dir", Path.of("ok")));
        assertEquals(null, Printable.checkPath("--dir", null));
    }
}
