package com.orderguard.core.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * Appends a segment's bytes to its file, with direct I/O where the file system has it.
 * <p>
 * Why direct I/O: a journal is written once and read rarely, so the page cache only costs it. Each
 * buffered write allocates fresh page-cache pages and copies into them, on the journal thread's
 * core; on a VM whose free memory goes back to the host (virtio-balloon free-page reporting, as on
 * the machine the benchmarks ran on) every fresh page is also a fault into the host, about 4 ns
 * per byte written. Direct I/O hands one aligned buffer to the device and costs the CPU about
 * 0.1 ns per byte (docs/benchmarks.md).
 * <p>
 * Direct I/O writes whole blocks at block-aligned offsets, so the appender keeps the file's last,
 * partial block in its buffer and writes it again, with the bytes that follow, on the next append:
 * the file is always a whole number of blocks, its bytes after the last record zeros, which
 * {@link JournalReader} reads as the segment's end. Rewriting a block rewrites the bytes already
 * on disk with the same values, so a crash inside the write cannot damage a record that was
 * durable before it. {@link #closeExact()} cuts a finished segment back to its exact length.
 * <p>
 * Where the file system refuses direct I/O (tmpfs on older kernels, some network file systems), or
 * the opener gives a channel that is not direct, it writes through the page cache: same bytes,
 * exact length, only slower. One thread at a time: {@link JournalWriter} calls it under its I/O lock.
 */
final class SegmentAppender
{
    /** Where the journal writes: the largest write is the journal writer's staging buffer. */
    static final int MAX_APPEND_BYTES = 4 << 20;

    private final FileChannel channel;
    /** Why writes go through the page cache, or null when they bypass it. */
    private final String pageCacheReason;
    private final int blockBytes;
    private final ByteBuffer out;
    /** Bytes of the file's records and header: where the next append lands. */
    private long length;
    /** Bytes of the last partial block, kept at the start of {@link #out}. */
    private int tail;

    private SegmentAppender(final FileChannel channel, final int blockBytes, final long length, final String pageCacheReason)
    {
        this.pageCacheReason = pageCacheReason;
        this.channel = channel;
        this.blockBytes = blockBytes;
        this.length = length;
        this.out = blockBytes > 0 ?
            ByteBuffer.allocateDirect(MAX_APPEND_BYTES + 2 * blockBytes + blockBytes).alignedSlice(blockBytes) : null;
    }

    /**
     * Opens {@code file} for appending at {@code length}, cutting anything after it (zero padding,
     * or a torn write the caller has already set aside).
     *
     * @param opener opens the file; asked for direct I/O first when {@code tryDirect}.
     */
    static SegmentAppender open(
        final Path file, final long length, final JournalWriter.ChannelOpener opener, final boolean tryDirect) throws IOException
    {
        final int blockBytes = tryDirect ? DirectIo.blockBytes(file) : 0;
        final DirectIo.Opened opened = blockBytes > 0 ? DirectIo.open(file, opener) : null;
        FileChannel channel = opened == null ? null : opened.channel();
        final boolean direct = channel != null;
        final String pageCacheReason = direct ? null : !tryDirect ? "direct I/O turned off" :
            blockBytes == 0 ? DirectIo.unusableReason(file) : opened.refusal();
        if (channel == null)
        {
            channel = opener.open(file, false);
        }
        try
        {
            if (channel.size() > length)
            {
                channel.truncate(length);
                channel.force(true);
            }
            final SegmentAppender appender = new SegmentAppender(channel, direct ? blockBytes : 0, length, pageCacheReason);
            appender.loadTail();
            return appender;
        }
        catch (final IOException | RuntimeException ex)
        {
            channel.close();
            throw ex;
        }
    }

    /** Reads the file's last partial block into the buffer, so the next append writes it again whole. */
    private void loadTail() throws IOException
    {
        if (out == null)
        {
            return;
        }
        tail = (int)(length % blockBytes);
        out.clear();
        if (tail > 0)
        {
            // one aligned read of the whole block: a direct read stops short at the end of the file,
            // and a second one would start at an unaligned offset
            out.limit(blockBytes);
            channel.read(out, length - tail);
            if (out.position() < tail)
            {
                throw new IOException("could read only " + out.position() + " of the " + tail + " bytes before offset " + length);
            }
        }
    }

    /** True when writes bypass the page cache. */
    boolean direct()
    {
        return out != null;
    }

    /** Why writes go through the page cache (direct I/O turned off, or refused and how), or null when {@link #direct()}. */
    String pageCacheReason()
    {
        return pageCacheReason;
    }

    long length()
    {
        return length;
    }

    /** Appends {@code bytes[offset, offset + count)} at the end of the file (written, not yet forced). */
    void append(final byte[] bytes, final int offset, final int count) throws IOException
    {
        if (out == null)
        {
            final ByteBuffer source = ByteBuffer.wrap(bytes, offset, count);
            long at = length;
            while (source.hasRemaining())
            {
                at += channel.write(source, at);
            }
            length += count;
            return;
        }
        int done = 0;
        while (done < count)
        {
            final int chunk = Math.min(count - done, MAX_APPEND_BYTES);
            appendDirect(bytes, offset + done, chunk);
            done += chunk;
        }
    }

    private void appendDirect(final byte[] bytes, final int offset, final int count) throws IOException
    {
        final int used = tail + count;
        final int padded = (used + blockBytes - 1) / blockBytes * blockBytes;
        out.clear();
        out.position(tail);
        out.put(bytes, offset, count);
        for (int i = used; i < padded; i++)
        {
            out.put(i, (byte)0);
        }
        out.position(0).limit(padded);
        final long blockStart = length - tail;
        while (out.hasRemaining())
        {
            channel.write(out, blockStart + out.position());
        }
        length += count;
        final int newTail = used % blockBytes;
        if (newTail > 0 && used > newTail)
        {
            out.clear();
            out.put(0, out, used - newTail, newTail);
        }
        tail = newTail;
    }

    void force() throws IOException
    {
        channel.force(false);
    }

    /** Cuts the block padding, forces, closes: a finished segment is exactly its records long. */
    void closeExact() throws IOException
    {
        try
        {
            if (channel.size() > length)
            {
                channel.truncate(length);
            }
            channel.force(true);
        }
        finally
        {
            channel.close();
        }
    }

    void close() throws IOException
    {
        channel.close();
    }
}
