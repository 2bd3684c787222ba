package com.orderguard.core.audit;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.*;

class RetentionAndSettingsTest
{
    private static final long DAY = 86_400L * 1_000_000_000L;

    @TempDir
    Path dir;

    private final JournalFixture fixture = new JournalFixture();

    @Test
    void shouldRetireOnlySegmentsWhoseNewestRecordIsOlderThanSevenYearsAndNeverTheLast() throws Exception
    {
        final long start = 1_600_000_000_000_000_000L;
        try (JournalWriter writer = JournalWriter.open(dir, 4096))
        {
            for (int day = 0; day < 400; day++)
            {
                writer.append(RecordKind.LIFECYCLE, 0, start + day * 10 * DAY, ("{\"day\":" + day + "}").getBytes(StandardCharsets.UTF_8));
                if (day % 50 == 49)
                {
                    writer.appendCheckpoint(start + day * 10 * DAY, fixture.signer);
                }
            }
        }
        final List<Path> segments = JournalSegments.list(dir);
        assertTrue(segments.size() > 3);
        final long sevenYears = JournalSettings.DEFAULT_RETENTION_DAYS;
        assertEquals(List.of(), JournalRetention.expired(dir, sevenYears, start + sevenYears * DAY), "nothing before 7 years");
        final long now = start + (sevenYears + 1_500) * DAY;
        final List<Path> expired = JournalRetention.expired(dir, sevenYears, now);
        assertFalse(expired.isEmpty());
        assertTrue(expired.size() < segments.size());
        assertEquals(segments.subList(0, expired.size()), expired, "oldest first, no gaps");
        assertEquals(segments.size() - 1, JournalRetention.expired(dir, sevenYears, Long.MAX_VALUE).size(), "never the last segment");
        JournalRetention.retire(dir, sevenYears, now);
        final JournalVerifier.Report report = JournalVerifier.verify(dir, fixture.verifier, null, null);
        assertTrue(report.ok(), report.describe());
        assertTrue(report.firstSequence() > 1);
    }

    @Test
    void shouldDefaultToSevenYearsAndNameABadSetting()
    {
        final JournalSettings defaults = JournalSettings.from(new Properties(), dir);
        assertEquals(2557, defaults.retentionDays());
        assertEquals(100_000, defaults.checkpointEveryRecords());
        assertEquals(1_000, defaults.checkpointEveryMs());
        assertNull(defaults.witnessFile());
        final Properties bad = new Properties();
        bad.setProperty("journal.checkpoint.everyMs", "soon");
        final IllegalArgumentException notNumber = assertThrows(IllegalArgumentException.class, () -> JournalSettings.from(bad, dir));
        assertTrue(notNumber.getMessage().contains("journal.checkpoint.everyMs"), notNumber.getMessage());
        bad.setProperty("journal.checkpoint.everyMs", "100");
        bad.setProperty("journal.retentionDays", "0");
        final IllegalArgumentException zero = assertThrows(IllegalArgumentException.class, () -> JournalSettings.from(bad, dir));
        assertTrue(zero.getMessage().contains("journal.retentionDays"), zero.getMessage());
        bad.setProperty("journal.retentionDays", "3650");
        bad.setProperty("journal.witness.file", "witness/checkpoints.log");
        assertEquals(dir.resolve("witness/checkpoints.log"), JournalSettings.from(bad, dir).witnessFile());
    }
}
