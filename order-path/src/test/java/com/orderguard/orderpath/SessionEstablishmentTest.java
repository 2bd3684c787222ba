package com.orderguard.orderpath;

import com.orderguard.orderpath.protocol.HeartbeatCodec;
import com.orderguard.orderpath.protocol.LogonRejectReason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Session establishment runs on the gateway's establisher thread, not the order-path thread: what a
 * connection that has not logged on can and cannot do. Each refused connection costs at most one
 * drop-copy event; it never reaches the order path's risk checks and never holds a session slot.
 */
class SessionEstablishmentTest
{
    private TestVenue venue;
    private OrderPath orderPath;
    private final List<String> events = new ArrayList<>();

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

    private void start(final Properties overrides) throws Exception
    {
        venue = new TestVenue(true);
        final Properties p = OrderPathFixture.properties(venue.port());
        p.putAll(overrides);
        orderPath = OrderPathFixture.startOpen(p);
    }

    @Test
    void shouldDisconnectAnOrderSentBeforeLogonWithOneEventAndNoReject() throws Exception
    {
        start(new Properties());
        try (TestClient client = new TestClient(orderPath.gatewayAddress()))
        {
            client.order(3, "AAPL", 10, 1_000_000);
            client.order(4, "AAPL", 10, 1_000_000);
            assertTrue(client.closedByPeer(5_000), "an order before logon closes the connection");
        }
        awaitEvent(e -> e.startsWith("SESSION_CLOSED") && e.contains("reason=NOT_LOGGED_ON"));
        assertEquals(0, count(e -> e.startsWith("ORDER_REJECTED")), "nothing of it reaches the order path: " + events);
        assertEquals(1, count(e -> e.startsWith("SESSION")), "one event for the connection: " + events);
        assertEquals(1, orderPath.metrics().connectionsRefused());
        assertEquals(0, orderPath.metrics().rejected(RejectReason.NOT_LOGGED_ON));
    }

    @Test
    void shouldCloseAConnectionThatDoesNotLogOnInTimeEvenWhileItHeartbeats() throws Exception
    {
        final Properties p = new Properties();
        p.setProperty(OrderPathConfig.GATEWAY_LOGON_TIMEOUT_MS, "300");
        start(p);
        final byte[] heartbeat = ByteBuffer.allocate(HeartbeatCodec.LENGTH).order(ByteOrder.LITTLE_ENDIAN)
            .putInt(0, HeartbeatCodec.LENGTH).putShort(4, (short)6).putShort(6, (short)1).array();
        try (TestClient client = new TestClient(orderPath.gatewayAddress()))
        {
            boolean closed = false;
            for (int i = 0; i < 100 && !closed; i++)
            {
                try
                {
                    client.send(heartbeat);
                    Thread.sleep(50);
                }
                catch (final IOException ex)
                {
                    closed = true;
                }
            }
            assertTrue(closed || client.closedByPeer(5_000), "heartbeats do not extend the logon deadline");
        }
        awaitEvent(e -> e.startsWith("SESSION_CLOSED") && e.contains("reason=LOGON_TIMEOUT"));
        assertEquals(0, orderPath.metrics().sessionsLoggedOn());
    }

    @Test
    void shouldNotJournalAConnectionThatNeverSentAByte() throws Exception
    {
        final Properties p = new Properties();
        p.setProperty(OrderPathConfig.GATEWAY_LOGON_TIMEOUT_MS, "100");
        start(p);
        try (TestClient client = new TestClient(orderPath.gatewayAddress()))
        {
            assertTrue(client.closedByPeer(5_000));
        }
        awaitCondition(() -> orderPath.silentConnections() == 1);
        drain();
        assertEquals(0, count(e -> e.startsWith("SESSION")), events::toString);
    }

