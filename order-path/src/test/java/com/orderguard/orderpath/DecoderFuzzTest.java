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
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Fuzzes the decoders in process: random frames and valid frames mutated (truncated, oversized,
 * unknown types, zero/negative/extreme prices and quantities, non-ASCII and unknown accounts and
 * symbols, bad sides and order types), and random venue reports and reference prices. Every client
 * message is answered with a reject report or refused as untrustworthy (DISCONNECT), nothing
 * throws, and a valid order still passes after every thousand. Seeded: {@code -Dfuzz.seed=N};
 * {@code -Dfuzz.messages=5000000} for a long run (default CI-friendly).
 */
class DecoderFuzzTest
{
    private static final long SEED = Long.getLong("fuzz.seed", 20_261_122L);
    private static final int MESSAGES = Integer.getInteger("fuzz.messages", 300_000);
    private static final long P100 = 1_000_000;
    private static final long ACC1 = Ascii8.encode("ACC1");
    private static final long AAPL = Ascii8.encode("AAPL");

    private final UnsafeBuffer frame = new UnsafeBuffer(ByteBuffer.allocateDirect(Frame.MAX_FRAME_LENGTH + 64));
    private final OneToOneRingBuffer venueRing = ring(1 << 20);
    private final OneToOneRingBuffer dropCopyRing = ring(1 << 22);
    private final OrderPathMetrics metrics = new OrderPathMetrics();
    private final CommandRing commands = new CommandRing();
    private final OrderPipeline pipeline;
    private final VenueReader venueReader = new VenueReader();
    private final java.util.ArrayDeque<String> recent = new java.util.ArrayDeque<>();
    private final MessageHandler discard = (type, buffer, index, length) ->
    {
        if (Boolean.getBoolean("fuzz.debug"))
        {
            recent.addLast(OrderEvents.describe(type, buffer, index, length));
            if (recent.size() > 20000)
            {
                recent.removeFirst();
            }
        }
    };
    private long reports;
    private long rejects;
    private long nowNs = 1_000_000_000L;

    DecoderFuzzTest()
    {
        final Properties p = new Properties();
        p.setProperty("orderpath.clients", "STRAT1");
        p.setProperty("orderpath.venue.SIM.host", "127.0.0.1");
        p.setProperty("orderpath.venue.SIM.port", "1");
        p.setProperty("orderpath.venue.SIM.client", "GUARD1");
        p.setProperty("orderpath.route.AAPL", "SIM");
        p.setProperty("orderpath.route.MSFT", "SIM");
        p.setProperty("orderpath.account.ACC1.firm", "F1");
        p.setProperty("orderpath.risk.maxOrderQuantity", "1000000");
        p.setProperty("orderpath.risk.priceCollarBps", "5000");
        p.setProperty("orderpath.maxOpenOrders", "4096");
        p.setProperty("orderpath.risk.holdNotionalCents", Long.toString(Long.MAX_VALUE)); // holds are specified elsewhere
        p.setProperty("orderpath.dedupe.window", "65536");
        p.setProperty("orderpath.throttle.repeatedOrders.max", "0");
        pipeline = new OrderPipeline(OrderPathConfig.from(p), metrics,
            new DropCopy(dropCopyRing, new OffsetEpochNanoClock(), 4096), commands, new RingVenueEgress(venueRing),
            (source, clOrdId, venueOrderId, quantity, priceE4, execType, reason) ->
            {
                reports++;
                if (ExecType.REJECT == execType)
                {
                    rejects++;
                }
            });
        pipeline.tick(nowNs);
        commands.open();
        commands.drain((type, buffer, index, length) -> pipeline.onCommand(type, buffer, index) ?
            ControlledMessageHandler.Action.CONTINUE : ControlledMessageHandler.Action.ABORT, 10);
        pipeline.onReferencePrice(0, AAPL, P100);
    }

    private static OneToOneRingBuffer ring(final int capacity)
    {
        return new OneToOneRingBuffer(new UnsafeBuffer(ByteBuffer.allocateDirect(capacity + RingBufferDescriptor.TRAILER_LENGTH)));
    }

