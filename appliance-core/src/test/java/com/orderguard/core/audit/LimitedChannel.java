package com.orderguard.core.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real file channel with a shared byte budget: once the budget is spent, writes fail with
 * "No space left on device", as on a full disk (no loop device or size-limited tmpfs is needed).
 * Optionally skips fsync, for tests that check logic rather than durability on a busy shared disk.
 */
final class LimitedChannel extends FileChannel
{
    private final FileChannel delegate;
    private final AtomicLong budget;
    private final boolean sync;

    private LimitedChannel(final FileChannel delegate, final AtomicLong budget, final boolean sync)
    {
        this.delegate = delegate;
        this.budget = budget;
        this.sync = sync;
    }

    /** An opener whose channels together may write {@code bytes} bytes. */
    static JournalWriter.ChannelOpener opener(final AtomicLong bytes, final boolean sync)
    {
        return (file, direct) -> new LimitedChannel(open(file, direct), bytes, sync);
    }

    private static FileChannel open(final Path file, final boolean direct) throws IOException
    {
        return FileChannel.open(file, DirectIo.options(direct, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ));
    }

    private void spend(final long bytes) throws IOException
    {
        if (budget.addAndGet(-bytes) < 0)
        {
            budget.addAndGet(bytes);
            throw new IOException("No space left on device");
        }
    }

    @Override
    public int write(final ByteBuffer src) throws IOException
    {
        spend(src.remaining());
        return delegate.write(src);
    }

    @Override
    public long write(final ByteBuffer[] srcs, final int offset, final int length) throws IOException
    {
        long total = 0;
        for (int i = offset; i < offset + length; i++)
        {
            total += srcs[i].remaining();
        }
        spend(total);
        return delegate.write(srcs, offset, length);
    }

    @Override
    public int write(final ByteBuffer src, final long position) throws IOException
    {
        spend(src.remaining());
        return delegate.write(src, position);
    }

    @Override
    public void force(final boolean metaData) throws IOException
    {
        if (sync)
        {
            delegate.force(metaData);
        }
    }

    @Override
    public int read(final ByteBuffer dst) throws IOException
    {
        return delegate.read(dst);
    }

    @Override
    public long read(final ByteBuffer[] dsts, final int offset, final int length) throws IOException
    {
        return delegate.read(dsts, offset, length);
    }

    @Override
    public int read(final ByteBuffer dst, final long position) throws IOException
    {
        return delegate.read(dst, position);
    }

    @Override
    public long position() throws IOException
    {
        return delegate.position();
    }

    @Override
    public FileChannel position(final long newPosition) throws IOException
    {
        delegate.position(newPosition);
        return this;
    }

    @Override
    public long size() throws IOException
    {
        return delegate.size();
    }

    @Override
    public FileChannel truncate(final long size) throws IOException
    {
        delegate.truncate(size);
        return this;
    }

    @Override
    public long transferTo(final long position, final long count, final WritableByteChannel target) throws IOException
    {
        return delegate.transferTo(position, count, target);
    }

    @Override
    public long transferFrom(final ReadableByteChannel src, final long position, final long count) throws IOException
    {
        throw new IOException("not supported by the test channel");
    }

    @Override
    public MappedByteBuffer map(final MapMode mode, final long position, final long size) throws IOException
    {
        throw new IOException("not supported by the test channel");
    }

    @Override
    public FileLock lock(final long position, final long size, final boolean shared) throws IOException
    {
        return delegate.lock(position, size, shared);
    }

    @Override
    public FileLock tryLock(final long position, final long size, final boolean shared) throws IOException
    {
        return delegate.tryLock(position, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException
    {
        delegate.close();
    }
}
