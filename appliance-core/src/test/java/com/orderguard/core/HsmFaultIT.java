package com.orderguard.core;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.orderguard.harness.client.ExecutionReport;
import com.orderguard.harness.client.OrderEntryClient;
import com.orderguard.harness.client.Side;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The token disappears under a running, unsealed appliance (its directory is moved away): intake
 * stops within a bounded time with a clear alert, nothing acknowledged is lost, and trading
 * resumes by itself when the token comes back.
 */
class HsmFaultIT
{
    private static final long BOUND_MS = 15_000;
    private static TestAppliance box;

    @BeforeAll
    static void start() throws Exception
    {
        box = new TestAppliance("hsm-fault-it", 1_000, "alice", "bob");
        box.unseal();
    }

    @AfterAll
    static void stop()
    {
        if (box != null)
        {
            box.close();
        }
    }

    @Test
    void shouldFailClosedWhileTheTokenIsGoneAndRecoverWhenItReturns() throws Exception
    {
        assertEquals("ACK", order(1).execType().name());
        final Path token = box.work.resolve("data/custody/token");
        final Path away = box.work.resolve("data/custody/token-away");
        try (OrderEntryClient open = logOn()) // a session opened while the token signs stays open through the fault
        {
            Files.move(token, away);
            awaitState("HSM_FAULT");
            open.send(2, "ACC1", "AAPL", Side.BUY, 10, 1_012_500);
            final ExecutionReport refused = open.awaitReport(Duration.ofSeconds(10));
            assertNotNull(refused);
            assertEquals("REJECT", refused.execType().name(), refused.toString());
        }
        try (OrderEntryClient late = OrderEntryClient.connect("127.0.0.1", box.gatewayPort))
        {
            assertFalse(late.logon("BROKER1", box.clientKey, box.gatewayKey()), "no new session without the gateway key");
            assertEquals(com.orderguard.orderpath.protocol.LogonRejectReason.TRANSIT_UNAVAILABLE, late.lastLogonRejectReason());
        }
        assertTrue(box.getText("/metrics").contains("orderguard_hsm_can_sign 0.0"));
        box.appliance.awaitLine(line -> line.contains("ALERT: the HSM cannot sign"), 5);

        Files.move(away, token);
        awaitState("OPEN");
        assertEquals("ACK", order(3).execType().name());
    }

    private static OrderEntryClient logOn() throws Exception
    {
        final OrderEntryClient client = OrderEntryClient.connect("127.0.0.1", box.gatewayPort);
        assertTrue(client.logon("BROKER1", box.clientKey, box.gatewayKey()));
        return client;
    }

    private static ExecutionReport order(final long clOrdId) throws Exception
    {
        try (OrderEntryClient client = logOn())
        {
            client.send(clOrdId, "ACC1", "AAPL", Side.BUY, 10, 1_012_500);
            final ExecutionReport report = client.awaitReport(Duration.ofSeconds(10));
            assertNotNull(report);
            return report;
        }
    }

    private static void awaitState(final String state) throws Exception
    {
        final long deadline = System.nanoTime() + BOUND_MS * 1_000_000;
        String seen = null;
        while (System.nanoTime() < deadline)
        {
            seen = box.get("/v1/health").body().getString("state");
            if (state.equals(seen))
            {
                return;
            }
            Thread.sleep(100);
        }
        fail("state " + state + " not reached within " + BOUND_MS + " ms; last " + seen);
    }
}
