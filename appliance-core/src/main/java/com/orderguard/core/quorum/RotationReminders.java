package com.orderguard.core.quorum;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Supplier;

import com.orderguard.custody.inventory.KeyRecord;
import com.orderguard.custody.lifecycle.KeyOperations;

import io.vertx.core.json.JsonObject;

/**
 * Raises the key rotations that fall due: every ACTIVE key whose expiry is within custody's notice
 * (custody.rotation.noticeDays, default 14 days before the 90-day expiry) is raised once per key
 * version, as the exact {@code key.rotate} request officers are to sign (operation and parameters
 * as custody rebuilds them, so an officer submits it unchanged: {@code appliance request submit --op
 * key.rotate --params '<parameters>'}). Raised means: journaled durably (the caller's sink), then
 * remembered in {@code rotation-due.properties} in the quorum directory, so a restart does not raise
 * it again (a crash between the two raises it twice, never zero times). Checked at unseal and daily.
 * <p>
 * Not a request in the quorum book: the book takes only requests an officer signed as initiator,
 * and the appliance is not an officer. The reminder is the draft; the initiator is a person.
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

    private final Path file;
    private final Supplier<List<KeyRecord>> due;
    private final Sink sink;
    private final TreeSet<String> raised = new TreeSet<>();

    /**
     * @param quorumDir where the raised set is kept.
     * @param due       the keys due for rotation now (key custody's {@code keysDueForRotation()}).
     */
    public RotationReminders(final Path quorumDir, final Supplier<List<KeyRecord>> due, final Sink sink) throws IOException
    {
        this.file = quorumDir.resolve(FILE);
        this.due = due;
        this.sink = sink;
        if (Files.exists(file))
        {
            for (final String line : Files.readAllLines(file, StandardCharsets.UTF_8))
            {
                final String alias = line.strip();
                if (!alias.isEmpty() && !alias.startsWith("#"))
                {
                    raised.add(alias);
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
     * Raises every due key version not raised before.
     *
     * @return the reminders raised now (empty when nothing new is due).
     * @throws IOException when a reminder could not be journaled or remembered; those before it stay raised.
     */
    public synchronized List<JsonObject> check() throws IOException
    {
        final List<JsonObject> raisedNow = new ArrayList<>();
        for (final KeyRecord key : due.get())
        {
            if (raised.contains(key.alias()))
            {
                continue;
            }
            final JsonObject reminder = reminder(key);
            sink.raise(reminder);
            raised.add(key.alias());
            persist();
            raisedNow.add(reminder);
        }
        return raisedNow;
    }

    /** Key versions raised so far. */
    public synchronized List<String> raised()
    {
        return List.copyOf(raised);
    }

    private void persist() throws IOException
    {
        final Path temp = file.resolveSibling(FILE + ".tmp");
        Files.writeString(temp, "# key versions whose rotation was raised (one per line); see RotationReminders\n" +
            String.join("\n", raised) + "\n", StandardCharsets.UTF_8);
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(temp, java.nio.file.StandardOpenOption.WRITE))
        {
            channel.force(true);
        }
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
