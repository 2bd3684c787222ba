package com.orderguard.core.quorum;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Supplier;

import com.orderguard.custody.inventory.KeyRecord;
import com.orderguard.custody.lifecycle.KeyOperations;

import io.vertx.core.json.JsonObject;

/**
 * Raises the key rotations that fall due: every ACTIVE key whose expiry is within custody's notice
 * (custody.rotation.noticeDays, default 14 days before the 90-day expiry) is raised once per key
 * version, as a pending {@code key.rotate} request in the quorum book that the appliance itself
 * initiates (its system principal, {@link SystemInitiator}), with exactly the parameters custody will
 * verify; officers approve it like any request, and its execution rotates the key.
 * <p>
 * Raised means: submitted, journaled as an ALERT naming the request (the caller's sink), then remembered
 * in {@code rotation-due.properties} in the quorum directory ({@code alias requestId} per line), so a
 * restart does not raise it again. A crash between submitting and remembering submits again, which the
 * book refuses while the first is open (one key ceremony at a time). A remembered request that expired
 * or was cancelled is submitted anew at the next check; one denied or executed is not. When the
 * appliance cannot submit (no system principal enrolled for its key, sealed, another key ceremony in
 * flight) the ALERT still carries the exact request for an officer to submit, and it is not remembered:
 * it is raised again at the next check. Checked at unseal and daily.
 */
public final class RotationReminders
{
    public static final String FILE = "rotation-due.properties";

    /** Journals one reminder durably, or throws (then it is not remembered and is raised again next time). */
    @FunctionalInterface
    public interface Sink
    {
        void raise(JsonObject reminder) throws IOException;
    }

    /** Who submits the rotate request: the appliance's system principal ({@link SystemInitiator}). */
    public interface Initiator
    {
        /** Submits the {@code key.rotate} of {@code key}; never throws: a refusal says why. */
        Result submit(KeyRecord key);

        /** False once request {@code requestId} expired or was cancelled (or the book never saw it): submit anew. */
        boolean stands(String requestId);
    }

    private final Path file;
    private final Supplier<List<KeyRecord>> due;
    private final Initiator initiator;
    private final Sink sink;
    /** Key version to the request submitted for it ("" for one raised before the appliance submitted). */
    private final TreeMap<String, String> raised = new TreeMap<>();

    /**
     * @param quorumDir where the raised set is kept.
     * @param due       the keys due for rotation now (key custody's {@code keysDueForRotation()}).
     */
    public RotationReminders(
        final Path quorumDir, final Supplier<List<KeyRecord>> due, final Initiator initiator, final Sink sink) throws IOException
    {
        this.file = quorumDir.resolve(FILE);
        this.due = due;
        this.initiator = initiator;
        this.sink = sink;
        if (Files.exists(file))
        {
            for (final String line : Files.readAllLines(file, StandardCharsets.UTF_8))
            {
                final String entry = line.strip();
                if (!entry.isEmpty() && !entry.startsWith("#"))
                {
                    final int space = entry.indexOf(' ');
                    raised.put(space < 0 ? entry : entry.substring(0, space), space < 0 ? "" : entry.substring(space + 1).strip());
                }
            }
        }
    }

    /** The rotate request for {@code key}: what custody will verify the approval proof against. */
    public static JsonObject reminder(final KeyRecord key)
    {
        return new JsonObject()
            .put("key", key.alias())
            .put("purpose", key.purpose().label())
            .put("expiresAt", String.valueOf(key.expiresAt()))
            .put("operation", KeyOperations.ROTATE)
            .put("parameters", new JsonObject(KeyOperations.rotate(key.purpose(), key).canonicalJson()));
    }

    /**
     * Raises every due key version not raised before, or whose request expired or was cancelled.
     *
     * @return the reminders raised now (empty when nothing new is due); each names its {@code requestId},
     *         or says in {@code notSubmitted} why the appliance could not submit it.
     * @throws IOException when a reminder could not be journaled or remembered; those before it stay raised.
     */
    public synchronized List<JsonObject> check() throws IOException
    {
        final List<JsonObject> raisedNow = new ArrayList<>();
        for (final KeyRecord key : due.get())
        {
            final String requestId = raised.get(key.alias());
            if (requestId != null && (requestId.isEmpty() || initiator.stands(requestId)))
            {
                continue;
            }
            final JsonObject reminder = reminder(key);
            final Result submitted = initiator.submit(key);
            if (submitted.accepted())
            {
                reminder.put("requestId", submitted.requestId());
            }
            else
            {
                reminder.put("notSubmitted", submitted.reason() + ": " + submitted.message());
            }
            sink.raise(reminder);
            if (submitted.accepted())
            {
                raised.put(key.alias(), submitted.requestId());
                persist();
            }
            raisedNow.add(reminder);
        }
        return raisedNow;
    }

    /** Key versions raised so far (submitted as requests). */
    public synchronized List<String> raised()
    {
        return List.copyOf(raised.keySet());
    }

    private void persist() throws IOException
    {
        final StringBuilder lines = new StringBuilder(
            "# key versions whose rotation was raised, and the request the appliance submitted; see RotationReminders\n");
        raised.forEach((alias, requestId) -> lines.append(alias).append(' ').append(requestId).append('\n'));
        final Path temp = file.resolveSibling(FILE + ".tmp");
        Files.writeString(temp, lines.toString(), StandardCharsets.UTF_8);
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(temp, java.nio.file.StandardOpenOption.WRITE))
        {
            channel.force(true);
        }
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
