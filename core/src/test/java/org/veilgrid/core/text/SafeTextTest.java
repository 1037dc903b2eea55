package org.veilgrid.core.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SafeTextTest {
    @Test
    void controlFormatSeparatorAndUnassignedCharactersAreEscaped() {
        assertEquals("a\\nb\\rc\\td", SafeText.escape("a\nb\rc\td"));
        assertEquals("\\u001b[31mred\\u0007", SafeText.escape("\u001b[31mred\u0007"));
        assertEquals("x\\u202ey\\u2028z\\u0085", SafeText.escape("x\u202ey\u2028z\u0085"), "bidi override, separator, C1");
        assertEquals("\\ufeff1", SafeText.escape("\ufeff1"));
        assertEquals("\\ud800!", SafeText.escape("\ud800!"), "a lone surrogate");
        assertEquals("\\u{f0000}", SafeText.escape(new String(Character.toChars(0xF0000))), "private use beyond the BMP");
        assertEquals("null", SafeText.escape(null));
    }

    @Test
    void plainTextIsReturnedAsIs() {
        String s = "client-00001 ünïcödé 価格 😀 /tmp/a b.csv";
        assertSame(s, SafeText.escape(s));
        assertFalse(SafeText.hasUnsafe(s));
        assertTrue(SafeText.hasUnsafe("a\u0000"));
    }

    @Test
    void abbreviateCutsAfterEscapingAndFirstLineStopsAtABreak() {
        assertEquals("abc...", SafeText.abbreviate("abcdef", 3));
        assertEquals("\\u001b...", SafeText.abbreviate("\u001bxyz", 6));
        assertEquals("ab", SafeText.abbreviate("ab", 3));
        assertEquals("status", SafeText.firstLine("status\n\tat x.y(Z.java:1)"));
        assertEquals("a", SafeText.firstLine("a\r\nb"));
    }
}
