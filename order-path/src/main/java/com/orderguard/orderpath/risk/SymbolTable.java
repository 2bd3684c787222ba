package com.orderguard.orderpath.risk;

import org.agrona.collections.Long2LongHashMap;

/**
 * Everything the order path knows per symbol, by dense index: its approved route (venue index or
 * {@link #NO_ROUTE}), its reference price from the venue's market data (0 = none yet), its average
 * daily volume from configuration (0 = unknown) and whether it is halted. A symbol gets an index
 * when configuration or a command first names it, up to {@code maxSymbols}. Single writer.
 */
public final class SymbolTable
{
    public static final int NONE = -1;
    public static final int NO_ROUTE = -1;

    private final Long2LongHashMap indexBySymbol;
    private final long[] symbols;
    private final int[] venues;
    private final long[] referencePricesE4;
    private final long[] advShares;
    private final boolean[] halted;
    private int count;

    public SymbolTable(final int maxSymbols)
    {
        indexBySymbol = new Long2LongHashMap(maxSymbols * 2, 0.65f, NONE);
        symbols = new long[maxSymbols];
        venues = new int[maxSymbols];
        referencePricesE4 = new long[maxSymbols];
        advShares = new long[maxSymbols];
        halted = new boolean[maxSymbols];
    }

    /** The symbol's index, {@link #NONE} when it was never named. */
    public int indexOf(final long symbol)
    {
        return (int)indexBySymbol.get(symbol);
    }

    /** The symbol's index, adding it when new; {@link #NONE} when the table is full. */
    public int indexOrAdd(final long symbol)
    {
        final int existing = (int)indexBySymbol.get(symbol);
        if (NONE != existing || count == symbols.length)
        {
            return existing;
        }
        final int index = count++;
        symbols[index] = symbol;
        venues[index] = NO_ROUTE;
        indexBySymbol.put(symbol, index);
        return index;
    }

    public long symbol(final int index)
    {
        return symbols[index];
    }

    public int count()
    {
        return count;
    }

    public int maxSymbols()
    {
        return symbols.length;
    }

    public int venue(final int index)
    {
        return venues[index];
    }

    public void venue(final int index, final int venueIndex)
    {
        venues[index] = venueIndex;
    }

    /** Venue index of the symbol's approved route, or {@link #NO_ROUTE}. */
    public int venueFor(final long symbol)
    {
        final int index = indexOf(symbol);
        return NONE == index ? NO_ROUTE : venues[index];
    }

    public long referencePriceE4(final int index)
    {
        return referencePricesE4[index];
    }

    public void referencePriceE4(final int index, final long priceE4)
    {
        referencePricesE4[index] = priceE4;
    }

    public long advShares(final int index)
    {
        return advShares[index];
    }

    public void advShares(final int index, final long shares)
    {
        advShares[index] = shares;
    }

    public boolean isHalted(final int index)
    {
        return halted[index];
    }

    public void halted(final int index, final boolean isHalted)
    {
        halted[index] = isHalted;
    }
}
