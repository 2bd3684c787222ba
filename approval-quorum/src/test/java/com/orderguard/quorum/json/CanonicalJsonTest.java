package com.orderguard.quorum.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** RFC 8785 canonical form of request parameters: one value, one byte sequence. */
class CanonicalJsonTest
{
    @Test
    void shouldProduceTheRfc8785SampleOutput()
    {
        // RFC 8785 section 3.2.2 input and expected output
        final String input = "{\n" +
            "  \"numbers\": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],\n" +
            "  \"string\": \"\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\\"\\/\",\n" +
            "  \"literals\": [null, true, false]\n" +
            "}";

        assertEquals("{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27]," +
            "\"string\":\"\u20ac$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}", CanonicalJson.canonicalize(input));
    }

    @Test
    void shouldSortMembersByUtf16CodeUnits()
    {
        // RFC 8785 section 3.2.3 sorting example
        final String input = "{\"\\u20ac\":\"Euro Sign\",\"\\r\":\"Carriage Return\",\"\\ufb33\":\"Hebrew Letter Dalet With Dagesh\"," +
            "\"1\":\"One\",\"\\ud83d\\ude00\":\"Emoji: Grinning Face\",\"\\u0080\":\"Control\",\"\\u00f6\":\"Latin Small Letter O With Diaeresis\"}";

        final String canonical = CanonicalJson.canonicalize(input);

        final List<String> values = List.copyOf(((Map<?, ?>)CanonicalJson.parse(canonical)).values().stream()
            .map(String::valueOf).toList());
        assertEquals(List.of("Carriage Return", "One", "Control", "Latin Small Letter O With Diaeresis", "Euro Sign",
            "Emoji: Grinning Face", "Hebrew Letter Dalet With Dagesh"), values);
        assertTrue(canonical.startsWith("{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":"), canonical);
    }

    @Test
    void shouldWriteNumbersInTheirEcmaScriptForm()
    {
        assertEquals("[1,100,0,0.5,1e+21,1e-7,123456789,-3]",
            CanonicalJson.canonicalize("[1.0, 1e2, -0, 5E-1, 1e21, 0.0000001, 123456789.000, -3]"));
        assertEquals("{\"price\":1.1}", CanonicalJson.write(Map.of("price", 1.1d)));
        assertEquals("{\"quantity\":9007199254740992}", CanonicalJson.write(Map.of("quantity", 9_007_199_254_740_992L)));
    }

    @Test
    void shouldGiveOneFormWhateverTheKeyOrderWhitespaceOrEscaping()
    {
        final Map<String, Object> ordered = new LinkedHashMap<>();
        ordered.put("venue", "XLON");
        ordered.put("maxQuantity", 5000L);
        ordered.put("flags", List.of(true, false));

        final String fromMap = CanonicalJson.write(ordered);

        assertEquals("{\"flags\":[true,false],\"maxQuantity\":5000,\"venue\":\"XLON\"}", fromMap);
        assertEquals(fromMap, CanonicalJson.canonicalize(
            " {\n\"venue\" : \"\\u0058LON\", \"flags\":[ true ,false ],\t\"maxQuantity\": 5.0E3 }"));
        assertEquals(Parameters.of(ordered), Parameters.fromJson("{\"maxQuantity\":5000,\"flags\":[true,false],\"venue\":\"XLON\"}"));
    }

    @Test
    void shouldRefuseIntegersThatWouldNotSurviveExactly()
    {
        final IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
            () -> CanonicalJson.parse("{\"orderId\":9007199254740993}"));
        assertTrue(error.getMessage().contains("string"), error.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CanonicalJson.write(Map.of("orderId", 9_007_199_254_740_993L)));
        assertEquals("{\"orderId\":\"9007199254740993\"}", CanonicalJson.canonicalize("{\"orderId\":\"9007199254740993\"}"));
    }

    @Test
    void shouldRefuseJsonThatTwoParsersCouldReadDifferently()
    {
        for (final String bad : new String[]{
            "{\"a\":1,\"a\":2}",        // duplicate member
            "{\"a\":01}",               // leading zero
            "{\"a\":1} x",              // trailing text
            "{\"a\":\"\\ud800\"}",      // lone surrogate
            "{\"a\":NaN}",
            "{\"a\":1e400}",            // not a finite double
            "{\"a\":\"tab\there\"}",    // unescaped control character
            "{\"a\":1,}",
            "{'a':1}",
            ""})
        {
            assertThrows(IllegalArgumentException.class, () -> CanonicalJson.parse(bad), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> CanonicalJson.write(Map.of("a", Double.NaN)));
        assertThrows(IllegalArgumentException.class, () -> CanonicalJson.write(Map.of("a", new Object())));
    }

    @Test
    void shouldParseIntoImmutableSortedTree()
    {
        final Map<?, ?> tree = (Map<?, ?>)CanonicalJson.parse("{\"b\":[1,2.5],\"a\":{\"c\":null}}");

        assertEquals(List.of("a", "b"), List.copyOf(tree.keySet()));
        assertEquals(List.of(1L, 2.5d), tree.get("b"));
        assertThrows(UnsupportedOperationException.class, () -> castMap(tree).put("x", 1L));
    }

    @Test
    void shouldRenderForHumansWithEveryNonAsciiCharacterVisible()
    {
        final String rendered = CanonicalJson.render(Map.of("venue", "XL\u041eN", "note", "a\u202eb"));

        assertEquals("{\n  \"note\": \"a\\u202eb\",\n  \"venue\": \"XL\\u041eN\"\n}", rendered);
    }

    @Test
    void shouldRefuseParametersThatAreNotAnObject()
    {
        assertThrows(IllegalArgumentException.class, () -> Parameters.fromJson("[1,2]"));
        assertEquals("{}", Parameters.empty().canonicalJson());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(final Map<?, ?> map)
    {
        return (Map<String, Object>)map;
    }
}
