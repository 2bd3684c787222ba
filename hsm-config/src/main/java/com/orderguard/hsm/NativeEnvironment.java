package com.orderguard.hsm;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * The process's native environment, as C code in this process sees it through {@code getenv}.
 * <p>
 * {@link System#getenv()} is a copy taken when the JVM started, and Java has no way to change it;
 * a PKCS#11 library such as SoftHSM reads its configuration with libc's {@code getenv} when it is
 * initialised. So the variable is set through libc's {@code setenv}. {@code setenv} is not safe
 * against a concurrent {@code getenv} in another thread: call it at start-up, before any PKCS#11
 * provider is configured.
 */
final class NativeEnvironment
{
    /** The subset of libc used here. */
    interface LibC extends Library
    {
        int setenv(String name, String value, int overwrite);

        String getenv(String name);
    }

    private static final class Holder
    {
        static final LibC LIBC = Native.load("c", LibC.class);
    }

    private NativeEnvironment()
    {
    }

    static void set(final String name, final String value)
    {
        if (Holder.LIBC.setenv(name, value, 1) != 0)
        {
            throw new IllegalStateException("setenv(" + name + ") failed: errno " + Native.getLastError());
        }

        final String seen = Holder.LIBC.getenv(name);
        if (!value.equals(seen))
        {
            throw new IllegalStateException("setenv(" + name + ") did not take: getenv gives " + seen);
        }
    }

    static String get(final String name)
    {
        return Holder.LIBC.getenv(name);
    }
}
