package com.orderguard.core.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

import static com.orderguard.core.audit.JournalFormat.*;

/**
 * Walks a journal's segments in order, checking each segment header and each record's framing,
 * checksum and (when strict) sequence, and stops at the first thing that is wrong. It does not
 * hash: the Merkle tree and the signatures are {@link JournalVerifier}'s job; the writer uses the
 * reader to reopen the last segment.
 * <p>
 * Reads through one 1 MiB buffer and holds one record at a time. Sequential reads go around the page
 * cache where the file system allows it (direct I/O, 1 MiB chunks, the next one read ahead on
 * another thread): the journal is written that way too, so nothing of it is cached, and a cached
 * page would only cost. {@link #readAt} reads one record through the page cache. Close the reader:
 * it frees its 2 MiB of direct buffers then.
 */
public final class JournalReader implements AutoCloseable
{
    /** What {@link #next()} found. */
    public enum Status
    {
        /** A record that frames and checksums (and, when strict, follows its predecessor). */
        RECORD,
        /** Clean end of the last segment after the last good record. */
        END,
        /** The last segment ends inside a record (or header): a write cut short, or a truncation. */
        TORN_TAIL,
        /** Something present but wrong: see {@link #problemKind()}. */
        BROKEN,
        /** A segment header is missing, damaged or not a journal's. */
        BAD_HEADER
    }

    /** Why the reader stopped. */
    public enum Problem
    {
        NONE, HEADER, TORN, LENGTH, CHECKSUM, SEQUENCE, SEGMENT_GAP, SEGMENT_TRUNCATED
    }

    private static final int FIXED_HEADER = HEADER_FRONTIER_OFFSET;
    /** The unit a disk writes atomically: a crash inside a direct write leaves whole sectors written or not. */
    private static final int SECTOR_BYTES = 512;
    private static final int DIRECT_CHUNK_BYTES = 1 << 20;
    /** The most a direct writer rewrites in place: its last, partial block (64 KiB covers every block size it uses). */
    private static final int LIVE_TAIL_BYTES = 64 * 1024;
    /** Reads the next chunk while the reading thread parses this one; its threads mostly wait on the disk. */
    private static final java.util.concurrent.ExecutorService READ_AHEAD = java.util.concurrent.Executors.newCachedThreadPool(task ->
    {
        final Thread thread = new Thread(task, "journal-read-ahead");
        thread.setDaemon(true);
        return thread;
    });

    private final List<Path> segments;
    private final boolean strictSequence;
    private final ByteBuffer readBuffer = ByteBuffer.allocate(1 << 20).order(BYTE_ORDER);
    private final CRC32C crc = new CRC32C();
    private byte[] body = new byte[BODY_HEADER_LENGTH + 1024];
    private byte[] recordArray = body;
    private int bodyBase;
    private boolean bodyCopied;
    private byte[] frontier = new byte[0];

    private int segmentIndex = -1;
    private FileChannel channel;
    /** Opens a segment for reading, with direct I/O when asked ({@link DirectIo#open}). */
    private static final JournalWriter.ChannelOpener READ_OPENER =
        (file, direct) -> FileChannel.open(file, DirectIo.options(direct, StandardOpenOption.READ));
    /** Bulk reads, when asked for and the file system allows: the same file opened for direct I/O. */
    private FileChannel directChannel;
    private final boolean directIo;
    /** The appliance may be writing the last segment while this reads it (see {@link #live}). */
    private boolean live;
    private ByteBuffer directAllocation;
    /** Aligned window of {@link #directAllocation}: segment bytes from an aligned offset, being parsed. */
    private ByteBuffer chunk;
    /** The other aligned window: the next chunk, read ahead by {@link #READ_AHEAD} while this one is parsed. */
    private ByteBuffer ahead;
    private java.util.concurrent.Future<Integer> aheadRead;
    private long aheadOffset;
    private int blockBytes;
    /** File offset of the next byte {@link #readMore()} delivers to {@link #readBuffer}. */
    private long sourceOffset;
    /** readAt was used: one record at a time, through the page cache. */
    private boolean randomAccess;
    private Path currentFile;
    private long fileSize;
    private long position;
    private long segmentFirstSequence;
    private long lastSequence;
    private long recordOffset;
    private int bodyLength;
    private boolean anyRecord;
    private Problem problemKind = Problem.NONE;
    private String problem = "";