    @Test
    void shouldCloseConnectionsBeyondThePendingBoundOnAccept() throws Exception
    {
        final Properties p = new Properties();
        p.setProperty(OrderPathConfig.GATEWAY_MAX_PENDING, "2");
        start(p);
        try (TestClient first = new TestClient(orderPath.gatewayAddress());
            TestClient second = new TestClient(orderPath.gatewayAddress());
            TestClient third = new TestClient(orderPath.gatewayAddress()))
        {
            assertTrue(third.closedByPeer(5_000), "the third waiting connection is refused");
            awaitEvent(e -> e.startsWith("SESSION_CLOSED") && e.contains("reason=TOO_MANY_PENDING"));
            assertTrue(first.logon(OrderPathFixture.CLIENT), "the waiting ones can still log on");
            first.order(1, "AAPL", 10, 1_000_000);
            assertNotNull(first.await(5_000));
            assertFalse(second.closedByPeer(50));
        }
    }

    @Test
    void shouldJournalAtMostTheConfiguredRefusalsPerSecondAndCountTheRest() throws Exception
    {
        final Properties p = new Properties();
        p.setProperty(OrderPathConfig.GATEWAY_REFUSAL_EVENTS_PER_SECOND, "1");
        start(p);
        final int connections = 10;
        for (int i = 0; i < connections; i++)
        {
            try (TestClient client = new TestClient(orderPath.gatewayAddress()))
            {
                client.order(1, "AAPL", 10, 1_000_000);
                assertTrue(client.closedByPeer(5_000));
            }
        }
        awaitCondition(() -> orderPath.metrics().connectionsRefused() + orderPath.refusalEventsSuppressed() == connections);
        drain();
        final long journaled = count(e -> e.startsWith("SESSION_CLOSED"));
        assertEquals(orderPath.metrics().connectionsRefused(), journaled);
        assertTrue(journaled < connections, "a flood of refused connections does not flood the journal: " + journaled);
        assertTrue(orderPath.refusalEventsSuppressed() > 0);
    }

    @Test
    void shouldRefuseABadLogonOnTheEstablisherWithOneEvent() throws Exception
    {
        start(new Properties());
        try (TestClient client = new TestClient(orderPath.gatewayAddress()))
        {
            client.send(TestFrames.logon(OrderPathFixture.CLIENT, OrderPathFixture.OTHER_CLIENT_KEY, TestFrames.freshTimestamp()));
            assertTrue(client.closedByPeer(5_000));
        }
        awaitEvent(e -> e.startsWith("SESSION_LOGON_REJECTED") &&
            e.contains("reason=" + LogonRejectReason.name(LogonRejectReason.BAD_SIGNATURE)) && e.contains(" peer=127.0.0.1:"));
        assertEquals(1, count(e -> e.startsWith("SESSION")), events::toString);
    }

    @Test
    void shouldServeOrdersSentRightBehindTheLogonInOneWrite() throws Exception
    {
        start(new Properties());
        try (TestClient client = new TestClient(orderPath.gatewayAddress()))
        {
            final byte[] logon = TestFrames.logon(OrderPathFixture.CLIENT);
            final byte[] order = client.newOrderFrame(1, "AAPL", 10, 1_000_000);
            final byte[] both = new byte[logon.length + order.length];
            System.arraycopy(logon, 0, both, 0, logon.length);
            System.arraycopy(order, 0, both, logon.length, order.length);
            client.send(both);
            final TestClient.Report report = client.await(5_000);
            assertNotNull(report, "the order pipelined behind the logon is answered");
            assertEquals(1, report.clOrdId());
        }
        awaitEvent(e -> e.startsWith("SESSION_LOGON ") && e.contains(" peer=127.0.0.1:"));
        awaitEvent(e -> e.startsWith("SESSION_CLOSED") && e.contains(" peer=127.0.0.1:")); // the source stays with the session
    }

    private void awaitEvent(final Predicate<String> wanted) throws InterruptedException
    {
        awaitCondition(() ->
        {
            drain();
            return count(wanted) > 0;
        });
    }

    private static void awaitCondition(final java.util.function.BooleanSupplier condition) throws InterruptedException
    {
        final long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadline)
            {
                fail("condition not reached in 10 s");
            }
            Thread.sleep(5);
        }
    }

    private long count(final Predicate<String> wanted)
    {
        return events.stream().filter(wanted).count();
    }

    private void drain()
    {
        int read;
        do
        {
            read = orderPath.pollDropCopy((type, buffer, index, length) ->
                events.add(OrderEvents.describe(type, buffer, index, length)), 1000);
        }
        while (read > 0);
    }
}
