package com.orderguard.core.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.CRC32C;

/**
 * A small index of one full segment, so a search can skip segments that cannot hold a match: the
 * segment's time range, the record kinds in it, and a Bloom filter over its actors, order ids,
 * client order ids, accounts and symbols (about 10 bits per value, under 1% false positives; never a
 * false negative). Kept beside the segment as {@code <segment>.idx}, built on first use once the
 * segment is full (never for the segment being written) and rebuilt whenever it does not match the
 * segment's length or fails its checksum. It is derived data for speed: verification never reads it.
 */
public final class SegmentIndex
{
    /**
     * "OGX2": changes whenever what a record contributes to the index changes, so an index built by an
     * older appliance is rebuilt rather than trusted (OGX1 left out the order id, account and symbol
     * of holds, cancels, replaces and route alerts, and would make a search skip their segments).
     */
    private static final int MAGIC = 0x3258474F;
    private static final int FIXED = 4 + 8 + 8 + 8 + 8 + 4 + 4 + 4;

    private final long segmentLength;
    private final long records;
    private final long minEpochNanos;
    private final long maxEpochNanos;
    private final int kinds;
    private final int hashes;
    private final long[] bloom;

    private SegmentIndex(
        final long segmentLength, final long records, final long minEpochNanos, final long maxEpochNanos, final int kinds,
        final int hashes, final long[] bloom)
    {
        this.segmentLength = segmentLength;
        this.records = records;
        this.minEpochNanos = minEpochNanos;
        this.maxEpochNanos = maxEpochNanos;
        this.kinds = kinds;
        this.hashes = hashes;
        this.bloom = bloom;
    }

    public static Path fileFor(final Path segment)
    {
        return segment.resolveSibling(segment.getFileName() + ".idx");
    }

