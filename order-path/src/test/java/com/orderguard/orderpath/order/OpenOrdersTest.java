package com.orderguard.orderpath.order;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/** Open orders: any free slot serves, ids are never reused, a full table refuses instead of overwriting. */
class OpenOrdersTest
{
    private static int open(final OpenOrders orders)
    {
        return orders.open(OpenOrders.ROUTED, 0, 1, 0, 0, 0, 0, 1, 2, 10, 100, 100);
    }

    @Test
    void shouldNotBlockLaterOrdersBehindOneLongRestingOrder()
    {
        final OpenOrders orders = new OpenOrders(4, 1);
        final int resting = open(orders);
        final long restingId = orders.orderId(resting);
        for (int i = 0; i < 1_000; i++)
        {
            assertTrue(orders.hasRoomForNext(), "order " + i + " after one resting order");
            orders.close(open(orders));
        }
        assertEquals(resting, orders.find(restingId), "the resting order is untouched");
    }

    @Test
    void shouldNeverMatchAStaleIdToAReusedSlot()
    {
        final OpenOrders orders = new OpenOrders(2, 1);
        final int first = open(orders);
        final long firstId = orders.orderId(first);
        orders.close(first);
        final int second = open(orders);
        assertEquals(first, second, "the slot is reused");
        assertNotEquals(firstId, orders.orderId(second));
        assertEquals(OpenOrders.NONE, orders.find(firstId), "the finished order's id finds nothing");
        assertEquals(second, orders.find(orders.orderId(second)));
    }

    @Test
    void shouldRefuseWhenFullAndNeverOverwrite()
    {
        final OpenOrders orders = new OpenOrders(4, 1);
        final long[] ids = new long[4];
        for (int i = 0; i < 4; i++)
        {
            assertTrue(orders.hasRoomForNext());
            ids[i] = orders.orderId(open(orders));
        }
        assertFalse(orders.hasRoomForNext(), "full");
        for (final long id : ids)
        {
            assertNotEquals(OpenOrders.NONE, orders.find(id), "every open order still found");
        }
    }

    @Test
    void shouldGiveUniqueIncreasingIdsAndKeepTheLiveListExactUnderRandomOpensAndCloses()
    {
        final SplittableRandom random = new SplittableRandom(7);
        final OpenOrders orders = new OpenOrders(64, 1);
        final Set<Long> live = new HashSet<>();
        long lastId = 0;
        for (int i = 0; i < 200_000; i++)
        {
            if (orders.hasRoomForNext() && (live.isEmpty() || random.nextBoolean()))
            {
                final long expected = orders.nextOrderId();
                final int slot = open(orders);
                final long id = orders.orderId(slot);
                assertEquals(expected, id, "nextOrderId() says what open() gives");
                assertTrue(id > lastId && id < (1L << 53), "increasing, JSON-safe: " + id);
                lastId = id;
                live.add(id);
            }
            else
            {
                final int slot = orders.liveSlot(random.nextInt(orders.liveCount()));
                live.remove(orders.orderId(slot));
                orders.close(slot);
            }
            assertEquals(live.size(), orders.liveCount());
        }
        final Set<Long> listed = new HashSet<>();
        for (int i = 0; i < orders.liveCount(); i++)
        {
            listed.add(orders.orderId(orders.liveSlot(i)));
        }
        assertEquals(live, listed, "the live list holds exactly the open orders");
    }

    @Test
    void shouldListAnAccountsOrdersInASymbolBySideSoSelfMatchWalksOnlyTheOtherSide()
    {
        final OpenOrders orders = new OpenOrders(64, 4);
        final java.util.Set<Integer> sells = new HashSet<>();
        for (int i = 0; i < 40; i++)
        {
            final int side = 0 == i % 4 ? com.orderguard.orderpath.protocol.Side.SELL : com.orderguard.orderpath.protocol.Side.BUY;
            final int slot = orders.open(OpenOrders.ROUTED, 0, i + 1, 0, 0, 0, 2, side, 2, 10, 100, 100);
            if (com.orderguard.orderpath.protocol.Side.SELL == side)
            {
                sells.add(slot);
            }
        }
        orders.close(sells.iterator().next());
        sells.remove(sells.iterator().next());
        final java.util.Set<Integer> walked = new HashSet<>();
        for (int slot = orders.firstInPosition(2, com.orderguard.orderpath.protocol.Side.SELL); OpenOrders.NONE != slot;
            slot = orders.nextInPosition(slot))
        {
            walked.add(slot);
        }
        assertEquals(sells, walked, "the 9 open sells and not one of the 30 buys");
        assertEquals(OpenOrders.NONE, orders.firstInPosition(1, com.orderguard.orderpath.protocol.Side.SELL), "other position");
    }
}
