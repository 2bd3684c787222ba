package com.orderguard.harness.exchange;

import com.orderguard.orderpath.OrderEvents;
import com.orderguard.orderpath.OrderPath;
import com.orderguard.orderpath.OrderPathConfig;
import com.orderguard.orderpath.RejectReason;
import com.orderguard.orderpath.protocol.ExecType;
import com.orderguard.orderpath.protocol.MessageType;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Halt-all end to end: every open order at the venue (the simulator, resting them) is cancelled
 * there, the drop copy reports how many, new orders are refused until resume. The price collar
 * runs on the simulator's reference prices throughout.
 */
class HaltAllAtTheSimulatorTest
{
    @Test
    void shouldCancelEveryOpenOrderAtTheSimulatorAndRefuseNewOnesUntilResume() throws Exception
    {
        final byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        try (ExchangeSimulator simulator = new ExchangeSimulator("127.0.0.1", 0, false,
            new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8)))
        {
            simulator.reference("AAPL", 1_000_000);
            simulator.reference("MSFT", 4_000_000);
            simulator.start();
            final Properties p = new Properties();
            p.setProperty("orderpath.gateway.port", "0");
            p.setProperty("orderpath.idle", "backoff");
            p.setProperty("orderpath.clients", "BROKER1");
            p.setProperty("orderpath.gateway.transit", "plain"); // no broker session here needs encrypting
            p.setProperty("orderpath.client.BROKER1.hmacKey", HexFormat.of().formatHex(key));
            p.setProperty("orderpath.risk.maxOrderQuantity", "1000");
            p.setProperty("orderpath.risk.priceCollarBps", "1000");
            p.setProperty("orderpath.venue.SIM.host", "127.0.0.1");
            p.setProperty("orderpath.venue.SIM.port", Integer.toString(simulator.port()));
            p.setProperty("orderpath.venue.SIM.client", "GUARD1");
            p.setProperty("orderpath.route.AAPL", "SIM");
            p.setProperty("orderpath.route.MSFT", "SIM");
            try (OrderPath orderPath = new OrderPath(OrderPathConfig.from(p)))
            {
                orderPath.start();
                final long deadline = System.nanoTime() + 10_000_000_000L;
                while (1 != orderPath.metrics().venuesUp())
                {
                    assertTrue(System.nanoTime() < deadline, "venue up");
                    Thread.sleep(5);
                }
                assertTrue(orderPath.open());
                assertTrue(orderPath.awaitCommandApplied(orderPath.lastCommandSeq(), 5_000));

                try (VenueSessionPeer broker = new VenueSessionPeer(orderPath.gatewayAddress().getPort()))
                {
                    assertEquals(MessageType.LOGON_ACK, broker.logon("BROKER1", key));
                    broker.order(1, "AAPL", 10, 1_050_000);
                    broker.order(2, "MSFT", 10, 4_100_000);
                    broker.order(3, "AAPL", 10, 990_000);
                    broker.order(4, "AAPL", 10, 1_200_000); // 20% off the reference: collared
                    final List<VenueSessionPeer.Report> reports = new ArrayList<>();
                    for (int i = 0; i < 4; i++)
                    {
                        reports.add(broker.await(5_000));
                    }
                    assertEquals(3, reports.stream().filter(r -> ExecType.ACK == r.execType()).count(), reports::toString);
                    assertTrue(reports.stream().anyMatch(r -> RejectReason.PRICE_COLLAR == r.rejectReason()));
                    assertEquals(3, simulator.restingOrders());

                    assertTrue(orderPath.haltAll());
                    assertTrue(orderPath.awaitCommandApplied(orderPath.lastCommandSeq(), 5_000));
                    for (int i = 0; i < 3; i++)
                    {
                        final VenueSessionPeer.Report canceled = broker.await(5_000);
                        assertNotNull(canceled);
                        assertEquals(ExecType.CANCELED, canceled.execType());
                    }
                    assertEquals(0, simulator.restingOrders(), "nothing left open at the venue");
                    assertEquals(3, simulator.cancelsReceived());

                    broker.order(5, "AAPL", 10, 1_000_000);
                    assertEquals(RejectReason.TRADING_HALTED, broker.await(5_000).rejectReason());
                    assertTrue(orderPath.resume());
                    assertTrue(orderPath.awaitCommandApplied(orderPath.lastCommandSeq(), 5_000));
                    broker.order(6, "AAPL", 10, 1_000_000);
                    assertEquals(ExecType.ACK, broker.await(5_000).execType());
                }
                final List<String> events = new ArrayList<>();
                orderPath.pollDropCopy((type, buffer, index, length) ->
                    events.add(OrderEvents.describe(type, buffer, index, length)), 10_000);
                assertTrue(events.stream().anyMatch(e -> e.contains("command=HALT_ALL") && e.contains("count=3")),
                    events::toString);
                assertEquals(3, events.stream().filter(e -> e.startsWith("CANCEL_REQUESTED") &&
                    e.contains("reason=TRADING_HALTED")).count(), events::toString);
            }
        }
    }
}
