package com.orderguard.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Properties;

import org.HdrHistogram.Histogram;
import org.agrona.concurrent.MessageHandler;

import com.orderguard.harness.client.PipelinedOrderEntryClient;
import com.orderguard.harness.exchange.ExchangeSimulator;
import com.orderguard.orderpath.OrderPath;
import com.orderguard.orderpath.OrderPathConfig;
import com.orderguard.orderpath.RejectReason;
import com.orderguard.orderpath.protocol.Ascii8;
import com.orderguard.orderpath.protocol.ExecType;
import com.orderguard.orderpath.protocol.OrdType;
import com.orderguard.orderpath.protocol.Side;

/**
 * The order path's TCP edge, open loop: a broker client logs on with its HMAC key, then pipelines
 * new orders at a fixed rate over loopback; the order path runs every configured control and routes
 * each to the exchange simulator over its TCP venue session; the simulator acks (and fills) it; the
 * ack comes back through the order path to the client. Latency is (ack arrival at the client −
 * intended send time), so a stall anywhere counts (coordinated omission corrected).
 * <p>
 * Where things run: the order path in this JVM on its pinned thread; the exchange simulator in this
 * JVM on its own thread (a selector loop: it sleeps in epoll until the venue session has bytes);
 * the client's sender and reader share the calling thread (on a 2-core box they must), which
 * yields the cpu when a round found nothing to do, so the simulator gets it. The simulator formats
 * a line per order (to a null stream): its garbage, not the order path's, causes the young
 * collections that show in the far tail.
 */
public final class TcpOrderPathLatency
{
    private static final long PRICE_E4 = 1_000_000;
    private static final String CLIENT = "BROKER1";

    private TcpOrderPathLatency()
    {
    }

