package com.orderguard.orderpath.order;

/**
 * The clOrdIds the clients used most recently, to refuse a duplicate. Remembers the last
 * {@code window} (client, clOrdId) pairs over all clients, forgetting the oldest first; a clOrdId
 * older than that is no longer recognised (documented limit: size the window for a day's flow).
 * Preallocated; single-threaded.
 * <p>
 * Why two structures: clients almost always number their orders upwards. A clOrdId above
 * everything its client has used before cannot be a duplicate, so it is appended to that client's
 * <em>run</em> (a ring of its clOrdIds in rising order) without touching a hash table. A hash table
 * over the whole window (2 MB at the default 65,536) costs two cache misses per order, a read and
 * an eviction at random places; the runs and the arrival FIFO are written and read in sequence.
 * Only a clOrdId at or below its client's high-water mark is looked up — by binary search in the
 * run and in the {@link PairTable} of out-of-order ids — and, when new, recorded in that table.
 * <p>
 * What holds: every remembered pair is in exactly one of its client's run or the out-of-order table;
 * each run is strictly increasing; the FIFO holds every remembered pair in arrival order, so the
 * oldest pair of a client that is in its run is that run's head.
 */
public final class ClOrdIdWindow
{
    /** In {@link #fifoSources}: the pair was recorded in {@link #outOfOrder}, not in its source's run. */
    private static final int OUT_OF_ORDER = 1 << 31;
    /** Longs over all runs at most (32 MiB); a run is never longer than the window. */
    private static final int MAX_RUN_LONGS = 1 << 22;

    private final PairTable outOfOrder;
    private final int[] fifoSources;
    private final long[] fifoIds;
    private final int mask;
    private long head;
    private long tail;

    private final long[] runIds;
    private final int runCapacity;
    private final int runMask;
    private final long[] runHead;
    private final long[] runTail;
    private final long[] highWater;

    /**
     * @param window  pairs remembered over all sources, a power of two.
     * @param sources sources are 0 to {@code sources - 1}.
     */
    public ClOrdIdWindow(final int window, final int sources)
    {
        this(window, sources, Math.min(window, Math.max(64, Integer.highestOneBit(MAX_RUN_LONGS / Math.max(1, sources)))));
    }

    /** @param runCapacity clOrdIds per source run, a power of two (tests make it small to fill runs). */
    ClOrdIdWindow(final int window, final int sources, final int runCapacity)
    {
        if (window < 1 || Integer.bitCount(window) != 1)
        {
            throw new IllegalArgumentException("window must be a power of two, was " + window);
        }
        if (sources < 1)
        {
            throw new IllegalArgumentException("sources must be at least 1, was " + sources);
        }
        outOfOrder = new PairTable(window);
        fifoSources = new int[window];
        fifoIds = new long[window];
        mask = window - 1;
        if (runCapacity < 1 || Integer.bitCount(runCapacity) != 1)
        {
            throw new IllegalArgumentException("runCapacity must be a power of two, was " + runCapacity);
        }
        this.runCapacity = runCapacity;
        runMask = runCapacity - 1;
        runIds = new long[runCapacity * sources];
        runHead = new long[sources];
        runTail = new long[sources];
        highWater = new long[sources];
        java.util.Arrays.fill(highWater, Long.MIN_VALUE);
    }

    /**
     * Whether the pair must be refused as a duplicate: it was seen, or it could not be remembered
     * (the out-of-order table refused it: an id that cannot be proven unused later is refused now).
     * If not, remembers it (evicting the oldest when full).
     */
    public boolean checkAndRecord(final int source, final long clOrdId)
    {
        final boolean above = clOrdId > highWater[source];
        if (!above && contains(source, clOrdId))
        {
            return true;
        }
        if (tail - head == fifoIds.length)
        {
            evictOldest();
        }
        final int tagged;
        if (above && runTail[source] - runHead[source] < runCapacity)
        {
            runIds[source * runCapacity + (int)(runTail[source]++ & runMask)] = clOrdId;
            tagged = source;
        }
        else if (outOfOrder.put(source, clOrdId, 1))
        {
            tagged = source | OUT_OF_ORDER;
        }
        else
        {
            return true;
        }
        final int at = (int)(tail++ & mask);
        fifoIds[at] = clOrdId;
        fifoSources[at] = tagged;
        if (above)
        {
            highWater[source] = clOrdId;
        }
        return false;
    }

    private void evictOldest()
    {
        final int oldest = (int)(head++ & mask);
        final int tagged = fifoSources[oldest];
        if (0 != (tagged & OUT_OF_ORDER))
        {
            outOfOrder.remove(tagged & ~OUT_OF_ORDER, fifoIds[oldest]);
        }
        else
        {
            runHead[tagged]++; // the oldest pair of a source that is in its run is the run's head
        }
    }

    public boolean contains(final int source, final long clOrdId)
    {
        return clOrdId <= highWater[source] &&
            (inRun(source, clOrdId) || PairTable.MISSING != outOfOrder.get(source, clOrdId));
    }

    /** Binary search over the source's run, which rises strictly from its head to its tail. */
    private boolean inRun(final int source, final long clOrdId)
    {
        final int base = source * runCapacity;
        long lo = runHead[source];
        long hi = runTail[source] - 1;
        while (lo <= hi)
        {
            final long mid = (lo + hi) >>> 1;
            final long id = runIds[base + (int)(mid & runMask)];
            if (id < clOrdId)
            {
                lo = mid + 1;
            }
            else if (id > clOrdId)
            {
                hi = mid - 1;
            }
            else
            {
                return true;
            }
        }
        return false;
    }
}
