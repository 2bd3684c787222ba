package com.orderguard.orderpath;

import com.orderguard.orderpath.command.CommandRing;
import com.orderguard.orderpath.dropcopy.DropCopy;
import com.orderguard.orderpath.protocol.Ascii8;
import com.orderguard.orderpath.protocol.ExecType;
import com.orderguard.orderpath.protocol.OrdType;
import com.orderguard.orderpath.protocol.Side;
import org.agrona.concurrent.ControlledMessageHandler;
import org.agrona.concurrent.OffsetEpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The {@link OrderPipeline} in process, with a recording venue and client: every control can be
 * specified without sockets or threads, with a clock the test moves.
 */
final class PipelineHarness
{
    static final int BROKER1 = 0;
    static final int BROKER2 = 1;

    record Sent(String kind, int venue, long orderId, long quantity, long priceE4)
    {
    }

    record Report(int source, long clOrdId, long venueOrderId, long quantity, long priceE4, int execType, int reason)
    {
        String describe()
        {
            return ExecType.name(execType) + (ExecType.REJECT == execType ? " " + RejectReason.name(reason) : "") +
                " clOrdId=" + clOrdId;
        }
    }

    final OrderPathMetrics metrics = new OrderPathMetrics();
    final CommandRing commands = new CommandRing();
    final OneToOneRingBuffer dropCopyRing;
    final List<Sent> sent = new ArrayList<>();
    final List<Report> reports = new ArrayList<>();
    final boolean[] venueUp = {true, true, true};
    final OrderPipeline pipeline;
    long nowNs = 1_000_000_000L;

    PipelineHarness(final Properties p)
    {
        dropCopyRing = new OneToOneRingBuffer(new UnsafeBuffer(
            ByteBuffer.allocateDirect((1 << 20) + RingBufferDescriptor.TRAILER_LENGTH)));
        final DropCopy dropCopy = new DropCopy(dropCopyRing, new OffsetEpochNanoClock(), 4096);
        pipeline = new OrderPipeline(OrderPathConfig.from(p), metrics, dropCopy, commands,
            new OrderPipeline.VenueEgress()
            {
                public boolean canSend(final int venueIndex, final int bytes)
                {
                    return venueUp[venueIndex];
                }

                public void newOrder(final int venueIndex, final long orderId, final long account, final long symbol,
                    final int side, final int ordType, final long quantity, final long priceE4)
                {
                    sent.add(new Sent("NEW", venueIndex, orderId, quantity, priceE4));
                }

                public void cancel(final int venueIndex, final long orderId)
                {
                    sent.add(new Sent("CANCEL", venueIndex, orderId, 0, 0));
                }

                public void replace(final int venueIndex, final long orderId, final long quantity, final long priceE4)
                {
                    sent.add(new Sent("REPLACE", venueIndex, orderId, quantity, priceE4));
                }
            },
            (source, clOrdId, venueOrderId, quantity, priceE4, execType, reason) ->
                reports.add(new Report(source, clOrdId, venueOrderId, quantity, priceE4, execType, reason)));
        pipeline.tick(nowNs);
        if (!commands.open())
        {
            throw new IllegalStateException("command ring full");
        }
        apply();
    }

    /** Base settings: clients BROKER1, BROKER2; venues SIM and ALT; AAPL, MSFT on SIM, IBM on ALT; max 1000 shares. */
    static Properties properties()
    {
        final Properties p = new Properties();
        p.setProperty("orderpath.clients", "BROKER1,BROKER2");
        p.setProperty("orderpath.risk.maxOrderQuantity", "1000");
        p.setProperty("orderpath.venue.SIM.host", "127.0.0.1");
        p.setProperty("orderpath.venue.SIM.port", "1");
        p.setProperty("orderpath.venue.SIM.client", "GUARD1");
        p.setProperty("orderpath.venue.ALT.host", "127.0.0.1");
        p.setProperty("orderpath.venue.ALT.port", "2");
        p.setProperty("orderpath.venue.ALT.client", "GUARD1");
        p.setProperty("orderpath.route.AAPL", "SIM");
        p.setProperty("orderpath.route.MSFT", "SIM");
        p.setProperty("orderpath.route.IBM", "ALT");
        p.setProperty("orderpath.maxOpenOrders", "1024");
        p.setProperty("orderpath.maxAccounts", "16");
        p.setProperty("orderpath.maxSymbols", "16");
        p.setProperty("orderpath.throttle.repeatedOrders.max", "0");
        return p;
    }

