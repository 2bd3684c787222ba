package com.orderguard.orderpath;

import net.openhft.affinity.AffinityLock;
import org.junit.jupiter.api.Test;

import java.util.BitSet;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class AffinityTest
{
    private static OrderPath start() throws Exception
    {
        return start(-1);
    }

    private static OrderPath start(final int cpu) throws Exception
    {
        final java.util.Properties p = OrderPathFixture.properties(1);
        p.setProperty("orderpath.cpu", Integer.toString(cpu));
        p.setProperty("orderpath.idle", "yield");
        final OrderPath orderPath = new OrderPath(OrderPathConfig.from(p));
        orderPath.start();
        return orderPath;
    }

    @Test
    void shouldPinTheOrderPathThreadToExactlyOneCpuOnAMultiCoreMachine() throws Exception
    {
        assumeTrue(Runtime.getRuntime().availableProcessors() > 1, "a single-core machine has nothing to pin to");
        try (OrderPath orderPath = start())
        {
            assertTrue(orderPath.cpuId() >= 0, "expected a reserved cpu (is another process holding it?): " +
                orderPath.affinityDescription() + "\n" + AffinityLock.dumpLocks());
            final BitSet affinity = orderPath.threadAffinity();
            assertEquals(1, affinity.cardinality(), "thread affinity " + affinity);
            assertEquals(orderPath.cpuId(), affinity.nextSetBit(0));
            assertTrue(orderPath.affinityDescription().contains("pinned to cpu " + orderPath.cpuId()),
                orderPath.affinityDescription());
        }
    }

    @Test
    void shouldReportUnboundWhenNoReservedCpuIsLeft() throws Exception
    {
        assumeTrue(1 == AffinityLock.RESERVED_AFFINITY.cardinality(),
            "only provable where exactly one cpu is reservable, as on a 2-core box");
        try (OrderPath first = start(); OrderPath second = start())
        {
            assertTrue(first.cpuId() >= 0, first.affinityDescription());
            assertEquals(-1, second.cpuId());
            assertEquals("order-path thread unbound: no cpu free", second.affinityDescription());
        }
        try (OrderPath again = start())
        {
            assertTrue(again.cpuId() >= 0, "close() releases the cpu: " + again.affinityDescription());
        }
    }

    @Test
    void shouldStayUnboundRatherThanTakeAnotherCpuThanTheConfiguredOne() throws Exception
    {
        final int notReservable = AffinityLock.RESERVED_AFFINITY.nextClearBit(0);
        assumeTrue(notReservable < Runtime.getRuntime().availableProcessors(), "every cpu is reservable here");
        try (OrderPath orderPath = start(notReservable))
        {
            assertEquals(-1, orderPath.cpuId(), orderPath.affinityDescription());
            assertTrue(orderPath.affinityDescription().startsWith(
                "order-path thread unbound: cpu " + notReservable + " is not free or not reservable"),
                orderPath.affinityDescription());
        }
    }

    @Test
    void shouldPinToTheConfiguredCpuWhenItIsReservable() throws Exception
    {
        final int reservable = AffinityLock.RESERVED_AFFINITY.nextSetBit(0);
        assumeTrue(reservable >= 0 && Runtime.getRuntime().availableProcessors() > 1, "no reservable cpu");
        try (OrderPath orderPath = start(reservable))
        {
            assertEquals(reservable, orderPath.cpuId(), orderPath.affinityDescription());
        }
    }
}
