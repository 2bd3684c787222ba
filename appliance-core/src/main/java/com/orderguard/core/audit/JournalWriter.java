package com.orderguard.core.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.zip.CRC32C;

import org.agrona.DirectBuffer;

import static com.orderguard.core.audit.JournalFormat.*;

/**
 * Appends records to the journal's segments and keeps the Merkle frontier. Single writer: only the
 * journal thread appends. Records are staged in a batch buffer and reach the disk together at
 * {@link #commit()}, which writes and fsyncs once for the whole batch (group commit): what
 * {@link #commit()} has returned is durable, what it has not is not acknowledged to anyone.
 * <p>
 * Pipelined, the journal thread {@link #flush() hands} the staged batch to the fsync thread and
 * stages the next one in a second buffer, while the fsync thread's {@link #sync()} writes the batch
 * (with direct I/O, {@link SegmentAppender}) and fsyncs it: the journal thread does no I/O for order
 * events at all. If both buffers are full it writes the waiting one itself (back-pressure, never a
 * dropped record). Writing, forcing and rolling happen under one lock, taken once per batch.
 * <p>
 * Each append costs a copy, a CRC32C, one leaf hash and on average one node hash: the frontier
 * ({@link CompactRange}) is all the tree state the writer needs, so the tree is never reread.
 * A segment rolls when the next record would take it past {@code segmentBytes}; the full one is
 * fsynced and never written again, and the new one starts with a {@link SegmentSummary} of it
 * (counted as records are staged, so rolling reads nothing back).
 * <p>
 * Opening an existing journal reads only its last segment (its header carries the frontier): a
 * torn final record (a crash inside a write, never acknowledged) is cut off, saved beside the
 * journal for forensics and reported; any other damage refuses the open, because carrying on from
 * a journal that does not verify would hide tampering. Full verification is
 * {@link JournalVerifier}'s job.
 */
public final class JournalWriter implements AutoCloseable
{
    /** Opens segment files; tests inject one that runs out of space. */
    @FunctionalInterface
    public interface ChannelOpener
    {
        /**
         * @param direct open for direct I/O ({@code O_DIRECT}); throw (or return a channel that is
         *               not direct only when the caller asked for none) where the file system refuses it.
         */
        FileChannel open(Path file, boolean direct) throws IOException;
    }

    public static final long DEFAULT_SEGMENT_BYTES = 256L << 20;
    private static final int BATCH_BYTES = 4 << 20;
    /** More than any checkpoint payload takes (size, root, time and a DER ECDSA or RSA-4096 signature). */
    private static final int CHECKPOINT_ROOM = 1024;
    private static final ChannelOpener DEFAULT_OPENER = (file, direct) -> FileChannel.open(file,
        DirectIo.options(direct, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ));

    private final Path directory;
    private final long segmentBytes;
    private final ChannelOpener opener;
    /** The two staging buffers: the journal thread stages into one while the other is written. */
    private final ByteBuffer stagingA = ByteBuffer.allocate(BATCH_BYTES).order(BYTE_ORDER);
    private final ByteBuffer stagingB = ByteBuffer.allocate(BATCH_BYTES).order(BYTE_ORDER);
    /** Where the journal thread stages records. */
    private ByteBuffer batch = stagingA;
    /**
     * Staged records handed to whoever writes next (the fsync thread when pipelined), flipped for
     * reading; null when nothing waits. Set only by the journal thread, and only when null; cleared
     * by the writing thread once the bytes are in the file, which frees the buffer for staging.
     */
    private volatile ByteBuffer handedOff;
    /** The last sequence in {@link #handedOff}; written before it is published. */
    private long handedOffSequence;
    private final CRC32C crc = new CRC32C();
    private final MerkleHasher hasher = new MerkleHasher();
    private final CompactRange frontier = new CompactRange(hasher);
    private final byte[] leafScratch = new byte[HASH_LENGTH];
    private final SegmentSummary summary = new SegmentSummary();
    private final String recoveryNote;
    /** Held while writing, forcing or changing segments: the journal thread and the fsync thread both write. */
    private final Object ioLock = new Object();
    private final boolean directIo;
    private volatile SegmentAppender appender;
    private Path segmentFile;
    private long segmentLength;
    private long segmentRecords;
    private long nextSequence;
    private volatile long writtenSequence;
    private volatile long durableSequence;
    private long checkpointedSize;
    /** Where the record {@link #beginInPlace} started begins in the batch, or -1. */
    private int inPlaceStart = -1;
    private int inPlaceMaxLength;
    private int stagedKind;
    private int stagedSubtype;
    private long lastEpochNanos;

