package com.orderguard.core.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

import static com.orderguard.core.audit.JournalFormat.*;

/**
 * Walks a journal file from the start, checking framing, sequence and hash chain record by
 * record, and stops at the first record that is wrong. Used by the offline verifier and by the
 * writer when it reopens a journal, so both apply exactly the same rules.
 * <p>
 * Reads through a buffered channel; holds one record at a time.
 */
public final class JournalReader implements AutoCloseable
{
    /** What {@link #next()} found. */
    public enum Status
    {
        /** A record that frames, follows its predecessor and chains correctly. */
        RECORD,
        /** Clean end of file after the last good record. */
        END,
        /** The file ends inside a record: a write cut short (crash) or a truncation. */
        TORN_TAIL,
        /** The record is present but wrong: bad length, sequence or hash. */
        BROKEN,
        /** The file header is missing or not a journal's. */
        BAD_HEADER
    }

    private final FileChannel channel;
    private final long fileSize;
    private final ByteBuffer readBuffer = ByteBuffer.allocate(1 << 20).order(BYTE_ORDER);
    private final MessageDigest digest;
    private final byte[] chainHash = new byte[HASH_LENGTH];
    private final byte[] computedHash = new byte[HASH_LENGTH];
    private final byte[] storedHash = new byte[HASH_LENGTH];
    private byte[] body = new byte[BODY_HEADER_LENGTH + 1024];

    private long position;
    private long lastSequence;
    private long recordOffset;
    private int bodyLength;
    private String problem = "";
    private boolean headerChecked;

    public JournalReader(final Path file) throws IOException
    {
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
        this.fileSize = channel.size();
        try
        {
            this.digest = MessageDigest.getInstance("SHA-256");
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException("SHA-256 missing from the JDK", ex);
        }
        readBuffer.limit(0);
    }

    public Status next() throws IOException
    {
        if (!headerChecked)
        {
            headerChecked = true;
            if (!fill(FILE_HEADER_LENGTH))
            {
                problem = "file is " + fileSize + " bytes, shorter than the " + FILE_HEADER_LENGTH + "-byte journal header";
                return Status.BAD_HEADER;
            }
            final int magic = readBuffer.getInt();
            final int version = readBuffer.getInt();
            position += FILE_HEADER_LENGTH;
            if (magic != MAGIC || version != VERSION)
            {
                problem = String.format("not a journal: magic 0x%08x version %d", magic, version);
                return Status.BAD_HEADER;
            }
        }

        recordOffset = position;
        if (position == fileSize)
        {
            return Status.END;
        }
        if (!fill(LENGTH_FIELD_LENGTH))
        {
            problem = "file ends inside the length field of record " + (lastSequence + 1);
            return Status.TORN_TAIL;
        }
        bodyLength = readBuffer.getInt();
        if (bodyLength < BODY_HEADER_LENGTH || bodyLength > MAX_BODY_LENGTH)
        {
            problem = "record " + (lastSequence + 1) + " has an impossible length " + bodyLength;
            return Status.BROKEN;
        }
        if (!fill(bodyLength + HASH_LENGTH))
        {
            problem = "file ends inside record " + (lastSequence + 1) + " (" + (fileSize - position) +
                " of " + (LENGTH_FIELD_LENGTH + bodyLength + HASH_LENGTH) + " bytes present)";
            return Status.TORN_TAIL;
        }
        if (body.length < bodyLength)
        {
            body = new byte[bodyLength];
        }
        readBuffer.get(body, 0, bodyLength);
        readBuffer.get(storedHash);
        position += LENGTH_FIELD_LENGTH + bodyLength + HASH_LENGTH;

        final long sequence = sequence();
        if (sequence != lastSequence + 1)
        {
            problem = "record " + (lastSequence + 1) + " is missing: found sequence " + sequence + " in its place";
            return Status.BROKEN;
        }
        digest.update(chainHash);
        digest.update(body, 0, bodyLength);
        try
        {
            digest.digest(computedHash, 0, HASH_LENGTH);
        }
        catch (final java.security.DigestException ex)
        {
            throw new IllegalStateException(ex);
        }
        if (!MessageDigest.isEqual(computedHash, storedHash))
        {
            problem = "record " + sequence + " does not match its hash: its content, or a record before it, was altered";
            return Status.BROKEN;
        }
        System.arraycopy(computedHash, 0, chainHash, 0, HASH_LENGTH);
        lastSequence = sequence;
        return Status.RECORD;
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
            if (channel.read(readBuffer) < 0)
            {
                break;
            }
        }
        readBuffer.flip();
        return readBuffer.remaining() >= needed;
    }

    /** Sequence of the current record (valid after RECORD, and after BROKEN for a framed record). */
    public long sequence()
    {
        return getLong(body, SEQUENCE_OFFSET);
    }

    public long epochNanos()
    {
        return getLong(body, EPOCH_NANOS_OFFSET);
    }

    public int kindCode()
    {
        return (body[KIND_OFFSET] & 0xFF) | (body[KIND_OFFSET + 1] & 0xFF) << 8;
    }

    public int subtype()
    {
        return getInt(body, SUBTYPE_OFFSET);
    }

    public int payloadLength()
    {
        return bodyLength - BODY_HEADER_LENGTH;
    }

    /** The body array: the payload starts at {@link JournalFormat#PAYLOAD_OFFSET}. Valid until the next call. */
    public byte[] body()
    {
        return body;
    }

    public byte[] payloadCopy()
    {
        return Arrays.copyOfRange(body, PAYLOAD_OFFSET, bodyLength);
    }

    /** Sequence of the last record that verified. */
    public long lastGoodSequence()
    {
        return lastSequence;
    }

    /** File offset of the record {@link #next()} last looked at. */
    public long recordOffset()
    {
        return recordOffset;
    }

    /** File offset just past the last record that verified: where a writer continues. */
    public long endOfGoodRecords()
    {
        return recordOffset;
    }

    /** The chain hash after the last good record: what the next record must chain from. */
    public byte[] chainHash()
    {
        return chainHash.clone();
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

    @Override
    public void close() throws IOException
    {
        channel.close();
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
