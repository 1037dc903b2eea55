package org.veilgrid.core.cbor;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.veilgrid.core.errors.MalformedInputException;

/**
 * Files of Veilgrid's byte formats from before CBOR began with four magic letters and a version
 * byte. They are not read; this names what such a file is and what to do, instead of reporting a
 * CBOR error on its first byte.
 */
public final class OlderFormats {
    private OlderFormats() {
    }

    /**
     * Refuses {@code bytes} if they start with {@code olderMagic} (and a version byte).
     *
     * @param what           the statement or file, for the message (e.g. "committed order")
     * @param currentVersion the version this Veilgrid reads
     * @param expected       what a current file is (e.g. "a COSE_Sign1 of application/…")
     * @throws MalformedInputException if {@code bytes} is null or of the older format
     */
    public static void refuse(byte[] bytes, String what, String olderMagic, int currentVersion, String expected) {
        if (bytes == null) {
            throw new MalformedInputException(what, "missing");
        }
        byte[] magic = olderMagic.getBytes(StandardCharsets.US_ASCII);
        if (bytes.length > magic.length && Arrays.equals(bytes, 0, magic.length, magic, 0, magic.length)) {
            throw new MalformedInputException(what, "is a version-" + (bytes[magic.length] & 0xff) + " " + what
                    + " (the byte format of Veilgrid before CBOR, starting \"" + olderMagic + "\"); this Veilgrid reads"
                    + " version " + currentVersion + " (" + expected + "); make it again with this version");
        }
    }
}