    private JournalWriter(
        final Path directory, final long segmentBytes, final ChannelOpener opener, final boolean directIo, final String recoveryNote)
    {
        this.directory = directory;
        this.directIo = directIo;
        this.segmentBytes = segmentBytes;
        this.opener = opener;
        this.recoveryNote = recoveryNote;
        this.checkpointedSize = -1;
    }

    /**
     * Opens the journal in {@code directory} with 256 MiB segments, creating it when absent.
     *
     * @throws JournalDamagedException when the last segment does not verify.
     */
    public static JournalWriter open(final Path directory) throws IOException
    {
        return open(directory, DEFAULT_SEGMENT_BYTES, DEFAULT_OPENER, true);
    }

    public static JournalWriter open(final Path directory, final long segmentBytes) throws IOException
    {
        return open(directory, segmentBytes, DEFAULT_OPENER, true);
    }

    public static JournalWriter open(final Path directory, final long segmentBytes, final ChannelOpener opener) throws IOException
    {
        return open(directory, segmentBytes, opener, true);
    }

    /**
     * @param directIo write segments with direct I/O where the file system allows it ({@link SegmentAppender});
     *                 false writes through the page cache.
     */
    public static JournalWriter open(final Path directory, final long segmentBytes, final ChannelOpener opener, final boolean directIo)
        throws IOException
    {
        if (segmentBytes < 4096)
        {
            throw new IllegalArgumentException("journal segmentBytes must be at least 4096, was " + segmentBytes);
        }
        Files.createDirectories(directory);
        String headerNote = null;
        List<Path> segments = JournalSegments.list(directory);
        while (!segments.isEmpty())
        {
            final Path last = segments.get(segments.size() - 1);
            final long first = firstSequenceOf(last.getFileName().toString());
            if (Files.size(last) >= headerLength(first))
            {
                break;
            }
            // A crash while creating the segment: it holds no record, so nothing in it was acknowledged.
            final Path aside = last.resolveSibling(last.getFileName() + ".torn-header");
            Files.move(last, aside);
            headerNote = "moved a torn segment header aside to " + aside.getFileName();
            segments = JournalSegments.list(directory);
        }
        if (segments.isEmpty())
        {
            final JournalWriter writer = new JournalWriter(directory, segmentBytes, opener, directIo, headerNote);
            writer.nextSequence = 1;
            writer.startSegment();
            return writer;
        }
        return reopen(directory, segmentBytes, opener, directIo, segments.get(segments.size() - 1), headerNote);
    }

