package com.orderguard.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.HdrHistogram.Histogram;
import org.agrona.concurrent.ControlledMessageHandler;
import org.agrona.concurrent.MessageHandler;

import com.orderguard.orderpath.OrderPath;
import com.orderguard.orderpath.OrderPathConfig;
import com.orderguard.orderpath.RejectReason;
import com.orderguard.orderpath.protocol.Ascii8;
import com.orderguard.orderpath.protocol.MessageType;
import com.orderguard.orderpath.protocol.NewOrderCodec;
import com.orderguard.orderpath.protocol.OrdType;
import com.orderguard.orderpath.protocol.Side;
import com.orderguard.orderpath.shm.SharedMemoryProducer;
import com.orderguard.orderpath.shm.SharedMemoryVenue;

/**
 * The order path's kernel-bypass path, open loop: a strategy writes orders into its mapped ring,
 * the pinned order-path thread runs every configured control and routes each into the venue's
 * mapped ring; latency is (arrival in the venue ring − intended send time). Two ring hops plus the
 * order path, against the one-hop ceiling measured in the same run.
 * <p>
 * On a 2-core box the generator, the venue and the drop-copy drain share the one thread that is
 * not the order path's (in the appliance the journal thread drains the drop copy).
 */
public final class SharedMemoryPathLatency
{
    private static final long PRICE_E4 = 1_000_000;

    private SharedMemoryPathLatency()
    {
    }

