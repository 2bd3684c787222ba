package com.orderguard.orderpath;

import com.orderguard.orderpath.protocol.ExecType;
import com.orderguard.orderpath.risk.RiskLimit;
import com.orderguard.orderpath.risk.Scope;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A limit change, a route change and a kill take effect between two orders and never in the
 * middle of one: with a stream of orders in flight, every order is handled wholly under the old
 * state or wholly under the new one, the switch happens once (all orders before it pass, all after
 * it are refused with the new reason), and the COMMAND_APPLIED event sits in the drop copy exactly
 * between the last order handled the old way and the first handled the new way.
 */
class CommandsBetweenOrdersTest
{
    private static final int BATCH = 400;

    private TestVenue venue;
    private OrderPath orderPath;

    @BeforeEach
    void start() throws Exception
    {
        venue = new TestVenue(false); // orders rest: one report (ACK) per accepted order
        orderPath = OrderPathFixture.startOpen(OrderPathFixture.properties(venue.port()));
    }

    @AfterEach
    void stop() throws Exception
    {
        orderPath.close();
        venue.close();
    }

    @Test
    void shouldApplyALimitChangeBetweenTwoOrders() throws Exception
    {
        assertSwitchBetweenOrders(() -> orderPath.setLimit(RiskLimit.MAX_ORDER_QUANTITY, Scope.GLOBAL, null, 10),
            RejectReason.MAX_QUANTITY, "SET_LIMIT");
    }

    @Test
    void shouldApplyARouteRemovalBetweenTwoOrders() throws Exception
    {
        assertSwitchBetweenOrders(() -> orderPath.removeRoute("AAPL"), RejectReason.NO_ROUTE, "REMOVE_ROUTE");
    }

    @Test
    void shouldApplyAKillBetweenTwoOrders() throws Exception
    {
        assertSwitchBetweenOrders(() -> orderPath.kill(Scope.ACCOUNT, "ACC1"), RejectReason.KILL_SWITCH, "KILL");
    }

    private void assertSwitchBetweenOrders(final BooleanSupplier command, final int reason, final String commandName)
        throws Exception
    {
        final Map<Long, Integer> outcome = new HashMap<>();
        try (TestClient client = TestClient.loggedOn(orderPath.gatewayAddress(), OrderPathFixture.CLIENT))
        {
            long clOrdId = 1;
            clOrdId = sendBatch(client, clOrdId);
            while (outcome.isEmpty())
            {
                collect(client, outcome); // the stream is being handled...
            }
            assertTrue(command.getAsBoolean()); // ...when the command is given
            final long seq = orderPath.lastCommandSeq();
            // the second batch is written while the command may or may not have landed yet...
            clOrdId = sendBatch(client, clOrdId);
            assertTrue(orderPath.awaitCommandApplied(seq, 5_000));
            // ...and the third surely after it
            clOrdId = sendBatch(client, clOrdId);
            while (outcome.size() < clOrdId - 1)
            {
                collect(client, outcome);
            }
        }

        int firstRefused = -1;
        for (long id = 1; id <= outcome.size(); id++)
        {
            final int result = outcome.get(id);
            if (-1 == firstRefused && 0 != result)
            {
                firstRefused = (int)id;
            }
            if (-1 != firstRefused)
            {
                assertEquals(RejectReason.name(reason), RejectReason.name(result), "order " + id + " after the switch");
            }
        }
        assertTrue(firstRefused > 1 && firstRefused <= 2 * BATCH + 1, "the switch fell inside the stream: " + firstRefused);

        final List<String> events = drain();
        final int applied = indexOf(events, "COMMAND_APPLIED", "command=" + commandName);
        assertTrue(applied > 0, events::toString);
        final int lastRouted = lastIndexOf(events, "ORDER_ROUTED");
        final int firstRejected = indexOf(events, "ORDER_REJECTED", "reason=" + RejectReason.name(reason));
        assertTrue(lastRouted < applied && applied < firstRejected,
            "routed ... " + lastRouted + " < command " + applied + " < " + firstRejected + " ... refused");
    }

    private static void collect(final TestClient client, final Map<Long, Integer> outcome) throws Exception
    {
        final TestClient.Report report = client.await(5_000);
        assertNotNull(report, "reports missing: have " + outcome.size());
        if (ExecType.ACK == report.execType() || ExecType.REJECT == report.execType())
        {
            outcome.putIfAbsent(report.clOrdId(), ExecType.ACK == report.execType() ? 0 : report.rejectReason());
        }
    }

    private static long sendBatch(final TestClient client, final long firstClOrdId) throws Exception
    {
        final ByteArrayOutputStream batch = new ByteArrayOutputStream();
        long clOrdId = firstClOrdId;
        for (int i = 0; i < BATCH; i++)
        {
            batch.write(client.newOrderFrame(clOrdId, "AAPL", 100, 1_000_000 + clOrdId));
            clOrdId++;
        }
        client.send(batch.toByteArray());
        return clOrdId;
    }

    private static int indexOf(final List<String> events, final String type, final String detail)
    {
        for (int i = 0; i < events.size(); i++)
        {
            if (events.get(i).startsWith(type) && events.get(i).contains(detail))
            {
                return i;
            }
        }
        return Integer.MAX_VALUE;
    }

    private static int lastIndexOf(final List<String> events, final String type)
    {
        int last = -1;
        for (int i = 0; i < events.size(); i++)
        {
            if (events.get(i).startsWith(type))
            {
                last = i;
            }
        }
        return last;
    }

    private List<String> drain()
    {
        final List<String> events = new ArrayList<>();
        int read;
        do
        {
            read = orderPath.pollDropCopy((type, buffer, index, length) ->
                events.add(OrderEvents.describe(type, buffer, index, length)), 10_000);
        }
        while (read > 0);
        return events;
    }
}