    private static JournalWriter reopen(
        final Path directory, final long segmentBytes, final ChannelOpener opener, final boolean directIo, final Path last,
        final String headerNote)
        throws IOException
    {
        final MerkleHasher hasher = new MerkleHasher();
        final CompactRange range = new CompactRange(hasher);
        final byte[] leaf = new byte[HASH_LENGTH];
        final SegmentSummary summary = new SegmentSummary();
        summary.reset(firstSequenceOf(last.getFileName().toString()));
        long lastSequence;
        long goodEnd;
        long records = 0;
        String note = null;
        try (JournalReader reader = new JournalReader(last))
        {
            JournalReader.Status status = reader.next();
            if (reader.segmentFirstSequence() > 0)
            {
                final byte[] front = reader.segmentFrontier();
                range.reset(reader.segmentFirstSequence() - 1, front, 0, front.length);
            }
            while (status == JournalReader.Status.RECORD)
            {
                reader.leafHash(hasher, leaf, 0);
                range.append(leaf, 0);
                summary.onRecord(reader.kindCode(), reader.subtype(), reader.sequence(), reader.recordOffset());
                records++;
                status = reader.next();
            }
            lastSequence = reader.lastGoodSequence();
            goodEnd = reader.endOfGoodRecords();
            if (status == JournalReader.Status.TORN_TAIL)
            {
                note = "cut a torn final record after sequence " + lastSequence +
                    " (" + (reader.fileSize() - goodEnd) + " bytes at offset " + goodEnd + " of " + last.getFileName() + "): " +
                    reader.problem();
            }
            else if (status != JournalReader.Status.END)
            {
                throw new JournalDamagedException(last, reader.recordOffset(), reader.problem());
            }
        }
        final JournalWriter writer = new JournalWriter(directory, segmentBytes, opener, directIo,
            headerNote == null ? note : note == null ? headerNote : headerNote + "; " + note);
        if (note != null)
        {
            saveTornBytes(last, goodEnd);
        }
        // cuts what follows the last good record: a torn write (just saved) or a direct writer's block padding
        writer.appender = SegmentAppender.open(last, goodEnd, opener, directIo);
        writer.segmentFile = last;
        writer.segmentLength = goodEnd;
        writer.segmentRecords = records;
        writer.summary.copyFrom(summary);
        writer.frontier.copyFrom(range);
        writer.nextSequence = lastSequence + 1;
        writer.durableSequence = lastSequence;
        writer.writtenSequence = lastSequence;
        return writer;
    }

    private static void saveTornBytes(final Path segment, final long from) throws IOException
    {
        final byte[] all = Files.readAllBytes(segment);
        final Path aside = segment.resolveSibling(segment.getFileName() + ".torn-" + from);
        Files.write(aside, java.util.Arrays.copyOfRange(all, (int)Math.min(from, all.length), all.length));
    }

    private void startSegment() throws IOException
    {
        final Path file = directory.resolve(segmentName(nextSequence));
        final SegmentAppender created = SegmentAppender.open(file, 0, opener, directIo);
        final int headerLength = headerLength(nextSequence);
        final ByteBuffer header = ByteBuffer.allocate(headerLength).order(BYTE_ORDER);
        final byte[] front = frontier.hashes();
        header.putInt(MAGIC).putInt(VERSION).putLong(nextSequence).putInt(frontier.hashCount()).put(front);
        crc.reset();
        crc.update(header.array(), 0, headerLength - CRC_LENGTH);
        header.putInt((int)crc.getValue());
        try
        {
            created.append(header.array(), 0, headerLength);
            created.force();
        }
        catch (final IOException | RuntimeException ex)
        {
            created.close();
            throw ex;
        }
        forceDirectory(directory);
        appender = created;
        segmentFile = file;
        segmentLength = headerLength;
        segmentRecords = 0;
        summary.reset(nextSequence);
    }

    private void roll() throws IOException
    {
        final byte[] closed = summary.encode();
        synchronized (ioLock)
        {
            writeHandedOff();
            writeStaged();
            // every record staged so far is in the old segment: cut its padding and make it durable
            appender.closeExact();
            writtenSequence = nextSequence - 1;
            durableSequence = nextSequence - 1;
            startSegment();
        }
        // The new segment's first record (it has none yet, so this cannot roll again); the record
        // being appended follows it. Durable with the next commit, like any record: a crash before
        // that leaves the closed segment without a summary, which only means start-up reads it whole.
        stage(RecordKind.SEGMENT_SUMMARY, 0, lastEpochNanos, closed, 0, closed.length);
    }