    /** Strict: a sequence gap is BROKEN. */
    public JournalReader(final Path path) throws IOException
    {
        this(path, true);
    }

    /**
     * A reader for a journal the appliance may be writing as it reads (search, export, proofs,
     * reading sealed content): strict, reading with direct I/O like the writer, so no page-cache copy
     * of a block can go stale under it. The writer rewrites the file's last block on every write
     * (direct I/O writes whole blocks), and a read racing that write can see it half old, half new;
     * so a record of the last segment that does not check out and reaches into the file's last block
     * is the end of what is readable now ({@link Status#TORN_TAIL}), not damage. Readers of a journal
     * at rest (the verifier, the writer reopening it) are not live: there, such a record is BROKEN.
     */
    public static JournalReader live(final Path path) throws IOException
    {
        final JournalReader reader = new JournalReader(path, true, true);
        // only the journal's newest segment is ever written: a reader given a closed one reads it at rest
        final Path newest = reader.segments.isEmpty() ? null : reader.segments.get(reader.segments.size() - 1);
        final Path directory = newest == null ? null : newest.toAbsolutePath().getParent();
        final List<Path> all = directory == null ? List.of() : JournalSegments.list(directory);
        reader.live = newest != null && (all.isEmpty() || all.get(all.size() - 1).toAbsolutePath().equals(newest.toAbsolutePath()));
        return reader;
    }

    /**
     * @param path           the journal directory, one segment, or {@code <dir>/journal.ogj}.
     * @param strictSequence false leaves sequence checking to the caller (the verifier classifies gaps itself).
     */
    public JournalReader(final Path path, final boolean strictSequence) throws IOException
    {
        this(path, strictSequence, true);
    }

    /**
     * @param directIo read with direct I/O in large aligned chunks where the file system allows it
     *                 (what the other constructors do): for passes over much of a journal
     *                 (verification, a start reading its open segment), which the page cache only
     *                 slows (each page it takes must be allocated and filled, and on a VM that returns
     *                 free memory to its host, faulted in first: `dd` reads a segment twice as fast,
     *                 at a twentieth of the system time, with direct I/O there). Random access
     *                 ({@link #readAt}) always goes through the page cache.
     */
    public JournalReader(final Path path, final boolean strictSequence, final boolean directIo) throws IOException
    {
        this.segments = JournalSegments.resolve(path);
        this.strictSequence = strictSequence;
        this.directIo = directIo;
        readBuffer.limit(0);
    }

    public Status next() throws IOException
    {
        while (true)
        {
            if (channel == null)
            {
                if (segmentIndex + 1 >= segments.size())
                {
                    return Status.END;
                }
                final Status header = openSegment(segmentIndex + 1);
                if (header != null)
                {
                    return header;
                }
            }
            recordOffset = position;
            if (position == fileSize)
            {
                if (segmentIndex + 1 >= segments.size())
                {
                    return Status.END;
                }
                closeChannels();
                continue;
            }
            return readRecord();
        }
    }

    /**
     * Reads the record whose length field starts at byte {@code offset} of this reader's one segment
     * (a reader opened on a segment file, not sequence-strict): framing and checksum are checked as
     * in {@link #next()}; the caller checks the sequence and kind it expected there. Used with the
     * offsets a {@link SegmentSummary} lists.
     */
    public Status readAt(final long offset) throws IOException
    {
        if (segments.size() != 1 || strictSequence)
        {
            throw new IllegalStateException("readAt needs a reader over one segment that leaves sequences to its caller");
        }
        if (channel == null)
        {
            final Status header = openSegment(0);
            if (header != null)
            {
                return header;
            }
        }
        if (offset < headerLength(segmentFirstSequence) || offset >= fileSize)
        {
            problemKind = Problem.LENGTH;
            problem = "offset " + offset + " is outside the records of " + currentFile.getFileName() + " (" + fileSize + " bytes)";
            return Status.BROKEN;
        }
        channel.position(offset);
        randomAccess = true;
        position = offset;
        recordOffset = offset;
        readBuffer.clear().limit(0);
        return readRecord();
    }