    public static RingHopCeiling.Result openLoop(final long ratePerSecond, final long count, final String idle)
        throws IOException, InterruptedException
    {
        final byte[] key = new byte[32];
        new SecureRandom().nextBytes(key); // made for this run, never stored
        final PrintStream discard = new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8);
        try (ExchangeSimulator simulator = new ExchangeSimulator("127.0.0.1", 0, true, discard).start())
        {
            simulator.reference("AAPL", PRICE_E4);
            final Properties p = new Properties();
            p.setProperty("orderpath.gateway.host", "127.0.0.1");
            p.setProperty("orderpath.gateway.port", "0");
            p.setProperty("orderpath.gateway.transit", "plain"); // the plain session; encrypted: a variant to add
            p.setProperty("orderpath.idle", idle);
            p.setProperty("orderpath.clients", CLIENT);
            p.setProperty("orderpath.client." + CLIENT + ".hmacKey", HexFormat.of().formatHex(key));
            p.setProperty("orderpath.venue.SIM.host", "127.0.0.1");
            p.setProperty("orderpath.venue.SIM.port", Integer.toString(simulator.port()));
            p.setProperty("orderpath.venue.SIM.client", "GUARD1");
            p.setProperty("orderpath.route.AAPL", "SIM");
            p.setProperty("orderpath.risk.maxOrderQuantity", "1000");
            p.setProperty("orderpath.risk.maxOrderNotionalCents", "100000000");
            p.setProperty("orderpath.risk.priceCollarBps", "500");
            p.setProperty("orderpath.risk.creditLimitCents", Long.toString(Long.MAX_VALUE / 4));
            p.setProperty("orderpath.risk.maxPositionQty", Long.toString(Long.MAX_VALUE / 4));
            p.setProperty("orderpath.throttle.messagesPerSecond", "1000000000");
            p.setProperty("orderpath.throttle.burst", "1000000000");
            p.setProperty("orderpath.throttle.repeatedOrders.max", "0");
            p.setProperty("orderpath.dropCopy.ringBytes", Integer.toString(1 << 26));
            try (OrderPath orderPath = new OrderPath(OrderPathConfig.from(p)))
            {
                orderPath.start();
                final MessageHandler journal = (type, buffer, index, length) -> { };
                final long upDeadlineNs = System.nanoTime() + 10_000_000_000L;
                while (1 != orderPath.metrics().venuesUp() || !orderPath.isOpen())
                {
                    if (System.nanoTime() - upDeadlineNs > 0)
                    {
                        throw new IllegalStateException("venue session not up or intake not open within 10 s");
                    }
                    orderPath.open();
                    orderPath.pollDropCopy(journal, 1024);
                    Thread.sleep(5);
                }
                Thread.sleep(100); // the reference price follows the venue logon
                try (PipelinedOrderEntryClient client = PipelinedOrderEntryClient.connect(
                    "127.0.0.1", orderPath.gatewayAddress().getPort(), 1 << 20, 1 << 20))
                {
                    client.logon(CLIENT, key);
                    if (!client.awaitLogon(Duration.ofSeconds(5)))
                    {
                        throw new IllegalStateException("logon refused (reason " + client.logonRejectReason() + ")");
                    }
                    return run(orderPath, client, journal, ratePerSecond, count);
                }
            }
        }
    }

    private static RingHopCeiling.Result run(
        final OrderPath orderPath,
        final PipelinedOrderEntryClient client,
        final MessageHandler journal,
        final long ratePerSecond,
        final long count) throws IOException
    {
        final Histogram histogram = LatencyReport.newHistogram();
        // at most this many orders sent and not yet acked (fewer than the default 65,536 open orders);
        // beyond it orders are sent late and their lateness is counted
        final long[] intendedNs = new long[1 << 15];
        final int mask = intendedNs.length - 1;
        final long account = Ascii8.encode("ACC1");
        final long aapl = Ascii8.encode("AAPL");
        final Acks acks = new Acks(histogram, intendedNs);
        final long startNs = System.nanoTime() + 1_000_000;
        final OpenLoop schedule = new OpenLoop(startNs, ratePerSecond, count);
        long clOrdId = 1;
        while (acks.acked < count)
        {
            final long nowNs = System.nanoTime();
            int work = 0;
            while (schedule.nextDueNs() <= nowNs && schedule.sent() - acks.acked < intendedNs.length)
            {
                if (!client.offerNewOrder(clOrdId, account, aapl, Side.BUY, OrdType.LIMIT, 10, PRICE_E4))
                {
                    break; // the send buffer is full: the order is sent late, and its lateness is counted
                }
                intendedNs[(int)(clOrdId & mask)] = schedule.nextDueNs();
                clOrdId++;
                schedule.advance();
                work++;
            }
            work += client.poll(acks, nowNs);
            work += orderPath.pollDropCopy(journal, 1024);
            if (acks.rejected > 0)
            {
                throw new IllegalStateException("benchmark invalid: an order was rejected (" +
                    RejectReason.name(acks.firstRejectReason) + ")");
            }
            if (0 == work)
            {
                Thread.yield(); // one core for the client and the simulator: let it run
            }
        }
        final double seconds = (System.nanoTime() - startNs) / 1e9;
        return new RingHopCeiling.Result(histogram, count / seconds);
    }

    /** Records (ack arrival − intended send) per order; a reject makes the run invalid. */
    private static final class Acks implements PipelinedOrderEntryClient.ReportHandler
    {
        private final Histogram histogram;
        private final long[] intendedNs;
        private final int mask;
        long acked;
        long rejected;
        int firstRejectReason;

        Acks(final Histogram histogram, final long[] intendedNs)
        {
            this.histogram = histogram;
            this.intendedNs = intendedNs;
            this.mask = intendedNs.length - 1;
        }

        @Override
        public void onReport(
            final long clOrdId, final int execType, final int rejectReason, final long quantity, final long priceE4,
            final long venueOrderId)
        {
            if (ExecType.ACK == execType)
            {
                histogram.recordValue(Math.max(0, System.nanoTime() - intendedNs[(int)(clOrdId & mask)]));
                acked++;
            }
            else if (ExecType.REJECT == execType)
            {
                if (0 == rejected++)
                {
                    firstRejectReason = rejectReason;
                }
            }
        }
    }
}
