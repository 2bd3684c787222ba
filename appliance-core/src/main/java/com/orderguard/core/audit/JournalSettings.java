package com.orderguard.core.audit;

import java.nio.file.Path;
import java.util.Properties;

/**
 * The journal's settings, validated, each named by its configuration key so a bad one is named at
 * start-up. {@code ApplianceConfig} hands its properties here ({@link #from(Properties, Path)}).
 * <pre>
 *   journal.segmentBytes              roll a segment at this size            (default 268435456, min 4096)
 *   journal.maxBatchRecords           drop-copy records per group commit      (default 16384)
 *   journal.checkpoint.everyRecords   sign a checkpoint after this many       (default 100000)
 *   journal.checkpoint.everyMs        ... or after this long, whichever first (default 1000)
 *   journal.witness.file              append-only witness file                (default none; put it off this disk)
 *   journal.retentionDays             keep segments at least this long        (default 2557, 7 years; min 1)
 * </pre>
 */
public record JournalSettings(
    long segmentBytes, int maxBatchRecords, long checkpointEveryRecords, long checkpointEveryMs, Path witnessFile, long retentionDays)
{
    public static final long DEFAULT_RETENTION_DAYS = 2557; // 7 x 365 + 2 leap days

    public JournalSettings
    {
        require(segmentBytes >= 4096, "journal.segmentBytes", segmentBytes, "at least 4096");
        require(maxBatchRecords >= 1, "journal.maxBatchRecords", maxBatchRecords, "at least 1");
        require(checkpointEveryRecords >= 1, "journal.checkpoint.everyRecords", checkpointEveryRecords, "at least 1");
        require(checkpointEveryMs >= 1, "journal.checkpoint.everyMs", checkpointEveryMs, "at least 1");
        require(retentionDays >= 1, "journal.retentionDays", retentionDays, "at least 1");
    }

    public static JournalSettings defaults()
    {
        return new JournalSettings(JournalWriter.DEFAULT_SEGMENT_BYTES, AuditJournal.DEFAULT_MAX_BATCH_RECORDS,
            CheckpointPolicy.DEFAULT_EVERY_RECORDS, CheckpointPolicy.DEFAULT_EVERY_NANOS / 1_000_000, null, DEFAULT_RETENTION_DAYS);
    }

    /**
     * @param baseDir relative witness paths resolve against it (the data directory).
     * @throws IllegalArgumentException naming the key when a value is not a number or out of range.
     */
    public static JournalSettings from(final Properties properties, final Path baseDir)
    {
        final JournalSettings d = defaults();
        final String witness = properties.getProperty("journal.witness.file");
        return new JournalSettings(
            number(properties, "journal.segmentBytes", d.segmentBytes),
            (int)Math.min(Integer.MAX_VALUE, number(properties, "journal.maxBatchRecords", d.maxBatchRecords)),
            number(properties, "journal.checkpoint.everyRecords", d.checkpointEveryRecords),
            number(properties, "journal.checkpoint.everyMs", d.checkpointEveryMs),
            witness == null || witness.isBlank() ? null : baseDir.resolve(witness.trim()),
            number(properties, "journal.retentionDays", d.retentionDays));
    }

    /** The checkpoint policy these settings describe, with the appliance's signer, witness and listener. */
    public CheckpointPolicy checkpointPolicy(
        final CheckpointSigner signer, final WitnessLog witness, final java.util.function.Consumer<Checkpoint> listener)
    {
        return new CheckpointPolicy(signer, checkpointEveryRecords, checkpointEveryMs * 1_000_000L, witness, listener);
    }

    private static long number(final Properties properties, final String key, final long fallback)
    {
        final String value = properties.getProperty(key);
        if (value == null || value.isBlank())
        {
            return fallback;
        }
        try
        {
            return Long.parseLong(value.trim());
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(key + " must be a whole number, was '" + value + "'");
        }
    }

    private static void require(final boolean ok, final String key, final long value, final String rule)
    {
        if (!ok)
        {
            throw new IllegalArgumentException(key + " must be " + rule + ", was " + value);
        }
    }
}
