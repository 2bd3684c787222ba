package com.orderguard.core;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.orderguard.core.audit.JournalReader;
import com.orderguard.core.audit.RecordKind;
import com.orderguard.quorum.ApprovalSigner;
import com.orderguard.quorum.QuorumRequest;
import com.orderguard.quorum.SignedStatement;
import com.orderguard.quorum.officer.SystemPrincipal;
import com.orderguard.testsupport.SoftHsmFixture;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Issue 4 against a running appliance: a key falling due is raised by the appliance itself as a pending
 * key.rotate request (initiator {@code appliance}, signed in its token); officers approve it through the
 * normal HTTP path and its execution rotates the key; an approval genuinely signed by the system principal
 * in the token is refused and journaled. The rotation notice is the whole 90-day period, so every key is
 * due at the unseal (and, one key ceremony at a time, one of them is submitted).
 */
class SystemPrincipalIT
{
    private static TestAppliance box;

    @BeforeAll
    static void startWithEveryKeyDue() throws Exception
    {
        box = new TestAppliance(SoftHsmFixture.freshTempDir("system-principal-it"), Map.of(),
            List.of("custody.rotation.noticeDays=90"), 1_000, "alice", "bob", "carol");
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
    void shouldRaiseADueKeyAsAPendingRequestByTheApplianceThatOfficersApproveAndThatRotatesTheKey() throws Exception
    {
        final JsonObject officers = box.get("/v1/quorum/officers").body();
        assertTrue(officers.encode().contains("\"" + SystemPrincipal.ROLE + "\""), "enrolled at init: " + officers.encode());

        final List<JsonObject> rotations = new ArrayList<>();
        for (final Object open : box.get("/v1/requests").body().getJsonArray("requests"))
        {
            if ("key.rotate".equals(((JsonObject)open).getString("operation")))
            {
                rotations.add((JsonObject)open);
            }
        }
        assertEquals(1, rotations.size(), "one key ceremony at a time: " + rotations);
        final JsonObject pending = rotations.get(0);
        assertEquals(SystemPrincipal.ID, pending.getString("initiator"), pending.encode());
        assertEquals("PENDING", pending.getString("state"));
        final QuorumRequest request = QuorumRequest.fromJson(pending.getJsonObject("request").encode());
        final String dueKey = String.valueOf(request.parameters().get("current"));

        // the appliance's own key, genuinely signing an approval in its token, counts for nothing
        final long nowMs = System.currentTimeMillis();
        final List<String> args = new ArrayList<>(List.of(box.config.toString(), request.id(), "APPROVE", String.valueOf(nowMs)));
        args.addAll(box.shares.subList(0, 3));
        final ChildProcess signer = ChildProcess.start("sign-as-appliance", box.work, SignAsSystemPrincipal.class.getName(),
            args.toArray(new String[0]));
        final String line = signer.awaitLine(l -> l.startsWith("STATEMENT "), 120);
        final SignedStatement systemApproval = SignedStatement.fromJson(line.substring("STATEMENT ".length()));
        final TestAppliance.Reply refused = decide(request, systemApproval);
        assertEquals(403, refused.status(), refused.body().encode());
        assertEquals("SYSTEM_PRINCIPAL", refused.body().getString("reason"), refused.body().encode());
        assertEquals(0, box.get("/v1/requests/" + request.id()).body().getJsonArray("approvers").size());

        assertEquals(200, decide(request, officer("alice").approve(request, System.currentTimeMillis())).status());
        final JsonObject executed = decide(request, officer("bob").approve(request, System.currentTimeMillis())).body();
        assertTrue(executed.getJsonObject("execution").getBoolean("accepted"), executed.encode());

        final JsonArray keys = box.get("/v1/keys").body().getJsonArray("keys");
        final JsonObject rotated = keys.stream().map(JsonObject.class::cast)
            .filter(k -> k.getString("key").equals(dueKey)).findFirst().orElseThrow();
        assertNotEquals("ACTIVE", rotated.getString("state"), keys.encode());

        boolean alertNamesRequest = false;
        boolean refusalJournaled = false;
        try (JournalReader reader = new JournalReader(box.journal()))
        {
            while (reader.next() == JournalReader.Status.RECORD)
            {
                final String payload = new String(reader.payloadCopy(), StandardCharsets.UTF_8);
                alertNamesRequest |= reader.kindCode() == RecordKind.ALERT.code() && payload.contains(request.id());
                refusalJournaled |= reader.kindCode() == RecordKind.CONTROL_ACCESS.code() && payload.contains("SYSTEM_PRINCIPAL");
            }
        }
        assertTrue(alertNamesRequest, "the rotation-due alert names the request the appliance submitted");
        assertTrue(refusalJournaled, "the refused approval by the system principal is in the journal");
    }

    private static ApprovalSigner officer(final String id) throws Exception
    {
        return new ApprovalSigner(id, box.officerKey(id));
    }

    private static TestAppliance.Reply decide(final QuorumRequest request, final SignedStatement statement) throws Exception
    {
        return box.post("/v1/requests/" + request.id() + "/approve",
            new JsonObject().put("statement", new JsonObject(statement.toJson())));
    }
}