    /**
     * Stages a record whose payload is in a direct buffer (the order path's drop copy).
     *
     * @return the record's sequence number.
     */
    public long append(
        final RecordKind kind, final int subtype, final long epochNanos,
        final DirectBuffer payload, final int offset, final int length) throws IOException
    {
        checkLength(length);
        ensureRoom(length);
        final int recordStart = startRecord(kind, subtype, epochNanos, length);
        payload.getBytes(offset, batch.array(), batch.position(), length);
        batch.position(batch.position() + length);
        return finishRecord(recordStart, length);
    }

    /**
     * Starts a record whose payload the caller writes straight into the staging buffer (the sealed
     * order records: encoded and encrypted where they are stored, never copied): write at most
     * {@code maxPayloadLength} bytes into {@link #stagingArray()} from the returned offset, then call
     * {@link #finishInPlace} with the length written, or {@link #abandonInPlace} if writing failed.
     *
     * @return where the payload goes in {@link #stagingArray()}.
     */
    public int beginInPlace(final RecordKind kind, final int subtype, final long epochNanos, final int maxPayloadLength)
        throws IOException
    {
        if (kind == RecordKind.SEGMENT_SUMMARY)
        {
            throw new IllegalArgumentException("segment summaries are written by the writer itself, when a segment rolls");
        }
        checkLength(maxPayloadLength);
        ensureRoom(maxPayloadLength);
        inPlaceStart = startRecord(kind, subtype, epochNanos, maxPayloadLength);
        inPlaceMaxLength = maxPayloadLength;
        return batch.position();
    }

    /** The staging buffer's array, for {@link #beginInPlace}; valid until the next append. */
    public byte[] stagingArray()
    {
        return batch.array();
    }

    /**
     * Completes the record {@link #beginInPlace} started with its payload's real length.
     *
     * @return the record's sequence number.
     */
    public long finishInPlace(final int payloadLength)
    {
        final int start = inPlaceStart;
        if (start < 0 || payloadLength < 0 || payloadLength > inPlaceMaxLength)
        {
            throw new IllegalStateException("a payload of " + payloadLength + " bytes for a record begun with room for " +
                inPlaceMaxLength + (start < 0 ? " (none begun)" : ""));
        }
        inPlaceStart = -1;
        batch.putInt(start, BODY_HEADER_LENGTH + payloadLength);
        batch.position(batch.position() + payloadLength);
        return finishRecord(start, payloadLength);
    }

    /** Drops the record {@link #beginInPlace} started: nothing of it stays staged. */
    public void abandonInPlace()
    {
        if (inPlaceStart >= 0)
        {
            java.util.Arrays.fill(batch.array(), inPlaceStart, batch.position() + inPlaceMaxLength, (byte)0);
            batch.position(inPlaceStart);
            inPlaceStart = -1;
        }
    }

    /** Stages a record whose payload is a byte array (control-plane and lifecycle records). */
    public long append(final RecordKind kind, final int subtype, final long epochNanos, final byte[] payload)
        throws IOException
    {
        return append(kind, subtype, epochNanos, payload, 0, payload.length);
    }

    /** Stages a record whose payload is {@code payload[offset, offset + length)} (a reused encoding buffer). */
    public long append(
        final RecordKind kind, final int subtype, final long epochNanos, final byte[] payload, final int offset, final int length)
        throws IOException
    {
        if (kind == RecordKind.SEGMENT_SUMMARY)
        {
            throw new IllegalArgumentException("segment summaries are written by the writer itself, when a segment rolls");
        }
        return stage(kind, subtype, epochNanos, payload, offset, length);
    }

    private long stage(
        final RecordKind kind, final int subtype, final long epochNanos, final byte[] payload, final int offset, final int length)
        throws IOException
    {
        checkLength(length);
        ensureRoom(length);
        final int recordStart = startRecord(kind, subtype, epochNanos, length);
        batch.put(payload, offset, length);
        return finishRecord(recordStart, length);
    }

