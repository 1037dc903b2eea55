package org.veilgrid.core.cbor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.veilgrid.core.cose.SignedTest;
import org.veilgrid.core.grid.GridEnvelope;
import org.veilgrid.core.grid.ProtocolId;
import org.veilgrid.core.identity.AgentKey;

/**
 * Our encodings read by an independent CBOR implementation — Debian's python3-cbor2, which
 * {@code .ci/run} installs — to the same data model, re-encoded by it byte for byte, with every
 * map's keys in the bytewise order of cbor2's own encodings of them.
 */
class IndependentCborTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final Path PYTHON = Path.of("/usr/bin/python3");

    @TempDir
    Path tmp;

    /** Our items' structure in the notation the Python side prints. */
    static String shape(CBORObject x) {
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

    @Test
    void cbor2ReadsOurItemsToTheSameModelAndReencodesThemByteForByte() throws Exception {
        assertTrue(Files.isExecutable(PYTHON), "needs /usr/bin/python3 with python3-cbor2 (bash .ci/run installs it)");
        CborProfile any = new CborProfile(1 << 16, 8, 1 << 16, Set.of(18L, 42L, GridEnvelope.GRID_TAG));
        List<byte[]> vectors = new ArrayList<>();
        for (String hex : List.of("00", "1bffffffffffffffff", "3903e7", "62c3bc", "a26161016162820203", "f6", "f5")) {
            vectors.add(HEX.parseHex(hex));
        }
        AgentKey key = AgentKey.generate(new SecureRandom());
        vectors.add(Cbor.encode(key.publicKey().toCoseKey()));
        vectors.add(SignedTest.signedNote(key));
        vectors.add(new GridEnvelope(ProtocolId.ofDocument(new byte[] {1, 2, 3}),
                List.of(CBORObject.FromObject(new byte[] {9}), CBORObject.FromObject("slot"))).encode());
        java.util.Random random = new java.util.Random(14);
        for (int i = 0; i < 200; i++) {
            vectors.add(Cbor.encode(CborTest.randomItem(random, 0)));
        }

        Path script = tmp.resolve("cbor2_roundtrip.py");
        try (InputStream in = getClass().getResourceAsStream("cbor2_roundtrip.py")) {
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
            CBORObject ours = Cbor.decode(vectors.get(i), any, "vector " + i);
            assertEquals(shape(ours), fields[0], "data model of vector " + i);
            assertEquals(HEX.formatHex(vectors.get(i)), fields[1], "cbor2's re-encoding of vector " + i);
            assertEquals("sorted", fields[2], "map keys of vector " + i + " in bytewise order");
        }
    }
}
