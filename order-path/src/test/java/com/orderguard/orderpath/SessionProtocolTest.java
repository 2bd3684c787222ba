package com.orderguard.orderpath;

import com.orderguard.orderpath.protocol.ExecType;
import com.orderguard.orderpath.protocol.MessageType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The session layer over TCP: authenticated, fresh logons only; sequence numbers with gap
 * detection; heartbeats both ways and a timeout; cancel, replace and cancel on disconnect.
 */
class SessionProtocolTest
{
    private TestVenue venue;
    private OrderPath orderPath;

    private OrderPath start(final boolean fill, final String... settings) throws Exception
    {
        return start(new TestVenue(fill), settings);
    }

    private OrderPath start(final TestVenue testVenue, final String... settings) throws Exception
    {
        venue = testVenue;
        orderPath = OrderPathFixture.startOpen(OrderPathFixture.with(OrderPathFixture.properties(venue.port()), settings));
        return orderPath;
    }

    @AfterEach
    void stop() throws Exception
    {
        if (null != orderPath)
        {
            orderPath.close();
        }
        if (null != venue)
        {
            venue.close();
        }
    }

    @Test
    void shouldRefuseALogonSignedWithAnotherKey() throws Exception
    {
        start(true);
        try (TestClient client = new TestClient(orderPath.gatewayAddress()))
        {
            client.send(TestFrames.logon(OrderPathFixture.CLIENT, OrderPathFixture.OTHER_CLIENT_KEY,
                TestFrames.freshTimestamp()));
            assertTrue(client.closedByPeer(5_000));
        }
        assertTrue(drainUntil(e -> e.startsWith("SESSION_LOGON_REJECTED") && e.contains("BAD_SIGNATURE"), 1).stream()
            .anyMatch(e -> e.startsWith("SESSION_LOGON_REJECTED") && e.contains("BAD_SIGNATURE")));
    }

    @Test
    void shouldRefuseAReplayedLogonAndAStaleOne() throws Exception
    {
        start(true);
        final byte[] logon = TestFrames.logon(OrderPathFixture.CLIENT);
        try (TestClient first = new TestClient(orderPath.gatewayAddress()))
        {
            first.send(logon);
            first.order(1, "AAPL", 1, 1_000_000);
            assertEquals(ExecType.ACK, first.await(5_000).execType());
        }
        awaitSessions(0);
        try (TestClient replay = new TestClient(orderPath.gatewayAddress()))
        {
            replay.send(logon); // the captured bytes, signature and all
            assertTrue(replay.closedByPeer(5_000));
        }
        try (TestClient stale = new TestClient(orderPath.gatewayAddress()))
        {
            stale.send(TestFrames.logon(OrderPathFixture.CLIENT, OrderPathFixture.CLIENT_KEY,
                System.currentTimeMillis() * 1_000_000L - 3_600_000_000_000L));
            assertTrue(stale.closedByPeer(5_000));
        }
        // refusals are judged on the establisher thread; their events reach the drop copy a moment later
        final List<String> events = drainUntil(e -> e.contains("STALE_OR_REPLAYED"), 2);
        assertEquals(2, events.stream().filter(e -> e.contains("STALE_OR_REPLAYED")).count(), events::toString);
        try (TestClient fresh = TestClient.loggedOn(orderPath.gatewayAddress(), OrderPathFixture.CLIENT))
        {
            fresh.order(2, "AAPL", 1, 1_000_000);
            assertEquals(ExecType.ACK, fresh.await(5_000).execType(), "a fresh logon still works");
        }
    }

    @Test
    void shouldRejectAndCloseTheSessionOnASequenceGap() throws Exception
    {
        start(true);
        try (TestClient client = TestClient.loggedOn(orderPath.gatewayAddress(), OrderPathFixture.CLIENT))
        {
            client.order(1, "AAPL", 1, 1_000_000);
            assertEquals(ExecType.ACK, client.await(5_000).execType());
            assertEquals(ExecType.FILL, client.await(5_000).execType());
            client.takeSeq(); // message 2 is "lost"
            client.order(3, "AAPL", 1, 1_000_000);
            final TestClient.Report reject = client.await(5_000);
            assertEquals(RejectReason.SEQUENCE_GAP, reject.rejectReason());
            assertTrue(client.closedByPeer(5_000));
        }
        assertEquals(1, orderPath.metrics().sequenceGaps());
        assertEquals(1, venue.ordersReceived(), "the order after the gap never reaches the venue");
    }

    @Test
    void shouldHeartbeatAnIdleSessionAndCloseASilentOne() throws Exception
    {
        start(true, "orderpath.session.heartbeatIntervalMs=20", "orderpath.session.timeoutMs=400");
        try (TestClient client = TestClient.loggedOn(orderPath.gatewayAddress(), OrderPathFixture.CLIENT))
        {
            assertEquals(MessageType.HEARTBEAT, client.nextFrameType(5_000), "the appliance heartbeats an idle session");
            assertTrue(client.closedByPeer(10_000), "a client that sends nothing is timed out");
        }
        assertEquals(1, orderPath.metrics().sessionTimeouts());
        assertTrue(drain().stream().anyMatch(e -> e.startsWith("SESSION_CLOSED") && e.contains("TIMEOUT")));
    }

