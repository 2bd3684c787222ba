package com.orderguard.orderpath.order;

/**
 * A fixed-capacity open-addressing map from a pair (int source, long id) to an int, for
 * "which open order is this client's clOrdId" and "has this client used this clOrdId". Linear
 * probing with backward-shift deletion, so removals leave no tombstones and the table never
 * degrades; it never resizes, so it never allocates after construction.
 * <p>
 * At most {@code capacity} entries (the arrays are twice that); {@link #put} refuses beyond it.
 * Single-threaded.
 */
public final class PairTable
{
    public static final int MISSING = -1;

    private final int mask;
    private final int capacity;
    private final int[] sources;
    private final long[] ids;
    private final int[] values;
    private final boolean[] used;
    private int size;

    /** @param capacity entries, a power of two. */
    public PairTable(final int capacity)
    {
        if (capacity < 1 || Integer.bitCount(capacity) != 1)
        {
            throw new IllegalArgumentException("capacity must be a power of two, was " + capacity);
        }
        this.capacity = capacity;
        final int slots = capacity << 1;
        mask = slots - 1;
        sources = new int[slots];
        ids = new long[slots];
        values = new int[slots];
        used = new boolean[slots];
    }

    private int home(final int source, final long id)
    {
        long h = id * 0x9E3779B97F4A7C15L + source * 0xC2B2AE3D27D4EB4FL;
        h ^= h >>> 32;
        return (int)h & mask;
    }

    /** The value for the pair, or {@link #MISSING}. */
    public int get(final int source, final long id)
    {
        int i = home(source, id);
        while (used[i])
        {
            if (ids[i] == id && sources[i] == source)
            {
                return values[i];
            }
            i = (i + 1) & mask;
        }
        return MISSING;
    }

    /** Puts or replaces; false when full (and the pair is new). */
    public boolean put(final int source, final long id, final int value)
    {
        int i = home(source, id);
        while (used[i])
        {
            if (ids[i] == id && sources[i] == source)
            {
                values[i] = value;
                return true;
            }
            i = (i + 1) & mask;
        }
        if (size == capacity)
        {
            return false;
        }
        used[i] = true;
        sources[i] = source;
        ids[i] = id;
        values[i] = value;
        size++;
        return true;
    }

    /** Removes the pair; returns its value or {@link #MISSING}. */
    public int remove(final int source, final long id)
    {
        int i = home(source, id);
        while (used[i])
        {
            if (ids[i] == id && sources[i] == source)
            {
                final int value = values[i];
                deleteAt(i);
                size--;
                return value;
            }
            i = (i + 1) & mask;
        }
        return MISSING;
    }

    private void deleteAt(final int at)
    {
        int hole = at;
        int i = (at + 1) & mask;
        while (used[i])
        {
            final int home = home(sources[i], ids[i]);
            // move i into the hole unless its home lies cyclically in (hole, i]
            final boolean stays = hole <= i ? (home > hole && home <= i) : (home > hole || home <= i);
            if (!stays)
            {
                sources[hole] = sources[i];
                ids[hole] = ids[i];
                values[hole] = values[i];
                hole = i;
            }
            i = (i + 1) & mask;
        }
        used[hole] = false;
    }

    public int size()
    {
        return size;
    }

    public int capacity()
    {
        return capacity;
    }
}
