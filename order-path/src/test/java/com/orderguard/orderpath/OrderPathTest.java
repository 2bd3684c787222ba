package com.orderguard.orderpath;

import com.orderguard.orderpath.protocol.ExecType;
import com.orderguard.orderpath.protocol.Frame;
import com.orderguard.orderpath.protocol.MessageType;
import com.orderguard.orderpath.protocol.NewOrderCodec;
import com.orderguard.orderpath.protocol.Side;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class OrderPathTest
{
    private TestVenue venue;
    private OrderPath orderPath;

    @BeforeEach
    void start() throws Exception
    {
        venue = new TestVenue(true);
        orderPath = OrderPathFixture.startOpen(OrderPathFixture.properties(venue.port()));
    }

    @AfterEach
    void stop() throws Exception
    {
        if (null != orderPath)
        {
            orderPath.close();
        }
        venue.close();
    }

    @Test
    void shouldAckAndFillOrderAtMaxQuantityAndRejectOnePastIt() throws Exception
    {
        try (TestClient client = TestClient.loggedOn(orderPath.gatewayAddress(), OrderPathFixture.CLIENT))
        {
            client.order(1, "AAPL", OrderPathFixture.MAX_QUANTITY, 1_012_500);
            final TestClient.Report ack = client.await(5_000);
            assertEquals(ExecType.ACK, ack.execType());
            assertEquals(1, ack.clOrdId(), "the client sees its own clOrdId, not the appliance's");
            assertTrue(ack.venueOrderId() > 0);
            final TestClient.Report fill = client.await(5_000);
            assertEquals(ExecType.FILL, fill.execType());
            assertEquals(OrderPathFixture.MAX_QUANTITY, fill.filledQty());
            assertEquals(1_012_500, fill.fillPriceE4());

            client.order(2, "AAPL", OrderPathFixture.MAX_QUANTITY + 1, 1_012_500);
            final TestClient.Report reject = client.await(5_000);
            assertEquals(ExecType.REJECT, reject.execType());
            assertEquals(2, reject.clOrdId());
            assertEquals(RejectReason.MAX_QUANTITY, reject.rejectReason(), RejectReason.name(reject.rejectReason()));
        }
        assertEquals(1, venue.ordersReceived(), "a rejected order never reaches the venue");
        assertEquals(1, orderPath.metrics().accepted());
        assertEquals(1, orderPath.metrics().rejected(RejectReason.MAX_QUANTITY));
        assertEquals(1, orderPath.metrics().venueAcks());
        assertEquals(1, orderPath.metrics().fills());
        final Histogram latency = new Histogram(OrderPathMetrics.HIGHEST_TRACKABLE_LATENCY_NS, 3);
        orderPath.metrics().addLatencyTo(latency);
        assertEquals(1, latency.getTotalCount(), "one accepted order, one latency sample");
    }

    @Test
    void shouldRejectWithSealedWhileSealedAndAcceptAfterOpen() throws Exception
    {
        assertTrue(orderPath.seal(42));
        OrderPathFixture.awaitOpen(orderPath, false);
        try (TestClient client = TestClient.loggedOn(orderPath.gatewayAddress(), OrderPathFixture.CLIENT))
        {
            client.order(1, "AAPL", 10, 1_000_000);
            final TestClient.Report reject = client.await(5_000);
            assertEquals(ExecType.REJECT, reject.execType());
            assertEquals(RejectReason.SEALED, reject.rejectReason(), RejectReason.name(reject.rejectReason()));

            assertTrue(orderPath.open());
            OrderPathFixture.awaitOpen(orderPath, true);
            client.order(2, "AAPL", 10, 1_000_000);
            assertEquals(ExecType.ACK, client.await(5_000).execType());
        }
        final List<String> events = drain();
        assertTrue(events.stream().anyMatch(e -> e.startsWith("INTAKE_SEALED") && e.contains("reason=42")), events::toString);
    }

    @Test
    void shouldStartSealed() throws Exception
    {
        orderPath.close();
        final OrderPath sealed = new OrderPath(OrderPathConfig.from(OrderPathFixture.properties(venue.port())));
        orderPath = sealed;
        sealed.start();
        OrderPathFixture.awaitVenuesUp(sealed, 1);
        assertFalse(sealed.isOpen());
        try (TestClient client = TestClient.loggedOn(sealed.gatewayAddress(), OrderPathFixture.CLIENT))
        {
            client.order(1, "AAPL", 10, 1_000_000);
            assertEquals(RejectReason.SEALED, client.await(5_000).rejectReason());
        }
    }

    @Test
    void shouldRejectSymbolWithoutRouteWithNoRoute() throws Exception
    {
        try (TestClient client = TestClient.loggedOn(orderPath.gatewayAddress(), OrderPathFixture.CLIENT))
        {
            client.order(7, "TSLA", 10, 1_000_000);
            final TestClient.Report reject = client.await(5_000);
            assertEquals(7, reject.clOrdId());
            assertEquals(RejectReason.NO_ROUTE, reject.rejectReason(), RejectReason.name(reject.rejectReason()));
        }
        assertEquals(0, venue.ordersReceived());
    }

    @Test
    void shouldRefuseLogonOfUnconfiguredClientAndCloseTheSession() throws Exception
    {
        try (TestClient client = new TestClient(orderPath.gatewayAddress()))
        {
            assertFalse(client.logon("INTRUDER"));
            assertTrue(client.closedByPeer(5_000));
        }
    }

    @Test
    void shouldRefuseSecondLogonOfTheSameClient() throws Exception
    {
        try (TestClient first = TestClient.loggedOn(orderPath.gatewayAddress(), OrderPathFixture.CLIENT);
            TestClient second = new TestClient(orderPath.gatewayAddress()))
        {
            assertFalse(second.logon(OrderPathFixture.CLIENT));
            first.order(1, "AAPL", 10, 1_000_000);
            assertEquals(ExecType.ACK, first.await(5_000).execType(), "the first session keeps its reports");
        }
    }

    @Test
    void shouldRejectInvalidFieldsAsMalformedAndServeTheNextOrder() throws Exception
    {
        try (TestClient client = TestClient.loggedOn(orderPath.gatewayAddress(), OrderPathFixture.CLIENT))
        {
            client.order(1, "AAPL", 0, 1_000_000);
            assertMalformed(client.await(5_000), 1);
            client.order(2, "AAPL", -5, 1_000_000);
            assertMalformed(client.await(5_000), 2);
            client.order(3, "AAPL", 10, 0);
            assertMalformed(client.await(5_000), 3);
            client.order(4, "AAPL", 10, -1);
            assertMalformed(client.await(5_000), 4);

            final byte[] nonAscii = client.newOrderFrame(5, "AAPL", 10, 1_000_000);
            nonAscii[NewOrderCodec.SYMBOL_OFFSET + 1] = (byte)0xC3;
            client.send(nonAscii);
            assertMalformed(client.await(5_000), 5);

            final byte[] badSide = client.newOrderFrame(6, "AAPL", 10, 1_000_000);
            badSide[NewOrderCodec.SIDE_OFFSET] = 9;
            client.send(badSide);
            assertMalformed(client.await(5_000), 6);

            final byte[] longer = new byte[NewOrderCodec.LENGTH + 8];
            // a frame of the wrong length is not trusted to carry a sequence number: it takes none
            System.arraycopy(TestFrames.newOrder(7, "ACC1", "AAPL", Side.BUY, 10, 1_000_000), 0, longer, 0,
                NewOrderCodec.LENGTH);
            ByteBuffer.wrap(longer).order(ByteOrder.LITTLE_ENDIAN).putInt(0, longer.length);
            client.send(longer);
            assertMalformed(client.await(5_000), 7);

            client.order(8, "AAPL", 10, 1_000_000);
            final TestClient.Report ack = client.await(5_000);
            assertEquals(ExecType.ACK, ack.execType());
            assertEquals(8, ack.clOrdId());
        }
        assertEquals(7, orderPath.metrics().rejected(RejectReason.MALFORMED));
        assertEquals(1, venue.ordersReceived());
    }

    @Test
    void shouldDisconnectSessionSendingGarbageAndKeepServingOthers() throws Exception
    {
        try (TestClient good = TestClient.loggedOn(orderPath.gatewayAddress(), OrderPathFixture.CLIENT);
            TestClient bad = TestClient.loggedOn(orderPath.gatewayAddress(), OrderPathFixture.OTHER_CLIENT))
        {
            bad.send(new byte[] {(byte)0xFF, (byte)0xFF, (byte)0xFF, 0x7F, 1, 2, 3, 4, 5, 6, 7, 8});
            assertTrue(bad.closedByPeer(5_000), "an untrustworthy length ends the session");

            good.order(1, "AAPL", 10, 1_000_000);
            assertEquals(ExecType.ACK, good.await(5_000).execType());
        }
        try (TestClient unknownType = TestClient.loggedOn(orderPath.gatewayAddress(), OrderPathFixture.OTHER_CLIENT))
        {
            final byte[] frame = new byte[16];
            ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN).putInt(0, 16).putShort(4, (short)99)
                .putShort(6, (short)Frame.VERSION);
            unknownType.send(frame);
            assertTrue(unknownType.closedByPeer(5_000), "an unknown type carries no clOrdId to reject");
        }
        final List<String> events = drain();
        assertTrue(events.stream().anyMatch(e -> e.startsWith("SESSION_CLOSED") && e.contains("MALFORMED_FRAME")),
            events::toString);
    }

    @Test
    void shouldRejectWithVenueDownWhileTheVenueIsGoneAndRouteAgainAfterReconnect() throws Exception
    {
        try (TestClient client = TestClient.loggedOn(orderPath.gatewayAddress(), OrderPathFixture.CLIENT))
        {
            venue.dropSession();
            OrderPathFixture.awaitVenuesUp(orderPath, 0);
            // the test venue accepts again at once, so wait for the reconnect and logon
            OrderPathFixture.awaitVenuesUp(orderPath, 1);
            client.order(1, "AAPL", 10, 1_000_000);
            assertEquals(ExecType.ACK, client.await(5_000).execType());
        }
        final List<String> events = drain();
        assertTrue(events.stream().anyMatch(e -> e.startsWith("VENUE_DISCONNECTED") && e.contains("venue=SIM")),
            events::toString);
        assertEquals(2, events.stream().filter(e -> e.startsWith("VENUE_CONNECTED")).count(), events::toString);
    }

    @Test
    void shouldRejectWithVenueDownWhenTheVenueNeverAnswers() throws Exception
    {
        orderPath.close();
        final java.util.Properties p = OrderPathFixture.properties(venue.port());
        p.setProperty("orderpath.venue.SIM.port", "1"); // nothing listens there
        orderPath = new OrderPath(OrderPathConfig.from(p));
        orderPath.start();
        orderPath.open();
        OrderPathFixture.awaitOpen(orderPath, true);
        try (TestClient client = TestClient.loggedOn(orderPath.gatewayAddress(), OrderPathFixture.CLIENT))
        {
            client.order(1, "AAPL", 10, 1_000_000);
            assertEquals(RejectReason.VENUE_DOWN, client.await(5_000).rejectReason());
        }
    }

    @Test
    void shouldRecordEveryStepInTheDropCopyWithEpochTimestamps() throws Exception
    {
        final long before = System.currentTimeMillis() * 1_000_000L;
        try (TestClient client = TestClient.loggedOn(orderPath.gatewayAddress(), OrderPathFixture.CLIENT))
        {
            client.order(11, "MSFT", 5, 4_000_000);
            client.await(5_000);
            client.await(5_000);
            client.order(12, "NOPE", 5, 4_000_000);
            client.await(5_000);
        }
        final List<Long> times = new ArrayList<>();
        final List<String> events = new ArrayList<>();
        final long deadline = System.nanoTime() + 5_000_000_000L;
        while (events.stream().noneMatch(e -> e.startsWith("SESSION_CLOSED")) && System.nanoTime() < deadline)
        {
            orderPath.pollDropCopy((type, buffer, index, length) ->
            {
                times.add(OrderEvents.epochNs(buffer, index));
                events.add(OrderEvents.describe(type, buffer, index, length));
            }, 100);
        }
        final String all = String.join("\n", events);
        assertEquals(List.of("VENUE_CONNECTED", "INTAKE_OPENED", "COMMAND_APPLIED", "SESSION_LOGON", "ORDER_ROUTED",
            "VENUE_ACK", "FILL", "ROUTE_ALERT", "ORDER_REJECTED", "SESSION_CLOSED"),
            events.stream().map(e -> e.substring(0, e.indexOf(' '))).toList(), all);
        assertTrue(all.contains("ORDER_ROUTED") && all.contains("clOrdId=11 client=BROKER1 account=ACC1 symbol=MSFT"), all);
        assertTrue(all.contains("FILL") && all.contains("filledQty=5 fillPriceE4=4000000 leavesQty=0"), all);
        assertTrue(all.contains("reason=NO_ROUTE"), all);
        for (final long t : times)
        {
            assertTrue(t >= before - 1_000_000_000L && t <= System.currentTimeMillis() * 1_000_000L + 1_000_000_000L,
                "epoch nanoseconds, was " + t);
        }
    }

    @Test
    void shouldFailClosedWithDropCopyFullWhenNobodyDrainsTheDropCopy() throws Exception
    {
        orderPath.close();
        final java.util.Properties p = OrderPathFixture.properties(venue.port());
        p.setProperty("orderpath.dropCopy.ringBytes", Integer.toString(OrderPathConfig.MIN_DROP_COPY_RING_BYTES));
        orderPath = OrderPathFixture.startOpen(p);
        final int orders = 1_000; // 88 bytes per order event: far more than 64 KiB holds
        int dropCopyFull = 0;
        try (TestClient client = TestClient.loggedOn(orderPath.gatewayAddress(), OrderPathFixture.CLIENT))
        {
            for (int i = 1; i <= orders; i++)
            {
                client.order(i, "NOPE", 10, 1_000_000);
            }
            for (int i = 1; i <= orders; i++)
            {
                final TestClient.Report report = client.await(5_000);
                assertNotNull(report, "every order is answered, recorded or not; missing " + i);
                assertEquals(ExecType.REJECT, report.execType());
                if (RejectReason.DROP_COPY_FULL == report.rejectReason())
                {
                    dropCopyFull++;
                }
                else
                {
                    assertEquals(RejectReason.NO_ROUTE, report.rejectReason());
                }
            }
            assertTrue(dropCopyFull > 0, "the ring must have filled");
            client.order(5_000, "AAPL", 10, 1_000_000);
            assertEquals(RejectReason.DROP_COPY_FULL, client.await(5_000).rejectReason(),
                "never routed unrecorded");
            assertEquals(0, venue.ordersReceived());

            final List<String> events = drain();
            assertEquals(orders - dropCopyFull, events.stream().filter(e -> e.startsWith("ORDER_REJECTED")).count());
            client.order(5_001, "AAPL", 10, 1_000_000);
            assertEquals(ExecType.ACK, client.await(5_000).execType(), "drained: orders pass again");
        }
        assertEquals(0, orderPath.metrics().dropCopyLost());
    }

    private static void assertMalformed(final TestClient.Report report, final long clOrdId)
    {
        assertNotNull(report);
        assertEquals(ExecType.REJECT, report.execType());
        assertEquals(clOrdId, report.clOrdId());
        assertEquals(RejectReason.MALFORMED, report.rejectReason(), RejectReason.name(report.rejectReason()));
    }

    private List<String> drain()
    {
        final List<String> events = new ArrayList<>();
        int read;
        do
        {
            read = orderPath.pollDropCopy((type, buffer, index, length) ->
                events.add(OrderEvents.describe(type, buffer, index, length)), 1000);
        }
        while (read > 0);
        return events;
    }

}
