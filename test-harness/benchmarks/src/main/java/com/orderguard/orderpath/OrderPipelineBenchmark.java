package com.orderguard.orderpath;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.ControlledMessageHandler;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.OffsetEpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import com.orderguard.orderpath.command.CommandRing;
import com.orderguard.orderpath.dropcopy.DropCopy;
import com.orderguard.orderpath.protocol.Ascii8;
import com.orderguard.orderpath.protocol.ExecType;
import com.orderguard.orderpath.protocol.Frame;
import com.orderguard.orderpath.protocol.MessageType;
import com.orderguard.orderpath.protocol.NewOrderCodec;
import com.orderguard.orderpath.protocol.OrdType;
import com.orderguard.orderpath.protocol.Side;
import com.orderguard.orderpath.risk.RiskLimit;

/**
 * (In this package only to reach the order path's package-private metrics constructor.)
 * <p>
 * The cost per order of the order path's business, in process, with every control configured:
 * decode the client's NewOrder frame, run all pre-trade controls, write the ORDER_ROUTED drop-copy
 * event, encode the order to the venue, and — so open orders, credit and positions stay in a
 * steady state — take the venue's fill and encode the client's execution report.
 * <p>
 * The drop copy is drained on the same thread with a no-op handler (in the appliance the journal
 * thread does it); run with {@code -prof gc} to see bytes per operation.
 */
@State(Scope.Thread)
@BenchmarkMode({Mode.AverageTime, Mode.Throughput})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED"})
public class OrderPipelineBenchmark
{
    private static final long PRICE_E4 = 1_895_000;
    private static final long QUANTITY = 100;

    private OrderPathMetrics metrics;
    private OrderPipeline pipeline;
    private OneToOneRingBuffer dropCopyRing;
    private final UnsafeBuffer frame = new UnsafeBuffer(ByteBuffer.allocateDirect(NewOrderCodec.LENGTH));
    private final UnsafeBuffer venueOut = new UnsafeBuffer(ByteBuffer.allocateDirect(64));
    private final UnsafeBuffer clientOut = new UnsafeBuffer(ByteBuffer.allocateDirect(64));
    private final MessageHandler drain = new MessageHandler()
    {
        @Override
        public void onMessage(final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length)
        {
            // the journal thread's work, not the order path's
        }
    };
    private long clOrdId;
    private long routedOrderId;
    private int routedVenue;
    private long symbol;

    @Setup(Level.Trial)
    public void setUp()
    {
        final Properties p = new Properties();
        p.setProperty("orderpath.clients", "BROKER1");
        p.setProperty("orderpath.venue.SIM.host", "127.0.0.1");
        p.setProperty("orderpath.venue.SIM.port", "1");
        p.setProperty("orderpath.venue.SIM.client", "GUARD1");
        p.setProperty("orderpath.route.AAPL", "SIM");
        p.setProperty("orderpath.maxOpenOrders", "1024");
        p.setProperty("orderpath.throttle.messagesPerSecond", "1000000000");
        p.setProperty("orderpath.throttle.burst", "1000000000");
        // Every limit configured, and generous, so every check runs and every order passes.
        for (int limit = 0; limit < RiskLimit.COUNT; limit++)
        {
            p.setProperty("orderpath.risk." + RiskLimit.name(limit), Long.toString(Long.MAX_VALUE / 4));
        }
        p.setProperty("orderpath.risk." + RiskLimit.name(RiskLimit.PRICE_COLLAR_BPS), "1000");
        p.setProperty("orderpath.risk." + RiskLimit.name(RiskLimit.MAX_ORDER_QUANTITY), "100000");

        metrics = new OrderPathMetrics();
        final CommandRing commands = new CommandRing();
        dropCopyRing = new OneToOneRingBuffer(new UnsafeBuffer(
            ByteBuffer.allocateDirect((1 << 22) + RingBufferDescriptor.TRAILER_LENGTH)));
        pipeline = new OrderPipeline(OrderPathConfig.from(p), metrics, new DropCopy(dropCopyRing, new OffsetEpochNanoClock(), 4096),
            commands, new Venue(), new Client());
        pipeline.tick(System.nanoTime());
        if (!commands.open())
        {
            throw new IllegalStateException("command ring full");
        }
        commands.drain((type, buffer, index, length) -> pipeline.onCommand(type, buffer, index) ?
            ControlledMessageHandler.Action.CONTINUE : ControlledMessageHandler.Action.ABORT, 100);
        if (!pipeline.isIntakeOpen())
        {
            throw new IllegalStateException("intake did not open");
        }
        symbol = Ascii8.encode("AAPL");
        pipeline.onReferencePrice(0, symbol, PRICE_E4);

        frame.putInt(Frame.LENGTH_OFFSET, NewOrderCodec.LENGTH, ByteOrder.LITTLE_ENDIAN);
        frame.putShort(Frame.TYPE_OFFSET, (short)MessageType.NEW_ORDER, ByteOrder.LITTLE_ENDIAN);
        frame.putShort(Frame.VERSION_OFFSET, (short)Frame.VERSION, ByteOrder.LITTLE_ENDIAN);
        frame.putLong(NewOrderCodec.ACCOUNT_OFFSET, Ascii8.encode("ACC1"), ByteOrder.LITTLE_ENDIAN);
        frame.putLong(NewOrderCodec.SYMBOL_OFFSET, symbol, ByteOrder.LITTLE_ENDIAN);
        frame.putByte(NewOrderCodec.ORD_TYPE_OFFSET, (byte)OrdType.LIMIT);
        frame.putLong(NewOrderCodec.QUANTITY_OFFSET, QUANTITY, ByteOrder.LITTLE_ENDIAN);
        frame.putLong(NewOrderCodec.PRICE_OFFSET, PRICE_E4, ByteOrder.LITTLE_ENDIAN);
    }

