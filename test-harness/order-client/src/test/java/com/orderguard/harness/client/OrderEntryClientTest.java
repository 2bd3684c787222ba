package com.orderguard.harness.client;

import com.orderguard.harness.exchange.ExchangeSimulator;
import com.orderguard.orderpath.OrderPath;
import com.orderguard.orderpath.OrderPathConfig;
import com.orderguard.orderpath.RejectReason;
import com.orderguard.orderpath.protocol.LogonRejectReason;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The client library end to end: client → order path → exchange simulator → back, over the gateway's
 * default encrypted sessions (key exchange signed in a SoftHSM token, the client pinning its public key).
 * The plain mode is what HaltAllAtTheSimulatorTest uses.
 */
class OrderEntryClientTest
{
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static ExchangeSimulator simulator;
    private static OrderPath orderPath;
    private static int port;
    private static final java.util.Map<String, byte[]> KEYS = new java.util.HashMap<>();
    private static java.nio.file.Path keyFile;
    private static java.nio.file.Path gatewayKeyFile;
    private static com.orderguard.testsupport.TokenSigningKey gatewayKey;

    @BeforeAll
    static void start() throws Exception
    {
        simulator = new ExchangeSimulator("127.0.0.1", 0, true,
            new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8)).start();
        final Properties p = new Properties();
        p.setProperty("orderpath.gateway.port", "0");
        p.setProperty("orderpath.idle", "backoff");
        p.setProperty("orderpath.clients", "BROKER1,BROKER2,BROKER3");
        for (final String client : new String[] {"BROKER1", "BROKER2", "BROKER3"})
        {
            final byte[] key = new byte[32];
            new java.security.SecureRandom().nextBytes(key); // made here, never committed
            KEYS.put(client, key);
            p.setProperty("orderpath.client." + client + ".hmacKey", java.util.HexFormat.of().formatHex(key));
        }
        keyFile = java.nio.file.Files.createTempFile("broker1", ".key");
        keyFile.toFile().deleteOnExit();
        java.nio.file.Files.writeString(keyFile, java.util.HexFormat.of().formatHex(KEYS.get("BROKER1")) + "\n");
        p.setProperty("orderpath.risk.maxOrderQuantity", "1000");
        p.setProperty("orderpath.venue.SIM.host", "127.0.0.1");
        p.setProperty("orderpath.venue.SIM.port", Integer.toString(simulator.port()));
        p.setProperty("orderpath.venue.SIM.client", "GUARD1");
        p.setProperty("orderpath.route.AAPL", "SIM");
        gatewayKey = com.orderguard.testsupport.TokenSigningKey.create("order-client-gateway");
        gatewayKeyFile = java.nio.file.Files.createTempFile("gateway-signing", ".pub.pem");
        gatewayKeyFile.toFile().deleteOnExit();
        java.nio.file.Files.writeString(gatewayKeyFile, "-----BEGIN PUBLIC KEY-----\n" +
            java.util.Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(gatewayKey.publicKey().getEncoded()) +
            "\n-----END PUBLIC KEY-----\n");
        orderPath = new OrderPath(OrderPathConfig.from(p), gatewayKey::sign);
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
    void shouldReceiveAckThenFillAtTheLimitPrice() throws Exception
    {
        try (OrderEntryClient client = OrderEntryClient.connect("127.0.0.1", port))
        {
            assertTrue(client.logon("BROKER1", KEYS.get("BROKER1"), gatewayKey.publicKey()),
                () -> "logon refused: " + LogonRejectReason.name(client.lastLogonRejectReason()));
            assertTrue(client.isEncrypted());
            client.send(1, "ACC1", "AAPL", Side.BUY, 100, Prices.parseE4("101.25"));
            final ExecutionReport ack = client.awaitReport(TIMEOUT);
            assertEquals(ExecutionReport.ExecType.ACK, ack.execType());
            assertEquals(1, ack.clOrdId());
            assertEquals("NONE", ack.rejectReasonName());
            final ExecutionReport fill = client.awaitReport(TIMEOUT);
            assertEquals(ExecutionReport.ExecType.FILL, fill.execType());
            assertEquals(100, fill.filledQty());
            assertEquals(1_012_500, fill.fillPriceE4());
            assertEquals("FILL clOrdId=1 qty=100 price=101.2500 venueOrderId=" + fill.venueOrderId(), fill.toString());
        }
    }

    @Test
    void shouldNameTheRejectReason() throws Exception
    {
        try (OrderEntryClient client = OrderEntryClient.connect("127.0.0.1", port))
        {
            assertTrue(client.logon("BROKER2", KEYS.get("BROKER2"), gatewayKey.publicKey()));
            client.send(2, "ACC1", "AAPL", Side.SELL, 1_001, 10_000);
            final ExecutionReport reject = client.awaitReport(TIMEOUT);
            assertEquals(ExecutionReport.ExecType.REJECT, reject.execType());
            assertEquals(RejectReason.MAX_QUANTITY, reject.rejectReason());
            assertEquals("REJECT clOrdId=2 reason=MAX_QUANTITY", reject.toString());
            assertNull(client.awaitReport(Duration.ofMillis(100)), "a reject is final");
        }
    }

