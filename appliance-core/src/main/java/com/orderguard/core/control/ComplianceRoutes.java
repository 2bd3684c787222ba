package com.orderguard.core.control;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.Set;

import org.agrona.concurrent.UnsafeBuffer;

import com.orderguard.core.Appliance;
import com.orderguard.core.audit.JournalExport;
import com.orderguard.core.audit.JournalQuery;
import com.orderguard.core.audit.JournalReader;
import com.orderguard.core.audit.JournalSegments;
import com.orderguard.core.audit.JournalSearch;
import com.orderguard.core.audit.RecordKind;
import com.orderguard.orderpath.OrderEvents;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The compliance endpoints as plain functions (the HTTP layer authenticates, journals and routes):
 * search the journal's clear metadata, page by page; read one sealed order record's content (the
 * read is journaled durably before it happens); export a UTC day as JSON lines with inclusion
 * proofs. All read files: call from a worker thread.
 */
final class ComplianceRoutes
{
    static final int DEFAULT_PAGE = 100;
    static final int MAX_PAGE = 1_000;

    private final Appliance appliance;

    ComplianceRoutes(final Appliance appliance)
    {
        this.appliance = appliance;
    }

    /**
     * ?from=&to= (ISO instants) or ?day=YYYY-MM-DD, &kind=K1,K2, &actor=, &orderId=, &account=, &symbol=,
     * &after=SEQ (the page cursor: records after this sequence), &limit=N (at most {@link #MAX_PAGE}).
     * The reply's {@code next} is the cursor of the next page, null on the last.
     */
    QuorumRoutes.Reply search(final MultiMap params)
    {
        final JournalQuery query;
        final long after;
        final int limit;
        try
        {
            query = query(params);
            after = params.get("after") == null ? 0 : Long.parseLong(params.get("after"));
            limit = params.get("limit") == null ? DEFAULT_PAGE : Integer.parseInt(params.get("limit"));
            if (limit < 1 || limit > MAX_PAGE)
            {
                throw new IllegalArgumentException("limit must be 1.." + MAX_PAGE);
            }
        }
        catch (final IllegalArgumentException | DateTimeParseException ex)
        {
            return new QuorumRoutes.Reply(400, QuorumRoutes.error("MALFORMED", ex.getMessage()));
        }
        final JsonArray records = new JsonArray();
        final long[] last = {after, 0};
        try
        {
            JournalSearch.search(appliance.journal().directory(), query, after, view ->
            {
                if (records.size() < limit)
                {
                    records.add(view.toJson());
                    last[0] = view.sequence();
                }
                else
                {
                    last[1] = 1; // there is more
                }
            });
        }
        catch (final IOException ex)
        {
            return new QuorumRoutes.Reply(500, QuorumRoutes.error("JOURNAL_UNREADABLE", ex.getMessage()));
        }
        return new QuorumRoutes.Reply(200, new JsonObject().put("records", records).put("next", last[1] == 1 ? last[0] : null));
    }

    /** The decrypted content of sealed order record {@code sequence}; the attempt is journaled first, allowed or not. */
    QuorumRoutes.Reply content(final String sequenceText, final SessionTokens.Session session, final String source, final boolean permitted)
    {
        final long sequence;
        try
        {
            sequence = Long.parseLong(sequenceText);
        }
        catch (final NumberFormatException ex)
        {
            return new QuorumRoutes.Reply(400, QuorumRoutes.error("MALFORMED", "the record is named by its sequence number"));
        }
        try
        {
            final byte[] event = appliance.readOrderContent(sequence, session.principal(), session.sessionId(), source, permitted);
            final int type = eventType(sequence);
            return new QuorumRoutes.Reply(200, new JsonObject().put("sequence", sequence).put("eventType", OrderEvents.typeName(type))
                .put("event", OrderEvents.describe(type, new UnsafeBuffer(event), 0, event.length))
                .put("bytes", java.util.Base64.getEncoder().encodeToString(event)));
        }
        catch (final SecurityException ex)
        {
            return new QuorumRoutes.Reply(403, QuorumRoutes.error("MISSING_ROLE", ex.getMessage()));
        }
        catch (final com.orderguard.custody.envelope.DataKeyDestroyedException ex)
        {
            return new QuorumRoutes.Reply(410, QuorumRoutes.error("CONTENT_SHREDDED", ex.getMessage()));
        }
        catch (final IllegalStateException ex)
        {
            return new QuorumRoutes.Reply(503, QuorumRoutes.error("SEALED", ex.getMessage()));
        }
        catch (final IOException | GeneralSecurityException ex)
        {
            return new QuorumRoutes.Reply(404, QuorumRoutes.error("NOT_READABLE", ex.getMessage()));
        }
    }

    /**
     * Writes ?day=YYYY-MM-DD (UTC) as JSON lines with proofs into {@code dir}; returns the file, which the
     * caller sends and deletes. Sealed content stays sealed in the export.
     */
    Path export(final MultiMap params, final Path dir) throws IOException
    {
        final LocalDate day = LocalDate.parse(String.valueOf(params.get("day")));
        Files.createDirectories(dir);
        final Path file = Files.createTempFile(dir, "journal-" + day + "-", ".jsonl");
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8))
        {
            JournalExport.export(appliance.journal().directory(), JournalQuery.of(null, null, day, Set.of(), null, null, null, null), out);
        }
        catch (final IOException | RuntimeException ex)
        {
            Files.deleteIfExists(file);
            throw ex;
        }
        return file;
    }

    /** The record's subtype: the order-path event type the content decodes as. */
    private int eventType(final long sequence) throws IOException
    {
        final java.nio.file.Path segment = JournalSegments.containing(appliance.journal().directory(), sequence);
        if (segment != null)
        {
            try (JournalReader reader = JournalReader.live(segment))
            {
                while (reader.next() == JournalReader.Status.RECORD)
                {
                    if (reader.sequence() == sequence)
                    {
                        return reader.subtype();
                    }
                }
            }
        }
        throw new IOException("no record " + sequence);
    }

    private static JournalQuery query(final MultiMap params)
    {
        final Set<RecordKind> kinds = EnumSet.noneOf(RecordKind.class);
        if (params.get("kind") != null)
        {
            for (final String kind : params.get("kind").split(","))
            {
                kinds.add(RecordKind.valueOf(kind.trim()));
            }
        }
        return JournalQuery.of(instant(params.get("from")), instant(params.get("to")),
            params.get("day") == null ? null : LocalDate.parse(params.get("day")), kinds,
            params.get("actor"), params.get("orderId"), params.get("account"), params.get("symbol"));
    }

    private static Instant instant(final String text)
    {
        return text == null ? null : Instant.parse(text);
    }
}
