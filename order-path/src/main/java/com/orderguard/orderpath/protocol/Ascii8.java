package com.orderguard.orderpath.protocol;

/**
 * An identifier of one to eight printable ASCII characters (client id, account, symbol, venue)
 * carried as the eight bytes of a little-endian {@code long}, right-padded with NUL.
 * <p>
 * Packing into a {@code long} lets the hot path compare, hash and copy identifiers as primitives:
 * no {@code String}, no {@code byte[]}. The first character sits in the lowest byte, so the packed
 * value is exactly what {@code readLong} returns for the eight wire bytes on a little-endian machine.
 * Valid means: first byte in 0x21..0x7E, every following byte in 0x21..0x7E until the first NUL,
 * and only NULs after it (no spaces: "AAPL" and "AAPL    " must not be two symbols).
 */
public final class Ascii8
{
    public static final int LENGTH = 8;

    private Ascii8()
    {
    }

    /**
     * Whether {@code packed} holds a valid identifier. Garbage-free; used on the hot path to decide
     * MALFORMED.
     */
    public static boolean isValid(final long packed)
    {
        int i = 0;
        for (; i < LENGTH; i++)
        {
            final int b = (int)(packed >>> (i << 3)) & 0xFF;
            if (0 == b)
            {
                break;
            }
            if (b < 0x21 || b > 0x7E)
            {
                return false;
            }
        }
        if (0 == i)
        {
            return false;
        }
        return LENGTH == i || 0 == (packed >>> (i << 3));
    }

    /**
     * Packs {@code text}; off the hot path (configuration, clients).
     *
     * @throws IllegalArgumentException naming the text when it is not 1..8 printable ASCII characters.
     */
    public static long encode(final CharSequence text)
    {
        final int length = text.length();
        if (length < 1 || length > LENGTH)
        {
            throw new IllegalArgumentException("must be 1 to 8 printable ASCII characters, was \"" + text + "\"");
        }
        long packed = 0;
        for (int i = 0; i < length; i++)
        {
            final char c = text.charAt(i);
            if (c < 0x21 || c > 0x7E)
            {
                throw new IllegalArgumentException(
                    "must be 1 to 8 printable ASCII characters, was \"" + text + "\"");
            }
            packed |= ((long)c) << (i << 3);
        }
        return packed;
    }

    /**
     * Appends the characters of {@code packed} up to the first NUL; bytes outside printable ASCII
     * are shown as {@code \xNN} so a log line never carries control characters. Off the hot path.
     */
    public static StringBuilder appendTo(final long packed, final StringBuilder out)
    {
        for (int i = 0; i < LENGTH; i++)
        {
            final int b = (int)(packed >>> (i << 3)) & 0xFF;
            if (0 == b)
            {
                break;
            }
            if (b >= 0x21 && b <= 0x7E)
            {
                out.append((char)b);
            }
            else
            {
                out.append("\\x").append(Character.forDigit(b >>> 4, 16)).append(Character.forDigit(b & 0xF, 16));
            }
        }
        return out;
    }

    /** The text of {@code packed}, see {@link #appendTo(long, StringBuilder)}. Off the hot path. */
    public static String decode(final long packed)
    {
        return appendTo(packed, new StringBuilder(LENGTH)).toString();
    }
}