    /** Venue indexes follow venue names in order: ALT = 0, SIM = 1. */
    static final int ALT = 0;
    static final int SIM = 1;

    int limit(final long clOrdId, final String account, final String symbol, final int side, final long quantity,
        final long priceE4)
    {
        return pipeline.onNewOrder(BROKER1, clOrdId, Ascii8.encode(account), Ascii8.encode(symbol), side,
            OrdType.LIMIT, quantity, priceE4);
    }

    int buy(final long clOrdId, final String account, final String symbol, final long quantity, final long priceE4)
    {
        return limit(clOrdId, account, symbol, Side.BUY, quantity, priceE4);
    }

    int market(final long clOrdId, final String account, final String symbol, final int side, final long quantity)
    {
        return pipeline.onNewOrder(BROKER1, clOrdId, Ascii8.encode(account), Ascii8.encode(symbol), side,
            OrdType.MARKET, 0 == quantity ? 0 : quantity, 0);
    }

    void reference(final String symbol, final long priceE4)
    {
        pipeline.onReferencePrice(venueOf(symbol), Ascii8.encode(symbol), priceE4);
    }

    private static int venueOf(final String symbol)
    {
        return "IBM".equals(symbol) ? ALT : SIM;
    }

    /** The order id the pipeline sent to the venue most recently. */
    long lastOrderId()
    {
        for (int i = sent.size() - 1; i >= 0; i--)
        {
            if ("NEW".equals(sent.get(i).kind()))
            {
                return sent.get(i).orderId();
            }
        }
        throw new IllegalStateException("nothing routed");
    }

    void ack(final long orderId)
    {
        venueReport(orderId, ExecType.ACK, 0, 0);
    }

    void fill(final long orderId, final long quantity, final long priceE4)
    {
        venueReport(orderId, ExecType.FILL, quantity, priceE4);
    }

    void venueReport(final long orderId, final int execType, final long quantity, final long priceE4)
    {
        for (final Sent s : sent)
        {
            if (s.orderId() == orderId)
            {
                pipeline.onVenueReport(s.venue(), orderId, 9_000 + orderId, execType, quantity, priceE4, 0);
                return;
            }
        }
        throw new IllegalStateException("order " + orderId + " was not sent");
    }

    /** Answers every cancel and replace the pipeline sent since the last call, as a venue would. */
    void venueConfirmsChanges()
    {
        final List<Sent> pending = new ArrayList<>(sent);
        for (final Sent s : pending)
        {
            if ("CANCEL".equals(s.kind()) && !confirmed.contains(s))
            {
                confirmed.add(s);
                pipeline.onVenueReport(s.venue(), s.orderId(), 0, ExecType.CANCELED, 0, 0, 0);
            }
            else if ("REPLACE".equals(s.kind()) && !confirmed.contains(s))
            {
                confirmed.add(s);
                pipeline.onVenueReport(s.venue(), s.orderId(), 0, ExecType.REPLACED, s.quantity(), s.priceE4(), 0);
            }
        }
    }

    private final List<Sent> confirmed = new ArrayList<>();

    void advanceMs(final long ms)
    {
        nowNs += ms * 1_000_000L;
        pipeline.tick(nowNs);
    }

    /** Applies every queued command, as the agent does between two orders. */
    void apply()
    {
        commands.drain((type, buffer, index, length) -> pipeline.onCommand(type, buffer, index) ?
            ControlledMessageHandler.Action.CONTINUE : ControlledMessageHandler.Action.ABORT, 100);
    }

    Report lastReport()
    {
        return reports.get(reports.size() - 1);
    }

    List<String> events()
    {
        final List<String> events = new ArrayList<>();
        dropCopyRing.read((type, buffer, index, length) -> events.add(OrderEvents.describe(type, buffer, index, length)),
            10_000);
        return events;
    }
}
