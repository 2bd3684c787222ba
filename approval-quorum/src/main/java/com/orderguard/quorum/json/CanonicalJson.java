package com.orderguard.quorum.json;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.erdtman.jcs.NumberToJSON;

/**
 * RFC 8785 (JSON Canonicalization Scheme) for everything the quorum hashes or signs: the same
 * value always gives the same bytes, whoever wrote it and in whatever key order or number form.
 * <p>
 * The value model is plain Java: {@code Map<String, ?>} (objects), {@code List<?>} or arrays
 * (arrays), {@code String}, {@code Boolean}, {@code null}, and numbers. Parsed trees are immutable;
 * objects come back as sorted maps, numbers as {@code Long} when integral and within
 * &plusmn;2<sup>53</sup>, else {@code Double}.
 * <p>
 * What must hold, beyond RFC 8259:
 * <ul>
 *   <li>Object members are sorted by UTF-16 code units ({@link String#compareTo} is exactly that).</li>
 *   <li>Numbers are IEEE-754 doubles written the ECMAScript way (the library's serialiser):
 *       {@code 1.0 -> 1}, {@code 1E30 -> 1e+30}, {@code -0 -> 0}.</li>
 *   <li>An integer literal beyond &plusmn;2<sup>53</sup> is refused rather than silently rounded:
 *       a quantity or an id that changes between what was typed and what was signed is exactly the
 *       hole this module exists to close. Send such values as strings.</li>
 *   <li>Duplicate member names, lone surrogates, non-finite numbers, leading zeros and trailing
 *       text are refused (I-JSON, RFC 7493), so two parsers cannot disagree about what was meant.</li>
 * </ul>
 */
public final class CanonicalJson
{
    /** 2^53: the largest magnitude up to which every integer is exactly a double. */
    public static final long MAX_EXACT_INTEGER = 1L << 53;

    private static final BigInteger MAX_EXACT = BigInteger.valueOf(MAX_EXACT_INTEGER);
    private static final int MAX_DEPTH = 32;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private CanonicalJson()
    {
    }

    /**
     * Parses strict JSON into an immutable tree.
     *
     * @throws IllegalArgumentException naming the problem and its character offset
     */
    public static Object parse(final String text)
    {
        return new Parser(text).parseDocument();
    }

    /** Parses and re-writes {@code text} in canonical form. */
    public static String canonicalize(final String text)
    {
        return write(parse(text));
    }

    /**
     * Writes {@code value} in canonical form.
     *
     * @throws IllegalArgumentException for unsupported types, non-string keys, non-finite numbers
     *                                  or integers beyond &plusmn;2<sup>53</sup>
     */
    public static String write(final Object value)
    {
        final StringBuilder out = new StringBuilder(64);
        writeValue(out, value, 0);
        return out.toString();
    }

    /** The UTF-8 bytes that get hashed and signed. */
    public static byte[] utf8(final String canonical)
    {
        return canonical.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Renders {@code value} for a human who must approve it: indented, members sorted, every field
     * shown, and every character outside printable ASCII written as {@code \}{@code uXXXX} so that
     * look-alike letters, bidirectional overrides and zero-width characters cannot hide in what an
     * officer reads. Not the canonical form: never hash this.
     */
    public static String render(final Object value)
    {
        final StringBuilder out = new StringBuilder(128);
        renderValue(out, value, "");
        return out.toString();
    }

    /**
     * {@code text} with every character outside printable ASCII written as {@code \}{@code uXXXX}
     * and nothing else changed: for showing canonical JSON to a human without letting invisible or
     * look-alike characters through.
     */
    public static String printable(final String text)
    {
        final StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (c >= 0x20 && c <= 0x7E)
            {
                out.append(c);
            }
            else
            {
                appendUnicodeEscape(out, c);
            }
        }
        return out.toString();
    }

    /** A parsed number in the tree's normal form: Long when integral and exact, else Double. */
    static Object normalNumber(final double value)
    {
        if (value == Math.rint(value) && Math.abs(value) <= MAX_EXACT_INTEGER)
        {
            return (long)value; // also folds -0.0 into 0
        }
        return value;
    }