    /**
     * Signs the root over every record staged so far and stages it as a CHECKPOINT record. The
     * checkpoint is durable, like any record, after the next {@link #commit()}; publish it only then.
     *
     * @throws IOException when signing fails (the journal then fails closed).
     */
    public Checkpoint appendCheckpoint(final long epochNanos, final CheckpointSigner signer) throws IOException
    {
        // Roll first if the checkpoint would: a roll stages a segment summary, which the signed size
        // and root must cover, since the checkpoint record has to follow every record it signs.
        ensureRoom(CHECKPOINT_ROOM);
        final long size = nextSequence - 1;
        final byte[] root = frontier.root();
        final byte[] signature;
        try
        {
            signature = signer.sign(Checkpoint.signedMessage(size, root, epochNanos));
        }
        catch (final SignerUnavailableException ex)
        {
            throw ex;
        }
        catch (final GeneralSecurityException | RuntimeException ex)
        {
            throw new IOException("cannot sign the journal checkpoint at size " + size + ": " + ex, ex);
        }
        if (signature == null || signature.length == 0)
        {
            throw new IOException("the journal signer returned no signature for the checkpoint at size " + size);
        }
        final Checkpoint checkpoint = new Checkpoint(size, root, epochNanos, signature);
        append(RecordKind.CHECKPOINT, 0, epochNanos, checkpoint.encode());
        checkpointedSize = size;
        return checkpoint;
    }

    private int startRecord(final RecordKind kind, final int subtype, final long epochNanos, final int payloadLength)
    {
        final int recordStart = batch.position();
        batch.putInt(BODY_HEADER_LENGTH + payloadLength);
        batch.putLong(nextSequence).putLong(epochNanos).putShort(kind.code()).putInt(subtype);
        stagedKind = kind.code();
        stagedSubtype = subtype;
        lastEpochNanos = epochNanos;
        return recordStart;
    }

    private long finishRecord(final int recordStart, final int payloadLength)
    {
        final byte[] array = batch.array();
        final int bodyLength = BODY_HEADER_LENGTH + payloadLength;
        crc.reset();
        crc.update(array, recordStart, LENGTH_FIELD_LENGTH + bodyLength);
        batch.putInt((int)crc.getValue());
        hasher.leafHashAfterZeroByte(array, recordStart + LENGTH_FIELD_LENGTH, bodyLength, leafScratch, 0);
        frontier.append(leafScratch, 0);
        summary.onRecord(stagedKind, stagedSubtype, nextSequence, segmentLength + recordStart);
        segmentRecords++;
        return nextSequence++;
    }

    private static void checkLength(final int length)
    {
        if (length < 0 || length > MAX_PAYLOAD_LENGTH)
        {
            throw new IllegalArgumentException("journal payload of " + length + " bytes exceeds " + MAX_PAYLOAD_LENGTH);
        }
    }

    private void ensureRoom(final int payloadLength) throws IOException
    {
        final int length = recordLength(payloadLength);
        if (segmentRecords > 0 && segmentLength + batch.position() + length > segmentBytes)
        {
            roll();
        }
        if (batch.remaining() < length)
        {
            if (handedOff != null)
            {
                // the writing thread has not caught up: write its buffer here (back-pressure, never a dropped record)
                synchronized (ioLock)
                {
                    writeHandedOff();
                }
            }
            handOff();
        }
    }

    /** Journal thread: hands the staged records to the next writer and stages into the other buffer. Needs {@code handedOff == null}. */
    private void handOff()
    {
        if (batch.position() == 0)
        {
            return;
        }
        segmentLength += batch.position();
        handedOffSequence = nextSequence - 1;
        batch.flip();
        final ByteBuffer full = batch;
        batch = full == stagingA ? stagingB : stagingA;
        batch.clear();
        handedOff = full;
    }

