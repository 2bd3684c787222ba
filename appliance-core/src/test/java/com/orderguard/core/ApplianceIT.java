package com.orderguard.core;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.orderguard.core.audit.JournalFormat;
import com.orderguard.core.audit.JournalReader;
import com.orderguard.core.audit.JournalVerifier;
import com.orderguard.core.cli.ApplianceCli;
import com.orderguard.harness.client.ExecutionReport;
import com.orderguard.harness.client.OrderEntryClient;
import com.orderguard.harness.client.Side;

import io.vertx.core.json.JsonObject;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The walking skeleton end to end, as an operator would meet it: a real SoftHSM token, the
 * appliance and the exchange simulator as separate processes, officers unsealing over HTTPS,
 * a broker client sending orders over TCP, Prometheus scraping, and the journal verified
 * offline afterwards. The steps build on each other, so they run in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApplianceIT
{
    private static final Duration REPORT_TIMEOUT = Duration.ofSeconds(10);
    private static final long MAX_QUANTITY = 1_000;

    private static TestAppliance box;
    private static ChildProcess appliance;
    private static ChildProcess simulator;
    private static List<String> shares;
    private static HttpClient http;
    private static String controlUrl;
    private static String gatewayHost;
    private static int gatewayPort;
    private static Path work;
    private static long nextClOrdId = 1;
    private static int ordersAccepted;
    private static int rejectedSealed;
    private static int rejectedMaxQuantity;

    @BeforeAll
    static void startApplianceSealed() throws Exception
    {
        box = new TestAppliance("appliance-it", MAX_QUANTITY, "alice", "bob");
        appliance = box.appliance;
        simulator = box.simulator;
        shares = box.shares;
        http = box.http;
        controlUrl = box.url("");
        gatewayHost = "127.0.0.1";
        gatewayPort = box.gatewayPort;
        work = box.work;
    }

    @AfterAll
    static void stopEverything()
    {
        if (box != null)
        {
            box.close();
        }
    }

    @Test
    @Order(1)
    void shouldPrintTheOrderPathAffinityAtStartupAndPinItWhereThereIsACoreToSpare() throws Exception
    {
        final String affinity = appliance.awaitLine(line -> line.trim().startsWith("order path:"), 5);
        final JsonObject health = get("/v1/health");
        assertEquals("SEALED", health.getString("state"));
        final int cpu = health.getJsonObject("orderPath").getInteger("cpu");
        if (Runtime.getRuntime().availableProcessors() > 1 && cpu < 0)
        {
            // Unbound on a multi-core machine is right only when another live process (a demo
            // appliance, a benchmark) holds the reservable cpu, and then it must say so.
            final String holder = otherLiveCpuLockHolder(appliance.pid());
            assertNotNull(holder, "order-path thread should be pinned on a multi-core machine: " + affinity);
            assertTrue(affinity.contains("unbound"), affinity + " (cpu held by " + holder + ")");
        }
        assertTrue(affinity.contains(health.getJsonObject("orderPath").getString("affinity")), affinity);
    }

    @Test
    @Order(2)
    void shouldRefuseOrdersWhileSealed() throws Exception
    {
        // Sealed, the gateway key is out of reach: no encrypted session can even open, so no order is sent.
        try (OrderEntryClient client = OrderEntryClient.connect(gatewayHost, gatewayPort))
        {
            assertFalse(client.logon("BROKER1", box.clientKey, box.gatewayKey()));
            assertEquals(com.orderguard.orderpath.protocol.LogonRejectReason.TRANSIT_UNAVAILABLE, client.lastLogonRejectReason());
        }
    }

    @Test
    @Order(3)
    void shouldStaySealedWithOneShareFewerThanTheThreshold() throws Exception
    {
        assertEquals("ACCEPTED", unseal(shares.get(0)).body.getString("outcome"));
        final Reply second = unseal(shares.get(1));
        assertEquals(200, second.status);
        assertEquals("ACCEPTED", second.body.getString("outcome"));
        assertEquals(2, second.body.getInteger("given"));
        assertEquals("SEALED", get("/v1/health").getString("state"));
    }

    @Test
    @Order(4)
    void shouldRefuseATamperedShareByNameBeforeTheThreshold() throws Exception
    {
        final String share = shares.get(2);
        final char last = share.charAt(share.length() - 1);
        final String tampered = share.substring(0, share.length() - 1) + (last == '0' ? '1' : '0');
        final Reply reply = unseal(tampered);
        assertEquals(403, reply.status, reply.body.encode());
        assertEquals("REFUSED_TAMPERED", reply.body.getString("outcome"));
        assertEquals(3, reply.body.getInteger("shareIndex"));
        assertTrue(reply.body.getString("error").contains("3"), reply.body.encode());
        assertEquals("SEALED", get("/v1/health").getString("state"));
    }

    @Test
    @Order(5)
    void shouldRefuseARepeatedShareAndGarbage() throws Exception
    {
        final Reply repeated = unseal(shares.get(1));
        assertEquals(409, repeated.status, repeated.body.encode());
        assertEquals("REFUSED_REPEATED", repeated.body.getString("outcome"));

        final Reply garbage = unseal("not a share at all");
        assertEquals(400, garbage.status, garbage.body.encode());
        assertEquals("REFUSED_MALFORMED", garbage.body.getString("outcome"));

        final HttpResponse<String> notJson = http.send(HttpRequest.newBuilder(URI.create(controlUrl + "/v1/unseal"))
            .POST(HttpRequest.BodyPublishers.ofString("{{{")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, notJson.statusCode());
        assertEquals("SEALED", get("/v1/health").getString("state"));
    }

    @Test
    @Order(6)
    void shouldUnsealAtTheThresholdAndOpenIntake() throws Exception
    {
        final Reply reply = unseal(shares.get(2));
        assertEquals(200, reply.status, reply.body.encode());
        assertEquals("UNSEALED", reply.body.getString("outcome"));
        final JsonObject health = get("/v1/health");
        assertEquals("OPEN", health.getString("state"), health.encode());
        assertTrue(health.getBoolean("intakeOpen"));
    }

    @Test
    @Order(7)
    void shouldAcceptAnOrderWithinLimitsAndRouteItToTheExchange() throws Exception
    {
        try (OrderEntryClient client = logOn())
        {
            final long clOrdId = nextClOrdId;
            final ExecutionReport ack = sendAndAwait(client, "AAPL", MAX_QUANTITY);
            assertEquals("ACK", ack.execType().name(), ack.toString());
            assertEquals(clOrdId, ack.clOrdId());
            ordersAccepted++;
            final ExecutionReport fill = client.awaitReport(REPORT_TIMEOUT);
            assertEquals("FILL", fill.execType().name(), String.valueOf(fill));
            assertEquals(MAX_QUANTITY, fill.filledQty());
        }
        simulator.awaitLine(line -> line.contains("AAPL"), 5);
    }

    @Test
    @Order(8)
    void shouldRejectAnOversizeOrderWithItsReason() throws Exception
    {
        try (OrderEntryClient client = logOn())
        {
            final ExecutionReport report = sendAndAwait(client, "AAPL", MAX_QUANTITY + 1);
            assertEquals("REJECT", report.execType().name(), report.toString());
            assertEquals("MAX_QUANTITY", report.rejectReasonName());
            rejectedMaxQuantity++;
        }
    }

    @Test
    @Order(9)
    void shouldSurviveGarbageOnTheOrderPortAndServeTheNextOrder() throws Exception
    {
        final byte[] garbage = new byte[4096];
        new java.util.Random(42).nextBytes(garbage);
        try (OrderEntryClient client = OrderEntryClient.connect(gatewayHost, gatewayPort))
        {
            try
            {
                client.sendRaw(garbage);
                client.awaitReport(Duration.ofSeconds(2));
            }
            catch (final IOException | RuntimeException expected)
            {
                // a disconnect is a correct answer to garbage
            }
        }
        try (OrderEntryClient client = logOn())
        {
            final ExecutionReport ack = sendAndAwait(client, "AAPL", 10);
            assertEquals("ACK", ack.execType().name(), ack.toString());
            ordersAccepted++;
        }
        assertTrue(appliance.isAlive());
    }

    @Test
    @Order(10)
    void shouldExposeMetricsThatMatchWhatWasSent() throws Exception
    {
        final HttpResponse<String> response = http.send(
            HttpRequest.newBuilder(URI.create(controlUrl + "/metrics")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        final String text = response.body();
        assertEquals(ordersAccepted, sample(text, "orderguard_orders_total{reason=\"\",result=\"accepted\"}"), text);
        assertEquals(rejectedMaxQuantity, sample(text, "orderguard_orders_total{reason=\"MAX_QUANTITY\",result=\"rejected\"}"));
        assertEquals(rejectedSealed, sample(text, "orderguard_orders_total{reason=\"SEALED\",result=\"rejected\"}"));
        assertEquals(2, sample(text, "orderguard_gateway_connections_refused_total"),
            "the logon refused while sealed and the connection that sent garbage before logging on");
        assertEquals(0, sample(text, "orderguard_sealed"));
        assertEquals(1, sample(text, "orderguard_order_intake_open"));
        assertEquals(2, sample(text, "orderguard_unseal_shares_total{outcome=\"ACCEPTED\"}"));
        assertEquals(1, sample(text, "orderguard_unseal_shares_total{outcome=\"UNSEALED\"}"));
        assertEquals(1, sample(text, "orderguard_unseal_shares_total{outcome=\"REFUSED_TAMPERED\"}"));
        assertTrue(sample(text, "orderguard_order_path_latency_seconds_count") >= ordersAccepted);
        assertTrue(text.contains("jvm_memory_used_bytes"), "JVM metrics are exported");
        for (final String kernel : new String[] {"aes", "ghash", "sha256"})
        {
            assertEquals(1, sample(text, "orderguard_crypto_kernel_direct{kernel=\"" + kernel + "\"}"), "the launcher's flags reach " + kernel);
        }
    }

    @Test
    @Order(10)
    void shouldSignCheckpointsInTheTokenOnceUnsealedAndServeTheLatestToWitnesses() throws Exception
    {
        final long deadline = System.nanoTime() + 10_000_000_000L;
        TestAppliance.Reply checkpoint = box.get("/v1/journal/checkpoint");
        while (checkpoint.status() != 200 && System.nanoTime() < deadline)
        {
            Thread.sleep(100);
            checkpoint = box.get("/v1/journal/checkpoint");
        }
        assertEquals(200, checkpoint.status(), checkpoint.body().encode());
        final long treeSize = checkpoint.body().getLong("treeSize");
        assertTrue(treeSize > 10, checkpoint.body().encode());
        final JsonObject proof = box.get("/v1/journal/inclusion?seq=3&size=" + treeSize).body();
        assertFalse(proof.getJsonArray("proof").isEmpty(), proof.encode());
    }

    @Test
    @Order(11)
    void shouldSealOnAnOfficersRequestAndRefuseOrdersAgain() throws Exception
    {
        final Reply refused = post("/v1/seal", new JsonObject().put("share", "ogs1-forged"));
        assertEquals(403, refused.status, refused.body.encode());

        try (OrderEntryClient client = logOn()) // open before the seal: it stays, and is refused every order
        {
            final Reply sealed = post("/v1/seal", new JsonObject().put("share", shares.get(4)));
            assertEquals(200, sealed.status, sealed.body.encode());
            assertEquals("SEALED", get("/v1/health").getString("state"));
            assertEquals("SEALED", sendAndAwait(client, "AAPL", 10).rejectReasonName());
            rejectedSealed++;
        }
    }

    @Test
    @Order(12)
    void shouldLeaveAJournalThatVerifiesAndNamesTheRecordWhenOneByteIsFlipped() throws Exception
    {
        // SIGTERM: the JVM exits 143 after its shutdown hook ran (systemd: SuccessExitStatus=143).
        final int exit = appliance.stop();
        assertTrue(exit == 0 || exit == 143, "exit " + exit + ": " + appliance.output());
        final Path journal = work.resolve("data/journal");
        final JournalVerifier.Report report = JournalVerifier.verify(journal, null);
        assertTrue(report.ok(), report.describe());
        assertTrue(report.recordsVerified() > 20, report.describe());
        assertEquals(Appliance.LIFECYCLE_STOPPED, lastRecordSubtype(journal), "the orderly stop is the last record");

        final ChildProcess verify = ChildProcess.start("verify", work, ApplianceCli.class.getName(), "journal", "verify",
            journal.toString(), "--public-key", work.resolve("data/custody/journal-signing.pub.pem").toString(),
            "--witness", work.resolve("data/witness/checkpoints.log").toString());
        assertEquals(0, verify.await(60), verify.output());
        assertFalse(verify.output().matches("(?s).*\\b0 checkpoints.*"), // "10 checkpoints" is fine
            "checkpoints were signed and checked: " + verify.output());

        final long victim = report.recordsVerified() / 2;
        long offset = -1;
        Path victimFile = null;
        try (JournalReader reader = new JournalReader(journal))
        {
            while (reader.next() == JournalReader.Status.RECORD)
            {
                if (reader.sequence() == victim)
                {
                    offset = reader.recordOffset() + JournalFormat.LENGTH_FIELD_LENGTH + JournalFormat.EPOCH_NANOS_OFFSET;
                    victimFile = reader.currentFile();
                }
            }
        }
        assertNotNull(victimFile, "record " + victim + " found");
        try (RandomAccessFile file = new RandomAccessFile(victimFile.toFile(), "rw"))
        {
            file.seek(offset);
            final int b = file.read();
            file.seek(offset);
            file.write(b ^ 0x40);
        }
        final ChildProcess tampered = ChildProcess.start("verify", work, ApplianceCli.class.getName(), "verify-journal", journal.toString());
        assertEquals(1, tampered.await(60), tampered.output());
        assertTrue(tampered.output().contains("sequence " + victim), tampered.output());
    }

    /** Java-Thread-Affinity's lock files hold the owner's pid on their first line. */
    private static String otherLiveCpuLockHolder(final long selfPid) throws IOException
    {
        try (var files = java.nio.file.Files.list(Path.of(System.getProperty("java.io.tmpdir"))))
        {
            for (final Path lock : (Iterable<Path>)files.filter(f -> f.getFileName().toString().matches("cpu-\\d+\\.lock"))::iterator)
            {
                final String first = java.nio.file.Files.readAllLines(lock).stream().findFirst().orElse("").trim();
                if (first.matches("\\d+") && Long.parseLong(first) != selfPid &&
                    ProcessHandle.of(Long.parseLong(first)).map(ProcessHandle::isAlive).orElse(false))
                {
                    return lock.getFileName() + " by pid " + first;
                }
            }
        }
        return null;
    }

    private static int lastRecordSubtype(final Path journal) throws IOException
    {
        int subtype = -1;
        try (JournalReader reader = new JournalReader(journal))
        {
            while (reader.next() == JournalReader.Status.RECORD)
            {
                if (reader.kindCode() == com.orderguard.core.audit.RecordKind.CHECKPOINT.code())
                {
                    continue; // the signed checkpoint that covers the stop follows it
                }
                subtype = reader.kindCode() == com.orderguard.core.audit.RecordKind.LIFECYCLE.code() ? reader.subtype() : -2;
            }
        }
        return subtype;
    }

    private record Reply(int status, JsonObject body)
    {
    }

    private static Reply unseal(final String share) throws Exception
    {
        return post("/v1/unseal", new JsonObject().put("share", share));
    }

    private static Reply post(final String path, final JsonObject body) throws Exception
    {
        final HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(controlUrl + path))
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), new JsonObject(response.body()));
    }

    private static JsonObject get(final String path) throws Exception
    {
        final HttpResponse<String> response = http.send(
            HttpRequest.newBuilder(URI.create(controlUrl + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return new JsonObject(response.body());
    }

    private static OrderEntryClient logOn() throws IOException
    {
        final OrderEntryClient client = OrderEntryClient.connect(gatewayHost, gatewayPort);
        assertTrue(client.logon("BROKER1", box.clientKey, box.gatewayKey()), "encrypted logon accepted");
        assertTrue(client.isEncrypted());
        return client;
    }

    private static ExecutionReport sendAndAwait(final OrderEntryClient client, final String symbol, final long quantity)
        throws IOException
    {
        client.send(nextClOrdId++, "ACC1", symbol, Side.BUY, quantity, 1_012_500);
        final ExecutionReport report = client.awaitReport(REPORT_TIMEOUT);
        assertNotNull(report, "a report within " + REPORT_TIMEOUT);
        return report;
    }

    private static double sample(final String exposition, final String series)
    {
        final Matcher matcher = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(exposition);
        assertTrue(matcher.find(), "no sample " + series);
        return Double.parseDouble(matcher.group(1));
    }


}
