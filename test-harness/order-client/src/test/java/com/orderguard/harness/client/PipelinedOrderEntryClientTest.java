package com.orderguard.harness.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Properties;

import org.agrona.concurrent.MessageHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.orderguard.harness.exchange.ExchangeSimulator;
import com.orderguard.orderpath.OrderPath;
import com.orderguard.orderpath.OrderPathConfig;
import com.orderguard.orderpath.protocol.Ascii8;
import com.orderguard.orderpath.protocol.ExecType;
import com.orderguard.orderpath.protocol.LogonRejectReason;
import com.orderguard.orderpath.protocol.OrdType;
import com.orderguard.orderpath.protocol.Side;

/** The load generator's client end to end: pipelined orders → order path → exchange simulator → acks and fills back. */
class PipelinedOrderEntryClientTest
{
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final byte[] KEY = new byte[32];
    private static final byte[] OTHER_KEY = new byte[32];
    private static ExchangeSimulator simulator;
    private static OrderPath orderPath;
    private static int port;

    @BeforeAll
    static void start() throws Exception
    {
        new SecureRandom().nextBytes(KEY); // made here, never committed
        new SecureRandom().nextBytes(OTHER_KEY);
        simulator = new ExchangeSimulator("127.0.0.1", 0, true,
            new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8)).start();
        final Properties p = new Properties();
        p.setProperty("orderpath.gateway.port", "0");
        p.setProperty("orderpath.gateway.transit", "plain"); // the pipelined client speaks the plain session
        p.setProperty("orderpath.idle", "backoff");
        p.setProperty("orderpath.clients", "LOADGEN");
        p.setProperty("orderpath.client.LOADGEN.hmacKey", HexFormat.of().formatHex(KEY));
        p.setProperty("orderpath.risk.maxOrderQuantity", "1000");
        p.setProperty("orderpath.throttle.messagesPerSecond", "1000000");
        p.setProperty("orderpath.throttle.burst", "100000");
        p.setProperty("orderpath.throttle.repeatedOrders.max", "0");
        p.setProperty("orderpath.venue.SIM.host", "127.0.0.1");
        p.setProperty("orderpath.venue.SIM.port", Integer.toString(simulator.port()));
        p.setProperty("orderpath.venue.SIM.client", "GUARD1");
        p.setProperty("orderpath.route.AAPL", "SIM");
        orderPath = new OrderPath(OrderPathConfig.from(p));
        orderPath.start();
        final long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (1 != orderPath.metrics().venuesUp() || !orderPath.isOpen())
        {
            assertTrue(System.nanoTime() < deadline, "venue not up / intake not open");
            orderPath.open();
            Thread.sleep(5);
        }
        port = orderPath.gatewayAddress().getPort();
    }

    @AfterAll
    static void stop()
    {
        orderPath.close();
        simulator.close();
    }

    @Test
    void shouldPipelineOrdersAndReadEveryAckAndFillOnTheSameThreadWithoutAllocating() throws Exception
    {
        try (PipelinedOrderEntryClient client = PipelinedOrderEntryClient.connect("127.0.0.1", port, 1 << 16, 1 << 16))
        {
            client.logon("LOADGEN", KEY);
            assertTrue(client.awaitLogon(TIMEOUT));
            final long account = Ascii8.encode("ACC4");
            final long symbol = Ascii8.encode("AAPL");
            final long limitPriceE4 = Prices.parseE4("101.25");
            final long[] counts = new long[3]; // acks, fills of 10, anything else
            final PipelinedOrderEntryClient.ReportHandler handler =
                (clOrdId, execType, reason, quantity, priceE4, venueOrderId) ->
                    counts[ExecType.ACK == execType ? 0 : ExecType.FILL == execType && 10 == quantity ? 1 : 2]++;
            final MessageHandler journal = (type, buffer, index, length) -> { };
            final com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
            long clOrdId = 1;
            final long[] allocatedPerWindow = new long[3];
            final int warmUpRounds = 4;
            final int rounds = warmUpRounds + allocatedPerWindow.length;
            for (int round = 0; round < rounds; round++)
            {
                final long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
                final long target = 2_000L * (round + 1);
                final long deadline = System.nanoTime() + TIMEOUT.toNanos();
                while (counts[1] < target)
                {
                    if (System.nanoTime() - deadline > 0)
                    {
                        fail("fills " + counts[1] + " of " + target);
                    }
                    // pipelined: up to 100 orders in flight, never waiting for one answer before the next
                    while (clOrdId - 1 - counts[1] < 100 && clOrdId <= target &&
                        client.offerNewOrder(clOrdId, account, symbol, Side.BUY, OrdType.LIMIT, 10, limitPriceE4))
                    {
                        clOrdId++;
                    }
                    client.poll(handler, System.nanoTime());
                    orderPath.pollDropCopy(journal, 256); // the journal's work: nobody else drains it here
                }
                if (round >= warmUpRounds)
                {
                    allocatedPerWindow[round - warmUpRounds] = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
                }
            }
            final long orders = 2_000L * rounds;
            assertEquals(orders, counts[0]);
            assertEquals(orders, counts[1]);
            assertEquals(0, counts[2]);
            assertEquals(2 * orders, client.reportsReceived());
            assertEquals(orders + 1, client.nextSeq());
            // the best window: a late JIT compilation on this thread can allocate once, the client never does
            assertEquals(0, java.util.Arrays.stream(allocatedPerWindow).min().orElseThrow(),
                "bytes allocated per window of 2,000 pipelined orders once warm: " +
                java.util.Arrays.toString(allocatedPerWindow));
        }
    }

    @Test
    void shouldSeeTheLogonRefusedWithAnotherKey() throws Exception
    {
        try (PipelinedOrderEntryClient client = PipelinedOrderEntryClient.connect("127.0.0.1", port, 4096, 4096))
        {
            client.logon("LOADGEN", OTHER_KEY);
            assertFalse(client.awaitLogon(TIMEOUT));
            assertEquals(PipelinedOrderEntryClient.LOGON_REJECTED, client.state());
            assertEquals(LogonRejectReason.BAD_SIGNATURE, client.logonRejectReason());
        }
    }
}
