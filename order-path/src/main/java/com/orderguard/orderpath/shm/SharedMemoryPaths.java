package com.orderguard.orderpath.shm;

import java.nio.file.Path;

/**
 * Where the rings live: a producer's {@code DIR/CLIENT.orders} (producer → order path) and
 * {@code DIR/CLIENT.reports} (back); a shared-memory venue's {@code DIR/venue-NAME.orders} and
 * {@code DIR/venue-NAME.reports}.
 */
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

    /** Order path → venue: NewOrder, Cancel, Replace frames. */
    public static Path venueOrders(final Path dir, final String venue)
    {
        return dir.resolve("venue-" + venue + ".orders");
    }

    /** Venue → order path: ExecutionReport and ReferencePrice frames. */
    public static Path venueReports(final Path dir, final String venue)
    {
        return dir.resolve("venue-" + venue + ".reports");
    }
}
