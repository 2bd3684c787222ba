package com.orderguard.core.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import org.agrona.DirectBuffer;

import static com.orderguard.core.audit.JournalFormat.*;

/**
 * Appends hash-chained records to the journal file. Single writer: only the journal thread calls
 * it. Records are staged in a batch buffer and reach the disk together at {@link #commit()},
 * which writes and fsyncs once for the whole batch (group commit): what {@link #commit()} has
 * returned is durable, what it has not is not acknowledged to anyone.
 * <p>
 * Opening an existing journal re-verifies it: a torn final record (a crash inside a write, never
 * acknowledged) is cut off and reported; any other damage refuses the open, because carrying on
 * from a journal that does not verify would hide tampering.
 */
public final class JournalWriter implements AutoCloseable
{
    private static final int BATCH_BYTES = 4 << 20;

    private final Path file;
    private final FileChannel channel;
    private final ByteBuffer batch = ByteBuffer.allocate(BATCH_BYTES).order(BYTE_ORDER);
    private final MessageDigest digest;
    private final byte[] chainHash;
    private final byte[] hashScratch = new byte[HASH_LENGTH];
    private final String recoveryNote;
    private long nextSequence;
    private long durableSequence;

    private JournalWriter(
        final Path file, final FileChannel channel, final long lastSequence, final byte[] chainHash, final String recoveryNote)
    {
        this.file = file;
        this.channel = channel;
        this.chainHash = chainHash;
        this.recoveryNote = recoveryNote;
        this.nextSequence = lastSequence + 1;
        this.durableSequence = lastSequence;
        try
        {
            this.digest = MessageDigest.getInstance("SHA-256");
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException("SHA-256 missing from the JDK", ex);
        }
    }

    /**
     * Opens the journal in {@code directory}, creating it when absent.
     *
     * @throws JournalDamagedException when the existing journal does not verify.
     */
    public static JournalWriter open(final Path directory) throws IOException
    {
        Files.createDirectories(directory);
        final Path file = directory.resolve(FILE_NAME);
        if (!Files.exists(file) || Files.size(file) == 0)
        {
            final FileChannel channel = FileChannel.open(
                file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
            final ByteBuffer header = ByteBuffer.allocate(FILE_HEADER_LENGTH).order(BYTE_ORDER);
            header.putInt(MAGIC).putInt(VERSION).flip();
            while (header.hasRemaining())
            {
                channel.write(header, FILE_HEADER_LENGTH - header.remaining());
            }
            channel.force(true);
            channel.position(FILE_HEADER_LENGTH);
            forceDirectory(directory);
            return new JournalWriter(file, channel, 0, new byte[HASH_LENGTH], null);
        }

        long lastSequence;
        byte[] chain;
        long goodEnd;
        String note = null;
        try (JournalReader reader = new JournalReader(file))
        {
            JournalReader.Status status;
            while ((status = reader.next()) == JournalReader.Status.RECORD)
            {
                // walk to the end
            }
            lastSequence = reader.lastGoodSequence();
            chain = reader.chainHash();
            goodEnd = reader.endOfGoodRecords();
            if (status == JournalReader.Status.TORN_TAIL)
            {
                note = "cut a torn final record after sequence " + lastSequence + " (" +
                    (reader.fileSize() - goodEnd) + " bytes at offset " + goodEnd + "): " + reader.problem();
            }
            else if (status != JournalReader.Status.END)
            {
                throw new JournalDamagedException(file, reader.recordOffset(), reader.problem());
            }
        }
        final FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.READ);
        if (note != null)
        {
            channel.truncate(goodEnd);
            channel.force(true);
        }
        channel.position(goodEnd);
        return new JournalWriter(file, channel, lastSequence, chain, note);
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
        final int bodyStart = startRecord(kind, subtype, epochNanos, length);
        payload.getBytes(offset, batch.array(), batch.position(), length);
        batch.position(batch.position() + length);
        return finishRecord(bodyStart);
    }

    /** Stages a record whose payload is a byte array (control-plane and lifecycle records). */
    public long append(final RecordKind kind, final int subtype, final long epochNanos, final byte[] payload)
        throws IOException
    {
        checkLength(payload.length);
        ensureRoom(payload.length);
        final int bodyStart = startRecord(kind, subtype, epochNanos, payload.length);
        batch.put(payload);
        return finishRecord(bodyStart);
    }

    private int startRecord(final RecordKind kind, final int subtype, final long epochNanos, final int payloadLength)
    {
        batch.putInt(BODY_HEADER_LENGTH + payloadLength);
        final int bodyStart = batch.position();
        batch.putLong(nextSequence).putLong(epochNanos).putShort(kind.code()).putInt(subtype);
        return bodyStart;
    }

    private long finishRecord(final int bodyStart)
    {
        digest.update(chainHash);
        digest.update(batch.array(), bodyStart, batch.position() - bodyStart);
        try
        {
            digest.digest(hashScratch, 0, HASH_LENGTH);
        }
        catch (final DigestException ex)
        {
            throw new IllegalStateException(ex);
        }
        System.arraycopy(hashScratch, 0, chainHash, 0, HASH_LENGTH);
        batch.put(hashScratch);
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
        if (batch.remaining() < recordLength(payloadLength))
        {
            writeBatch();
        }
    }

    private void writeBatch() throws IOException
    {
        batch.flip();
        while (batch.hasRemaining())
        {
            channel.write(batch);
        }
        batch.clear();
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
            writeBatch();
            channel.force(false);
            durableSequence = nextSequence - 1;
        }
        return durableSequence;
    }

    public long durableSequence()
    {
        return durableSequence;
    }

    public long lastSequence()
    {
        return nextSequence - 1;
    }

    public Path file()
    {
        return file;
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
            channel.close();
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
