package com.orderguard.orderpath;

import com.orderguard.orderpath.command.CommandRing;
import com.orderguard.orderpath.dropcopy.DropCopy;
import com.orderguard.orderpath.protocol.Ascii8;
import com.orderguard.orderpath.protocol.CancelCodec;
import com.orderguard.orderpath.protocol.ExecType;
import com.orderguard.orderpath.protocol.Frame;
import com.orderguard.orderpath.protocol.MessageType;
import com.orderguard.orderpath.protocol.NewOrderCodec;
import com.orderguard.orderpath.protocol.OrdType;
import com.orderguard.orderpath.protocol.ReplaceCodec;
import com.orderguard.orderpath.protocol.Side;
import com.orderguard.orderpath.risk.RiskLimit;
import com.orderguard.orderpath.risk.Scope;
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

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Every path through the pipeline allocates nothing once warm: orders decoded from a buffer through
 * every control (accepted, and rejected for each reason on the way), holds released, rejected and
 * timed out, venue acks, partial and full fills, cancels, replaces and venue rejects, reference
 * prices, every command, halt-all with cancels (also one resumed on a later tick because the venue
 * ring was full), a refused limit override, and reports into a ring: the shared-memory path (new
 * orders read from a ring through the UntrustedRingReader, reports out to a ring, a ring to the
 * venue), measured on the calling thread with its own counter.
 */
class AllPathsAllocationTest
{
    private static final long P100 = 1_000_000;
    private static final long ACC1 = Ascii8.encode("ACC1");
    private static final long ACC2 = Ascii8.encode("ACC2");
    private static final long AAPL = Ascii8.encode("AAPL");
    private static final long MSFT = Ascii8.encode("MSFT");
    private static final long TSLA = Ascii8.encode("TSLA");
    private static final long SIM = Ascii8.encode("SIM");

    private final UnsafeBuffer frame = new UnsafeBuffer(ByteBuffer.allocateDirect(Frame.MAX_FRAME_LENGTH));
    private final OneToOneRingBuffer venueRing = ring(1 << 20);
    private final OneToOneRingBuffer reportRing = ring(1 << 20);
    private final OneToOneRingBuffer dropCopyRing = ring(1 << 22);
    private final OneToOneRingBuffer ingressRing = ring(1 << 16);
    private final com.orderguard.orderpath.shm.UntrustedRingReader ingress =
        new com.orderguard.orderpath.shm.UntrustedRingReader(ingressRing);
    private final IngressHandler ingressHandler = new IngressHandler();
    private final CommandRing commands = new CommandRing();
    private final OrderPathMetrics metrics = new OrderPathMetrics();
    private final OrderPipeline pipeline;
    private static final boolean DEBUG = Boolean.getBoolean("allpaths.debug");
    private final java.util.ArrayDeque<String> recent = new java.util.ArrayDeque<>();
    private final MessageHandler discard = (type, buffer, index, length) ->
    {
        if (DEBUG)
        {
            recent.addLast(OrderEvents.describe(type, buffer, index, length));
            if (recent.size() > 3000)
            {
                recent.removeFirst();
            }
        }
    };
    private final VenueReader venueReader = new VenueReader();
    private final CommandApplier commandApplier = new CommandApplier();
    private long nowNs = 1_000_000_000L;
    private long clOrdId;

