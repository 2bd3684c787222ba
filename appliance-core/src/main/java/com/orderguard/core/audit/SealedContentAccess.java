package com.orderguard.core.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.vertx.core.json.JsonObject;

/**
 * Reading sealed order content: only with the permission for it, and never unrecorded. Every
 * attempt, allowed or refused, is journaled as a CONTROL_ACCESS record and made durable first; only
 * then is the content decrypted. If the journal cannot record the read, the content is not read.
 * For the control plane (call from a worker thread: it waits for the journal and reads files).
 */
public final class SealedContentAccess
{
    /** CONTROL_ACCESS subtype of a sealed-content read. */
    public static final int READ_SEALED_CONTENT = 100;

    private final AuditJournal journal;
    private final RecordSealer sealer;
    private final Path journalDirectory;
    private final long journalTimeoutMs;

    public SealedContentAccess(final AuditJournal journal, final RecordSealer sealer, final Path journalDirectory, final long journalTimeoutMs)
    {
        this.journal = journal;
        this.sealer = sealer;
        this.journalDirectory = journalDirectory;
        this.journalTimeoutMs = journalTimeoutMs;
    }

    /**
     * @param permitted whether the caller holds the permission to read order content (decided by the caller's authorisation).
     * @return the decrypted order-path event.
     * @throws SecurityException when not permitted (the refusal is journaled).
     * @throws IOException       when the read could not be journaled, or the record is not a sealed order record.
     */
    public byte[] read(final long sequence, final String actor, final String session, final String source, final boolean permitted)
        throws IOException, GeneralSecurityException
    {
        final JsonObject record = new JsonObject().put("actor", actor).put("session", session).put("source", source)
            .put("action", "read-sealed-order-content").put("sequence", sequence).put("outcome", permitted ? "permitted" : "refused");
        try
        {
            journal.append(RecordKind.CONTROL_ACCESS, READ_SEALED_CONTENT, record.encode().getBytes(StandardCharsets.UTF_8))
                .get(journalTimeoutMs, TimeUnit.MILLISECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while journaling a read of order content", ex);
        }
        catch (final ExecutionException | TimeoutException ex)
        {
            throw new IOException("order content not read: the read could not be journaled (" + ex.getMessage() + ")", ex);
        }
        if (!permitted)
        {
            throw new SecurityException(actor + " may not read order content (refusal journaled)");
        }
        final Path segment = JournalSegments.containing(journalDirectory, sequence);
        if (segment == null)
        {
            throw new IOException("no record " + sequence + " in the journal");
        }
        try (JournalReader reader = JournalReader.live(segment))
        {
            while (reader.next() == JournalReader.Status.RECORD)
            {
                if (reader.sequence() == sequence)
                {
                    if (reader.kindCode() != RecordKind.ORDER_PATH_SEALED.code())
                    {
                        throw new IOException("record " + sequence + " is not a sealed order record");
                    }
                    final byte[] payload = reader.payloadCopy();
                    return SealedOrderRecord.open(payload, 0, payload.length, sealer);
                }
            }
        }
        throw new IOException("no record " + sequence + " in the journal");
    }
}
