package org.veilgrid.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void escapesStrings() {
        assertEquals("\"a\\\"b\\\\c\\n\\r\\t\\b\\f\\u0001\\u007f\\u2028\"",
                Json.quote("a\"b\\c\n\r\t\b\f\u0001\u007f\u2028"));
        assertEquals("\"µ é 😀 /\"", Json.quote("µ é 😀 /"));
        assertEquals("\"\\ud800x\"", Json.quote("\ud800x"));
    }

    @Test
    void writesValues() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("s", "x");
        m.put("i", 3);
        m.put("l", -9_000_000_000L);
        m.put("d", 2.5);
        m.put("whole", 4.0);
        m.put("tiny", 1e-9);
        m.put("nan", Double.NaN);
        m.put("b", true);
        m.put("none", null);
        m.put("opt", Optional.of("y"));
        m.put("empty", Optional.empty());
        m.put("list", List.of(1, "two"));
        m.put("nested", List.of(Map.of("k", List.of())));
        assertEquals("{\"s\":\"x\",\"i\":3,\"l\":-9000000000,\"d\":2.5,\"whole\":4,\"tiny\":1.0E-9,\"nan\":null,"
                + "\"b\":true,\"none\":null,\"opt\":\"y\",\"empty\":null,\"list\":[1,\"two\"],\"nested\":[{\"k\":[]}]}",
                Json.compact(m));
    }

    @Test
    void prettyOutputParsesBackToTheSameValues() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", "line\nbreak \"quoted\"");
        m.put("flat", List.of("a", "b"));
        m.put("rows", List.of(Map.of("x", 1), Map.of("x", 2)));
        m.put("empty", Map.of());
        String pretty = Json.pretty(m);
        assertEquals("{\n  \"name\": \"line\\nbreak \\\"quoted\\\"\",\n  \"flat\": [\"a\", \"b\"],\n"
                + "  \"rows\": [\n    {\n      \"x\": 1\n    },\n    {\n      \"x\": 2\n    }\n  ],\n"
                + "  \"empty\": {}\n}", pretty);
        Object back = MiniJson.parse(pretty);
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("name", "line\nbreak \"quoted\"");
        expected.put("flat", List.of("a", "b"));
        expected.put("rows", List.of(Map.of("x", 1.0), Map.of("x", 2.0)));
        expected.put("empty", Map.of());
        assertEquals(expected, back);
        assertEquals(Arrays.asList(1.0, null), MiniJson.parse(Json.pretty(new Object[] {1, null})));
    }

    @Test
    void refusesUnknownTypes() {
        assertThrows(IllegalArgumentException.class, () -> Json.compact(new Object()));
    }
}
