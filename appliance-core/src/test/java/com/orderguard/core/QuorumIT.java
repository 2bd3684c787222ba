package com.orderguard.core;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.orderguard.core.audit.JournalReader;
import com.orderguard.core.audit.RecordKind;
import com.orderguard.quorum.ApprovalSigner;
import com.orderguard.quorum.Decision;
import com.orderguard.quorum.QuorumRequest;
import com.orderguard.quorum.SignedStatement;
import com.orderguard.quorum.json.Parameters;
import com.orderguard.quorum.policy.PolicySet;
import com.orderguard.quorum.policy.QuorumPolicy;

import io.vertx.core.json.JsonObject;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Issue 5 against a running appliance: every forbidden approval is refused with a clear reason,
 * audited, and changes nothing; a quorum executes exactly once, even when approvals race and
 * across a restart. Officers sign with keys made by {@code appliance officer keygen}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class QuorumIT
{
    private static TestAppliance box;
    private static String resumeId;
    private static String pendingAcrossRestartId;

    @BeforeAll
    static void startUnsealedAndHalted() throws Exception
    {
        // small segments: the quorum history spans many, so the restart below rebuilds the book
        // through the segment summaries rather than by reading every record
        box = new TestAppliance(com.orderguard.testsupport.SoftHsmFixture.freshTempDir("quorum-it"), java.util.Map.of(),
            List.of("journal.segmentBytes=8192"), 1_000, "alice", "bob", "carol", "dave");
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
    @Order(1)
    void shouldLetOneOfficerHaltTradingButRefuseAForgedHalt() throws Exception
    {
        final QuorumRequest forged = haltRequest("alice");
        final TestAppliance.Reply refused = box.post("/v1/halt", new JsonObject()
            .put("request", new JsonObject(forged.canonicalJson()))
            .put("submission", new JsonObject(signedBy("alice", box.officerKey("bob"), forged, Decision.SUBMIT).toJson())));
        assertEquals(403, refused.status(), refused.body().encode());
        assertEquals("OPEN", state());

        final QuorumRequest halt = haltRequest("alice");
        final TestAppliance.Reply halted = box.post("/v1/halt", new JsonObject()
            .put("request", new JsonObject(halt.canonicalJson()))
            .put("submission", new JsonObject(signer("alice").submit(halt, System.currentTimeMillis()).toJson())));
        assertEquals(200, halted.status(), halted.body().encode());
        assertEquals("HALTED", state());
    }

    @Test
    @Order(2)
    void shouldRefuseSelfApproval() throws Exception
    {
        final QuorumRequest resume = submit("alice", "trading.resume", "{}");
        resumeId = resume.id();
        final TestAppliance.Reply reply = decide(resume, signer("alice").approve(resume, now()), "approve");
        assertRefused(reply, 403, "SELF_APPROVAL");
        assertPending(resumeId, 0);
    }

    @Test
    @Order(3)
    void shouldRefuseAForgedSignatureAndAWrongCurveSignature() throws Exception
    {
        final QuorumRequest resume = request(resumeId);
        assertRefused(decide(resume, signedBy("bob", box.officerKey("carol"), resume, Decision.APPROVE), "approve"), 403, "BAD_SIGNATURE");

        final KeyPairGenerator p384 = KeyPairGenerator.getInstance("EC");
        p384.initialize(new ECGenParameterSpec("secp384r1"));
        assertRefused(decide(resume, signedBy("bob", p384.generateKeyPair().getPrivate(), resume, Decision.APPROVE), "approve"),
            403, "BAD_SIGNATURE");
        assertPending(resumeId, 0);
    }

    @Test
    @Order(4)
    void shouldRefuseAnApprovalReplayedFromAnotherRequestOrSignedOverOtherParameters() throws Exception
    {
        final QuorumRequest resume = request(resumeId);
        final QuorumRequest other = submit("carol", "trading.resume", "{}");
        final SignedStatement forOther = signer("bob").approve(other, now());
        assertRefused(decide(resume, forOther, "approve"), 403, "WRONG_REQUEST");

        final QuorumRequest altered = QuorumRequest.of(resume.operation(), Parameters.fromJson("{\"note\":\"other\"}"),
            resume.initiatorId(), resume.createdAtMs(), resume.expiresAtMs(), resume.policyVersion(), false, resume.nonce());
        assertRefused(decide(resume, signer("bob").approve(altered, now()), "approve"), 403, "WRONG_REQUEST");
        assertPending(resumeId, 0);
        assertEquals(200, decide(other, signer("carol").cancel(other, now()), "cancel").status());
    }

    @Test
    @Order(5)
    void shouldRefuseTheSameOfficerApprovingTwice() throws Exception
    {
        final QuorumRequest resume = request(resumeId);
        assertEquals(200, decide(resume, signer("bob").approve(resume, now()), "approve").status());
        assertRefused(decide(resume, signer("bob").approve(resume, now()), "approve"), 409, "DUPLICATE_DECISION");
        assertPending(resumeId, 1);
        assertEquals("HALTED", state());
    }

    @Test
    @Order(6)
    void shouldRefuseAnExpiredRequestAndAStatementFromTheFuture() throws Exception
    {
        final long nowMs = now();
        final QuorumRequest stale = QuorumRequest.of("trading.resume", Parameters.fromJson("{}"), "carol",
            nowMs - 7_200_000, nowMs - 3_600_000, 1, false, nonce());
        final TestAppliance.Reply reply = box.post("/v1/requests", new JsonObject()
            .put("request", new JsonObject(stale.canonicalJson()))
            .put("submission", new JsonObject(signer("carol").sign(stale.id(), Decision.SUBMIT, nowMs - 7_000_000).toJson())));
        assertEquals(400, reply.status(), reply.body().encode());
        assertFalse(reply.body().getBoolean("accepted"), reply.body().encode());
        assertTrue(reply.body().getString("message").contains("clock"), reply.body().encode());

        final QuorumRequest resume = request(resumeId);
        assertRefused(decide(resume, signer("dave").approve(resume, nowMs + 3_600_000), "approve"), 409, "STATEMENT_EXPIRED");
        assertPending(resumeId, 1);
    }

    @Test
    @Order(7)
    void shouldExecuteExactlyOnceWhenApprovalsCrossTheThresholdTogether() throws Exception
    {
        final QuorumRequest resume = request(resumeId);
        final List<SignedStatement> approvals = List.of(signer("carol").approve(resume, now()), signer("dave").approve(resume, now()));
        final ExecutorService pool = Executors.newFixedThreadPool(2);
        final CountDownLatch go = new CountDownLatch(1);
        final List<Future<TestAppliance.Reply>> replies = new ArrayList<>();
        for (final SignedStatement approval : approvals)
        {
            final Callable<TestAppliance.Reply> call = () ->
            {
                go.await();
                return decide(resume, approval, "approve");
            };
            replies.add(pool.submit(call));
        }
        go.countDown();
        int executions = 0;
        int refusedAfter = 0;
        for (final Future<TestAppliance.Reply> future : replies)
        {
            final JsonObject body = future.get().body();
            if (body.containsKey("execution"))
            {
                assertTrue(body.getJsonObject("execution").getBoolean("accepted"), body.encode());
                executions++;
            }
            else if (!body.getBoolean("accepted"))
            {
                refusedAfter++;
            }
        }
        pool.shutdown();
        assertEquals(1, executions, "exactly one approval completes the quorum and executes");
        assertTrue(refusedAfter <= 1);
        assertEquals("OPEN", state());
        assertEquals("EXECUTED", box.get("/v1/requests/" + resumeId).body().getString("state"));
    }

    @Test
    @Order(8)
    void shouldRefuseAnApprovalAfterExecution() throws Exception
    {
        final QuorumRequest resume = request(resumeId);
        final TestAppliance.Reply reply = decide(resume, signer("dave").approve(resume, now()), "approve");
        assertFalse(reply.body().getBoolean("accepted"), reply.body().encode());
        assertEquals("OPEN", state());
    }

    @Test
    @Order(9)
    void shouldNotChangePolicyWithoutTheThresholdOfThePolicyItReplaces() throws Exception
    {
        final PolicySet current = PolicySet.fromJson(box.get("/v1/quorum/policies").body().encode());
        assertNotNull(current.breakGlass(), "four officers at 2 approvals get a 3-approval break-glass policy");
        final PolicySet loosened = PolicySet.builder(current.version() + 1).copyOf(current)
            .breakGlass(QuorumPolicy.builder(QuorumPolicy.BREAK_GLASS).threshold(3).eligibleRoles("security-officer").ttlMs(60_000).build())
            .build();
        final QuorumRequest change = submit("alice", QuorumPolicy.POLICY_CHANGE, loosened.toJson());
        assertEquals(200, decide(change, signer("bob").approve(change, now()), "approve").status());
        assertEquals(200, decide(change, signer("carol").approve(change, now()), "approve").status());
        final JsonObject shown = box.get("/v1/requests/" + change.id()).body();
        assertEquals("PENDING", shown.getString("state"), "two approvals cannot change a policy that needs three");
        assertEquals(3, shown.getInteger("requiredApprovals"));
        assertEquals(current.version(), PolicySet.fromJson(box.get("/v1/quorum/policies").body().encode()).version());

        final JsonObject third = decide(change, signer("dave").approve(change, now()), "approve").body();
        assertTrue(third.getJsonObject("execution").getBoolean("accepted"), third.encode());
        assertEquals(current.version() + 1, PolicySet.fromJson(box.get("/v1/quorum/policies").body().encode()).version());
    }

    @Test
    @Order(10)
    void shouldKeepPendingRequestsAcrossARestartAndExecuteNothingTwice() throws Exception
    {
        final QuorumRequest halt = haltRequest("bob");
        assertEquals(200, box.post("/v1/halt", new JsonObject().put("request", new JsonObject(halt.canonicalJson()))
            .put("submission", new JsonObject(signer("bob").submit(halt, now()).toJson()))).status());
        final QuorumRequest resume = submit("bob", "trading.resume", "{}");
        pendingAcrossRestartId = resume.id();
        assertEquals(200, decide(resume, signer("carol").approve(resume, now()), "approve").status());

        box.stop();
        final com.orderguard.core.audit.ControlRecords.Scan scan =
            com.orderguard.core.audit.ControlRecords.read(box.journal(), (sequence, kind, subtype, payload) -> { });
        assertTrue(scan.segmentsBySummary() > 2 && scan.segmentsReadWhole() == 1, "start-up reads " + scan);
        box.start();
        box.unseal();
        assertPending(pendingAcrossRestartId, 1);
        assertEquals("EXECUTED", box.get("/v1/requests/" + resumeId).body().getString("state"));
        final QuorumRequest executedBefore = request(resumeId);
        assertFalse(decide(executedBefore, signer("bob").approve(executedBefore, now()), "approve").body().getBoolean("accepted"));
    }

    @Test
    @Order(11)
    void shouldRunTheCeremonyThroughTheOfficerCli() throws Exception
    {
        final String config = box.config.toString();
        final String pass = box.passwordFile.toString();
        final String halt = box.cli("cli-halt", "halt", "--config", config, "--officer", "alice",
            "--keystore", box.officerKeystores.get("alice").toString(), "--password-file", pass, "--reason", "cli drill");
        assertTrue(halt.contains("trading halted"), halt);
        assertEquals("HALTED", state());

        final String listed = box.cli("cli-list", "request", "list", "--config", config, "--output", "json");
        assertTrue(listed.contains(pendingAcrossRestartId), listed);

        final ChildProcess self = box.cliExpectingFailure("cli-self", "request", "approve", pendingAcrossRestartId,
            "--config", config, "--officer", "bob", "--keystore", box.officerKeystores.get("bob").toString(), "--password-file", pass);
        assertEquals(1, self.await(5), self.output());
        assertTrue(self.output().contains("SELF_APPROVAL"), self.output());

        final String approved = box.cli("cli-approve", "request", "approve", pendingAcrossRestartId, "--config", config,
            "--officer", "dave", "--keystore", box.officerKeystores.get("dave").toString(), "--password-file", pass);
        assertTrue(approved.contains("quorum reached, executed"), approved);
        assertEquals("OPEN", state());

        final ChildProcess afterExecution = box.cliExpectingFailure("cli-late", "request", "approve", pendingAcrossRestartId,
            "--config", config, "--officer", "alice", "--keystore", box.officerKeystores.get("alice").toString(),
            "--password-file", pass, "--output", "json");
        assertEquals(1, afterExecution.await(5), afterExecution.output());
        assertTrue(afterExecution.output().contains("\"accepted\":false"), afterExecution.output());

        // A fresh request through the CLI: submitted, approved once, approved twice (refused), denied, cancelled.
        final String submitted = box.cli("cli-submit", "request", "submit", "--config", config, "--officer", "carol",
            "--keystore", box.officerKeystores.get("carol").toString(), "--password-file", pass,
            "--op", "route.set", "--params", "{\"symbol\":\"MSFT\",\"venue\":\"SIM\"}");
        final String id = submitted.replaceAll("(?s).*submitted ([0-9a-f]{64}).*", "$1");
        assertEquals(64, id.length(), submitted);
        box.cli("cli-approve-1", "request", "approve", id, "--config", config, "--officer", "alice",
            "--keystore", box.officerKeystores.get("alice").toString(), "--password-file", pass);
        final ChildProcess twice = box.cliExpectingFailure("cli-twice", "request", "approve", id, "--config", config,
            "--officer", "alice", "--keystore", box.officerKeystores.get("alice").toString(), "--password-file", pass);
        assertEquals(1, twice.await(5), twice.output());
        assertTrue(twice.output().contains("DUPLICATE_DECISION"), twice.output());
        box.cli("cli-deny", "request", "deny", id, "--config", config, "--officer", "bob",
            "--keystore", box.officerKeystores.get("bob").toString(), "--password-file", pass);
        final String shown = box.cli("cli-show", "request", "show", id, "--config", config, "--output", "json");
        assertTrue(shown.contains("\"deniers\":[\"bob\"]"), shown);
        box.cli("cli-cancel", "request", "cancel", id, "--config", config, "--officer", "carol",
            "--keystore", box.officerKeystores.get("carol").toString(), "--password-file", pass);
        assertEquals("CANCELLED", box.get("/v1/requests/" + id).body().getString("state"));
    }

    @Test
    @Order(12)
    void shouldHaveJournaledEveryRefusalWithItsReason() throws Exception
    {
        final List<String> reasons = new ArrayList<>();
        int quorumEvents = 0;
        try (JournalReader reader = new JournalReader(box.journal()))
        {
            while (reader.next() == JournalReader.Status.RECORD)
            {
                if (reader.kindCode() == RecordKind.CONTROL_ACCESS.code())
                {
                    final JsonObject access = new JsonObject(new String(reader.payloadCopy(), StandardCharsets.UTF_8));
                    if (access.containsKey("reason"))
                    {
                        reasons.add(access.getString("reason"));
                    }
                }
                else if (reader.kindCode() == RecordKind.APPROVAL.code())
                {
                    quorumEvents++;
                }
            }
        }
        for (final String expected : List.of("HALT_REFUSED", "SELF_APPROVAL", "BAD_SIGNATURE", "WRONG_REQUEST",
            "DUPLICATE_DECISION", "STATEMENT_EXPIRED"))
        {
            assertTrue(reasons.contains(expected), expected + " in " + reasons);
        }
        assertTrue(quorumEvents > 10, "quorum events are journaled: " + quorumEvents);
    }

    @Test
    @Order(13)
    void shouldRefuseAtSubmissionARequestThatCouldNeverExecute() throws Exception
    {
        final PolicySet policies = PolicySet.fromJson(box.get("/v1/quorum/policies").body().encode());
        final QuorumRequest badVenue = QuorumRequest.draft("route.set", Parameters.fromJson("{\"symbol\":\"MSFT\",\"venue\":\"NOWHERE\"}"),
            "alice", false, policies, now(), new SecureRandom());
        final TestAppliance.Reply reply = box.post("/v1/requests", new JsonObject()
            .put("request", new JsonObject(badVenue.canonicalJson()))
            .put("submission", new JsonObject(signer("alice").submit(badVenue, now()).toJson())));
        assertRefused(reply, 400, "INVALID_REQUEST");
        assertEquals(404, box.get("/v1/requests/" + badVenue.id()).status(), "nothing entered the book");
    }

    @Test
    @Order(14)
    void shouldApplyAQuorumApprovedLimitChangeOnTheOrderPath() throws Exception
    {
        final QuorumRequest change = submit("carol", "limit.change",
            "{\"limit\":\"maxOrderQuantity\",\"scope\":\"GLOBAL\",\"id\":\"\",\"value\":500}");
        assertEquals(200, decide(change, signer("alice").approve(change, now()), "approve").status());
        final JsonObject executed = decide(change, signer("dave").approve(change, now()), "approve").body();
        final JsonObject execution = executed.getJsonObject("execution");
        assertTrue(execution.getBoolean("accepted"), executed.encode());
        assertTrue(execution.getString("message").contains("applied"), executed.encode());
    }

    @Test
    @Order(15)
    void shouldRotateTheOrderFlowKekOnlyOnAQuorumAndListItWithoutSecrets() throws Exception
    {
        final JsonObject before = box.get("/v1/keys").body();
        final JsonObject kek = before.getJsonArray("keys").stream().map(JsonObject.class::cast)
            .filter(k -> k.getString("purpose").equals("order-flow-kek") && k.getString("state").equals("ACTIVE"))
            .findFirst().orElseThrow();
        assertFalse(before.encode().contains("\"value\""), "no key material in the inventory");
        final QuorumRequest rotate = submit("bob", "key.rotate",
            new JsonObject().put("purpose", "order-flow-kek").put("current", kek.getString("key")).encode());
        assertEquals(200, decide(rotate, signer("carol").approve(rotate, now()), "approve").status());
        final JsonObject executed = decide(rotate, signer("dave").approve(rotate, now()), "approve").body();
        assertTrue(executed.getJsonObject("execution").getBoolean("accepted"), executed.encode());

        final JsonObject after = box.get("/v1/keys").body();
        final long activeKeks = after.getJsonArray("keys").stream().map(JsonObject.class::cast)
            .filter(k -> k.getString("purpose").equals("order-flow-kek") && k.getString("state").equals("ACTIVE")).count();
        assertEquals(1, activeKeks, after.encode());
        assertTrue(after.getJsonArray("keys").stream().map(JsonObject.class::cast)
            .anyMatch(k -> k.getString("key").equals(kek.getString("key")) && !k.getString("state").equals("ACTIVE")), after.encode());
    }

    @Test
    @Order(16)
    void shouldRefuseARevokedOfficerAndCountANewlyEnrolledOne() throws Exception
    {
        final QuorumRequest revoke = submit("alice", "officer.revoke", "{\"id\":\"dave\"}");
        assertEquals(200, decide(revoke, signer("bob").approve(revoke, now()), "approve").status());
        final JsonObject revoked = decide(revoke, signer("carol").approve(revoke, now()), "approve").body();
        assertTrue(revoked.getJsonObject("execution").getBoolean("accepted"), revoked.encode());

        final QuorumRequest change = submit("carol", "limit.change",
            "{\"limit\":\"maxOrderQuantity\",\"scope\":\"global\",\"id\":\"\",\"value\":400}");
        assertRefused(decide(change, signer("dave").approve(change, now()), "approve"), 403, "OFFICER_REVOKED");
        assertPending(change.id(), 0);

        final KeyPairGenerator p256 = KeyPairGenerator.getInstance("EC");
        p256.initialize(new ECGenParameterSpec("secp256r1"));
        final java.security.KeyPair erin = p256.generateKeyPair();
        final QuorumRequest enrol = submit("alice", "officer.add", new JsonObject().put("id", "erin").put("displayName", "Erin")
            .put("roles", "security-officer").put("publicKeyPem", com.orderguard.quorum.officer.P256.toPem(erin.getPublic())).encode());
        assertEquals(200, decide(enrol, signer("bob").approve(enrol, now()), "approve").status());
        assertTrue(decide(enrol, signer("carol").approve(enrol, now()), "approve").body().getJsonObject("execution").getBoolean("accepted"));

        assertEquals(200, decide(change, new ApprovalSigner("erin", erin.getPrivate()).approve(change, now()), "approve").status());
        assertPending(change.id(), 1);
        final JsonObject officers = box.get("/v1/quorum/officers").body();
        assertTrue(officers.encode().contains("\"REVOKED\""), officers.encode());
    }

    @Test
    @Order(17)
    void shouldExportADayOfTheJournalWithProofsOnlyOnAQuorum() throws Exception
    {
        final String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
        final QuorumRequest export = submit("bob", "audit.export", new JsonObject().put("day", today).encode());
        assertEquals(200, decide(export, signer("carol").approve(export, now()), "approve").status());
        assertFalse(java.nio.file.Files.exists(box.work.resolve("data/exports")), "nothing leaves before the quorum");
        final JsonObject done = decide(export, signer("alice").approve(export, now()), "approve").body();
        assertTrue(done.getJsonObject("execution").getBoolean("accepted"), done.encode());
        try (var files = java.nio.file.Files.list(box.work.resolve("data/exports")))
        {
            final java.nio.file.Path file = files.findFirst().orElseThrow();
            final List<String> lines = java.nio.file.Files.readAllLines(file);
            final JsonObject checkpoint = new JsonObject(lines.get(0));
            assertEquals("checkpoint", checkpoint.getString("type"), lines.get(0));
            assertNotNull(checkpoint.getString("signature"));
            final JsonObject record = new JsonObject(lines.get(1));
            assertEquals("record", record.getString("type"), lines.get(1));
            assertTrue(record.containsKey("proof"), lines.get(1));
        }
    }

    // --- helpers ---------------------------------------------------------------------------

    private static String state() throws Exception
    {
        return box.get("/v1/health").body().getString("state");
    }

    private static ApprovalSigner signer(final String officer) throws Exception
    {
        return new ApprovalSigner(officer, box.officerKey(officer));
    }

    private static long now()
    {
        return System.currentTimeMillis();
    }

    private static String nonce()
    {
        final byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static QuorumRequest haltRequest(final String officer) throws Exception
    {
        final long nowMs = now();
        final long policyVersion = PolicySet.fromJson(box.get("/v1/quorum/policies").body().encode()).version();
        return QuorumRequest.of("trading.halt", Parameters.fromJson("{\"reason\":\"drill\"}"), officer, nowMs, nowMs + 300_000,
            policyVersion, false, nonce());
    }

    private static QuorumRequest submit(final String initiator, final String operation, final String parameters) throws Exception
    {
        final PolicySet policies = PolicySet.fromJson(box.get("/v1/quorum/policies").body().encode());
        final QuorumRequest request = QuorumRequest.draft(operation, Parameters.fromJson(parameters), initiator, false, policies,
            now(), new SecureRandom());
        final TestAppliance.Reply reply = box.post("/v1/requests", new JsonObject()
            .put("request", new JsonObject(request.canonicalJson()))
            .put("submission", new JsonObject(signer(initiator).submit(request, now()).toJson())));
        assertEquals(201, reply.status(), reply.body().encode());
        return request;
    }

    private static QuorumRequest request(final String id) throws Exception
    {
        return QuorumRequest.fromJson(box.get("/v1/requests/" + id).body().getJsonObject("request").encode());
    }

    private static TestAppliance.Reply decide(final QuorumRequest request, final SignedStatement statement, final String verb)
        throws Exception
    {
        return box.post("/v1/requests/" + request.id() + "/" + verb, new JsonObject().put("statement", new JsonObject(statement.toJson())));
    }

    /** A statement naming {@code officer} but signed with {@code key}: a forgery when the key is not theirs. */
    private static SignedStatement signedBy(final String officer, final PrivateKey key, final QuorumRequest request, final Decision decision)
        throws Exception
    {
        final long nowMs = now();
        final Signature signature = Signature.getInstance("SHA256withECDSA");
        signature.initSign(key);
        signature.update(SignedStatement.statementJson(request.id(), decision, officer, nowMs).getBytes(StandardCharsets.UTF_8));
        return SignedStatement.of(request.id(), decision, officer, nowMs, signature.sign());
    }

    private static void assertRefused(final TestAppliance.Reply reply, final int status, final String reason)
    {
        assertEquals(status, reply.status(), reply.body().encode());
        assertEquals(reason, reply.body().getString("reason"), reply.body().encode());
        assertFalse(reply.body().getBoolean("accepted"));
    }

    private static void assertPending(final String requestId, final int approvals) throws Exception
    {
        final JsonObject shown = box.get("/v1/requests/" + requestId).body();
        assertEquals("PENDING", shown.getString("state"), shown.encode());
        assertEquals(approvals, shown.getJsonArray("approvers").size(), shown.encode());
    }
}