    @Test
    void shouldReturnFalseWhenTheClientIdIsNotAllowed() throws Exception
    {
        try (OrderEntryClient client = OrderEntryClient.connect("127.0.0.1", port))
        {
            assertFalse(client.logon("MALLORY", KEYS.get("BROKER1"), gatewayKey.publicKey()));
            assertEquals(LogonRejectReason.UNKNOWN_CLIENT, client.lastLogonRejectReason());
        }
    }

    @Test
    void shouldBeRefusedWithoutTheClientsKey() throws Exception
    {
        try (OrderEntryClient client = OrderEntryClient.connect("127.0.0.1", port))
        {
            assertFalse(client.logon("BROKER1", KEYS.get("BROKER2"), gatewayKey.publicKey()));
            assertEquals(LogonRejectReason.BAD_SIGNATURE, client.lastLogonRejectReason());
        }
    }

    @Test
    void shouldBeRefusedAPlainLogonByTheEncryptingGateway() throws Exception
    {
        try (OrderEntryClient client = OrderEntryClient.connect("127.0.0.1", port))
        {
            assertFalse(client.logon("BROKER1", KEYS.get("BROKER1")));
            assertEquals(LogonRejectReason.ENCRYPTION_REQUIRED, client.lastLogonRejectReason());
        }
    }

    @Test
    void shouldRefuseAnAnswerNotSignedByThePinnedGatewayKey() throws Exception
    {
        // Only its public half matters (the client pins it); a second token here would re-initialise SoftHSM
        // under the gateway's, so the impostor key is a plain JCE one.
        final java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("EC");
        generator.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
        final java.security.KeyPair other = generator.generateKeyPair();
        try (OrderEntryClient client = OrderEntryClient.connect("127.0.0.1", port))
        {
            final java.io.IOException refused = assertThrows(java.io.IOException.class,
                () -> client.logon("BROKER3", KEYS.get("BROKER3"), other.getPublic()));
            assertTrue(refused.getMessage().contains("pinned gateway key"), refused.getMessage());
            assertFalse(client.isEncrypted());
        }
    }

    @Test
    void shouldSeeTheConnectionDroppedAfterSendingGarbage() throws Exception
    {
        try (OrderEntryClient client = OrderEntryClient.connect("127.0.0.1", port))
        {
            assertTrue(client.logon("BROKER3", KEYS.get("BROKER3"), gatewayKey.publicKey()));
            client.sendRaw(new byte[] {0, 0, 0, 0, 0, 0, 0, 0});
            assertThrows(EOFException.class, () -> client.awaitReport(TIMEOUT));
        }
    }

    @Test
    void shouldPrintOneLinePerReportAndExitZeroFromTheCommandLine()
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int exit = OrderEntryClient.run(new String[] {
            "--host", "127.0.0.1", "--port", Integer.toString(port), "--client", "BROKER1", "--account", "ACC9",
            "--hmac-key-file", keyFile.toString(), "--gateway-key", gatewayKeyFile.toString(), "--symbol", "AAPL", "--side", "BUY", "--qty", "7", "--price", "101.25", "--clOrdId", "41"},
            new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        final String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(0, exit, err.toString(StandardCharsets.UTF_8));
        assertEquals(2, lines.length, out.toString(StandardCharsets.UTF_8));
        assertTrue(lines[0].startsWith("ACK clOrdId=41 venueOrderId="), lines[0]);
        assertTrue(lines[1].startsWith("FILL clOrdId=41 qty=7 price=101.2500"), lines[1]);
    }

    @Test
    void shouldPrintTheRejectAndExitZeroWhenTheOrderIsRefused()
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final int exit = OrderEntryClient.run(new String[] {
            "--port", Integer.toString(port), "--client", "BROKER1", "--account", "ACC9",
            "--hmac-key-file", keyFile.toString(), "--gateway-key", gatewayKeyFile.toString(), "--symbol", "TSLA", "--side", "sell", "--qty", "7", "--price", "1", "--clOrdId", "2"},
            new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        assertEquals(0, exit);
        assertEquals("REJECT clOrdId=2 reason=NO_ROUTE\n", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void shouldExitTwoOnAUsageError()
    {
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int exit = OrderEntryClient.run(new String[] {"--port", "1", "--price", "1.23456"},
            System.out, new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, exit);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("price must be a decimal with at most 4 places"),
            err.toString(StandardCharsets.UTF_8));
    }
}
