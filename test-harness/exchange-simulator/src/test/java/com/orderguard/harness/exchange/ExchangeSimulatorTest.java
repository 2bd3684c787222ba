package com.orderguard.harness.exchange;

import com.orderguard.orderpath.RejectReason;
import com.orderguard.orderpath.protocol.ExecType;
import com.orderguard.orderpath.protocol.MessageType;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

class ExchangeSimulatorTest
{
    @Test
    void shouldAckThenFillEveryOrderAtItsLimitPrice() throws Exception
    {
        final ByteArrayOutputStream lines = new ByteArrayOutputStream();
        try (ExchangeSimulator simulator = new ExchangeSimulator("127.0.0.1", 0, true,
                new PrintStream(lines, true, StandardCharsets.UTF_8)).start();
            VenueSessionPeer appliance = new VenueSessionPeer(simulator.port()))
        {
            assertEquals(MessageType.LOGON_ACK, appliance.logon("GUARD1"));
            appliance.order(7, "AAPL", 300, 1_012_500);

            final VenueSessionPeer.Report ack = appliance.await(5_000);
            assertEquals(ExecType.ACK, ack.execType());
            assertEquals(7, ack.clOrdId());
            assertTrue(ack.venueOrderId() > 0);
            final VenueSessionPeer.Report fill = appliance.await(5_000);
            assertEquals(ExecType.FILL, fill.execType());
            assertEquals(ack.venueOrderId(), fill.venueOrderId());
            assertEquals(300, fill.filledQty());
            assertEquals(1_012_500, fill.fillPriceE4());
            assertEquals(1, simulator.ordersReceived());
        }
        assertTrue(lines.toString(StandardCharsets.UTF_8).contains(
            "ORDER client=GUARD1 clOrdId=7 account=ACC1 symbol=AAPL side=SELL qty=300 price=101.2500 venueOrderId=1 -> FILLED"),
            lines.toString(StandardCharsets.UTF_8));
    }

    @Test
    void shouldOnlyAckInAckOnlyMode() throws Exception
    {
        try (ExchangeSimulator simulator = new ExchangeSimulator("127.0.0.1", 0, false, nowhere()).start();
            VenueSessionPeer appliance = new VenueSessionPeer(simulator.port()))
        {
            appliance.logon("GUARD1");
            appliance.order(1, "AAPL", 1, 10_000);
            assertEquals(ExecType.ACK, appliance.await(5_000).execType());
            assertNull(appliance.await(200), "no fill in ack-only mode");
        }
    }

    @Test
    void shouldRejectOrdersBeforeLogonAndInvalidOrders() throws Exception
    {
        try (ExchangeSimulator simulator = new ExchangeSimulator("127.0.0.1", 0, true, nowhere()).start();
            VenueSessionPeer appliance = new VenueSessionPeer(simulator.port()))
        {
            appliance.order(1, "AAPL", 1, 10_000);
            assertEquals(RejectReason.NOT_LOGGED_ON, appliance.await(5_000).rejectReason());
            appliance.logon("GUARD1");
            appliance.order(2, "AAPL", 0, 10_000);
            final VenueSessionPeer.Report reject = appliance.await(5_000);
            assertEquals(ExecType.REJECT, reject.execType());
            assertEquals(RejectReason.MALFORMED, reject.rejectReason());
        }
    }

    @Test
    void shouldPrintListeningPortFirstWhenRunAsAProcess() throws Exception
    {
        final List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse(
            System.getProperty("java.home") + File.separator + "bin" + File.separator + "java"));
        for (final String arg : ManagementFactory.getRuntimeMXBean().getInputArguments())
        {
            if (arg.startsWith("--add-") || arg.startsWith("--enable-native-access"))
            {
                command.add(arg);
            }
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ExchangeSimulator.class.getName());
        command.add("--port");
        command.add("0");
        command.add("--ack-only");
        final Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)))
        {
            final String first = out.readLine();
            assertNotNull(first, "no output");
            assertTrue(first.matches("LISTENING \\d+"), first);
            final int port = Integer.parseInt(first.substring("LISTENING ".length()));
            assertTrue(port > 0);
            try (VenueSessionPeer appliance = new VenueSessionPeer(port))
            {
                assertEquals(MessageType.LOGON_ACK, appliance.logon("GUARD9"));
                appliance.order(99, "MSFT", 5, 4_000_000);
                assertEquals(ExecType.ACK, appliance.await(5_000).execType());
            }
            assertEquals("LOGON client=GUARD9", out.readLine());
            assertEquals("ORDER client=GUARD9 clOrdId=99 account=ACC1 symbol=MSFT side=SELL qty=5 price=400.0000 " +
                "venueOrderId=1 -> ACKED (resting)", out.readLine());
        }
        finally
        {
            process.destroy();
            assertTrue(process.waitFor(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void shouldFormatPricesWithFourDecimals()
    {
        assertEquals("101.2500", ExchangeSimulator.appendPrice(1_012_500, new StringBuilder()).toString());
        assertEquals("0.0001", ExchangeSimulator.appendPrice(1, new StringBuilder()).toString());
    }

    private static PrintStream nowhere()
    {
        return new PrintStream(java.io.OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
    }
}
