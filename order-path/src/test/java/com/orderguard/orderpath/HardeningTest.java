package com.orderguard.orderpath;

import com.orderguard.orderpath.protocol.ExecType;
import com.orderguard.orderpath.protocol.Side;
import org.junit.jupiter.api.Test;

import java.util.Properties;

import static org.junit.jupiter.api.Assertions.*;

/**
 * What a security and robustness review of the order path asked for (issue 3), one specification
 * each, in process through {@link PipelineHarness}: a client cannot block, flood or starve the
 * order-path thread or other clients, and sweeps never silently skip an order.
 */
class HardeningTest
{
    private static final long P100 = 1_000_000;

    @Test
    void shouldRouteEveryLaterOrderWhileOneOrderRestsForever()
    {
        final PipelineHarness h = harness("orderpath.maxOpenOrders=16");
        assertEquals(RejectReason.NONE, h.buy(1, "ACC1", "AAPL", 10, P100));
        final long resting = h.lastOrderId();
        h.ack(resting);
        for (long clOrdId = 2; clOrdId < 1_000; clOrdId++)
        {
            assertEquals(RejectReason.NONE, h.buy(clOrdId, "ACC1", "AAPL", 10, P100), "order " + clOrdId);
            h.fill(h.lastOrderId(), 10, P100);
        }
        assertEquals(1, h.pipeline.openOrderCount(), "only the resting order is open");
    }

    @Test
    void shouldRejectWhenEveryOpenOrderSlotIsTakenAndOverwriteNothing()
    {
        final PipelineHarness h = harness("orderpath.maxOpenOrders=4");
        for (long clOrdId = 1; clOrdId <= 4; clOrdId++)
        {
            assertEquals(RejectReason.NONE, h.buy(clOrdId, "ACC1", "AAPL", 10, P100));
        }
        assertEquals(RejectReason.OPEN_ORDERS_FULL, h.buy(5, "ACC1", "AAPL", 10, P100));
        assertEquals(ExecType.REJECT, h.lastReport().execType());
        assertEquals(4, h.pipeline.openOrderCount());
        assertEquals(RejectReason.NONE, h.pipeline.onCancel(PipelineHarness.BROKER1, 6, 1), "the first order is still there");
        h.venueConfirmsChanges();
        assertEquals(RejectReason.NONE, h.limit(7, "ACC1", "AAPL", Side.BUY, 10, P100), "its slot serves the next");
    }

    @Test
    void shouldNotLetCancelsOfNoOrderPushRealClOrdIdsOutOfTheDuplicateWindow()
    {
        final PipelineHarness h = harness("orderpath.dedupe.window=4");
        assertEquals(RejectReason.NONE, h.buy(1, "ACC1", "AAPL", 10, P100));
        for (long clOrdId = 100; clOrdId < 110; clOrdId++)
        {
            assertEquals(RejectReason.UNKNOWN_ORDER, h.pipeline.onCancel(PipelineHarness.BROKER1, clOrdId, 9_999));
        }
        assertEquals(RejectReason.DUPLICATE_CL_ORD_ID, h.buy(1, "ACC1", "AAPL", 10, P100),
            "clOrdId 1 is still remembered: cancels of nothing were not recorded");
    }

    @Test
    void shouldThrottleCancelsAndReplacesLikeEveryOtherMessage()
    {
        final PipelineHarness h = harness("orderpath.throttle.messagesPerSecond=1", "orderpath.throttle.burst=2");
        assertEquals(RejectReason.NONE, h.buy(1, "ACC1", "AAPL", 10, P100));
        assertEquals(RejectReason.UNKNOWN_ORDER, h.pipeline.onCancel(PipelineHarness.BROKER1, 2, 9_999), "the 2nd message");
        assertEquals(RejectReason.THROTTLED, h.pipeline.onCancel(PipelineHarness.BROKER1, 3, 1), "the 3rd: throttled");
        assertEquals(RejectReason.THROTTLED, h.pipeline.onReplace(PipelineHarness.BROKER1, 4, 1, 20, P100));
        h.advanceMs(1_000);
        assertEquals(RejectReason.NONE, h.pipeline.onCancel(PipelineHarness.BROKER1, 5, 1), "a token later it goes");
    }

