package org.veilgrid.core.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class VeilExceptionTest {

    @Test
    void eachTypeReportsItsKind() {
        assertEquals(ErrorKind.MALFORMED_INPUT, new MalformedInputException("f", "bad").kind());
        assertEquals(ErrorKind.PARAMETER, new ParameterException("bad").kind());
        assertEquals(ErrorKind.PROTOCOL_ABORT, new ProtocolAbortException("bob", "bad").kind());
        assertEquals(ErrorKind.VERIFICATION_FAILED, new VerificationFailedException("bad").kind());
        assertInstanceOf(RuntimeException.class, new ParameterException("bad"));
    }

    @Test
    void malformedInputSaysWhereAndWhat() {
        MalformedInputException e = MalformedInputException.wrongLength("Share.value", 32, 31);
        assertEquals("Share.value", e.where());
        assertEquals("Share.value: expected 32 bytes but got 31", e.getMessage());

        MalformedInputException t = MalformedInputException.truncated("Header.length", 4, 2);
        assertTrue(t.getMessage().startsWith("Header.length: truncated"));
        assertTrue(t.getMessage().contains("4") && t.getMessage().contains("2"));
    }

    @Test
    void protocolAbortCarriesCulpritAndReason() {
        ProtocolAbortException named = new ProtocolAbortException("bank-b", "MAC check failed");
        assertEquals(Optional.of("bank-b"), named.culprit());
        assertEquals("MAC check failed", named.reason());
        assertEquals("protocol aborted by party 'bank-b': MAC check failed", named.getMessage());

        ProtocolAbortException anonymous = ProtocolAbortException.unattributed("round 3 timed out");
        assertEquals(Optional.empty(), anonymous.culprit());
        assertEquals("protocol aborted: round 3 timed out", anonymous.getMessage());
    }

    @Test
    void causesAreKept() {
        IOException io = new IOException("reset");
        assertSame(io, new ProtocolAbortException("a", "disconnected", io).getCause());
        assertSame(io, new VerificationFailedException("receipt", io).getCause());
        assertSame(io, new ParameterException("config", io).getCause());
        assertSame(io, new MalformedInputException("f", "bad", io).getCause());
    }

    @Test
    void messageIsRequired() {
        assertThrows(NullPointerException.class, () -> new ParameterException(null));
        assertThrows(NullPointerException.class, () -> new ProtocolAbortException("a", null));
        assertThrows(NullPointerException.class, () -> new MalformedInputException(null, "x"));
    }
}
