package com.orderguard.orderpath.order;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/** The (client, clOrdId) table: clients cannot steer its hash, probes stay short, it behaves as a map. */
class PairTableTest
{
    private static final long C = 0xFF51AFD7ED558CCDL;
    private static final long C_INVERSE = BigInteger.valueOf(C).modInverse(BigInteger.ONE.shiftLeft(64)).longValue();

    /** The ids a client would send against the unkeyed mix used before: all with home slot 0. */
    private static long collidingUnderTheUnkeyedHash(final int source, final long k)
    {
        long x = k << 24; // low 24 bits zero: home 0 for any table up to 16M slots
        x ^= x >>> 33;
        x *= C_INVERSE;
        x ^= x >>> 33;
        return x ^ ((long)source << 40);
    }

    @Test
    void shouldKeepProbesShortForClOrdIdsChosenToCollide()
    {
        final PairTable table = new PairTable(4096);
        int longest = 0;
        for (long k = 1; k <= 2_000; k++)
        {
            final long id = collidingUnderTheUnkeyedHash(0, k);
            assertTrue(table.put(0, id, (int)k), "put " + k);
            longest = Math.max(longest, table.probeDistance(0, id));
        }
        // random placement of 2,000 entries in 8,192 slots: the longest displacement is a handful
        assertTrue(longest <= 16, "longest probe " + longest + " for 2,000 ids an attacker chose to collide");
    }

    @Test
    void shouldBehaveAsAMapUnderRandomPutsRemovesAndGets()
    {
        final PairTable table = new PairTable(1 << 12);
        final SplittableRandom random = new SplittableRandom(3);
        final Map<Long, Integer> model = new HashMap<>();
        for (int i = 0; i < 300_000; i++)
        {
            final long id = 1 + random.nextInt(6_000);
            final int op = random.nextInt(3);
            if (op == 0)
            {
                final boolean put = table.put(1, id, i);
                if (put)
                {
                    model.put(id, i);
                }
                else
                {
                    assertTrue(model.size() == table.capacity() && !model.containsKey(id), "refused only when full");
                }
            }
            else if (op == 1)
            {
                assertEquals(model.containsKey(id) ? model.remove(id) : PairTable.MISSING, table.remove(1, id));
            }
            else
            {
                assertEquals(model.getOrDefault(id, PairTable.MISSING), table.get(1, id));
            }
            assertEquals(model.size(), table.size());
        }
    }
}