    /** The index of a full segment: read from beside it, or built (and saved when the directory is writable). */
    public static SegmentIndex of(final Path segment) throws IOException
    {
        final long length = Files.size(segment);
        final Path file = fileFor(segment);
        if (Files.exists(file))
        {
            final SegmentIndex loaded = read(Files.readAllBytes(file));
            if (loaded != null && loaded.segmentLength == length)
            {
                return loaded;
            }
        }
        final SegmentIndex built = build(segment, length);
        try
        {
            final Path temp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(temp, built.encode());
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        catch (final IOException ex)
        {
            // a read-only copy of the journal: search still works, it just rebuilds the index next time
        }
        return built;
    }

    private static SegmentIndex build(final Path segment, final long length) throws IOException
    {
        long[] values = new long[1024];
        int count = 0;
        long records = 0;
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        int kinds = 0;
        try (JournalReader reader = new JournalReader(segment))
        {
            JournalReader.Status status;
            while ((status = reader.next()) == JournalReader.Status.RECORD)
            {
                final RecordView view = RecordView.of(reader);
                records++;
                min = Math.min(min, view.epochNanos());
                max = Math.max(max, view.epochNanos());
                kinds |= 1 << Math.min(31, view.kindCode());
                if (count + 5 > values.length)
                {
                    values = java.util.Arrays.copyOf(values, values.length * 2);
                }
                count = add(values, count, 'a', view.actor());
                count = add(values, count, 'o', view.orderId());
                count = add(values, count, 'c', view.clOrdId());
                count = add(values, count, 'n', view.account());
                count = add(values, count, 's', view.symbol());
            }
            if (status != JournalReader.Status.END)
            {
                throw new JournalDamagedException(segment, reader.recordOffset(), reader.problem());
            }
        }
        final int words = Math.max(16, Integer.highestOneBit(Math.max(1, count) * 10 / 64) * 2);
        final long[] bloom = new long[words];
        final int hashes = 7;
        for (int i = 0; i < count; i++)
        {
            set(bloom, values[i], hashes);
        }
        return new SegmentIndex(length, records, min, max, kinds, hashes, bloom);
    }

    private static int add(final long[] values, final int count, final char field, final String value)
    {
        if (value == null)
        {
            return count;
        }
        values[count] = hash(field, value);
        return count + 1;
    }

    /** Could this segment hold a record the query matches? False means certainly not. */
    public boolean mightMatch(final JournalQuery query)
    {
        if (records == 0)
        {
            return false;
        }
        if ((query.fromEpochNanos() != null && maxEpochNanos < query.fromEpochNanos()) ||
            (query.toEpochNanos() != null && minEpochNanos > query.toEpochNanos()))
        {
            return false;
        }
        if (!query.kinds().isEmpty())
        {
            boolean any = false;
            for (final RecordKind kind : query.kinds())
            {
                any |= (kinds & (1 << Math.min(31, kind.code()))) != 0;
            }
            if (!any)
            {
                return false;
            }
        }
        return (query.actor() == null || contains('a', query.actor())) &&
            (query.orderId() == null || contains('o', query.orderId()) || contains('c', query.orderId())) &&
            (query.account() == null || contains('n', query.account())) &&
            (query.symbol() == null || contains('s', query.symbol()));
    }

    public long records()
    {
        return records;
    }

    private boolean contains(final char field, final String value)
    {
        final long h = hash(field, value);
        final long h1 = h;
        final long h2 = (h >>> 32) | 1;
        final long bits = (long)bloom.length * 64;
        for (int i = 0; i < hashes; i++)
        {
            final long bit = Math.floorMod(h1 + i * h2, bits);
            if ((bloom[(int)(bit >>> 6)] & (1L << bit)) == 0)
            {
                return false;
            }
        }
        return true;
    }

    private static void set(final long[] bloom, final long h, final int hashes)
    {
        final long h2 = (h >>> 32) | 1;
        final long bits = (long)bloom.length * 64;
        for (int i = 0; i < hashes; i++)
        {
            final long bit = Math.floorMod(h + i * h2, bits);
            bloom[(int)(bit >>> 6)] |= 1L << bit;
        }
    }

    /** FNV-1a 64 over the field tag and the value's UTF-8 bytes, then a final mix. */
    private static long hash(final char field, final String value)
    {
        long h = 0xcbf29ce484222325L;
        h = (h ^ field) * 0x100000001b3L;
        for (final byte b : value.getBytes(StandardCharsets.UTF_8))
        {
            h = (h ^ (b & 0xFF)) * 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return h;
    }

    private byte[] encode()
    {
        final ByteBuffer out = ByteBuffer.allocate(FIXED + bloom.length * 8 + 4).order(JournalFormat.BYTE_ORDER);
        out.putInt(MAGIC).putLong(segmentLength).putLong(records).putLong(minEpochNanos).putLong(maxEpochNanos)
            .putInt(kinds).putInt(hashes).putInt(bloom.length);
        for (final long word : bloom)
        {
            out.putLong(word);
        }
        final CRC32C crc = new CRC32C();
        crc.update(out.array(), 0, out.position());
        out.putInt((int)crc.getValue());
        return out.array();
    }

    private static SegmentIndex read(final byte[] bytes)
    {
        if (bytes.length < FIXED + 4)
        {
            return null;
        }
        final ByteBuffer in = ByteBuffer.wrap(bytes).order(JournalFormat.BYTE_ORDER);
        final CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        if (in.getInt(bytes.length - 4) != (int)crc.getValue() || in.getInt() != MAGIC)
        {
            return null;
        }
        final long length = in.getLong();
        final long records = in.getLong();
        final long min = in.getLong();
        final long max = in.getLong();
        final int kinds = in.getInt();
        final int hashes = in.getInt();
        final int words = in.getInt();
        if (words < 1 || FIXED + words * 8L + 4 != bytes.length)
        {
            return null;
        }
        final long[] bloom = new long[words];
        for (int i = 0; i < words; i++)
        {
            bloom[i] = in.getLong();
        }
        return new SegmentIndex(length, records, min, max, kinds, hashes, bloom);
    }
}