    AllPathsAllocationTest()
    {
        final Properties p = new Properties();
        p.setProperty("orderpath.clients", "STRAT1,STRAT2");
        p.setProperty("orderpath.venue.SIM.host", "127.0.0.1");
        p.setProperty("orderpath.venue.SIM.port", "1");
        p.setProperty("orderpath.venue.SIM.client", "GUARD1");
        p.setProperty("orderpath.route.AAPL", "SIM");
        p.setProperty("orderpath.route.MSFT", "SIM");
        p.setProperty("orderpath.route.TSLA", "SIM");
        p.setProperty("orderpath.account.ACC1.firm", "F1");
        p.setProperty("orderpath.account.ACC2.firm", "F1");
        p.setProperty("orderpath.risk.maxOrderQuantity", "1000");
        p.setProperty("orderpath.risk.maxOrderNotionalCents", "8000000");
        p.setProperty("orderpath.risk.priceCollarBps", "1000");
        p.setProperty("orderpath.risk.maxMarketOrderAdvBps", "100");
        p.setProperty("orderpath.symbol.AAPL.adv", "50000");
        p.setProperty("orderpath.risk.maxPositionQty", "100000");
        p.setProperty("orderpath.risk.maxGrossPositionQty", "1000000");
        p.setProperty("orderpath.risk.creditLimitCents", "9000000000000000");
        p.setProperty("orderpath.risk.creditLimitCents.firm.F1", "9000000000000000");
        p.setProperty("orderpath.risk.holdNotionalCents", "5000000"); // 50,000.00
        p.setProperty("orderpath.risk.maxOrderQuantity.account.ACC1", "1000");
        p.setProperty("orderpath.restricted.account.ACC2", "MSFT");
        p.setProperty("orderpath.throttle.repeatedOrders.max", "1000000");
        p.setProperty("orderpath.hold.timeoutMs", "10");
        p.setProperty("orderpath.maxOpenOrders", "1024");
        p.setProperty("orderpath.dedupe.window", "4096");
        final DropCopy dropCopy = new DropCopy(dropCopyRing, new OffsetEpochNanoClock(), 4096);
        pipeline = new OrderPipeline(OrderPathConfig.from(p), metrics, dropCopy, commands,
            new RingVenueEgress(venueRing), new RingReportEgress(reportRing, null));
        pipeline.tick(nowNs);
        commands.open();
        applyCommands();
    }

    private static OneToOneRingBuffer ring(final int capacity)
    {
        return new OneToOneRingBuffer(new UnsafeBuffer(ByteBuffer.allocateDirect(capacity + RingBufferDescriptor.TRAILER_LENGTH)));
    }

    @Test
    void shouldAllocateNothingOnAnyPathOnceWarm()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        assertTrue(threads.isThreadAllocatedMemorySupported());
        threads.setThreadAllocatedMemoryEnabled(true);

