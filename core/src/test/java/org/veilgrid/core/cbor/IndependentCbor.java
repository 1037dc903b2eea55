package org.veilgrid.core.cbor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;

/**
 * Test support shared with every module (core's test jar): hands encodings to an independent CBOR
 * implementation — Debian's python3-cbor2, which {@code .ci/run} installs — and asserts that it
 * reads each to the same data model as ours, re-encodes it byte for byte, and finds every map's
 * keys in the bytewise order of its own encodings of them.
 */
public final class IndependentCbor {

    /** Where Debian puts the interpreter that has python3-cbor2. */
    public static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final HexFormat HEX = HexFormat.of();

    private IndependentCbor() {
    }

    /**
     * Asserts cbor2 agrees with us on every vector.
     *
     * @param vectors encodings of ours, each one complete CBOR item
     * @param profile the profile our decoder reads them under (its tags must cover theirs)
     * @param tmp a scratch folder for the script and its input
     */
    public static void assertReadAndReencodedByteForByte(List<byte[]> vectors, CborProfile profile, Path tmp)
            throws IOException, InterruptedException {
        assertTrue(Files.isExecutable(PYTHON), "needs /usr/bin/python3 with python3-cbor2 (bash .ci/run installs it)");
        Path script = tmp.resolve("cbor2_roundtrip.py");
        try (InputStream in = IndependentCbor.class.getResourceAsStream("cbor2_roundtrip.py")) {
            Files.write(script, in.readAllBytes());
        }
        Path input = tmp.resolve("vectors.txt");
        StringBuilder lines = new StringBuilder();
        for (byte[] v : vectors) {
            lines.append(HEX.formatHex(v)).append('\n');
        }
        Files.writeString(input, lines);
        Process p = new ProcessBuilder(PYTHON.toString(), script.toString())
                .redirectInput(input.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), "python3 -c cbor2 failed (is python3-cbor2 installed?):\n" + out);
        String[] answers = out.split("\n");
        assertEquals(vectors.size(), answers.length, out);
        for (int i = 0; i < vectors.size(); i++) {
            String[] fields = answers[i].split("\t");
            CBORObject ours = Cbor.decode(vectors.get(i), profile, "vector " + i);
            assertEquals(shape(ours), fields[0], "data model of vector " + i);
            assertEquals(HEX.formatHex(vectors.get(i)), fields[1], "cbor2's re-encoding of vector " + i);
            assertEquals("sorted", fields[2], "map keys of vector " + i + " in bytewise order");
        }
    }

    /** Our items' structure in the notation the Python side prints. */
    public static String shape(CBORObject x) {
        if (x.isTagged()) {
            return "tag(" + x.getMostOuterTag() + "," + shape(x.UntagOne()) + ")";
        }
        CBORType type = x.getType();
        switch (type) {
            case Boolean:
                return x.AsBoolean() ? "true" : "false";
            case SimpleValue:
                return "null";
            case Integer:
                return "i:" + x.AsEIntegerValue();
            case ByteString:
                return "b:" + HEX.formatHex(x.GetByteString());
            case TextString:
                return "t:" + HEX.formatHex(x.AsString().getBytes(StandardCharsets.UTF_8));
            case Array: {
                List<String> parts = new ArrayList<>();
                for (int i = 0; i < x.size(); i++) {
                    parts.add(shape(x.get(i)));
                }
                return "[" + String.join(",", parts) + "]";
            }
            case Map: {
                List<String> parts = new ArrayList<>();
                for (Map.Entry<CBORObject, CBORObject> e : x.getEntries()) {
                    parts.add(shape(e.getKey()) + "=" + shape(e.getValue()));
                }
                return "{" + String.join(",", parts) + "}";
            }
            default:
                throw new AssertionError("unexpected type " + type);
        }
    }

}