    /** Under {@link #ioLock}: writes the handed-off records to the segment, then frees their buffer. */
    private void writeHandedOff() throws IOException
    {
        final ByteBuffer full = handedOff;
        if (full != null)
        {
            appender.append(full.array(), 0, full.limit());
            writtenSequence = handedOffSequence;
            handedOff = null;
        }
    }

    /** Journal thread, under {@link #ioLock}, nothing handed off: writes the staged records directly. */
    private void writeStaged() throws IOException
    {
        if (batch.position() > 0)
        {
            appender.append(batch.array(), 0, batch.position());
            segmentLength += batch.position();
            batch.clear();
            writtenSequence = nextSequence - 1;
        }
    }

    /** True when records are staged that {@link #commit()} has not yet made durable. */
    public boolean hasUncommitted()
    {
        return nextSequence - 1 > durableSequence;
    }

    /**
     * Writes every staged record and fsyncs. On return they are durable.
     *
     * @return the highest durable sequence.
     */
    public long commit() throws IOException
    {
        if (hasUncommitted())
        {
            synchronized (ioLock)
            {
                writeHandedOff();
                writeStaged();
            }
            sync();
        }
        return durableSequence;
    }

    /**
     * Journal thread: hands every staged record to the writing thread, unless it is still writing
     * the last lot (then they wait for the next call). The first half of a pipelined group commit:
     * the journal thread goes on staging while another thread runs {@link #sync()}, which writes
     * and fsyncs them.
     *
     * @return the highest sequence handed to the writing thread or written.
     */
    public long flush()
    {
        if (handedOff == null)
        {
            handOff();
            return nextSequence - 1;
        }
        return handedOffSequence;
    }

    /**
     * Writes what {@link #flush()} handed over and fsyncs. The one method another thread (the fsync
     * thread) may call while the journal thread appends: a record handed over before the call is
     * durable when it returns.
     *
     * @return the highest durable sequence.
     */
    public long sync() throws IOException
    {
        synchronized (ioLock)
        {
            writeHandedOff();
            final long upTo = writtenSequence;
            if (upTo > durableSequence)
            {
                appender.force();
                durableSequence = upTo;
            }
            return durableSequence;
        }
    }

    /** True when {@link #sync()} has something to do: records handed over or written but not yet durable. */
    public boolean hasUnsynced()
    {
        return handedOff != null || writtenSequence > durableSequence;
    }

    /** The highest sequence written to the file (durable or not yet). */
    public long writtenSequence()
    {
        return writtenSequence;
    }

    /** True when segments are written with direct I/O (the file system allows it and it was not turned off). */
    public boolean directIo()
    {
        return appender.direct();
    }

    /** Why segments are written through the page cache (turned off, or refused by the file system and how), null when {@link #directIo()}. */
    public String pageCacheReason()
    {
        return appender.pageCacheReason();
    }

    public long durableSequence()
    {
        return durableSequence;
    }

    public long lastSequence()
    {
        return nextSequence - 1;
    }

    /** Tree size covered by the last checkpoint this writer staged, or -1 before the first. */
    public long checkpointedSize()
    {
        return checkpointedSize;
    }

    /** The Merkle root over every staged record (a fresh array; costs log n hashes). */
    public byte[] root()
    {
        return frontier.root();
    }

    /** The journal directory. */
    public Path directory()
    {
        return directory;
    }

    /** The segment being written. */
    public Path file()
    {
        return segmentFile;
    }

    /** What recovery did at open, or null when the journal closed cleanly. */
    public String recoveryNote()
    {
        return recoveryNote;
    }

    @Override
    public void close() throws IOException
    {
        try
        {
            commit();
        }
        finally
        {
            synchronized (ioLock)
            {
                appender.closeExact();
            }
        }
    }

    private static void forceDirectory(final Path directory)
    {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ))
        {
            dir.force(true);
        }
        catch (final IOException ignore)
        {
            // Not every file system lets a directory be opened for fsync; the file itself is synced.
        }
    }
}