    @Test
    void shouldAnswerEveryHostileMessageAndKeepServingValidOrders()
    {
        final SplittableRandom random = new SplittableRandom(SEED);
        final long startNs = System.nanoTime();
        long probeClOrdId = 1L << 62;
        for (int i = 0; i < MESSAGES; i++)
        {
            final long messageSeed = random.nextLong();
            final SplittableRandom r = new SplittableRandom(messageSeed);
            try
            {
                fuzzOne(r);
            }
            catch (final RuntimeException | AssertionError ex)
            {
                throw new AssertionError("message " + i + " seed " + messageSeed + ": " + ex, ex);
            }
            if (0 == i % 1000)
            {
                nowNs += 10_000_000L; // refill the throttle: the probe must not be rate-limited
                pipeline.tick(nowNs);
                pipeline.onReferencePrice(0, AAPL, P100); // the fuzzed market data may have moved it anywhere
                final long before = reports;
                final int result = pipeline.onNewOrder(0, probeClOrdId++, ACC1, AAPL, Side.BUY, OrdType.LIMIT, 1, P100);
                assertEquals("NONE", RejectReason.name(result), "a valid order after " + i + " hostile messages" +
                    String.join("\n", recent));
                assertEquals(before, reports, "an accepted order is answered by the venue, not the appliance");
                settle();
            }
        }
        System.out.println("DecoderFuzzTest: " + MESSAGES + " hostile messages (seed " + SEED + ") in " +
            (System.nanoTime() - startNs) / 1_000_000 + " ms; rejects " + rejects + ", accepted " + metrics.accepted());
        assertTrue(metrics.rejected(RejectReason.MALFORMED) > 0);
        assertTrue(metrics.rejected(RejectReason.UNKNOWN_ACCOUNT) > 0);
        assertTrue(metrics.rejected(RejectReason.NO_ROUTE) > 0);
    }

    private void fuzzOne(final SplittableRandom r)
    {
        nowNs += 1_000;
        pipeline.tick(nowNs);
        switch (r.nextInt(6))
        {
            case 0 -> randomFrame(r);
            case 1, 2 -> mutatedNewOrder(r);
            case 3 -> mutatedCancelOrReplace(r);
            case 4 -> pipeline.onVenueReport(r.nextInt(2), r.nextLong(), r.nextLong(), r.nextInt(256) - 128,
                r.nextLong(), r.nextLong(), r.nextInt());
            default -> pipeline.onReferencePrice(r.nextInt(2), r.nextBoolean() ? AAPL : r.nextLong(),
                r.nextBoolean() ? P100 + r.nextInt(1000) - 500 : r.nextLong());
        }
        settle();
    }

    private void randomFrame(final SplittableRandom r)
    {
        final int length = r.nextInt(Frame.MAX_FRAME_LENGTH + 40);
        for (int i = 0; i < length; i++)
        {
            frame.putByte(i, (byte)r.nextInt(256));
        }
        if (length >= Frame.HEADER_LENGTH && r.nextBoolean())
        {
            frame.putInt(0, length);
            frame.putShort(Frame.TYPE_OFFSET, (short)(r.nextBoolean() ? r.nextInt(10) : r.nextInt(1 << 16)));
        }
        send(length);
    }

