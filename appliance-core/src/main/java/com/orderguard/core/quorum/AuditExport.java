package com.orderguard.core.quorum;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Set;

import com.orderguard.core.audit.JournalExport;
import com.orderguard.core.audit.JournalQuery;
import com.orderguard.quorum.json.Parameters;

/**
 * "audit.export" {day: "YYYY-MM-DD"}: one UTC day of the journal as JSON lines, each record with
 * its inclusion proof to the latest signed checkpoint — the daily regulator report. Reading client
 * order data out of the appliance in bulk is exactly what an insider would want, so it takes a
 * quorum, and the act is journaled like every other.
 */
public final class AuditExport implements GatedOperation
{
    public static final String OPERATION = "audit.export";

    private final Path journalDir;
    private final Path exportDir;

    public AuditExport(final Path journalDir, final Path exportDir)
    {
        this.journalDir = journalDir;
        this.exportDir = exportDir;
    }

    @Override
    public String operation()
    {
        return OPERATION;
    }

    @Override
    public String validate(final Parameters parameters)
    {
        return day(parameters) == null ? "parameters need day (YYYY-MM-DD, UTC)" : null;
    }


    @Override
    public String execute(final Parameters parameters)
    {
        final LocalDate day = day(parameters);
        final long from = day.atStartOfDay(ZoneOffset.UTC).toEpochSecond() * 1_000_000_000L;
        final long to = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toEpochSecond() * 1_000_000_000L - 1;
        try
        {
            Files.createDirectories(exportDir);
            final Path file = exportDir.resolve("journal-" + day + "-" + System.currentTimeMillis() + ".jsonl");
            final JournalExport.Summary summary;
            try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8))
            {
                summary = JournalExport.export(journalDir, new JournalQuery(from, to, Set.of(), null, null, null, null), out);
            }
            return "exported " + summary.exported() + " records of " + day + " with inclusion proofs to " + file +
                (summary.notYetCheckpointed() > 0 ? " (" + summary.notYetCheckpointed() + " not yet under a signed checkpoint)" : "");
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private static LocalDate day(final Parameters parameters)
    {
        try
        {
            return parameters.get("day") == null ? null : LocalDate.parse(String.valueOf(parameters.get("day")));
        }
        catch (final DateTimeParseException ex)
        {
            return null;
        }
    }
}