    @Test
    void shouldResumeAHaltAllSweepUntilEveryOrderIsCancelledAndEveryEventWritten()
    {
        final PipelineHarness h = harness("orderpath.maxOpenOrders=8192", "orderpath.maxAccounts=1024");
        final int orders = 6_000; // their ORDER_ROUTED and CANCEL_REQUESTED events overflow the 1 MB drop copy
        for (int i = 1; i <= orders; i++)
        {
            // one account per 8 orders keeps every position and credit check far from its limit
            assertEquals(RejectReason.NONE, h.buy(i, "A" + (i % 1000), 0 == i % 2 ? "AAPL" : "IBM", 10, P100));
        }
        final java.util.List<String> events = new java.util.ArrayList<>(h.events());
        h.venueUp[PipelineHarness.ALT] = false; // IBM's venue cannot take a cancel for now
        assertTrue(h.commands.offer(com.orderguard.orderpath.command.CommandRing.HALT_ALL, 0, 0, 0));
        h.apply();
        assertTrue(h.pipeline.sweepPendingCount() > 0, "not everything could be done at once");
        for (int cycle = 0; cycle < 1_000 && h.pipeline.sweepPendingCount() > 0; cycle++)
        {
            events.addAll(h.events()); // the journal drains the drop copy
            if (cycle == 10)
            {
                h.venueUp[PipelineHarness.ALT] = true;
            }
            h.advanceMs(1); // a later duty cycle
        }
        for (java.util.List<String> more = h.events(); !more.isEmpty(); more = h.events()) // a read stops at the wrap
        {
            events.addAll(more);
        }
        assertEquals(0, h.pipeline.sweepPendingCount());
        assertEquals(orders, h.sent.stream().filter(s -> "CANCEL".equals(s.kind())).count(), "every order cancelled");
        assertEquals(orders, events.stream().filter(e -> e.startsWith("CANCEL_REQUESTED")).count(), "every event written");
        assertEquals(0, h.metrics.dropCopyLost());
    }

    @Test
    void shouldCancelAHeldOrderOnDisconnectEvenWhenTheDropCopyWasFullAtFirst()
    {
        final PipelineHarness h = harness("orderpath.risk.holdNotionalCents=100000");
        assertEquals(RejectReason.NONE, h.buy(1, "ACC1", "AAPL", 100, P100));
        assertEquals(1, h.pipeline.heldOrderCount());
        fillDropCopy(h);
        h.pipeline.onSourceDisconnected(PipelineHarness.BROKER1);
        assertEquals(1, h.pipeline.heldOrderCount(), "nothing done unrecorded");
        final java.util.List<String> events = h.events();
        h.advanceMs(1);
        events.addAll(h.events());
        assertEquals(0, h.pipeline.heldOrderCount(), "done once there was room");
        assertTrue(events.stream().anyMatch(e -> e.startsWith("ORDER_REJECTED") && e.contains("NOT_LOGGED_ON")), events::toString);
    }

    /** Leaves less room in the drop copy than one order event needs beyond its reserve. */
    private static void fillDropCopy(final PipelineHarness h)
    {
        final org.agrona.concurrent.UnsafeBuffer filler = new org.agrona.concurrent.UnsafeBuffer(new byte[64]);
        while (h.dropCopyRing.capacity() - h.dropCopyRing.size() > 4096 + 64) // 4096: the harness's reserve
        {
            assertTrue(h.dropCopyRing.write(OrderEvents.COMMAND_APPLIED, filler, 0, 56));
        }
    }

    @Test
    void shouldRefuseLimitOverridesPastWhatTheTablesTrackOrForIdsThatAreNotIds()
    {
        final PipelineHarness h = harness(); // maxAccounts 16
        final long maxQuantityPerAccount = ((long)com.orderguard.orderpath.risk.RiskLimit.MAX_ORDER_QUANTITY << 32) |
            com.orderguard.orderpath.risk.Scope.ACCOUNT;
        for (int i = 0; i < 16; i++)
        {
            assertEquals(com.orderguard.orderpath.command.CommandRing.RESULT_APPLIED,
                setLimit(h, maxQuantityPerAccount, com.orderguard.orderpath.protocol.Ascii8.encode("A" + i), 100));
        }
        assertEquals(com.orderguard.orderpath.command.CommandRing.RESULT_TABLE_FULL,
            setLimit(h, maxQuantityPerAccount, com.orderguard.orderpath.protocol.Ascii8.encode("A16"), 100), "a 17th account");
        assertEquals(com.orderguard.orderpath.command.CommandRing.RESULT_APPLIED,
            setLimit(h, maxQuantityPerAccount, com.orderguard.orderpath.protocol.Ascii8.encode("A3"), 200), "a change fits");
        assertEquals(com.orderguard.orderpath.command.CommandRing.RESULT_BAD_ARGUMENT,
            setLimit(h, maxQuantityPerAccount, 0xFFFF_FFFF_FFFF_FFFFL, 100), "not an id");
    }

    private static int setLimit(final PipelineHarness h, final long limitAndScope, final long id, final long value)
    {
        assertTrue(h.commands.offer(com.orderguard.orderpath.command.CommandRing.SET_LIMIT, limitAndScope, id, value));
        h.apply();
        return h.commands.result(h.commands.lastOfferedSeq());
    }

    /** The harness's base settings and then {@code key=value}s; AAPL and IBM priced at 100.00. */
    private static PipelineHarness harness(final String... settings)
    {
        final PipelineHarness h = new PipelineHarness(OrderPathFixture.with(PipelineHarness.properties(), settings));
        h.reference("AAPL", P100);
        h.reference("IBM", P100);
        return h;
    }
}
