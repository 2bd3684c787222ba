package com.orderguard.quorum.officer;

import java.util.regex.Pattern;

/**
 * The spelling of officer ids and role names: lower-case ASCII letters, digits and {@code . _ -},
 * starting with a letter or digit, at most 64 characters. Narrow on purpose: an id an approver
 * reads must not have a look-alike twin ("a1ice" vs "alice" is visible; Cyrillic "а" is not).
 */
public final class Names
{
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    private Names()
    {
    }

    public static boolean isValid(final String name)
    {
        return name != null && NAME.matcher(name).matches();
    }

    /** Returns {@code name} or throws naming {@code what} and the bad value. */
    public static String require(final String name, final String what)
    {
        if (!isValid(name))
        {
            throw new IllegalArgumentException(what + " must be 1-64 of [a-z0-9._-] starting with a letter or digit, was " +
                (name == null ? "null" : "'" + name + "'"));
        }
        return name;
    }
}
