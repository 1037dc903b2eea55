package org.veilgrid.zk.promise;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.zk.group.RistrettoPoint;
import org.veilgrid.zk.group.Scalar;

/** Strict reader for the promise formats: every read checks what remains; the end must be exact. */
final class WireReader {
    private final String what;
    private final byte[] b;
    private int pos;

    WireReader(String what, byte[] b) {
        if (b == null) {
            throw new MalformedInputException(what, "missing");
        }
        this.what = what;
        this.b = b;
    }

    int position() {
        return pos;
    }

    private void need(String field, int n) {
        if (n < 0 || b.length - pos < n) {
            throw MalformedInputException.truncated(what + "." + field, n, b.length - pos);
        }
    }

    void magic(String expected) {
        byte[] m = bytes("magic", expected.length());
        if (!new String(m, StandardCharsets.US_ASCII).equals(expected)) {
            throw new MalformedInputException(what, "does not start with " + expected);
        }
    }

    int u8(String field) {
        need(field, 1);
        return b[pos++] & 0xFF;
    }

    int u16(String field) {
        need(field, 2);
        int v = ((b[pos] & 0xFF) << 8) | (b[pos + 1] & 0xFF);
        pos += 2;
        return v;
    }

    long u64(String field) {
        need(field, 8);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[pos + i] & 0xFF);
        }
        pos += 8;
        return v;
    }

    byte[] bytes(String field, int n) {
        need(field, n);
        byte[] r = java.util.Arrays.copyOfRange(b, pos, pos + n);
        pos += n;
        return r;
    }

    String utf8(String field, int maxBytes) {
        int len = u16(field + ".length");
        if (len > maxBytes) {
            throw new MalformedInputException(what + "." + field, "is " + len + " bytes; at most " + maxBytes);
        }
        byte[] raw = bytes(field, len);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(raw)).toString();
        } catch (CharacterCodingException e) {
            throw new MalformedInputException(what + "." + field, "is not valid UTF-8", e);
        }
    }

    String name(String field) {
        int len = u8(field + ".length");
        byte[] raw = bytes(field, len);
        String s = new String(raw, StandardCharsets.US_ASCII);
        if (!Names.valid(s) || !java.util.Arrays.equals(raw, s.getBytes(StandardCharsets.US_ASCII))) {
            throw new MalformedInputException(what + "." + field, "is not a term name ([a-z0-9_]{1,32})");
        }
        return s;
    }

    RistrettoPoint point(String field) {
        need(field, 32);
        RistrettoPoint p = RistrettoPoint.decodeOrNull(b, pos);
        if (p == null) {
            throw new MalformedInputException(what + "." + field, "is not a canonical Ristretto255 point");
        }
        pos += 32;
        return p;
    }

    Scalar scalar(String field) {
        byte[] s = bytes(field, 32);
        try {
            return Scalar.fromCanonicalBytes(s);
        } catch (MalformedInputException e) {
            throw new MalformedInputException(what + "." + field, "is not a canonical scalar", e);
        }
    }

    void end() {
        if (pos != b.length) {
            throw new MalformedInputException(what, (b.length - pos) + " trailing bytes");
        }
    }
}
