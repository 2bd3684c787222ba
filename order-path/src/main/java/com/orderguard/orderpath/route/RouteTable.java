package com.orderguard.orderpath.route;

import org.agrona.collections.Long2LongHashMap;

/**
 * Approved routes: symbol → venue index. A symbol without an entry has no route and cannot trade
 * (NO_ROUTE); there is no default venue. Keys are {@code Ascii8}-packed symbols, so a lookup is a
 * primitive hash probe with no allocation.
 */
public final class RouteTable
{
    public static final int NO_ROUTE = -1;

    private final Long2LongHashMap venueBySymbol = new Long2LongHashMap(NO_ROUTE);

    /** Set-up only (not the hot path). */
    public void add(final long packedSymbol, final int venueIndex)
    {
        if (venueIndex < 0)
        {
            throw new IllegalArgumentException("venueIndex must be >= 0, was " + venueIndex);
        }
        venueBySymbol.put(packedSymbol, venueIndex);
    }

    /** The venue index for {@code packedSymbol}, or {@link #NO_ROUTE}. */
    public int venueFor(final long packedSymbol)
    {
        return (int)venueBySymbol.get(packedSymbol);
    }

    public int size()
    {
        return venueBySymbol.size();
    }
}
