package com.orderguard.core.audit;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * What a segment holds, written by the writer as the first record of the segment that follows it
 * (kind {@link RecordKind#SEGMENT_SUMMARY}): its sequence range, how many records of each kind, and
 * where its control records are (every APPROVAL and KEY_OPERATION record: sequence, byte offset,
 * kind, subtype). Start-up needs exactly those records (the quorum book is rebuilt from the
 * approvals, the content key pair in force from the key operations) and finds them through the
 * summaries instead of reading years of order events: a closed segment with a summary costs one
 * record read plus one read per control record it lists.
 * <p>
 * What must hold: a summary is a journal record like any other, inside the Merkle tree and covered by
 * the signed checkpoints, and {@link JournalVerifier} checks each against the segment it describes,
 * so a summary that hid an approval is named as tampering. A segment has no summary when the
 * appliance stopped between rolling it and writing the summary (or the journal predates
 * summaries): start-up then reads that segment whole. A segment with more control records than
 * {@link #MAX_LISTED} lists none ({@code "controlRecords": null}) and is read whole too.
 * <p>
 * As a builder it is fed every record of the segment being written ({@link #onRecord}), allocation-free
 * except when a rare control record outgrows its list.
 */
public final class SegmentSummary
{
    /** The most control records one summary lists. */
    public static final int MAX_LISTED = 4096;
    private static final int KINDS = 16;
    private static final int FIELDS = 4;

    private long segmentFirstSequence;
    private long lastSequence;
    private long records;
    private final long[] kinds = new long[KINDS];
    private long[] listed = new long[FIELDS * 16];
    private int listedCount;
    private boolean overflowed;

    /** What a summary record says. {@code controlRecords} is null when the segment had too many to list. */
    public record Parsed(long segment, long lastSequence, long records, long[] kinds, long[] controlRecords)
    {
        /** Control records listed: sequence, offset, kind code, subtype of the i-th. */
        public int listedCount()
        {
            return controlRecords == null ? 0 : controlRecords.length / FIELDS;
        }

        public long sequenceOf(final int i)
        {
            return controlRecords[FIELDS * i];
        }

        public long offsetOf(final int i)
        {
            return controlRecords[FIELDS * i + 1];
        }

        public int kindOf(final int i)
        {
            return (int)controlRecords[FIELDS * i + 2];
        }
    }

    /** True for the kinds a summary lists by position: rare, and what start-up needs. */
    public static boolean isControl(final int kindCode)
    {
        return kindCode == RecordKind.APPROVAL.code() || kindCode == RecordKind.KEY_OPERATION.code();
    }

    /** Starts describing the segment whose first record is {@code firstSequence}. */
    public void reset(final long firstSequence)
    {
        segmentFirstSequence = firstSequence;
        lastSequence = firstSequence - 1;
        records = 0;
        Arrays.fill(kinds, 0);
        listedCount = 0;
        overflowed = false;
    }

    /** Takes one record of the segment, in order; {@code fileOffset} is where its length field starts in the segment file. */
    public void onRecord(final int kindCode, final int subtype, final long sequence, final long fileOffset)
    {
        records++;
        lastSequence = sequence;
        if (kindCode >= 0 && kindCode < KINDS)
        {
            kinds[kindCode]++;
        }
        if (!isControl(kindCode) || overflowed)
        {
            return;
        }
        if (listedCount == MAX_LISTED)
        {
            overflowed = true;
            return;
        }
        if (FIELDS * (listedCount + 1) > listed.length)
        {
            listed = Arrays.copyOf(listed, listed.length * 2);
        }
        final int at = FIELDS * listedCount++;
        listed[at] = sequence;
        listed[at + 1] = fileOffset;
        listed[at + 2] = kindCode;
        listed[at + 3] = subtype;
    }

    /** Becomes a copy of {@code other}. */
    public void copyFrom(final SegmentSummary other)
    {
        segmentFirstSequence = other.segmentFirstSequence;
        lastSequence = other.lastSequence;
        records = other.records;
        System.arraycopy(other.kinds, 0, kinds, 0, KINDS);
        listed = other.listed.clone();
        listedCount = other.listedCount;
        overflowed = other.overflowed;
    }

    /** The first sequence of the segment described. */
    public long segmentFirstSequence()
    {
        return segmentFirstSequence;
    }

    /** The summary record's payload (JSON, so {@code show-journal} and search show it as it is). */
    public byte[] encode()
    {
        final JsonObject counts = new JsonObject();
        for (int code = 0; code < KINDS; code++)
        {
            if (kinds[code] != 0)
            {
                final RecordKind kind = RecordKind.fromCode(code);
                counts.put(kind == null ? Integer.toString(code) : kind.name(), kinds[code]);
            }
        }
        JsonArray control = null;
        if (!overflowed)
        {
            control = new JsonArray();
            for (int i = 0; i < listedCount; i++)
            {
                final int at = FIELDS * i;
                control.add(new JsonArray().add(listed[at]).add(listed[at + 1]).add(listed[at + 2]).add(listed[at + 3]));
            }
        }
        return new JsonObject()
            .put("segment", segmentFirstSequence)
            .put("lastSequence", lastSequence)
            .put("records", records)
            .put("kinds", counts)
            .put("controlRecords", control)
            .encode().getBytes(StandardCharsets.UTF_8);
    }

    /** Parses a summary payload; null when it is not one (damaged JSON or missing fields). */
    public static Parsed parse(final byte[] payload)
    {
        try
        {
            final JsonObject json = new JsonObject(new String(payload, StandardCharsets.UTF_8));
            final long[] counts = new long[KINDS];
            final JsonObject kindCounts = json.getJsonObject("kinds");
            for (final String name : kindCounts.fieldNames())
            {
                final int code = code(name);
                if (code < 0 || code >= KINDS)
                {
                    return null;
                }
                counts[code] = kindCounts.getLong(name);
            }
            final JsonArray control = json.getJsonArray("controlRecords");
            long[] listed = null;
            if (control != null)
            {
                listed = new long[FIELDS * control.size()];
                for (int i = 0; i < control.size(); i++)
                {
                    final JsonArray entry = control.getJsonArray(i);
                    for (int f = 0; f < FIELDS; f++)
                    {
                        listed[FIELDS * i + f] = entry.getLong(f);
                    }
                }
            }
            return new Parsed(json.getLong("segment"), json.getLong("lastSequence"), json.getLong("records"), counts, listed);
        }
        catch (final DecodeException | ClassCastException | NullPointerException | IndexOutOfBoundsException ex)
        {
            return null;
        }
    }

    /** Null when {@code summary} describes what this builder was fed, else what differs. */
    public String mismatch(final Parsed summary)
    {
        if (summary == null)
        {
            return "it is not a readable segment summary";
        }
        if (summary.segment() != segmentFirstSequence || summary.lastSequence() != lastSequence || summary.records() != records)
        {
            return "it describes records " + summary.segment() + ".." + summary.lastSequence() + " (" + summary.records() +
                "), the segment holds " + segmentFirstSequence + ".." + lastSequence + " (" + records + ")";
        }
        for (int code = 0; code < KINDS; code++)
        {
            if (summary.kinds()[code] != kinds[code])
            {
                final RecordKind kind = RecordKind.fromCode(code);
                return "it counts " + summary.kinds()[code] + " " + (kind == null ? "kind " + code : kind.name()) +
                    " records, the segment holds " + kinds[code];
            }
        }
        if (overflowed != (summary.controlRecords() == null))
        {
            return overflowed ? "it lists control records the segment has too many of to list" :
                "it lists no control records though the segment has " + listedCount;
        }
        if (!overflowed && !Arrays.equals(summary.controlRecords(), Arrays.copyOf(listed, FIELDS * listedCount)))
        {
            return "its list of control records (approvals and key operations, with their offsets) differs from the segment's";
        }
        return null;
    }

    private static int code(final String name)
    {
        for (final RecordKind kind : RecordKind.values())
        {
            if (kind.name().equals(name))
            {
                return kind.code();
            }
        }
        try
        {
            return Integer.parseInt(name);
        }
        catch (final NumberFormatException ex)
        {
            return -1;
        }
    }
}