    private Status openSegment(final int index) throws IOException
    {
        segmentIndex = index;
        currentFile = segments.get(index);
        channel = FileChannel.open(currentFile, StandardOpenOption.READ);
        fileSize = channel.size();
        sourceOffset = 0;
        if (directIo)
        {
            openDirect();
        }
        position = 0;
        recordOffset = 0;
        readBuffer.clear().limit(0);
        final boolean last = index == segments.size() - 1;
        if (!fill(FIXED_HEADER))
        {
            return headerProblem(last && fileSize < FIXED_HEADER, "segment " + currentFile.getFileName() + " is " + fileSize +
                " bytes, shorter than a segment header");
        }
        final int start = readBuffer.position();
        final int magic = readBuffer.getInt(start + HEADER_MAGIC_OFFSET);
        final int version = readBuffer.getInt(start + HEADER_VERSION_OFFSET);
        final long firstSequence = readBuffer.getLong(start + HEADER_FIRST_SEQUENCE_OFFSET);
        final int count = readBuffer.getInt(start + HEADER_FRONTIER_COUNT_OFFSET);
        if (magic != MAGIC || version != VERSION)
        {
            return headerProblem(false, String.format("%s is not a journal segment: magic 0x%08x version %d",
                currentFile.getFileName(), magic, version));
        }
        if (firstSequence < 1 || count != Long.bitCount(firstSequence - 1))
        {
            return headerProblem(false, currentFile.getFileName() + " has a damaged header (first sequence " + firstSequence +
                ", " + count + " frontier hashes)");
        }
        final int headerLength = headerLength(firstSequence);
        if (!fill(headerLength))
        {
            return headerProblem(last, "segment " + currentFile.getFileName() + " ends inside its header");
        }
        crc.reset();
        crc.update(readBuffer.array(), readBuffer.arrayOffset() + start, headerLength - CRC_LENGTH);
        if ((int)crc.getValue() != readBuffer.getInt(start + headerLength - CRC_LENGTH))
        {
            return headerProblem(false, currentFile.getFileName() + " header does not match its checksum: altered");
        }
        final long named = firstSequenceOf(currentFile.getFileName().toString());
        if (named > 0 && named != firstSequence)
        {
            return headerProblem(false, currentFile.getFileName() + " claims first sequence " + firstSequence + " inside");
        }
        frontier = Arrays.copyOfRange(readBuffer.array(), readBuffer.arrayOffset() + start + HEADER_FRONTIER_OFFSET,
            readBuffer.arrayOffset() + start + HEADER_FRONTIER_OFFSET + count * HASH_LENGTH);
        readBuffer.position(start + headerLength);
        position = headerLength;
        segmentFirstSequence = firstSequence;
        if (!anyRecord && index == 0)
        {
            lastSequence = firstSequence - 1;
        }
        else if (strictSequence && firstSequence != lastSequence + 1)
        {
            problemKind = Problem.SEGMENT_GAP;
            problem = firstSequence > lastSequence + 1 ?
                "records " + (lastSequence + 1) + ".." + (firstSequence - 1) + " are missing: segment " + currentFile.getFileName() +
                    " follows record " + lastSequence :
                "segment " + currentFile.getFileName() + " starts at " + firstSequence + " but record " + lastSequence + " came before it";
            return Status.BROKEN;
        }
        return null;
    }

    private void openDirect()
    {
        try
        {
            final int block = DirectIo.blockBytes(currentFile);
            if (block == 0)
            {
                return;
            }
            directChannel = DirectIo.open(currentFile, READ_OPENER).channel();
            if (directChannel == null)
            {
                return; // refused here: the same bytes through the page cache (the writer reports the refusal)
            }
            if (directAllocation == null || blockBytes != block)
            {
                if (directAllocation != null)
                {
                    org.agrona.BufferUtil.free(directAllocation);
                }
                blockBytes = block;
                directAllocation = ByteBuffer.allocateDirect(2 * DIRECT_CHUNK_BYTES + blockBytes);
                final ByteBuffer aligned = directAllocation.alignedSlice(blockBytes);
                chunk = aligned.slice(0, DIRECT_CHUNK_BYTES);
                ahead = aligned.slice(DIRECT_CHUNK_BYTES, DIRECT_CHUNK_BYTES);
            }
            chunk.limit(0);
        }
        catch (final IOException ex)
        {
            // the file store's block size could not be read: read through the page cache
            directChannel = null;
        }
    }

