package com.orderguard.orderpath.order;

/**
 * A fixed-capacity open-addressing map from a pair (int source, long id) to an int, for
 * "which open order is this client's clOrdId" and "has this client used this clOrdId". Linear
 * probing with backward-shift deletion, so removals leave no tombstones and the table never
 * degrades; it never resizes, so it never allocates after construction.
 * <p>
 * The ids are chosen by clients, so the hash must not be theirs to steer: an unkeyed mix (even a
 * good one such as fmix64) is invertible, and a client could send clOrdIds that all land in one
 * run and make every probe on the order-path thread walk it. The pair is therefore mixed with a
 * random 128-bit key drawn once per table (per process) before fmix64, and no entry is ever placed
 * more than {@link #MAX_PROBES} slots from its home: {@link #put} refuses instead (the caller
 * rejects), so every lookup is bounded too (backward-shift deletion only moves entries nearer home).
 * <p>
 * Each slot is two adjacent longs (the id, then source + 1 and the value packed), so a probe
 * touches one cache line, not one per field. At most {@code capacity} entries (the table has
 * twice that many slots); {@link #put} refuses beyond it. Single-threaded.
 */
public final class PairTable
{
    public static final int MISSING = -1;
    /**
     * The longest walk from an entry's home: 4 KB of table, a few hundred nanoseconds at worst. Random
     * placement at load 1/2 under steady churn reaches about 40 at 4,096 entries and 60 at 2^20
     * (measured), so it is not reached by chance; with the key secret, not on purpose either.
     */
    public static final int MAX_PROBES = 256;

    private final long key0;
    private final long key1;
    private final int mask;
    private final int capacity;
    private final long[] slots;
    private int size;

    /** @param capacity entries, a power of two. The key comes from {@link java.security.SecureRandom}. */
    public PairTable(final int capacity)
    {
        this(capacity, new java.security.SecureRandom());
    }

    PairTable(final int capacity, final java.util.Random keySource)
    {
        key0 = keySource.nextLong();
        key1 = keySource.nextLong() | 1L;
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
        long h = (id ^ key0) + (source + 1L) * key1;
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
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
        for (int probes = 0; probes < MAX_PROBES && 0 != (tag = slots[(i << 1) + 1]); probes++)
        {
            if (slots[i << 1] == id && source(tag) == source)
            {
                return (int)tag;
            }
            i = (i + 1) & mask;
        }
        return MISSING;
    }

    /** Puts or replaces; false (nothing changed) when full, or when the pair's run is past {@link #MAX_PROBES}. */
    public boolean put(final int source, final long id, final int value)
    {
        final long[] slots = this.slots;
        int i = home(source, id);
        long tag;
        int probes = 0;
        while (0 != (tag = slots[(i << 1) + 1]))
        {
            if (slots[i << 1] == id && source(tag) == source)
            {
                slots[(i << 1) + 1] = tag(source, value);
                return true;
            }
            if (++probes == MAX_PROBES)
            {
                return false;
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
        for (int probes = 0; probes < MAX_PROBES && 0 != (tag = slots[(i << 1) + 1]); probes++)
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

    /** How far from its home the pair sits (0 = at home), or {@link #MISSING}: for tests of the spread. */
    public int probeDistance(final int source, final long id)
    {
        final long[] slots = this.slots;
        final int home = home(source, id);
        int i = home;
        long tag;
        for (int probes = 0; probes < MAX_PROBES && 0 != (tag = slots[(i << 1) + 1]); probes++)
        {
            if (slots[i << 1] == id && source(tag) == source)
            {
                return probes;
            }
            i = (i + 1) & mask;
        }
        return MISSING;
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
