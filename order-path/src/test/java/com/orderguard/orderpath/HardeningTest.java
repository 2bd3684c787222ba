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
        final Properties p = PipelineHarness.properties();
        p.setProperty("orderpath.maxOpenOrders", "16");
        final PipelineHarness h = new PipelineHarness(p);
        h.reference("AAPL", P100);
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
        final Properties p = PipelineHarness.properties();
        p.setProperty("orderpath.maxOpenOrders", "4");
        final PipelineHarness h = new PipelineHarness(p);
        h.reference("AAPL", P100);
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
        final Properties p = PipelineHarness.properties();
        p.setProperty("orderpath.dedupe.window", "4");
        final PipelineHarness h = new PipelineHarness(p);
        h.reference("AAPL", P100);
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
        final Properties p = PipelineHarness.properties();
        p.setProperty("orderpath.throttle.messagesPerSecond", "1");
        p.setProperty("orderpath.throttle.burst", "2");
        final PipelineHarness h = new PipelineHarness(p);
        h.reference("AAPL", P100);
        assertEquals(RejectReason.NONE, h.buy(1, "ACC1", "AAPL", 10, P100));
        assertEquals(RejectReason.UNKNOWN_ORDER, h.pipeline.onCancel(PipelineHarness.BROKER1, 2, 9_999), "the 2nd message");
        assertEquals(RejectReason.THROTTLED, h.pipeline.onCancel(PipelineHarness.BROKER1, 3, 1), "the 3rd: throttled");
        assertEquals(RejectReason.THROTTLED, h.pipeline.onReplace(PipelineHarness.BROKER1, 4, 1, 20, P100));
        h.advanceMs(1_000);
        assertEquals(RejectReason.NONE, h.pipeline.onCancel(PipelineHarness.BROKER1, 5, 1), "a token later it goes");
    }
}
