package com.orderguard.orderpath;

import com.orderguard.orderpath.command.CommandRing;
import com.orderguard.orderpath.dropcopy.DropCopy;
import com.orderguard.orderpath.protocol.Ascii8;
import com.orderguard.orderpath.protocol.ExecType;
import com.orderguard.orderpath.protocol.Frame;
import com.orderguard.orderpath.protocol.MessageType;
import com.orderguard.orderpath.protocol.NewOrderCodec;
import com.orderguard.orderpath.protocol.OrdType;
import com.orderguard.orderpath.protocol.Side;
import com.orderguard.orderpath.shm.RingReportEgress;
import com.orderguard.orderpath.shm.RingVenueEgress;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.ControlledMessageHandler;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.OffsetEpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A rough cost per order of the in-process path with every control configured — decode, all
 * checks, route, encode into the venue ring, drop-copy record — plus the venue's fill coming back
 * (report encoded into the client's ring, credit and position updated) and the drop copy drained,
 * all on this one thread. Printed, never asserted (a shared 2-core box owns the timing); the JMH
 * benchmark in test-harness/benchmarks is the measurement of record. {@code -Dcost.orders=N}.
 */
class PipelineCostTest
{
    private static final int ORDERS = Integer.getInteger("cost.orders", 500_000);

    @Test
    void shouldPrintTheCostPerOrderOfDecodeChecksRouteEncode()
    {
        final Properties p = new Properties();
        p.setProperty("orderpath.clients", "STRAT1");
        p.setProperty("orderpath.venue.SIM.host", "127.0.0.1");
        p.setProperty("orderpath.venue.SIM.port", "1");
        p.setProperty("orderpath.venue.SIM.client", "GUARD1");
        p.setProperty("orderpath.route.AAPL", "SIM");
        p.setProperty("orderpath.account.ACC1.firm", "F1");
        p.setProperty("orderpath.risk.maxOrderQuantity", "1000");
        p.setProperty("orderpath.risk.maxOrderNotionalCents", "100000000");
        p.setProperty("orderpath.risk.priceCollarBps", "500");
        p.setProperty("orderpath.risk.maxMarketOrderAdvBps", "100");
        p.setProperty("orderpath.risk.maxPositionQty", "1000000000");
        p.setProperty("orderpath.risk.maxGrossPositionQty", "1000000000");
        p.setProperty("orderpath.risk.creditLimitCents", "9000000000000000000");
        p.setProperty("orderpath.risk.creditLimitCents.firm.F1", "9000000000000000000");
        p.setProperty("orderpath.restricted.account.ACC1", "MSFT");
        p.setProperty("orderpath.throttle.messagesPerSecond", "1000000000");
        p.setProperty("orderpath.throttle.burst", "1000000000");
        p.setProperty("orderpath.throttle.repeatedOrders.max", "2000000000");
        p.setProperty("orderpath.dedupe.window", System.getProperty("cost.window", "65536"));
        p.setProperty("orderpath.maxOpenOrders", System.getProperty("cost.maxOpenOrders", "65536"));
        final OneToOneRingBuffer venueRing = ring(1 << 22);
        final OneToOneRingBuffer reportRing = ring(1 << 22);
        final OneToOneRingBuffer dropCopyRing = ring(1 << 24);
        final CommandRing commands = new CommandRing();
        final OrderPathMetrics metrics = new OrderPathMetrics();
        final OrderPipeline pipeline = new OrderPipeline(OrderPathConfig.from(p), metrics,
            new DropCopy(dropCopyRing, new OffsetEpochNanoClock(), 4096), commands, new RingVenueEgress(venueRing),
            new RingReportEgress(reportRing));
        pipeline.tick(System.nanoTime());
        commands.open();
        commands.drain((type, buffer, index, length) -> pipeline.onCommand(type, buffer, index) ?
            ControlledMessageHandler.Action.CONTINUE : ControlledMessageHandler.Action.ABORT, 10);
        final long aapl = Ascii8.encode("AAPL");
        pipeline.onReferencePrice(0, aapl, 1_000_000);

        final UnsafeBuffer frame = new UnsafeBuffer(ByteBuffer.allocateDirect(NewOrderCodec.LENGTH));
        frame.putInt(Frame.LENGTH_OFFSET, NewOrderCodec.LENGTH);
        frame.putShort(Frame.TYPE_OFFSET, (short)MessageType.NEW_ORDER);
        frame.putShort(Frame.VERSION_OFFSET, (short)Frame.VERSION);
        frame.putLong(NewOrderCodec.ACCOUNT_OFFSET, Ascii8.encode("ACC1"));
        frame.putLong(NewOrderCodec.SYMBOL_OFFSET, aapl);
        frame.putByte(NewOrderCodec.SIDE_OFFSET, (byte)Side.BUY);
        frame.putByte(NewOrderCodec.ORD_TYPE_OFFSET, (byte)OrdType.LIMIT);
        frame.putLong(NewOrderCodec.QUANTITY_OFFSET, 100);
        frame.putLong(NewOrderCodec.PRICE_OFFSET, 1_000_000);
        final MessageHandler discard = (type, buffer, index, length) -> { };
        final long[] orderId = new long[1];
        final MessageHandler venue = (type, buffer, index, length) -> orderId[0] = buffer.getLong(index + 8);

        long clOrdId = 1;
        for (int round = 0; round < 2; round++) // the first round warms up
        {
            final long start = System.nanoTime();
            for (int i = 0; i < ORDERS; i++)
            {
                frame.putLong(NewOrderCodec.CL_ORD_ID_OFFSET, clOrdId++);
                if (RejectReason.NONE != pipeline.onMessage(0, frame, 0, NewOrderCodec.LENGTH))
                {
                    fail("rejected " + RejectReason.name(metrics.rejected(0) > 0 ? 0 : 0));
                }
                venueRing.read(venue, 1);
                pipeline.onVenueReport(0, orderId[0], 1, ExecType.FILL, 100, 1_000_000, 0);
                if (0 == (i & 63))
                {
                    venueRing.read(discard, 1000);
                    reportRing.read(discard, 1000);
                    dropCopyRing.read(discard, 1000);
                }
                while (dropCopyRing.size() > (1 << 23))
                {
                    dropCopyRing.read(discard, 1000);
                }
                while (reportRing.size() > (1 << 21))
                {
                    reportRing.read(discard, 1000);
                }
            }
            final long elapsedNs = System.nanoTime() - start;
            if (1 == round)
            {
                System.out.printf("PipelineCostTest: %,d orders (decode, 13 controls, route, encode, drop copy; " +
                    "fill back, report, credit+position) in %,d ms: %,.0f ns/order, %,.0f orders/s on one thread%n",
                    ORDERS, elapsedNs / 1_000_000, (double)elapsedNs / ORDERS, ORDERS * 1e9 / elapsedNs);
            }
        }
        assertEquals(2L * ORDERS, metrics.accepted());
        assertEquals(0, pipeline.openOrderCount());
    }

    private static OneToOneRingBuffer ring(final int capacity)
    {
        return new OneToOneRingBuffer(new UnsafeBuffer(ByteBuffer.allocateDirect(capacity + RingBufferDescriptor.TRAILER_LENGTH)));
    }
}