    private static void writeValue(final StringBuilder out, final Object value, final int depth)
    {
        if (depth > MAX_DEPTH)
        {
            throw new IllegalArgumentException("JSON nested deeper than " + MAX_DEPTH);
        }
        if (value == null)
        {
            out.append("null");
        }
        else if (value instanceof String)
        {
            writeString(out, (String)value);
        }
        else if (value instanceof Boolean)
        {
            out.append(((Boolean)value).booleanValue() ? "true" : "false");
        }
        else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte)
        {
            final long number = ((Number)value).longValue();
            checkExactInteger(number);
            out.append(number);
        }
        else if (value instanceof Double || value instanceof Float)
        {
            out.append(serializeDouble(((Number)value).doubleValue()));
        }
        else if (value instanceof Map)
        {
            writeObject(out, (Map<?, ?>)value, depth);
        }
        else if (value instanceof Collection)
        {
            writeArray(out, (Collection<?>)value, depth);
        }
        else if (value instanceof Object[])
        {
            writeArray(out, List.of((Object[])value), depth);
        }
        else
        {
            throw new IllegalArgumentException("cannot write " + value.getClass().getName() +
                " as JSON: use Map, List, String, Long, Double, Boolean or null");
        }
    }

    private static void writeObject(final StringBuilder out, final Map<?, ?> map, final int depth)
    {
        final TreeMap<String, Object> sorted = new TreeMap<>();
        for (final Map.Entry<?, ?> entry : map.entrySet())
        {
            if (!(entry.getKey() instanceof String))
            {
                throw new IllegalArgumentException("JSON object keys must be strings, was " + entry.getKey());
            }
            checkString((String)entry.getKey());
            sorted.put((String)entry.getKey(), entry.getValue());
        }
        out.append('{');
        boolean first = true;
        for (final Map.Entry<String, Object> entry : sorted.entrySet())
        {
            if (!first)
            {
                out.append(',');
            }
            first = false;
            writeString(out, entry.getKey());
            out.append(':');
            writeValue(out, entry.getValue(), depth + 1);
        }
        out.append('}');
    }

    private static void writeArray(final StringBuilder out, final Collection<?> values, final int depth)
    {
        out.append('[');
        boolean first = true;
        for (final Object element : values)
        {
            if (!first)
            {
                out.append(',');
            }
            first = false;
            writeValue(out, element, depth + 1);
        }
        out.append(']');
    }

    /** RFC 8785 section 3.2.2.2: only the mandatory escapes, lower-case hex, everything else literal. */
    private static void writeString(final StringBuilder out, final String value)
    {
        checkString(value);
        out.append('"');
        for (int i = 0; i < value.length(); i++)
        {
            final char c = value.charAt(i);
            switch (c)
            {
                case '"': out.append("\\\""); break;
                case '\\': out.append("\\\\"); break;
                case '\b': out.append("\\b"); break;
                case '\f': out.append("\\f"); break;
                case '\n': out.append("\\n"); break;
                case '\r': out.append("\\r"); break;
                case '\t': out.append("\\t"); break;
                default:
                    if (c < 0x20)
                    {
                        appendUnicodeEscape(out, c);
                    }
                    else
                    {
                        out.append(c);
                    }
            }
        }
        out.append('"');
    }

    private static void checkString(final String value)
    {
        for (int i = 0; i < value.length(); i++)
        {
            final char c = value.charAt(i);
            if (Character.isHighSurrogate(c))
            {
                if (i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1)))
                {
                    throw new IllegalArgumentException("string has a lone surrogate at index " + i);
                }
                i++;
            }
            else if (Character.isLowSurrogate(c))
            {
                throw new IllegalArgumentException("string has a lone surrogate at index " + i);
            }
        }
    }

    private static void checkExactInteger(final long number)
    {
        if (number > MAX_EXACT_INTEGER || number < -MAX_EXACT_INTEGER)
        {
            throw new IllegalArgumentException("integer " + number +
                " is beyond +/-2^53 and would not survive RFC 8785 exactly: send it as a string");
        }
    }

    private static String serializeDouble(final double value)
    {
        if (Double.isNaN(value) || Double.isInfinite(value))
        {
            throw new IllegalArgumentException("JSON numbers must be finite, was " + value);
        }
        try
        {
            return NumberToJSON.serializeNumber(value);
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException("cannot serialise number " + value + ": " + ex.getMessage(), ex);
        }
    }

    private static void appendUnicodeEscape(final StringBuilder out, final char c)
    {
        out.append("\\u")
            .append(HEX[(c >> 12) & 0xF])
            .append(HEX[(c >> 8) & 0xF])
            .append(HEX[(c >> 4) & 0xF])
            .append(HEX[c & 0xF]);
    }

    private static void renderValue(final StringBuilder out, final Object value, final String indent)
    {
        if (value instanceof Map)
        {
            final Map<?, ?> map = (Map<?, ?>)value;
            if (map.isEmpty())
            {
                out.append("{}");
                return;
            }
            final TreeMap<String, Object> sorted = new TreeMap<>();
            for (final Map.Entry<?, ?> entry : map.entrySet())
            {
                sorted.put(String.valueOf(entry.getKey()), entry.getValue());
            }
            out.append("{\n");
            int remaining = sorted.size();
            for (final Map.Entry<String, Object> entry : sorted.entrySet())
            {
                out.append(indent).append("  ");
                renderString(out, entry.getKey());
                out.append(": ");
                renderValue(out, entry.getValue(), indent + "  ");
                out.append(--remaining > 0 ? ",\n" : "\n");
            }
            out.append(indent).append('}');
        }
        else if (value instanceof Collection)
        {
            final Collection<?> values = (Collection<?>)value;
            if (values.isEmpty())
            {
                out.append("[]");
                return;
            }
            out.append("[\n");
            int remaining = values.size();
            for (final Object element : values)
            {
                out.append(indent).append("  ");
                renderValue(out, element, indent + "  ");
                out.append(--remaining > 0 ? ",\n" : "\n");
            }
            out.append(indent).append(']');
        }
        else if (value instanceof String)
        {
            renderString(out, (String)value);
        }
        else
        {
            out.append(write(value));
        }
    }

    private static void renderString(final StringBuilder out, final String value)
    {
        out.append('"');
        for (int i = 0; i < value.length(); i++)
        {
            final char c = value.charAt(i);
            if (c == '"' || c == '\\')
            {
                out.append('\\').append(c);
            }
            else if (c >= 0x20 && c <= 0x7E)
            {
                out.append(c);
            }
            else
            {
                appendUnicodeEscape(out, c);
            }
        }
        out.append('"');
    }

    /** Strict RFC 8259 + I-JSON reader. One instance per document; not thread-safe. */
    private static final class Parser
    {
        private final String text;
        private int index;

        Parser(final String text)
        {
            if (text == null)
            {
                throw new IllegalArgumentException("JSON text is null");
            }
            this.text = text;
        }

        Object parseDocument()
        {
            skipWhitespace();
            final Object value = parseValue(0);
            skipWhitespace();
            if (index != text.length())
            {
                throw error("unexpected text after the JSON value");
            }
            return value;
        }

        private Object parseValue(final int depth)
        {
            if (depth > MAX_DEPTH)
            {
                throw error("JSON nested deeper than " + MAX_DEPTH);
            }
            if (index >= text.length())
            {
                throw error("unexpected end of JSON");
            }
            final char c = text.charAt(index);
            switch (c)
            {
                case '{': return parseObject(depth);
                case '[': return parseArray(depth);
                case '"': return parseString();
                case 't': expectLiteral("true"); return Boolean.TRUE;
                case 'f': expectLiteral("false"); return Boolean.FALSE;
                case 'n': expectLiteral("null"); return null;
                default:
                    if (c == '-' || (c >= '0' && c <= '9'))
                    {
                        return parseNumber();
                    }
                    throw error("unexpected character '" + c + "'");
            }
        }

        private Map<String, Object> parseObject(final int depth)
        {
            index++; // {
            final TreeMap<String, Object> members = new TreeMap<>();
            skipWhitespace();
            if (peek() == '}')
            {
                index++;
                return Collections.unmodifiableMap(members);
            }
            while (true)
            {
                skipWhitespace();
                if (peek() != '"')
                {
                    throw error("expected a member name");
                }
                final int nameAt = index;
                final String name = parseString();
                skipWhitespace();
                expect(':');
                skipWhitespace();
                final Object value = parseValue(depth + 1);
                if (members.containsKey(name))
                {
                    index = nameAt;
                    throw error("duplicate member name \"" + name + "\"");
                }
                members.put(name, value);
                skipWhitespace();
                final char c = next();
                if (c == '}')
                {
                    return Collections.unmodifiableMap(members);
                }
                if (c != ',')
                {
                    index--;
                    throw error("expected ',' or '}'");
                }
            }
        }

        private List<Object> parseArray(final int depth)
        {
            index++; // [
            final ArrayList<Object> elements = new ArrayList<>();
            skipWhitespace();
            if (peek() == ']')
            {
                index++;
                return Collections.unmodifiableList(elements);
            }
            while (true)
            {
                skipWhitespace();
                elements.add(parseValue(depth + 1));
                skipWhitespace();
                final char c = next();
                if (c == ']')
                {
                    return Collections.unmodifiableList(elements);
                }
                if (c != ',')
                {
                    index--;
                    throw error("expected ',' or ']'");
                }
            }
        }

        private String parseString()
        {
            final int start = index;
            index++; // "
            final StringBuilder value = new StringBuilder();
            while (true)
            {
                if (index >= text.length())
                {
                    index = start;
                    throw error("unterminated string");
                }
                final char c = text.charAt(index++);
                if (c == '"')
                {
                    break;
                }
                if (c < 0x20)
                {
                    index--;
                    throw error("unescaped control character in string");
                }
                if (c != '\\')
                {
                    value.append(c);
                    continue;
                }
                final char escape = next();
                switch (escape)
                {
                    case '"': value.append('"'); break;
                    case '\\': value.append('\\'); break;
                    case '/': value.append('/'); break;
                    case 'b': value.append('\b'); break;
                    case 'f': value.append('\f'); break;
                    case 'n': value.append('\n'); break;
                    case 'r': value.append('\r'); break;
                    case 't': value.append('\t'); break;
                    case 'u': value.append(parseHex4()); break;
                    default:
                        index--;
                        throw error("invalid escape '\\" + escape + "'");
                }
            }
            final String result = value.toString();
            try
            {
                checkString(result);
            }
            catch (final IllegalArgumentException ex)
            {
                index = start;
                throw error(ex.getMessage());
            }
            return result;
        }

        private char parseHex4()
        {
            if (index + 4 > text.length())
            {
                throw error("truncated \\u escape");
            }
            int value = 0;
            for (int i = 0; i < 4; i++)
            {
                final int digit = Character.digit(text.charAt(index + i), 16);
                if (digit < 0)
                {
                    throw error("invalid \\u escape");
                }
                value = (value << 4) | digit;
            }
            index += 4;
            return (char)value;
        }

        private Object parseNumber()
        {
            final int start = index;
            if (peek() == '-')
            {
                index++;
            }
            if (peek() == '0')
            {
                index++;
                if (isDigit(peek()))
                {
                    throw error("leading zeros are not allowed in JSON numbers");
                }
            }
            else if (!skipDigits())
            {
                throw error("expected a digit");
            }
            boolean integerLiteral = true;
            if (peek() == '.')
            {
                integerLiteral = false;
                index++;
                if (!skipDigits())
                {
                    throw error("expected a digit after '.'");
                }
            }
            if (peek() == 'e' || peek() == 'E')
            {
                integerLiteral = false;
                index++;
                if (peek() == '+' || peek() == '-')
                {
                    index++;
                }
                if (!skipDigits())
                {
                    throw error("expected a digit in the exponent");
                }
            }
            final String token = text.substring(start, index);
            if (integerLiteral)
            {
                final BigInteger integer = new BigInteger(token);
                if (integer.abs().compareTo(MAX_EXACT) > 0)
                {
                    index = start;
                    throw error("integer " + token +
                        " is beyond +/-2^53 and would not survive RFC 8785 exactly: send it as a string");
                }
                return integer.longValue();
            }
            final double value = Double.parseDouble(token);
            if (Double.isInfinite(value))
            {
                index = start;
                throw error("number " + token + " is outside the range of an IEEE-754 double");
            }
            return normalNumber(value);
        }

        private boolean skipDigits()
        {
            final int start = index;
            while (isDigit(peek()))
            {
                index++;
            }
            return index > start;
        }

        private static boolean isDigit(final char c)
        {
            return c >= '0' && c <= '9';
        }

        private void expectLiteral(final String literal)
        {
            if (!text.startsWith(literal, index))
            {
                throw error("invalid literal");
            }
            index += literal.length();
        }

        private void expect(final char c)
        {
            if (peek() != c)
            {
                throw error("expected '" + c + "'");
            }
            index++;
        }

        private char peek()
        {
            return index < text.length() ? text.charAt(index) : '\0';
        }

        private char next()
        {
            if (index >= text.length())
            {
                throw error("unexpected end of JSON");
            }
            return text.charAt(index++);
        }

        private void skipWhitespace()
        {
            while (index < text.length())
            {
                final char c = text.charAt(index);
                if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
                {
                    return;
                }
                index++;
            }
        }

        private IllegalArgumentException error(final String message)
        {
            return new IllegalArgumentException("invalid JSON at offset " + index + ": " + message);
        }
    }
}
