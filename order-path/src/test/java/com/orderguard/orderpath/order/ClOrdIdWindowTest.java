package com.orderguard.orderpath.order;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

class ClOrdIdWindowTest
{
    @Test
    void shouldRefuseARepeatedClOrdIdWhetherItCameInOrderOrNot()
    {
        final ClOrdIdWindow window = new ClOrdIdWindow(16, 2);
        assertFalse(window.checkAndRecord(0, 10));
        assertFalse(window.checkAndRecord(0, 11));
        assertFalse(window.checkAndRecord(0, 5)); // below the high-water mark: out of order, still new
        assertTrue(window.checkAndRecord(0, 10));
        assertTrue(window.checkAndRecord(0, 5));
        assertTrue(window.checkAndRecord(0, 11));
        assertFalse(window.checkAndRecord(1, 10)); // another client's id space
    }

    @Test
    void shouldForgetTheOldestPairOverAllClientsOnceTheWindowIsFull()
    {
        final ClOrdIdWindow window = new ClOrdIdWindow(4, 2);
        window.checkAndRecord(0, 1);
        window.checkAndRecord(1, 1);
        window.checkAndRecord(0, 2);
        window.checkAndRecord(1, 2);
        window.checkAndRecord(0, 3); // evicts (0, 1)
        assertFalse(window.contains(0, 1));
        assertTrue(window.contains(1, 1));
        assertTrue(window.contains(0, 3));
    }

    /**
     * Seeded property run against a plain model (a FIFO and a set): mostly rising ids, with
     * repeats, old ids, ids from far below and small windows so eviction and full runs happen.
     */
    @Test
    void shouldAnswerExactlyAsTheModelOverMillionsOfMixedIds()
    {
        final long seed = Long.getLong("clordid.seed", 20261122L);
        final Random random = new Random(seed);
        for (int round = 0; round < 40; round++)
        {
            final int window = 1 << (1 + random.nextInt(8));
            final int sources = 1 + random.nextInt(4);
            final ClOrdIdWindow subject = 0 == round % 2 ? new ClOrdIdWindow(window, sources) :
                new ClOrdIdWindow(window, sources, 1 << random.nextInt(4)); // runs fill: the table takes the rest
            final ArrayDeque<long[]> fifo = new ArrayDeque<>();
            final Set<String> seen = new HashSet<>();
            final long[] next = new long[sources];
            for (int i = 0; i < 50_000; i++)
            {
                final int source = random.nextInt(sources);
                final long id;
                switch (random.nextInt(10))
                {
                    case 0 -> id = next[source] - random.nextInt(2 * window + 1); // a repeat or an old one
                    case 1 -> id = random.nextInt(64) - 32;
                    case 2 -> id = next[source] + random.nextInt(5); // may equal the last one
                    default -> id = ++next[source];
                }
                next[source] = Math.max(next[source], id);
                final boolean expected = seen.contains(source + ":" + id);
                if (!expected)
                {
                    if (fifo.size() == window)
                    {
                        final long[] oldest = fifo.removeFirst();
                        seen.remove(oldest[0] + ":" + oldest[1]);
                    }
                    fifo.addLast(new long[] {source, id});
                    seen.add(source + ":" + id);
                }
                assertEquals(expected, subject.checkAndRecord(source, id),
                    "seed " + seed + " round " + round + " step " + i + ": source " + source + " id " + id);
            }
        }
    }
}
