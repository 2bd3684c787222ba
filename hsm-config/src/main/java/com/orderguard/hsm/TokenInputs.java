package com.orderguard.hsm;

/**
 * What a token label and a PIN may contain, the same rules in Java and in bin/init-softhsm-token.
 * <p>
 * The operator script hands PINs to softhsm2-util through a pseudo-terminal (softhsm2-util reads PINs
 * from a terminal only), whose line discipline acts on control characters as they arrive: a PIN with
 * ^C, ^U, ^D, DEL or a line break would be cut, edited or turned into a signal. So PINs are printable
 * ASCII, 4 to 255 characters (SoftHSM's own bounds). Labels are at most 32 characters (the PKCS#11
 * field) from a set that needs no quoting in a shell command line or a provider name.
 */
final class TokenInputs
{
    static final int MIN_PIN_LENGTH = 4;
    static final int MAX_PIN_LENGTH = 255;
    static final int MAX_LABEL_LENGTH = 32;

    private TokenInputs()
    {
    }

    static String requireLabel(final String label)
    {
        if (null == label || label.isEmpty() || label.length() > MAX_LABEL_LENGTH)
        {
            throw new IllegalArgumentException(
                "token label must be 1 to " + MAX_LABEL_LENGTH + " characters, was " + describe(label));
        }

        for (int i = 0; i < label.length(); i++)
        {
            final char c = label.charAt(i);
            final boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                (i > 0 && (c == '-' || c == '_' || c == '.'));
            if (!allowed)
            {
                throw new IllegalArgumentException(
                    "token label may hold letters, digits and (not first) '-', '_', '.', was " + describe(label));
            }
        }

        return label;
    }

    /** Checks a PIN without ever putting it into a message. */
    static void requirePin(final String what, final char[] pin)
    {
        if (null == pin || pin.length < MIN_PIN_LENGTH || pin.length > MAX_PIN_LENGTH)
        {
            throw new IllegalArgumentException(what + " must be " + MIN_PIN_LENGTH + " to " + MAX_PIN_LENGTH +
                " characters, was " + (null == pin ? "null" : pin.length + " characters"));
        }

        for (final char c : pin)
        {
            if (c < 0x20 || c > 0x7e)
            {
                throw new IllegalArgumentException(what + " must be printable ASCII (no control characters)");
            }
        }
    }

    private static String describe(final String label)
    {
        return null == label ? "null" : "'" + label + "'";
    }
}
