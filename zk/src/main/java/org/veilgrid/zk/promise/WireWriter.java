package org.veilgrid.zk.promise;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.veilgrid.zk.group.RistrettoPoint;
import org.veilgrid.zk.group.Scalar;

/** Writer for the promise formats (big-endian integers, length-prefixed strings). */
final class WireWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    WireWriter magic(String m) {
        out.writeBytes(m.getBytes(StandardCharsets.US_ASCII));
        return this;
    }

    WireWriter u8(int v) {
        out.write(v);
        return this;
    }

    WireWriter u16(int v) {
        out.write(v >>> 8);
        out.write(v);
        return this;
    }

    WireWriter u64(long v) {
        for (int i = 7; i >= 0; i--) {
            out.write((int) (v >>> (8 * i)));
        }
        return this;
    }

    WireWriter bytes(byte[] b) {
        out.writeBytes(b);
        return this;
    }

    WireWriter utf8(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        u16(b.length);
        return bytes(b);
    }

    WireWriter name(String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        u8(b.length);
        return bytes(b);
    }

    WireWriter point(RistrettoPoint p) {
        return bytes(p.encode());
    }

    WireWriter scalar(Scalar s) {
        return bytes(s.toBytes());
    }

    byte[] toBytes() {
        return out.toByteArray();
    }
}
