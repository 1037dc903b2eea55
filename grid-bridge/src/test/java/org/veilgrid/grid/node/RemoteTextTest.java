package org.veilgrid.grid.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RemoteTextTest {
    @Test
    void controlAndFormattingCharactersAreEscapedAndLongTextIsCut() {
        assertEquals("plain text, é ü 字", RemoteText.printable("plain text, é ü 字"));
        assertEquals("\\u{001B}[31mred\\u{0007}\\u{000A}", RemoteText.printable("\u001b[31mred\u0007\n"));
        assertEquals("a\\u{202E}b\\u{0085}", RemoteText.printable("a\u202eb\u0085"), "bidi override and C1 control");
        assertEquals("x".repeat(RemoteText.MAX_CHARS) + "...", RemoteText.printable("x".repeat(RemoteText.MAX_CHARS + 1)));
        assertEquals("(no reason given)", RemoteText.printable(null));
    }
}