    /** Appends the segment's next bytes to {@link #readBuffer}; -1 at the end of the file. */
    private int readMore() throws IOException
    {
        if (directChannel == null || randomAccess)
        {
            return channel.read(readBuffer);
        }
        if (!chunk.hasRemaining())
        {
            final long aligned = sourceOffset - sourceOffset % blockBytes;
            final int read;
            if (aheadRead != null && aheadOffset == aligned)
            {
                read = awaitAhead();
                final ByteBuffer filled = ahead;
                ahead = chunk;
                chunk = filled;
            }
            else
            {
                awaitAhead();
                chunk.clear();
                read = directChannel.read(chunk, aligned);
                chunk.flip();
            }
            final int skip = (int)(sourceOffset - aligned);
            if (read <= skip)
            {
                chunk.limit(0);
                return -1;
            }
            chunk.position(skip);
            if (read == DIRECT_CHUNK_BYTES && aligned + read < fileSize)
            {
                readAhead(aligned + read);
            }
        }
        final int count = Math.min(chunk.remaining(), readBuffer.remaining());
        final int end = chunk.limit();
        chunk.limit(chunk.position() + count);
        readBuffer.put(chunk);
        chunk.limit(end);
        sourceOffset += count;
        return count;
    }

    /** Starts reading the chunk at {@code offset} into {@link #ahead} on the read-ahead pool, while this thread parses. */
    private void readAhead(final long offset)
    {
        final FileChannel from = directChannel;
        final ByteBuffer into = ahead;
        into.clear();
        aheadOffset = offset;
        aheadRead = READ_AHEAD.submit(() ->
        {
            final int read = from.read(into, offset);
            into.flip();
            return read;
        });
    }

