package com.orderguard.orderpath.order;

/**
 * The clOrdIds the clients used most recently, to refuse a duplicate. Remembers the last
 * {@code window} (client, clOrdId) pairs over all clients, forgetting the oldest first; a clOrdId
 * older than that is no longer recognised (documented limit: size the window for a day's flow).
 * Preallocated; single-threaded.
 */
public final class ClOrdIdWindow
{
    private final PairTable seen;
    private final int[] fifoSources;
    private final long[] fifoIds;
    private final int mask;
    private long head;
    private long tail;

    /** @param window a power of two. */
    public ClOrdIdWindow(final int window)
    {
        seen = new PairTable(window);
        fifoSources = new int[window];
        fifoIds = new long[window];
        mask = window - 1;
    }

    /**
     * Whether the pair must be refused as a duplicate: it was seen, or it cannot be remembered (its
     * run in the table is past {@link PairTable#MAX_PROBES}: never by chance, and a refused id is
     * one that could not be proven unused). If not, remembers it (evicting the oldest when full).
     */
    public boolean checkAndRecord(final int source, final long clOrdId)
    {
        if (PairTable.MISSING != seen.get(source, clOrdId))
        {
            return true;
        }
        if (tail - head == fifoIds.length)
        {
            final int oldest = (int)(head++ & mask);
            seen.remove(fifoSources[oldest], fifoIds[oldest]);
        }
        if (!seen.put(source, clOrdId, 1))
        {
            return true;
        }
        final int at = (int)(tail++ & mask);
        fifoSources[at] = source;
        fifoIds[at] = clOrdId;
        return false;
    }

    public boolean contains(final int source, final long clOrdId)
    {
        return PairTable.MISSING != seen.get(source, clOrdId);
    }
}