    @Test
    void shouldCancelAndReplaceARestingOrder() throws Exception
    {
        start(false);
        try (TestClient client = TestClient.loggedOn(orderPath.gatewayAddress(), OrderPathFixture.CLIENT))
        {
            client.order(1, "AAPL", 100, 1_000_000);
            assertEquals(ExecType.ACK, client.await(5_000).execType());
            client.replace(2, 1, 200, 1_010_000);
            final TestClient.Report replaced = client.await(5_000);
            assertEquals(ExecType.REPLACED, replaced.execType());
            assertEquals(2, replaced.clOrdId());
            assertEquals(200, replaced.filledQty());
            assertEquals(1_010_000, replaced.fillPriceE4());
            client.cancel(3, 2);
            final TestClient.Report canceled = client.await(5_000);
            assertEquals(ExecType.CANCELED, canceled.execType());
            assertEquals(2, canceled.clOrdId());
            client.cancel(4, 2);
            assertEquals(RejectReason.UNKNOWN_ORDER, client.await(5_000).rejectReason());
        }
        assertEquals(1, venue.replacesReceived());
        assertEquals(1, venue.cancelsReceived());
    }

    @Test
    void shouldCancelEveryOpenOrderWhenTheClientDisconnects() throws Exception
    {
        start(false);
        try (TestClient client = TestClient.loggedOn(orderPath.gatewayAddress(), OrderPathFixture.CLIENT))
        {
            for (int i = 1; i <= 3; i++)
            {
                client.order(i, "AAPL", 10, 1_000_000 + i);
                assertEquals(ExecType.ACK, client.await(5_000).execType());
            }
        }
        final long deadline = System.nanoTime() + 5_000_000_000L;
        while (venue.cancelsReceived() < 3)
        {
            assertTrue(System.nanoTime() < deadline, "cancels reached the venue: " + venue.cancelsReceived());
            Thread.sleep(2);
        }
        final List<String> events = drainUntil(e -> e.startsWith("CANCELED"), 3);
        assertEquals(3, events.stream().filter(e -> e.startsWith("CANCEL_REQUESTED") && e.contains("NOT_LOGGED_ON"))
            .count(), events::toString);
    }

    @Test
    void shouldDropAVenueThatFallsSilentAndConnectAgain() throws Exception
    {
        start(new TestVenue(true, false), "orderpath.venue.timeoutMs=300");
        final List<String> events = drainUntil(e -> e.startsWith("VENUE_CONNECTED"), 2);
        assertTrue(events.stream().anyMatch(e -> e.startsWith("VENUE_DISCONNECTED") && e.contains("reason=TIMEOUT")),
            events::toString);
    }

    @Test
    void shouldNotTimeOutAVenueWhoseReportsWaitUnreadForRoomInTheDropCopy() throws Exception
    {
        start(new TestVenue(true, false), "orderpath.venue.timeoutMs=300",
            "orderpath.dropCopy.ringBytes=" + OrderPathConfig.MIN_DROP_COPY_RING_BYTES);
        drain();
        final int orders = 400; // three events each: far more than the drop copy holds undrained
        try (TestClient client = TestClient.loggedOn(orderPath.gatewayAddress(), OrderPathFixture.CLIENT))
        {
            for (int i = 1; i <= orders; i++)
            {
                client.order(i, "AAPL", 10, 1_000_000);
            }
            Thread.sleep(1_000); // the venue's reports wait unread past its timeout: the drop copy is full
            int finished = 0;
            int canceled = 0;
            final long deadline = System.nanoTime() + 20_000_000_000L;
            while (finished < orders)
            {
                assertTrue(System.nanoTime() < deadline, "finished " + finished + " of " + orders);
                drain();
                final TestClient.Report report = client.await(10);
                if (null == report)
                {
                    continue;
                }
                switch (report.execType())
                {
                    case com.orderguard.orderpath.protocol.ExecType.FILL, com.orderguard.orderpath.protocol.ExecType.REJECT ->
                        finished++;
                    case com.orderguard.orderpath.protocol.ExecType.CANCELED ->
                    {
                        finished++;
                        canceled++;
                    }
                    default -> { }
                }
            }
            assertEquals(0, canceled, "no routed order was abandoned by a venue timeout");
        }
    }

    private void awaitSessions(final long sessions) throws InterruptedException
    {
        final long deadline = System.nanoTime() + 5_000_000_000L;
        while (orderPath.metrics().sessionsLoggedOn() != sessions)
        {
            assertTrue(System.nanoTime() < deadline);
            Thread.sleep(1);
        }
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

    private List<String> drainUntil(final java.util.function.Predicate<String> match, final int count)
        throws InterruptedException
    {
        final List<String> events = new ArrayList<>();
        final long deadline = System.nanoTime() + 10_000_000_000L;
        while (events.stream().filter(match).count() < count && System.nanoTime() < deadline)
        {
            events.addAll(drain());
            Thread.sleep(1);
        }
        return events;
    }
}