    /**
     * Waits for the read-ahead in flight, if any: before its buffer is used, reused or freed, or its
     * channel closed. @return the bytes it read (-1 at the end of the file), or 0 when none was in flight.
     */
    private int awaitAhead() throws IOException
    {
        final java.util.concurrent.Future<Integer> pending = aheadRead;
        if (pending == null)
        {
            return 0;
        }
        aheadRead = null;
        boolean interrupted = false;
        try
        {
            while (true)
            {
                try
                {
                    return pending.get();
                }
                catch (final InterruptedException ex)
                {
                    interrupted = true; // the read must finish before its buffer goes: wait it out
                }
            }
        }
        catch (final java.util.concurrent.ExecutionException ex)
        {
            throw ex.getCause() instanceof IOException io ? io : new IOException(ex.getCause());
        }
        finally
        {
            if (interrupted)
            {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void closeChannels() throws IOException
    {
        try
        {
            awaitAhead();
        }
        catch (final IOException ignore)
        {
            // a read-ahead nobody will use
        }
        try
        {
            if (directChannel != null)
            {
                directChannel.close();
                directChannel = null;
            }
        }
        finally
        {
            if (channel != null)
            {
                channel.close();
                channel = null;
            }
        }
    }

    private Status headerProblem(final boolean torn, final String why)
    {
        problemKind = torn ? Problem.TORN : Problem.HEADER;
        problem = why;
        return torn ? Status.TORN_TAIL : Status.BAD_HEADER;
    }

    private Status readRecord() throws IOException
    {
        final boolean last = segmentIndex == segments.size() - 1;
        if (!fill(LENGTH_FIELD_LENGTH))
        {
            if (last && zerosFrom(position, fileSize))
            {
                fileSize = position; // block padding too short to hold a length field
                return Status.END;
            }
            return incomplete(last, "the file ends inside the length field of the record after " + lastSequence);
        }
        final int start = readBuffer.position();
        bodyLength = readBuffer.getInt(start);
        if (last && bodyLength == 0 && zerosFrom(position, fileSize))
        {
            // a direct-I/O writer's block padding after the last record: the segment ends here
            fileSize = position;
            return Status.END;
        }
        if (bodyLength < BODY_HEADER_LENGTH || bodyLength > MAX_BODY_LENGTH)
        {
            if (last && live && position >= fileSize - LIVE_TAIL_BYTES)
            {
                return torn("the record after " + lastSequence + " is being written (its length reads " + bodyLength + ")");
            }
            if (last && unwrittenSector(position, Math.min(fileSize, (position / SECTOR_BYTES + 1) * SECTOR_BYTES)))
            {
                return torn("the record after " + lastSequence + " was never fully written (zero bytes where its length belongs, " +
                    "data after them): a write cut short");
            }
            problemKind = Problem.LENGTH;
            problem = "the record after " + lastSequence + " has an impossible length " + bodyLength;
            return Status.BROKEN;
        }
        final int total = LENGTH_FIELD_LENGTH + bodyLength + CRC_LENGTH;
        if (!fill(total))
        {
            return incomplete(last, "the file ends inside the record after " + lastSequence + " (" + (fileSize - position) +
                " of " + total + " bytes present)");
        }
        final int at = readBuffer.position();
        final byte[] array = readBuffer.array();
        final int base = readBuffer.arrayOffset() + at;
        recordArray = array;
        bodyBase = base + LENGTH_FIELD_LENGTH;
        bodyCopied = false;
        crc.reset();
        crc.update(array, base, LENGTH_FIELD_LENGTH + bodyLength);
        final int stored = readBuffer.getInt(at + LENGTH_FIELD_LENGTH + bodyLength);
        readBuffer.position(at + total);
        position += total;
        if ((int)crc.getValue() != stored)
        {
            if (last && live && recordOffset + total > fileSize - LIVE_TAIL_BYTES)
            {
                return torn("record " + (lastSequence + 1) + " is being written (it does not match its checksum yet)");
            }
            if (last && unwrittenSector(recordOffset, recordOffset + total))
            {
                return torn("record " + (lastSequence + 1) + " was never fully written (a sector of it reads as zeros): a write cut short");
            }
            problemKind = Problem.CHECKSUM;
            problem = "record " + (lastSequence + 1) + " (sequence field " + sequence() + ") does not match its checksum: " +
                "its bytes were modified after it was written";
            return Status.BROKEN;
        }
        final long sequence = sequence();
        if (strictSequence && sequence != lastSequence + 1)
        {
            problemKind = Problem.SEQUENCE;
            problem = "record " + (lastSequence + 1) + " expected, found sequence " + sequence + " in its place";
            return Status.BROKEN;
        }
        lastSequence = sequence;
        anyRecord = true;
        return Status.RECORD;
    }

    private Status torn(final String why)
    {
        problemKind = Problem.TORN;
        problem = why;
        return Status.TORN_TAIL;
    }

    /** True when {@code [from, to)} of the current segment reads as zeros (read around the buffer). */
    private boolean zerosFrom(final long from, final long to) throws IOException
    {
        final ByteBuffer scratch = ByteBuffer.allocate((int)Math.min(64 * 1024, Math.max(1, to - from)));
        long at = from;
        while (at < to)
        {
            scratch.clear().limit((int)Math.min(scratch.capacity(), to - at));
            final int read = channel.read(scratch, at);
            if (read <= 0)
            {
                return false;
            }
            for (int i = 0; i < read; i++)
            {
                if (scratch.get(i) != 0)
                {
                    return false;
                }
            }
            at += read;
        }
        return true;
    }

    /**
     * True when some 512-byte sector's share of {@code [from, to)} reads as zeros: what a direct
     * write cut short by a crash leaves (sectors reach the disk independently; one that never did
     * reads as the zeros that were there, the writer's padding or an unwritten extent). Bytes that
     * were written but altered show no such hole and stay BROKEN.
     */
    private boolean unwrittenSector(final long from, final long to) throws IOException
    {
        long start = from;
        while (start < to)
        {
            final long end = Math.min(to, (start / SECTOR_BYTES + 1) * SECTOR_BYTES);
            if (zerosFrom(start, end))
            {
                return true;
            }
            start = end;
        }
        return false;
    }

    private Status incomplete(final boolean last, final String why)
    {
        problemKind = last ? Problem.TORN : Problem.SEGMENT_TRUNCATED;
        problem = last ? why : why + " in " + currentFile.getFileName() + ", which is not the last segment";
        return last ? Status.TORN_TAIL : Status.BROKEN;
    }

    private boolean fill(final int needed) throws IOException
    {
        if (readBuffer.remaining() >= needed)
        {
            return true;
        }
        if (position + needed > fileSize)
        {
            return false;
        }
        readBuffer.compact();
        while (readBuffer.position() < needed)
        {
            if (readMore() < 0)
            {
                break;
            }
        }
        readBuffer.flip();
        return readBuffer.remaining() >= needed;
    }

    /** Sequence field of the current record (valid after RECORD, and after a CHECKSUM/SEQUENCE BROKEN). */
    public long sequence()
    {
        return getLong(recordArray, bodyBase + SEQUENCE_OFFSET);
    }

    public long epochNanos()
    {
        return getLong(recordArray, bodyBase + EPOCH_NANOS_OFFSET);
    }

    public int kindCode()
    {
        return (recordArray[bodyBase + KIND_OFFSET] & 0xFF) | (recordArray[bodyBase + KIND_OFFSET + 1] & 0xFF) << 8;
    }

    public int subtype()
    {
        return getInt(recordArray, bodyBase + SUBTYPE_OFFSET);
    }

    /** Writes the current record's Merkle leaf hash, SHA-256(0x00 ‖ body), hashing it where it lies in the read buffer. */
    public void leafHash(final MerkleHasher hasher, final byte[] out, final int outOffset)
    {
        hasher.leafHashAfterZeroByte(recordArray, bodyBase, bodyLength, out, outOffset);
    }

    public int payloadLength()
    {
        return bodyLength - BODY_HEADER_LENGTH;
    }

    public int bodyLength()
    {
        return bodyLength;
    }

    /** The body array: the payload starts at {@link JournalFormat#PAYLOAD_OFFSET}. Valid until the next call. */
    public byte[] body()
    {
        if (!bodyCopied)
        {
            if (body.length < bodyLength)
            {
                body = new byte[Math.max(bodyLength, body.length * 2)];
            }
            System.arraycopy(recordArray, bodyBase, body, 0, bodyLength);
            bodyCopied = true;
        }
        return body;
    }

    public byte[] payloadCopy()
    {
        return Arrays.copyOfRange(recordArray, bodyBase + PAYLOAD_OFFSET, bodyBase + bodyLength);
    }

    /** Sequence of the last record that was accepted. */
    public long lastGoodSequence()
    {
        return lastSequence;
    }

    /** Offset, in {@link #currentFile()}, of the record {@link #next()} last looked at. */
    public long recordOffset()
    {
        return recordOffset;
    }

    /** Offset just past the last accepted record of the current segment: where a writer continues. */
    public long endOfGoodRecords()
    {
        return recordOffset;
    }

    /** The segment file being read. */
    public Path currentFile()
    {
        return currentFile;
    }

    public int segmentIndex()
    {
        return segmentIndex;
    }

    public int segmentCount()
    {
        return segments.size();
    }

    public long segmentFirstSequence()
    {
        return segmentFirstSequence;
    }

    /** The current segment header's frontier: the compact range of records 1..segmentFirstSequence-1. */
    public byte[] segmentFrontier()
    {
        return frontier.clone();
    }

    public long fileSize()
    {
        return fileSize;
    }

    /** Why the last call did not return RECORD or END. */
    public String problem()
    {
        return problem;
    }

    public Problem problemKind()
    {
        return problemKind;
    }

    @Override
    public void close() throws IOException
    {
        closeChannels();
        if (directAllocation != null)
        {
            org.agrona.BufferUtil.free(directAllocation);
            directAllocation = null;
            chunk = null;
            ahead = null;
        }
    }

    static long getLong(final byte[] b, final int offset)
    {
        long value = 0;
        for (int i = 7; i >= 0; i--)
        {
            value = (value << 8) | (b[offset + i] & 0xFFL);
        }
        return value;
    }

    static int getInt(final byte[] b, final int offset)
    {
        return (b[offset] & 0xFF) | (b[offset + 1] & 0xFF) << 8 | (b[offset + 2] & 0xFF) << 16 | (b[offset + 3] & 0xFF) << 24;
    }
}
