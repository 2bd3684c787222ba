package com.orderguard.core;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.orderguard.core.audit.CheckpointVerifier;
import com.orderguard.core.audit.JournalVerifier;
import com.orderguard.core.audit.WitnessLog;
import com.orderguard.core.control.Logins;
import com.orderguard.custody.envelope.EnvelopeEncryption;
import com.orderguard.harness.client.OrderEntryClient;
import com.orderguard.harness.client.Side;
import com.orderguard.testsupport.SoftHsmFixture;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Compliance access through the real appliance process, against a real SoftHSM token: order
 * content sealed on disk yet searchable by its metadata; a compliance user enrolled and given roles
 * only by a quorum, logging in with their own key; content refused without the role and read with
 * it, each attempt journaled; a day exported with proofs the offline verifier accepts; forged and
 * expired tokens refused and journaled; content still readable after a KEK rotation and a restart,
 * and unreadable once its data key is destroyed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ComplianceIT
{
    private static final String SEARCH_AND_EXPORT = "compliance.search+compliance.export";
    private static final int TOKEN_TTL_SECONDS = 20;
    private static final SecureRandom RANDOM = new SecureRandom();

    private static TestAppliance box;
    private static final List<Long> clOrdIds = new ArrayList<>();
    private static final List<Long> pricesE4 = new ArrayList<>();
    private static long firstSealedOrder;

    @BeforeAll
    static void startAndUnseal() throws Exception
    {
        box = new TestAppliance(SoftHsmFixture.freshTempDir("compliance-it"), Map.of(),
            List.of("control.session.ttlSeconds=" + TOKEN_TTL_SECONDS), 1_000, "alice", "bob", "dave");
        box.unseal();
        // The control plane's token key was born at init; rotating it is a quorum's act (and gives the
        // search below a key operation to find by who asked and who approved). carol exists only on a quorum.
        assertExecuted(box.quorum("key.rotate", new JsonObject().put("purpose", "control-token-signing")
            .put("current", "control-token-signing.v1").encode(), "alice", "bob", "dave"));
        box.cli("keygen-carol", "officer", "keygen", "--officer", "carol", "--out", box.work.resolve("officers").toString(),
            "--password-file", box.passwordFile.toString());
        box.officerKeystores.put("carol", box.work.resolve("officers/carol.p12"));
        assertExecuted(box.quorum("officer.add", new JsonObject().put("id", "carol").put("displayName", "Carol Compliance")
            .put("roles", SEARCH_AND_EXPORT)
            .put("publicKeyPem", Files.readString(box.work.resolve("officers/carol.pub.pem"))).encode(), "alice", "bob", "dave"));
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
    @Order(1)
    void shouldSealOrderContentYetFindItByAccountAndItsActorByTheirName() throws Exception
    {
        try (OrderEntryClient client = OrderEntryClient.connect("127.0.0.1", box.gatewayPort))
        {
            assertTrue(client.logon("BROKER1", box.clientKey, box.gatewayKey()));
            for (int i = 0; i < 3; i++)
            {
                sendOrder(client);
            }
        }
        final String token = login("carol");
        final JsonArray orders = awaitRecords(token, "account=ACC1&kind=ORDER_PATH_SEALED", 3);
        for (int i = 0; i < orders.size(); i++)
        {
            final JsonObject order = orders.getJsonObject(i);
            assertEquals("AAPL", order.getString("symbol"), order.encode());
            assertEquals("BROKER1", order.getString("actor"), order.encode());
            assertNull(order.getString("clOrdId"), "the client order id is not clear metadata: " + order.encode());
            assertTrue(order.getString("detail").contains("content sealed"), order.encode());
        }
        firstSealedOrder = orders.getJsonObject(0).getLong("sequence");

        final JsonArray byAlice = records(token, "actor=alice&kind=APPROVAL");
        assertTrue(byAlice.size() >= 2, "alice's requests are found by her name: " + byAlice.encode());
        assertTrue(byAlice.encode().contains("key.rotate"), "key operations are found by who asked for them: " + byAlice.encode());
        final JsonArray byDave = records(token, "actor=dave&kind=APPROVAL");
        assertTrue(byDave.size() >= 2, "and by who approved them: " + byDave.encode());
        final JsonArray davesCalls = records(token, "actor=dave&kind=CONTROL_ACCESS");
        assertTrue(davesCalls.stream().map(JsonObject.class::cast).anyMatch(call -> call.getString("detail").contains("/approve")),
            "the control-plane call that carried dave's signed approval is journaled under his name: " + davesCalls.encode());

        final TestAppliance.Reply firstPage = search(token, "account=ACC1&kind=ORDER_PATH_SEALED&limit=2");
        assertEquals(2, firstPage.body().getJsonArray("records").size());
        final long next = firstPage.body().getLong("next");
        final JsonArray secondPage = records(token, "account=ACC1&kind=ORDER_PATH_SEALED&limit=2&after=" + next);
        assertTrue(secondPage.getJsonObject(0).getLong("sequence") > next, "pages follow each other");
    }

    @Test
    @Order(2)
    void shouldRefuseContentWithoutTheRoleAndJournalTheRefusal() throws Exception
    {
        final String token = login("carol");
        final TestAppliance.Reply refused = content(token, firstSealedOrder);
        assertEquals(403, refused.status(), refused.body().encode());
        final JsonArray carols = records(token, "actor=carol&kind=CONTROL_ACCESS");
        assertTrue(carols.encode().contains("read-sealed-order-content") && carols.encode().contains("refused"),
            "the refused read is in the journal under carol's name: " + carols.encode());
    }

    @Test
    @Order(3)
    void shouldReadContentWithTheRoleGivenByAQuorumAndFindTheReadInTheNextSearch() throws Exception
    {
        assertExecuted(box.quorum("principal.roles", new JsonObject().put("id", "carol")
            .put("roles", SEARCH_AND_EXPORT + "+compliance.read-content").encode(), "alice", "bob", "dave"));
        final String token = login("carol");
        final TestAppliance.Reply read = content(token, firstSealedOrder);
        assertEquals(200, read.status(), read.body().encode());
        assertTrue(read.body().getString("event").contains("clOrdId=" + clOrdIds.get(0)), read.body().encode());
        assertTrue(read.body().getString("event").contains("priceE4=" + pricesE4.get(0)), read.body().encode());
        final JsonArray reads = records(token, "actor=carol&kind=CONTROL_ACCESS");
        assertTrue(reads.stream().map(JsonObject.class::cast).anyMatch(r -> r.getString("detail").contains("\"permitted\"") &&
            r.getString("detail").contains("\"sequence\":" + firstSealedOrder) && r.getString("session") != null),
            "the read, with carol's session, is itself a journal record: " + reads.encode());
    }

    @Test
    @Order(4)
    void shouldNotLetACompliancePrincipalHaltTrading() throws Exception
    {
        final long nowMs = System.currentTimeMillis();
        final com.orderguard.quorum.QuorumRequest halt = com.orderguard.quorum.QuorumRequest.of("trading.halt",
            com.orderguard.quorum.json.Parameters.fromJson("{\"reason\":\"not mine to pull\"}"), "carol", nowMs, nowMs + 300_000,
            com.orderguard.quorum.policy.PolicySet.fromJson(box.get("/v1/quorum/policies").body().encode()).version(), false,
            nonce());
        final TestAppliance.Reply refused = box.post("/v1/halt", new JsonObject().put("request", new JsonObject(halt.canonicalJson()))
            .put("submission", new JsonObject(box.signer("carol").submit(halt, nowMs).toJson())));
        assertEquals(403, refused.status(), refused.body().encode());
        assertTrue(refused.body().getString("error").contains("ops.halt"), refused.body().encode());
        assertEquals("OPEN", box.get("/v1/health").body().getString("state"));
    }

    @Test
    @Order(5)
    void shouldRefuseAForgedAndAnExpiredTokenAndJournalBoth() throws Exception
    {
        final String token = login("carol");
        final int dot = token.lastIndexOf('.');
        final String claims = new String(Base64.getUrlDecoder().decode(token.substring(5, dot)), StandardCharsets.UTF_8);
        final String forged = "ogt1." + Base64.getUrlEncoder().withoutPadding().encodeToString(
            claims.replace("\"carol\"", "\"alice\"").getBytes(StandardCharsets.UTF_8)) + token.substring(dot);
        final TestAppliance.Reply forgedReply = search(forged, "account=ACC1");
        assertEquals(401, forgedReply.status(), forgedReply.body().encode());
        assertEquals("BAD_TOKEN", forgedReply.body().getString("reason"));

        Thread.sleep(Duration.ofSeconds(TOKEN_TTL_SECONDS + 1).toMillis());
        final TestAppliance.Reply expired = search(token, "account=ACC1");
        assertEquals(401, expired.status(), expired.body().encode());
        assertEquals("EXPIRED_TOKEN", expired.body().getString("reason"));

        final String fresh = login("carol");
        final String refusals = records(fresh, "kind=CONTROL_ACCESS").encode();
        assertTrue(refusals.contains("BAD_TOKEN") && refusals.contains("EXPIRED_TOKEN"), "both refusals journaled: " + refusals);
    }

    @Test
    @Order(6)
    void shouldExportADayWithProofsThatTheOfflineVerifierAccepts() throws Exception
    {
        final Path tokenFile = box.work.resolve("carol.token");
        cliLogin(tokenFile);
        final String found = box.cli("search", "compliance", "search", "--config", box.config.toString(), "--token-file",
            tokenFile.toString(), "--account", "ACC1", "--kind", "ORDER_PATH_SEALED", "--page-size", "2");
        assertTrue(found.contains(Long.toString(firstSealedOrder)) && found.contains("content sealed"), found);
        cliLogin(tokenFile);
        final String read = box.cli("read", "compliance", "read", Long.toString(firstSealedOrder), "--config", box.config.toString(),
            "--token-file", tokenFile.toString());
        assertTrue(read.contains("clOrdId=" + clOrdIds.get(0)), read);
        cliLogin(tokenFile);
        final Path export = box.work.resolve("report.jsonl");
        final String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
        box.cli("export", "compliance", "export", "--config", box.config.toString(), "--token-file", tokenFile.toString(),
            "--day", today, "--out", export.toString());
        final List<String> lines = Files.readAllLines(export);
        assertTrue(lines.stream().anyMatch(line -> line.contains("\"ORDER_PATH_SEALED\"")), "the day's orders are in the export");
        final String verified = box.cli("verify-export", "journal", "verify-export", export.toString(),
            "--public-key", box.work.resolve("data/custody/journal-signing.pub.pem").toString());
        assertTrue(verified.contains("OK:"), verified);
    }

    @Test
    @Order(7)
    void shouldStillReadAfterAKekRotationAndARestartButNotOnceTheDataKeyIsDestroyed() throws Exception
    {
        final JsonObject kek = box.get("/v1/keys").body().getJsonArray("keys").stream().map(JsonObject.class::cast)
            .filter(k -> k.getString("purpose").equals("order-flow-kek") && k.getString("state").equals("ACTIVE")).findFirst().orElseThrow();
        assertExecuted(box.quorum("key.rotate", new JsonObject().put("purpose", "order-flow-kek").put("current", kek.getString("key")).encode(),
            "alice", "bob", "dave"));
        box.stop();
        box.start();
        box.unseal(); // nothing of the old data keys is in memory now: they unwrap under the new KEK
        String token = login("carol");
        assertEquals(200, content(token, firstSealedOrder).status(), "a journal written before a KEK rotation still decrypts after it");

        final JsonObject firstPair = records(token, "kind=KEY_OPERATION&actor=appliance").stream()
            .map(JsonObject.class::cast).map(r -> new JsonObject(r.getString("detail")))
            .filter(d -> "journal-content-key-pair".equals(d.getString("action"))).findFirst().orElseThrow();
        final long dataKey = EnvelopeEncryption.dataKeyIdOf(Base64.getDecoder().decode(firstPair.getString("sealedPrivateKey")));
        assertExecuted(box.quorum("key.destroy-data-key", new JsonObject().put("dataKey", dataKey).encode(), "alice", "bob", "dave"));
        token = login("carol");
        final TestAppliance.Reply shredded = content(token, firstSealedOrder);
        assertEquals(410, shredded.status(), shredded.body().encode());
        assertEquals("CONTENT_SHREDDED", shredded.body().getString("reason"));

        try (OrderEntryClient client = OrderEntryClient.connect("127.0.0.1", box.gatewayPort))
        {
            assertTrue(client.logon("BROKER1", box.clientKey, box.gatewayKey()));
            sendOrder(client);
        }
        final JsonArray all = awaitRecords(token, "account=ACC1&kind=ORDER_PATH_SEALED", 4);
        final long newest = all.getJsonObject(all.size() - 1).getLong("sequence");
        assertEquals(200, content(token, newest).status(), "orders after the shredding are sealed under a new pair");
    }

    @Test
    @Order(8)
    void shouldLeaveAJournalWithNoOrderContentInClearThatVerifiesOffline() throws Exception
    {
        box.stop();
        final List<String> clear = new ArrayList<>();
        for (int i = 0; i < clOrdIds.size(); i++)
        {
            clear.add(bytes(clOrdIds.get(i), ByteOrder.LITTLE_ENDIAN));
            clear.add(bytes(clOrdIds.get(i), ByteOrder.BIG_ENDIAN));
            clear.add(Long.toString(clOrdIds.get(i)));
            clear.add(bytes(pricesE4.get(i), ByteOrder.LITTLE_ENDIAN));
        }
        try (var files = Files.walk(box.journal()))
        {
            for (final Path file : files.filter(Files::isRegularFile).toList())
            {
                final String onDisk = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                for (final String value : clear)
                {
                    assertFalse(onDisk.contains(value), file + " holds an order's client order id or price in clear");
                }
            }
        }
        final JournalVerifier.Report report = JournalVerifier.verify(box.journal(),
            CheckpointVerifier.fromPem(box.work.resolve("data/custody/journal-signing.pub.pem")),
            WitnessLog.read(box.work.resolve("data/witness/checkpoints.log")), null);
        assertTrue(report.ok(), report.describe());
    }

    // --- helpers ---------------------------------------------------------------------------

    private static void sendOrder(final OrderEntryClient client) throws Exception
    {
        final long clOrdId = 1_000_000_000_000L + (RANDOM.nextLong() & 0xFFFF_FFFF_FFFFL);
        final long priceE4 = 1_000_001 + RANDOM.nextInt(1 << 30);
        clOrdIds.add(clOrdId);
        pricesE4.add(priceE4);
        client.send(clOrdId, "ACC1", "AAPL", Side.BUY, 10, priceE4);
        assertNotNull(client.awaitReport(Duration.ofSeconds(10)), "a report for order " + clOrdId);
    }

    /** 'appliance compliance login' as carol with her PKCS#12 key: a fresh token in {@code tokenFile}. */
    private static void cliLogin(final Path tokenFile) throws Exception
    {
        box.cli("login-carol", "compliance", "login", "--config", box.config.toString(), "--officer", "carol",
            "--keystore", box.work.resolve("officers/carol.p12").toString(), "--password-file", box.passwordFile.toString(),
            "--token-out", tokenFile.toString());
    }

    /** Logs in as {@code principal}: a challenge signed with their own key (what 'appliance compliance login' does). */
    private static String login(final String principal) throws Exception
    {
        final TestAppliance.Reply challenge = box.post("/v1/login/challenge", new JsonObject().put("principal", principal));
        assertEquals(200, challenge.status(), challenge.body().encode());
        final Signature signature = Signature.getInstance("SHA256withECDSA");
        signature.initSign(box.officerKey(principal));
        signature.update(Logins.loginMessage(principal, challenge.body().getString("challenge")));
        final TestAppliance.Reply login = box.post("/v1/login", new JsonObject().put("principal", principal)
            .put("challenge", challenge.body().getString("challenge"))
            .put("signature", Base64.getEncoder().encodeToString(signature.sign())));
        assertEquals(200, login.status(), login.body().encode());
        return login.body().getString("token");
    }

    private static TestAppliance.Reply search(final String token, final String query) throws Exception
    {
        return authorisedGet(token, "/v1/journal/search?" + query);
    }

    /** The records a search finds; a search that fails fails the test with the appliance's reply. */
    private static JsonArray records(final String token, final String query) throws Exception
    {
        final TestAppliance.Reply reply = search(token, query);
        assertEquals(200, reply.status(), () -> "search " + query + ": " + reply.body());
        return reply.body().getJsonArray("records");
    }

    private static TestAppliance.Reply content(final String token, final long sequence) throws Exception
    {
        return authorisedGet(token, "/v1/journal/records/" + sequence + "/content");
    }

    private static TestAppliance.Reply authorisedGet(final String token, final String path) throws Exception
    {
        final HttpResponse<String> response = box.http.send(HttpRequest.newBuilder(URI.create(box.url(path)))
            .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
        return new TestAppliance.Reply(response.statusCode(), new JsonObject(response.body()));
    }

    /** Order events are group-committed: search until {@code count} are there. */
    private static JsonArray awaitRecords(final String token, final String query, final int count) throws Exception
    {
        final long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true)
        {
            final TestAppliance.Reply reply = search(token, query);
            assertEquals(200, reply.status(), reply.body().encode());
            final JsonArray records = reply.body().getJsonArray("records");
            if (records.size() >= count || System.nanoTime() > deadline)
            {
                assertTrue(records.size() >= count, "records for " + query + ": " + records.encode());
                return records;
            }
            Thread.sleep(100);
        }
    }

    private static void assertExecuted(final JsonObject decided)
    {
        assertTrue(decided.containsKey("execution") && decided.getJsonObject("execution").getBoolean("accepted"), decided.encode());
    }

    private static String nonce()
    {
        final byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return java.util.HexFormat.of().formatHex(bytes);
    }

    private static String bytes(final long value, final ByteOrder order)
    {
        return new String(ByteBuffer.allocate(8).order(order).putLong(value).array(), StandardCharsets.ISO_8859_1);
    }
}