    private void mutatedNewOrder(final SplittableRandom r)
    {
        int length = NewOrderCodec.LENGTH;
        frame.putInt(0, length);
        frame.putShort(Frame.TYPE_OFFSET, (short)MessageType.NEW_ORDER);
        frame.putShort(Frame.VERSION_OFFSET, (short)Frame.VERSION);
        frame.putLong(NewOrderCodec.CL_ORD_ID_OFFSET, r.nextLong());
        frame.putLong(NewOrderCodec.ACCOUNT_OFFSET, r.nextInt(4) == 0 ? r.nextLong() : r.nextBoolean() ? ACC1 :
            Ascii8.encode("ACC" + r.nextInt(100)));
        frame.putLong(NewOrderCodec.SYMBOL_OFFSET, r.nextInt(4) == 0 ? r.nextLong() : r.nextBoolean() ? AAPL :
            Ascii8.encode("S" + r.nextInt(100)));
        frame.putByte(NewOrderCodec.SIDE_OFFSET, (byte)(r.nextBoolean() ? 1 + r.nextInt(2) : r.nextInt(256)));
        frame.putByte(NewOrderCodec.ORD_TYPE_OFFSET, (byte)(r.nextBoolean() ? 1 + r.nextInt(2) : r.nextInt(256)));
        frame.putLong(NewOrderCodec.QUANTITY_OFFSET, extreme(r, 1 + r.nextInt(2000)));
        frame.putLong(NewOrderCodec.PRICE_OFFSET, extreme(r, P100 + r.nextInt(200_000) - 100_000));
        switch (r.nextInt(5))
        {
            case 0 -> length = NewOrderCodec.MIN_LENGTH_WITH_CL_ORD_ID + r.nextInt(NewOrderCodec.LENGTH - 16); // truncated
            case 1 -> length = NewOrderCodec.LENGTH + 1 + r.nextInt(Frame.MAX_FRAME_LENGTH - NewOrderCodec.LENGTH); // oversized
            case 2 -> length = r.nextInt(NewOrderCodec.MIN_LENGTH_WITH_CL_ORD_ID); // too short to name an order
            default -> { }
        }
        frame.putInt(0, length);
        send(length);
    }

    private static long extreme(final SplittableRandom r, final long usual)
    {
        switch (r.nextInt(8))
        {
            case 0: return 0;
            case 1: return -1 - r.nextInt(1000);
            case 2: return Long.MIN_VALUE;
            case 3: return Long.MAX_VALUE;
            case 4: return r.nextLong();
            default: return usual;
        }
    }

    private void mutatedCancelOrReplace(final SplittableRandom r)
    {
        final boolean cancel = r.nextBoolean();
        final int length = cancel ? CancelCodec.LENGTH : ReplaceCodec.LENGTH;
        frame.putInt(0, length);
        frame.putShort(Frame.TYPE_OFFSET, (short)(cancel ? MessageType.CANCEL : MessageType.REPLACE));
        frame.putShort(Frame.VERSION_OFFSET, (short)Frame.VERSION);
        frame.putLong(8, r.nextLong());
        frame.putLong(16, r.nextBoolean() ? r.nextLong() : venueReader.lastNewOrderId);
        if (!cancel)
        {
            frame.putLong(ReplaceCodec.QUANTITY_OFFSET, extreme(r, 10));
            frame.putLong(ReplaceCodec.PRICE_OFFSET, extreme(r, P100));
        }
        final int declared = r.nextInt(4) == 0 ? r.nextInt(Frame.MAX_FRAME_LENGTH) : length;
        frame.putInt(0, declared);
        send(declared);
    }

    private void send(final int length)
    {
        final long before = reports;
        final long rejectsBefore = rejects;
        final int result = pipeline.onMessage(0, frame, 0, length);
        if (OrderPipeline.DISCONNECT == result)
        {
            assertEquals(before, reports, "a frame refused as untrustworthy gets no report (the session is dropped)");
        }
        else if (RejectReason.NONE != result)
        {
            assertTrue(result > 0 && result < RejectReason.COUNT, "a known reason: " + result);
            assertEquals(rejectsBefore + 1, rejects, "one reject report for " + RejectReason.name(result));
        }
    }

    /** The venue fills whatever was routed; the drop copy is drained; open orders stay bounded. */
    private void settle()
    {
        while (venueRing.size() > 0)
        {
            venueRing.read(venueReader, 100);
        }
        if (venueReader.pendingFill != 0)
        {
            pipeline.onVenueReport(0, venueReader.pendingFill, 1, ExecType.FILL, venueReader.pendingQty, P100, 0);
            venueReader.pendingFill = 0;
        }
        while (dropCopyRing.size() > 0)
        {
            dropCopyRing.read(discard, 1000);
        }
    }

    private static final class VenueReader implements MessageHandler
    {
        long lastNewOrderId;
        long pendingFill;
        long pendingQty;

        public void onMessage(final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length)
        {
            if (MessageType.NEW_ORDER == msgTypeId)
            {
                lastNewOrderId = buffer.getLong(index + NewOrderCodec.CL_ORD_ID_OFFSET);
                pendingFill = lastNewOrderId;
                pendingQty = buffer.getLong(index + NewOrderCodec.QUANTITY_OFFSET);
            }
        }
    }
}
