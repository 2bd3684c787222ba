package com.orderguard.custody.seal;

/** Lower-case hex, with a char[] variant so that PINs never become Strings. */
public final class Hex
{
    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

    private Hex()
    {
    }

    public static String encode(final byte[] bytes)
    {
        return new String(encodeToChars(bytes));
    }

    public static char[] encodeToChars(final byte[] bytes)
    {
        final char[] chars = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++)
        {
            chars[2 * i] = DIGITS[(bytes[i] >> 4) & 0xf];
            chars[2 * i + 1] = DIGITS[bytes[i] & 0xf];
        }

        return chars;
    }

    /** Decodes an even number of hex digits, either case; null if {@code text} is not that. */
    public static byte[] decodeOrNull(final CharSequence text)
    {
        if (text.length() % 2 != 0)
        {
            return null;
        }

        final byte[] bytes = new byte[text.length() / 2];
        for (int i = 0; i < bytes.length; i++)
        {
            final int high = Character.digit(text.charAt(2 * i), 16);
            final int low = Character.digit(text.charAt(2 * i + 1), 16);
            if (high < 0 || low < 0)
            {
                return null;
            }
            bytes[i] = (byte)((high << 4) | low);
        }

        return bytes;
    }

    public static boolean isHex(final CharSequence text)
    {
        for (int i = 0; i < text.length(); i++)
        {
            if (Character.digit(text.charAt(i), 16) < 0)
            {
                return false;
            }
        }

        return true;
    }
}