    public static RingHopCeiling.Result openLoop(final long ratePerSecond, final long count, final String idle) throws Exception
    {
        final Path dir = Files.createTempDirectory(Path.of("/dev/shm"), "orderguard-bench-");
        final Properties p = new Properties();
        p.setProperty("orderpath.gateway.port", "0");
        p.setProperty("orderpath.idle", idle);
        p.setProperty("orderpath.clients", "STRAT1");
        p.setProperty("orderpath.gateway.transit", "plain"); // no broker session here needs encrypting
        p.setProperty("orderpath.risk.maxOrderQuantity", "1000");
        p.setProperty("orderpath.risk.maxOrderNotionalCents", "100000000");
        p.setProperty("orderpath.risk.priceCollarBps", "500");
        p.setProperty("orderpath.risk.creditLimitCents", Long.toString(Long.MAX_VALUE / 4));
        p.setProperty("orderpath.risk.maxPositionQty", Long.toString(Long.MAX_VALUE / 4));
        p.setProperty("orderpath.venue.RING.transport", "shm");
        p.setProperty("orderpath.route.AAPL", "RING");
        p.setProperty("orderpath.shm.dir", dir.toString());
        p.setProperty("orderpath.shm.producers", "STRAT1");
        // 16 MiB rings (a quarter second of orders at 1M/s) and at most 32k orders outstanding (below),
        // within the default 65,536 open orders: a stall of the shared generator/venue thread (the
        // host's, on a busy 2-vCPU VM) shows as latency, not as a full venue ring (VENUE_DOWN) or
        // open-order table (OPEN_ORDERS_FULL). A larger table would cost cache misses of its own.
        p.setProperty("orderpath.shm.ringBytes", Integer.toString(1 << 24));
        p.setProperty("orderpath.throttle.messagesPerSecond", "1000000000");
        p.setProperty("orderpath.throttle.burst", "1000000000");
        p.setProperty("orderpath.throttle.repeatedOrders.max", "0");
        p.setProperty("orderpath.dropCopy.ringBytes", Integer.toString(1 << 26));
        final Histogram histogram = LatencyReport.newHistogram();
        // at most this many orders between the producer and the venue: fewer than the venue ring and
        // the open-order table hold; beyond it orders are sent late and their lateness is counted
        final long[] intendedNs = new long[1 << 15];
        final int mask = intendedNs.length - 1;
        final long[] arrived = new long[1];
        try (OrderPath orderPath = new OrderPath(OrderPathConfig.from(p)))
        {
            orderPath.start();
            try (SharedMemoryProducer producer = SharedMemoryProducer.open(dir, "STRAT1");
                SharedMemoryVenue venue = SharedMemoryVenue.open(dir, "RING"))
            {
                orderPath.open();
                orderPath.awaitCommandApplied(orderPath.lastCommandSeq(), 5_000);
                final long aapl = Ascii8.encode("AAPL");
                final long account = Ascii8.encode("ACC1");
                venue.reference(aapl, PRICE_E4);
                final MessageHandler discard = (type, buffer, index, length) -> { };
                // Orders reach the venue in the order they were sent (one producer, one order-path
                // thread, every order accepted): the n-th arrival is the n-th send.
                final ControlledMessageHandler atVenue = (type, buffer, index, length) ->
                {
                    if (!venue.hasRoom(2))
                    {
                        return ControlledMessageHandler.Action.ABORT;
                    }
                    if (MessageType.NEW_ORDER == type)
                    {
                        final long nowNs = System.nanoTime();
                        histogram.recordValue(Math.max(0, nowNs - intendedNs[(int)(arrived[0]++ & mask)]));
                        final long id = buffer.getLong(index + NewOrderCodec.CL_ORD_ID_OFFSET);
                        venue.fill(id, id, buffer.getLong(index + NewOrderCodec.QUANTITY_OFFSET), PRICE_E4);
                    }
                    return ControlledMessageHandler.Action.CONTINUE;
                };
                // Wait for the venue session to come up (the reference price must arrive first).
                Thread.sleep(200);
                final long startNs = System.nanoTime() + 1_000_000;
                final OpenLoop schedule = new OpenLoop(startNs, ratePerSecond, count);
                long clOrdId = 1;
                long loops = 0;
                while (arrived[0] < count)
                {
                    final long nowNs = System.nanoTime();
                    while (schedule.nextDueNs() <= nowNs && schedule.sent() - arrived[0] < intendedNs.length)
                    {
                        final long dueNs = schedule.nextDueNs();
                        if (!producer.offerNewOrder(clOrdId, account, aapl, Side.BUY,
                            OrdType.LIMIT, 10, PRICE_E4))
                        {
                            break;
                        }
                        intendedNs[(int)((clOrdId - 1) & mask)] = dueNs;
                        clOrdId++;
                        schedule.advance();
                    }
                    venue.controlledPollOrders(atVenue, 64);
                    producer.pollReports(discard, 256);
                    orderPath.pollDropCopy(discard, 1024);
                    // reading ~40 counters costs as much as an order: often enough to stop a bad run early
                    if (0 == (++loops & 4095))
                    {
                        refuseIfRejected(orderPath);
                    }
                }
                final double seconds = (System.nanoTime() - startNs) / 1e9;
                refuseIfRejected(orderPath);
                return new RingHopCeiling.Result(histogram, count / seconds);
            }
        }
        finally
        {
            try (var files = Files.list(dir))
            {
                files.forEach(f -> f.toFile().delete());
            }
            Files.deleteIfExists(dir);
        }
    }

    /** The run measures the accept path only: one rejected order (a control tripped) makes it invalid. */
    private static void refuseIfRejected(final OrderPath orderPath)
    {
        if (rejected(orderPath) > 0)
        {
            throw new IllegalStateException("benchmark invalid: an order was rejected (" + firstReason(orderPath) + ")");
        }
    }

    private static long rejected(final OrderPath orderPath)
    {
        long total = 0;
        for (int reason = 1; reason < RejectReason.COUNT; reason++)
        {
            total += orderPath.metrics().rejected(reason);
        }
        return total;
    }

    private static String firstReason(final OrderPath orderPath)
    {
        for (int reason = 1; reason < RejectReason.COUNT; reason++)
        {
            if (orderPath.metrics().rejected(reason) > 0)
            {
                return RejectReason.name(reason);
            }
        }
        return "none";
    }
}
