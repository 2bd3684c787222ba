package com.orderguard.orderpath.shm;

import java.nio.file.Path;

/** Where a producer's rings live: {@code DIR/CLIENT.orders} (producer → order path) and {@code DIR/CLIENT.reports} (back). */
public final class SharedMemoryPaths
{
    private SharedMemoryPaths()
    {
    }

    public static Path orders(final Path dir, final String clientId)
    {
        return dir.resolve(clientId + ".orders");
    }

    public static Path reports(final Path dir, final String clientId)
    {
        return dir.resolve(clientId + ".reports");
    }
}