    /** One order, end to end through the business logic, and its fill. */
    @Benchmark
    public int newOrderRoutedAndFilled()
    {
        pipeline.tick(System.nanoTime()); // the agent's duty cycle reads the clock once: count one per order
        final long id = ++clOrdId;
        frame.putLong(NewOrderCodec.CL_ORD_ID_OFFSET, id, ByteOrder.LITTLE_ENDIAN);
        frame.putByte(NewOrderCodec.SIDE_OFFSET, (byte)((id & 1) == 0 ? Side.BUY : Side.SELL));
        final int result = pipeline.onMessage(0, frame, 0, NewOrderCodec.LENGTH);
        pipeline.onVenueReport(routedVenue, routedOrderId, id, ExecType.FILL, QUANTITY, PRICE_E4, 0);
        dropCopyRing.read(drain, 64);
        return result;
    }

    @TearDown(Level.Trial)
    public void checkEveryOrderWasAccepted()
    {
        final long rejected = totalRejected();
        if (metrics.accepted() == 0 || rejected != 0)
        {
            throw new IllegalStateException("benchmark invalid: " + metrics.accepted() + " accepted, " + rejected +
                " rejected (first reason " + firstReason() + ")");
        }
    }

    private long totalRejected()
    {
        long total = 0;
        for (int reason = 1; reason < RejectReason.COUNT; reason++)
        {
            total += metrics.rejected(reason);
        }
        return total;
    }

    private String firstReason()
    {
        for (int reason = 1; reason < RejectReason.COUNT; reason++)
        {
            if (metrics.rejected(reason) > 0)
            {
                return RejectReason.name(reason);
            }
        }
        return "none";
    }

    /** Encodes the routed order as the venue session would, and remembers it for the fill. */
    private final class Venue implements OrderPipeline.VenueEgress
    {
        @Override
        public boolean canSend(final int venueIndex, final int bytes)
        {
            return true;
        }

        @Override
        public void newOrder(final int venueIndex, final long orderId, final long account, final long symbol,
            final int side, final int ordType, final long quantity, final long priceE4)
        {
            routedVenue = venueIndex;
            routedOrderId = orderId;
            venueOut.putInt(Frame.LENGTH_OFFSET, NewOrderCodec.LENGTH);
            venueOut.putShort(Frame.TYPE_OFFSET, (short)MessageType.NEW_ORDER);
            venueOut.putLong(NewOrderCodec.CL_ORD_ID_OFFSET, orderId);
            venueOut.putLong(NewOrderCodec.ACCOUNT_OFFSET, account);
            venueOut.putLong(NewOrderCodec.SYMBOL_OFFSET, symbol);
            venueOut.putByte(NewOrderCodec.SIDE_OFFSET, (byte)side);
            venueOut.putByte(NewOrderCodec.ORD_TYPE_OFFSET, (byte)ordType);
            venueOut.putLong(NewOrderCodec.QUANTITY_OFFSET, quantity);
            venueOut.putLong(NewOrderCodec.PRICE_OFFSET, priceE4);
        }

        @Override
        public void cancel(final int venueIndex, final long orderId)
        {
            venueOut.putLong(NewOrderCodec.CL_ORD_ID_OFFSET, orderId);
        }

        @Override
        public void replace(final int venueIndex, final long orderId, final long quantity, final long priceE4)
        {
            venueOut.putLong(NewOrderCodec.CL_ORD_ID_OFFSET, orderId);
        }
    }

    /** Encodes the client's execution report as the gateway session would. */
    private final class Client implements OrderPipeline.ReportEgress
    {
        @Override
        public void report(final int source, final long clOrdId, final long venueOrderId, final long quantity,
            final long priceE4, final int execType, final int reason)
        {
            clientOut.putLong(8, clOrdId);
            clientOut.putLong(16, venueOrderId);
            clientOut.putLong(24, quantity);
            clientOut.putLong(32, priceE4);
            clientOut.putByte(40, (byte)execType);
            clientOut.putInt(44, reason);
        }
    }
}
