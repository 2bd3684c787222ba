package com.orderguard.core.audit;

import java.nio.file.OpenOption;

/**
 * The JDK's {@code O_DIRECT} open option, found by name. It lives in {@code com.sun.nio.file}
 * (module jdk.unsupported), which newer compilers flag as proprietary API on every mention, and the
 * build fails on warnings; looking it up once keeps the journal building on every JDK it runs on.
 */
final class DirectIo
{
    /** {@code ExtendedOpenOption.DIRECT}, or null on a JDK without it (callers then use the page cache). */
    static final OpenOption OPTION = find();

    private DirectIo()
    {
    }

    private static OpenOption find()
    {
        try
        {
            return (OpenOption)Class.forName("com.sun.nio.file.ExtendedOpenOption").getField("DIRECT").get(null);
        }
        catch (final ReflectiveOperationException | ClassCastException | LinkageError ex)
        {
            return null;
        }
    }

    /** The open options for a segment channel, with {@link #OPTION} when {@code direct}. */
    static OpenOption[] options(final boolean direct, final OpenOption... base)
    {
        if (!direct)
        {
            return base;
        }
        if (OPTION == null)
        {
            throw new UnsupportedOperationException("this JDK has no direct I/O open option");
        }
        final OpenOption[] options = java.util.Arrays.copyOf(base, base.length + 1);
        options[base.length] = OPTION;
        return options;
    }
}