        for (int i = 0; i < 20_000; i++)
        {
            iteration(i);
        }
        final long accepted = metrics.accepted();
        final long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 20_000; i < 25_000; i++)
        {
            iteration(i);
        }
        final long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertTrue(metrics.accepted() - accepted >= 5 * 5_000, "the measured loop routed orders");
        for (final int reason : new int[] {RejectReason.MAX_QUANTITY, RejectReason.PRICE_COLLAR, RejectReason.NO_ROUTE,
            RejectReason.DUPLICATE_CL_ORD_ID, RejectReason.RESTRICTED, RejectReason.SELF_MATCH,
            RejectReason.MARKET_ORDER_ADV, RejectReason.HOLD_REJECTED, RejectReason.HOLD_TIMEOUT,
            RejectReason.SYMBOL_HALTED, RejectReason.KILL_SWITCH, RejectReason.TRADING_HALTED, RejectReason.MALFORMED,
            RejectReason.UNKNOWN_ORDER, RejectReason.VENUE_REJECTED, RejectReason.UNKNOWN_ACCOUNT,
            RejectReason.MAX_NOTIONAL})
        {
            assertTrue(metrics.rejected(reason) > 0, "path exercised: " + RejectReason.name(reason));
        }
        assertTrue(metrics.held() > 0 && metrics.cancels() > 0 && metrics.replaces() > 0 && metrics.fills() > 0);
        assertEquals(0, pipeline.openOrderCount(), "every order finished");
        assertEquals(0, allocated, "bytes allocated over 5,000 iterations of every path");
    }

    private void iteration(final int i)
    {
        final int side = 0 == (i & 1) ? Side.BUY : Side.SELL;
        final int other = Side.BUY == side ? Side.SELL : Side.BUY;
        tick();
        pipeline.onReferencePrice(0, AAPL, P100);
        pipeline.onReferencePrice(0, MSFT, P100);
        pipeline.onReferencePrice(0, TSLA, P100);

        // accepted, acked, partly filled, replaced, cancelled — decoded from frames
        final long first = ++clOrdId;
        expect(RejectReason.NONE, newOrder(first, ACC1, AAPL, side, OrdType.LIMIT, 100, P100));
        final long firstId = lastRoutedOrderId;
        venue(firstId, ExecType.ACK, 0, 0);
        venue(firstId, ExecType.FILL, 10, P100);
        final long replaceId = ++clOrdId;
        expect(RejectReason.NONE, replace(replaceId, first, 120, P100 + 100));
        venue(firstId, ExecType.REPLACED, 120, P100 + 100);
        expect(RejectReason.NONE, cancel(++clOrdId, replaceId));
        venue(firstId, ExecType.CANCELED, 0, 0);

        // rejects on the way through the controls
        expect(RejectReason.MAX_QUANTITY, newOrder(++clOrdId, ACC1, AAPL, side, OrdType.LIMIT, 1001, P100));
        expect(RejectReason.PRICE_COLLAR, newOrder(++clOrdId, ACC1, AAPL, side, OrdType.LIMIT, 10, 2 * P100));
        expect(RejectReason.NO_ROUTE, newOrder(++clOrdId, ACC1, Ascii8.encode("NOPE"), side, OrdType.LIMIT, 10, P100));
        expect(RejectReason.DUPLICATE_CL_ORD_ID, newOrder(first, ACC1, AAPL, side, OrdType.LIMIT, 10, P100));
        expect(RejectReason.RESTRICTED, newOrder(++clOrdId, ACC2, MSFT, side, OrdType.LIMIT, 10, P100));
        expect(RejectReason.MARKET_ORDER_ADV, newOrder(++clOrdId, ACC1, AAPL, side, OrdType.MARKET, 501, 0));
        expect(RejectReason.MALFORMED, newOrder(++clOrdId, ACC1, AAPL, 7, OrdType.LIMIT, 10, P100));
        expect(RejectReason.UNKNOWN_ACCOUNT, newOrder(++clOrdId, Ascii8.encode("GHOST"), AAPL, side, OrdType.LIMIT, 1, P100));
        expect(RejectReason.UNKNOWN_ORDER, cancel(++clOrdId, 1L << 60));
        expect(RejectReason.MAX_NOTIONAL, newOrder(++clOrdId, ACC1, AAPL, side, OrdType.LIMIT, 900, P100));

        // self-match: a resting order, a crossing one refused, the resting one rejected by the venue
        final long resting = ++clOrdId;
        expect(RejectReason.NONE, newOrder(resting, ACC2, AAPL, other, OrdType.LIMIT, 5, P100));
        final long restingId = lastRoutedOrderId;
        expect(RejectReason.SELF_MATCH, newOrder(++clOrdId, ACC2, AAPL, side, OrdType.MARKET, 5, 0));
        venue(restingId, ExecType.REJECT, 0, 0);

        // a market order filled in full
        expect(RejectReason.NONE, newOrder(++clOrdId, ACC1, AAPL, side, OrdType.MARKET, 50, 0));
        venue(lastRoutedOrderId, ExecType.FILL, 50, P100);

        // large orders: released and filled; rejected by the second person; timed out
        expect(RejectReason.NONE, newOrder(++clOrdId, ACC1, AAPL, side, OrdType.LIMIT, 600, P100));
        final long heldId = lastReportVenueOrderId;
        command(CommandRing.RELEASE_HELD, heldId, 0, 0);
        venue(heldId, ExecType.FILL, 600, P100);
        expect(RejectReason.NONE, newOrder(++clOrdId, ACC1, AAPL, side, OrdType.LIMIT, 600, P100));
        command(CommandRing.REJECT_HELD, lastReportVenueOrderId, 0, 0);
        expect(RejectReason.NONE, newOrder(++clOrdId, ACC1, AAPL, side, OrdType.LIMIT, 600, P100));
        nowNs += 11_000_000L;
        tick();

        // commands between orders
        command(CommandRing.SET_LIMIT, ((long)RiskLimit.MAX_ORDER_QUANTITY << 32) | Scope.ACCOUNT, ACC1, 900 + (i & 1));
        command(CommandRing.HALT_SYMBOL, MSFT, 0, 0);
        expect(RejectReason.SYMBOL_HALTED, newOrder(++clOrdId, ACC1, MSFT, side, OrdType.LIMIT, 10, P100));
        command(CommandRing.RESUME_SYMBOL, MSFT, 0, 0);
        command(CommandRing.KILL, Scope.ACCOUNT, ACC2, 0);
        expect(RejectReason.KILL_SWITCH, newOrder(++clOrdId, ACC2, AAPL, side, OrdType.LIMIT, 10, P100));
        command(CommandRing.REVIVE, Scope.ACCOUNT, ACC2, 0);
        command(CommandRing.SET_ROUTE, TSLA, SIM, 0);
        command(CommandRing.REMOVE_ROUTE, TSLA, 0, 0);
        command(CommandRing.SET_ROUTE, TSLA, SIM, 0);
        expect(RejectReason.NONE, newOrder(++clOrdId, ACC1, TSLA, side, OrdType.LIMIT, 10, P100));
        final long openId = lastRoutedOrderId;
        command(CommandRing.HALT_ALL, 0, 0, 0);
        expect(RejectReason.TRADING_HALTED, newOrder(++clOrdId, ACC1, AAPL, side, OrdType.LIMIT, 10, P100));
        venue(openId, ExecType.CANCELED, 0, 0);
        command(CommandRing.RESUME, 0, 0, 0);

        // every 50th time, a kill whose cancel the venue ring cannot take at once: resumed on the next tick
        // (filling and draining 1 MB of ring each time would make the test slow, not more thorough)
        if (0 == i % 50)
        {
            killResumedOnTheNextTick(side);
        }
        command(CommandRing.SET_LIMIT, ((long)RiskLimit.MAX_ORDER_QUANTITY << 32) | Scope.ACCOUNT, -1L, 5); // refused

        drain();
    }

    private void killResumedOnTheNextTick(final int side)
    {
        expect(RejectReason.NONE, newOrder(++clOrdId, ACC1, TSLA, side, OrdType.LIMIT, 10, P100));
        final long sweptId = lastRoutedOrderId;
        fillVenueRing();
        if (!commands.offer(CommandRing.KILL, Scope.ACCOUNT, ACC1, 0))
        {
            fail("command ring full");
        }
        applyCommands();
        assertEquals(1, pipeline.sweepPendingCount(), "the cancel waits for room at the venue");
        readVenue();
        tick();
        assertEquals(0, pipeline.sweepPendingCount(), "sent on the next tick");
        venue(sweptId, ExecType.CANCELED, 0, 0);
        command(CommandRing.REVIVE, Scope.ACCOUNT, ACC1, 0);
    }

    private long lastRoutedOrderId;
    private long lastReportVenueOrderId;

    private void tick()
    {
        pipeline.tick(nowNs);
    }

    private void expect(final int reason, final int result)
    {
        if (reason != result)
        {
            final java.util.List<String> events = new java.util.ArrayList<>(recent);
            dropCopyRing.read((type, buffer, index, length) -> events.add(OrderEvents.describe(type, buffer, index, length)), 1000);
            fail("expected " + RejectReason.name(reason) + " but was " + RejectReason.name(result) + " at clOrdId " + clOrdId +
                "\n" + String.join("\n", events.subList(Math.max(0, events.size() - (DEBUG ? 3000 : 12)), events.size())));
        }
    }

    private int newOrder(
        final long id, final long account, final long symbol, final int side, final int ordType, final long qty,
        final long price)
    {
        frame.putInt(Frame.LENGTH_OFFSET, NewOrderCodec.LENGTH);
        frame.putShort(Frame.TYPE_OFFSET, (short)MessageType.NEW_ORDER);
        frame.putShort(Frame.VERSION_OFFSET, (short)Frame.VERSION);
        frame.putLong(NewOrderCodec.CL_ORD_ID_OFFSET, id);
        frame.putLong(NewOrderCodec.ACCOUNT_OFFSET, account);
        frame.putLong(NewOrderCodec.SYMBOL_OFFSET, symbol);
        frame.putByte(NewOrderCodec.SIDE_OFFSET, (byte)side);
        frame.putByte(NewOrderCodec.ORD_TYPE_OFFSET, (byte)ordType);
        frame.putLong(NewOrderCodec.QUANTITY_OFFSET, qty);
        frame.putLong(NewOrderCodec.PRICE_OFFSET, price);
        final long nextId = nextOrderIdGuess();
        assertTrue(ingressRing.write(MessageType.NEW_ORDER, frame, 0, NewOrderCodec.LENGTH));
        ingressHandler.result = Integer.MIN_VALUE;
        while (Integer.MIN_VALUE == ingressHandler.result) // one read stops at the ring's wrap point
        {
            ingress.controlledRead(ingressHandler, 1);
        }
        final int result = ingressHandler.result;
        readVenue();
        readReports();
        if (RejectReason.NONE == result && venueReader.lastNewOrderId >= nextId)
        {
            lastRoutedOrderId = venueReader.lastNewOrderId;
        }
        return result;
    }

    private long nextOrderIdGuess()
    {
        return venueReader.lastNewOrderId + 1;
    }

    private int cancel(final long id, final long orig)
    {
        frame.putInt(Frame.LENGTH_OFFSET, CancelCodec.LENGTH);
        frame.putShort(Frame.TYPE_OFFSET, (short)MessageType.CANCEL);
        frame.putShort(Frame.VERSION_OFFSET, (short)Frame.VERSION);
        frame.putLong(CancelCodec.CL_ORD_ID_OFFSET, id);
        frame.putLong(CancelCodec.ORIG_CL_ORD_ID_OFFSET, orig);
        final int result = pipeline.onMessage(0, frame, 0, CancelCodec.LENGTH);
        readVenue();
        readReports();
        return result;
    }

    private int replace(final long id, final long orig, final long qty, final long price)
    {
        frame.putInt(Frame.LENGTH_OFFSET, ReplaceCodec.LENGTH);
        frame.putShort(Frame.TYPE_OFFSET, (short)MessageType.REPLACE);
        frame.putShort(Frame.VERSION_OFFSET, (short)Frame.VERSION);
        frame.putLong(ReplaceCodec.CL_ORD_ID_OFFSET, id);
        frame.putLong(ReplaceCodec.ORIG_CL_ORD_ID_OFFSET, orig);
        frame.putLong(ReplaceCodec.QUANTITY_OFFSET, qty);
        frame.putLong(ReplaceCodec.PRICE_OFFSET, price);
        final int result = pipeline.onMessage(0, frame, 0, ReplaceCodec.LENGTH);
        readVenue();
        readReports();
        return result;
    }

    private void venue(final long orderId, final int execType, final long qty, final long price)
    {
        pipeline.onVenueReport(0, orderId, 77, execType, qty, price, 0);
        readVenue();
        readReports();
    }

    private void command(final int type, final long arg1, final long arg2, final long arg3)
    {
        if (!commands.offer(type, arg1, arg2, arg3))
        {
            fail("command ring full");
        }
        applyCommands();
        readVenue();
        readReports();
    }

    private void applyCommands()
    {
        while (commands.appliedSeq() < commands.lastOfferedSeq()) // one read stops at the ring's wrap point
        {
            commands.drain(commandApplier, 16);
        }
    }

    private final UnsafeBuffer filler = new UnsafeBuffer(ByteBuffer.allocateDirect(128 * 1024));

    private void fillVenueRing()
    {
        int free;
        while ((free = venueRing.capacity() - venueRing.size()) >= CancelCodec.LENGTH + 64) // RingVenueEgress's margin
        {
            venueRing.write(1, filler, 0, free > 121_000 ? 120_000 : free > 1100 ? 1000 : 8);
            if (free == venueRing.capacity() - venueRing.size())
            {
                fail("the venue ring did not fill");
            }
        }
    }

    private void readVenue()
    {
        while (venueRing.size() > 0) // one read stops at the wrap point, and padding counts as no message
        {
            venueRing.read(venueReader, 100);
        }
    }

    private void readReports()
    {
        while (reportRing.size() > 0)
        {
            reportRing.read(reportReader, 100);
        }
    }

    private void drain()
    {
        while (dropCopyRing.size() > 0)
        {
            dropCopyRing.read(discard, 1000);
        }
    }

    private final MessageHandler reportReader = new MessageHandler()
    {
        public void onMessage(final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length)
        {
            lastReportVenueOrderId = buffer.getLong(index + com.orderguard.orderpath.protocol.ExecutionReportCodec.VENUE_ORDER_ID_OFFSET);
        }
    };

    private static final class VenueReader implements MessageHandler
    {
        long lastNewOrderId;

        public void onMessage(final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length)
        {
            if (MessageType.NEW_ORDER == msgTypeId)
            {
                lastNewOrderId = buffer.getLong(index + NewOrderCodec.CL_ORD_ID_OFFSET);
            }
        }
    }

    private final class IngressHandler implements ControlledMessageHandler
    {
        int result;

        public Action onMessage(final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length)
        {
            result = pipeline.onMessage(0, buffer, index, length);
            return Action.CONTINUE;
        }
    }

    private final class CommandApplier implements ControlledMessageHandler
    {
        public Action onMessage(final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length)
        {
            return pipeline.onCommand(msgTypeId, buffer, index) ? Action.CONTINUE : Action.ABORT;
        }
    }
}
