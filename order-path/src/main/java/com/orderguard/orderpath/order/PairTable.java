package com.orderguard.orderpath.order;

/**
 * A fixed-capacity open-addressing map from a pair (int source, long id) to an int, for
 * "which open order is this client's clOrdId" and "has this client used this clOrdId". Linear
 * probing with backward-shift deletion, so removals leave no tombstones and the table never
 * degrades; it never resizes, so it never allocates after construction.
 * <p>
 * Each slot is two adjacent longs (the id, then source + 1 and the value packed), so a probe
 * touches one cache line, not one per field. At most {@code capacity} entries (the table has
 * twice that many slots); {@link #put} refuses beyond it. Single-threaded.
 */
public final class PairTable
{
    public static final int MISSING = -1;

    private final int mask;
    private final int capacity;
    private final long[] slots;
    private int size;

    /** @param capacity entries, a power of two. */
    public PairTable(final int capacity)
    {
        if (capacity < 1 || Integer.bitCount(capacity) != 1)
        {
            throw new IllegalArgumentException("capacity must be a power of two, was " + capacity);
        }
        this.capacity = capacity;
        mask = (capacity << 1) - 1;
        slots = new long[capacity << 2];
    }

    private int home(final int source, final long id)
    {
        long h = id ^ ((long)source << 40);
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        return (int)h & mask;
    }

    private static long tag(final int source, final int value)
    {
        return ((long)(source + 1) << 32) | (value & 0xFFFF_FFFFL);
    }

    private static int source(final long tag)
    {
        return (int)(tag >>> 32) - 1;
    }

    /** The value for the pair, or {@link #MISSING}. */
    public int get(final int source, final long id)
    {
        final long[] slots = this.slots;
        int i = home(source, id);
        long tag;
        while (0 != (tag = slots[(i << 1) + 1]))
        {
            if (slots[i << 1] == id && source(tag) == source)
            {
                return (int)tag;
            }
            i = (i + 1) & mask;
        }
        return MISSING;
    }

    /** Puts or replaces; false when full (and the pair is new). */
    public boolean put(final int source, final long id, final int value)
    {
        final long[] slots = this.slots;
        int i = home(source, id);
        long tag;
        while (0 != (tag = slots[(i << 1) + 1]))
        {
            if (slots[i << 1] == id && source(tag) == source)
            {
                slots[(i << 1) + 1] = tag(source, value);
                return true;
            }
            i = (i + 1) & mask;
        }
        if (size == capacity)
        {
            return false;
        }
        slots[i << 1] = id;
        slots[(i << 1) + 1] = tag(source, value);
        size++;
        return true;
    }

    /** Removes the pair; returns its value or {@link #MISSING}. */
    public int remove(final int source, final long id)
    {
        final long[] slots = this.slots;
        int i = home(source, id);
        long tag;
        while (0 != (tag = slots[(i << 1) + 1]))
        {
            if (slots[i << 1] == id && source(tag) == source)
            {
                deleteAt(i);
                size--;
                return (int)tag;
            }
            i = (i + 1) & mask;
        }
        return MISSING;
    }

    private void deleteAt(final int at)
    {
        final long[] slots = this.slots;
        int hole = at;
        int i = (at + 1) & mask;
        long tag;
        while (0 != (tag = slots[(i << 1) + 1]))
        {
            final int home = home(source(tag), slots[i << 1]);
            // move i into the hole unless its home lies cyclically in (hole, i]
            final boolean stays = hole <= i ? (home > hole && home <= i) : (home > hole || home <= i);
            if (!stays)
            {
                slots[hole << 1] = slots[i << 1];
                slots[(hole << 1) + 1] = tag;
                hole = i;
            }
            i = (i + 1) & mask;
        }
        slots[hole << 1] = 0;
        slots[(hole << 1) + 1] = 0;
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
