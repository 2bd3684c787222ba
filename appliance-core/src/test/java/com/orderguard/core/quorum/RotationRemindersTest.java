package com.orderguard.core.quorum;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.orderguard.custody.inventory.KeyPurpose;
import com.orderguard.custody.inventory.KeyRecord;
import com.orderguard.custody.inventory.KeyState;
import com.orderguard.custody.lifecycle.KeyOperations;
import com.orderguard.quorum.json.Parameters;

import io.vertx.core.json.JsonObject;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Rotation due: each key version custody lists as due (its expiry within the notice, default 14 days
 * before the 90-day expiry) is raised once, as the exact key.rotate request custody will verify,
 * submitted by the appliance's system principal, journaled before it is remembered, and not raised
 * again after a restart unless its request expired or was cancelled.
 */
class RotationRemindersTest
{
    private static final Instant T0 = Instant.parse("2026-11-22T06:00:00Z");

    @TempDir
    Path quorumDir;

    private final List<KeyRecord> due = new ArrayList<>();
    private final List<JsonObject> journal = new ArrayList<>();
    private final FakeInitiator initiator = new FakeInitiator();

    /** The book's side, as far as reminders see it: which key versions were submitted, which requests stand. */
    private static final class FakeInitiator implements RotationReminders.Initiator
    {
        final List<String> submitted = new ArrayList<>();
        final java.util.Set<String> lapsed = new java.util.HashSet<>();
        String refusal;

        @Override
        public Result submit(final KeyRecord key)
        {
            if (refusal != null)
            {
                return Result.refused(refusal, "refused for the test", null);
            }
            submitted.add(key.alias());
            return new Result(true, "ACCEPTED", "submitted", "req-" + submitted.size(), "PENDING");
        }

        @Override
        public boolean stands(final String requestId)
        {
            return !lapsed.contains(requestId);
        }
    }

    @Test
    void shouldRaiseADueKeyOnceAsTheRotateRequestCustodyWillVerify() throws Exception
    {
        final KeyRecord journalKey = active(KeyPurpose.JOURNAL_SIGNING, 1);
        due.add(journalKey);
        final RotationReminders reminders = new RotationReminders(quorumDir, () -> due, initiator, journal::add);

        final List<JsonObject> raised = reminders.check();

        assertEquals(1, raised.size());
        assertEquals(raised, journal, "journaled as raised");
        final JsonObject reminder = raised.get(0);
        assertEquals("journal-signing.v1", reminder.getString("key"));
        assertEquals(KeyOperations.ROTATE, reminder.getString("operation"));
        assertEquals(KeyOperations.rotate(KeyPurpose.JOURNAL_SIGNING, journalKey),
            Parameters.fromJson(reminder.getJsonObject("parameters").encode()),
            "the parameters are those custody rebuilds: an officer submits them unchanged");
        assertEquals(String.valueOf(journalKey.expiresAt()), reminder.getString("expiresAt"));
        assertEquals("req-1", reminder.getString("requestId"), "submitted as a pending request, named in the alert");
        assertEquals(List.of(), reminders.check(), "raised once, not at every check");
        assertEquals(1, journal.size());
        assertEquals(List.of("journal-signing.v1"), initiator.submitted);
    }

    @Test
    void shouldSubmitAnewWhenTheRequestExpiredOrWasCancelledButNotWhileItStands() throws Exception
    {
        due.add(active(KeyPurpose.GATEWAY_SIGNING, 1));
        new RotationReminders(quorumDir, () -> due, initiator, journal::add).check();

        final RotationReminders restarted = new RotationReminders(quorumDir, () -> due, initiator, journal::add);
        assertEquals(List.of(), restarted.check(), "req-1 still stands");
        initiator.lapsed.add("req-1");

        assertEquals("req-2", restarted.check().get(0).getString("requestId"));
        assertEquals(List.of("gateway-signing.v1", "gateway-signing.v1"), initiator.submitted);
    }

    @Test
    void shouldAlertWithTheRequestForAnOfficerWhenTheApplianceCannotSubmitItAndTryAgainNextCheck() throws Exception
    {
        due.add(active(KeyPurpose.ORDER_FLOW_KEK, 1));
        initiator.refusal = "NO_SYSTEM_PRINCIPAL";
        final RotationReminders reminders = new RotationReminders(quorumDir, () -> due, initiator, journal::add);

        final JsonObject alert = reminders.check().get(0);

        assertTrue(alert.getString("notSubmitted").startsWith("NO_SYSTEM_PRINCIPAL"), alert.encode());
        assertEquals(KeyOperations.ROTATE, alert.getString("operation"), "what an officer would submit instead");
        assertEquals(List.of(), reminders.raised(), "not remembered: no request stands for it");
        initiator.refusal = null;
        assertEquals("req-1", reminders.check().get(0).getString("requestId"));
        assertEquals(2, journal.size());
    }

    @Test
    void shouldNotRaiseAgainAfterARestartButRaiseTheNextVersionWhenItFallsDue() throws Exception
    {
        due.add(active(KeyPurpose.ORDER_FLOW_KEK, 1));
        new RotationReminders(quorumDir, () -> due, initiator, journal::add).check();

        final RotationReminders restarted = new RotationReminders(quorumDir, () -> due, initiator, journal::add);
        assertEquals(List.of(), restarted.check(), "remembered across restarts");
        assertEquals(List.of("order-flow-kek.v1"), restarted.raised());

        due.clear();
        due.add(active(KeyPurpose.ORDER_FLOW_KEK, 2)); // rotated, and 76 days later v2 is due in turn
        assertEquals("order-flow-kek.v2", restarted.check().get(0).getString("key"));
        assertEquals(2, journal.size());
    }

    @Test
    void shouldRaiseAgainAtTheNextCheckWhenTheJournalCouldNotRecordIt() throws Exception
    {
        due.add(active(KeyPurpose.GATEWAY_SIGNING, 1));
        final RotationReminders failing = new RotationReminders(quorumDir, () -> due, initiator, reminder ->
        {
            throw new IOException("journal full");
        });
        assertThrows(IOException.class, failing::check);
        assertFalse(Files.exists(quorumDir.resolve(RotationReminders.FILE)), "not remembered: it was never raised");

        final RotationReminders working = new RotationReminders(quorumDir, () -> due, initiator, journal::add);
        assertEquals(1, working.check().size());
    }

    private static KeyRecord active(final KeyPurpose purpose, final int version)
    {
        final Instant activated = T0.plus(Duration.ofDays(90L * (version - 1)));
        return new KeyRecord(purpose, version, purpose.algorithm(), KeyState.ACTIVE, activated, activated,
            activated.plus(Duration.ofDays(90)), null, null, "fp-" + purpose.label() + version);
    }
}
