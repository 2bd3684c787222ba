package com.orderguard.orderpath.shm;

import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * An Agrona one-to-one ring buffer over a memory-mapped file, shared between two processes on
 * the same box (put the file on tmpfs: /dev/shm). After the mapping is made, a write is a few
 * ordered stores into shared memory and a read a few loads: no system call, no copy through the
 * kernel, no allocation.
 * <p>
 * Why Agrona's ring and not Chronicle Queue: the order path needs a bounded, fixed-size,
 * single-producer/single-consumer hand-off with explicit back pressure (offer fails when full),
 * not a persisted, replayable, ever-growing journal with roll cycles and an index; the audit
 * journal already records every event. Agrona's ring is one mapped region that never grows,
 * its records are 8-byte aligned and its reader is a plain loop: the shortest path between two
 * cores. Chronicle Queue is also not a dependency of the order path (only Chronicle Bytes/Wire are).
 * <p>
 * The file is created (or reset) by the order path at start-up with owner-only permissions; who may
 * open it is who may trade through it.
 */
public final class MappedRing implements AutoCloseable
{
    private static final int PAGE_BYTES = 4096;

    private final Path file;
    private final MappedByteBuffer mapped;
    private final OneToOneRingBuffer ring;

    private MappedRing(final Path file, final MappedByteBuffer mapped)
    {
        this.file = file;
        this.mapped = mapped;
        this.ring = new OneToOneRingBuffer(new UnsafeBuffer(mapped));
    }

    /** Creates (or resets to empty) a ring file of {@code capacityBytes} (a power of two) plus the trailer. */
    public static MappedRing create(final Path file, final int capacityBytes)
    {
        try
        {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            return map(file, capacityBytes + RingBufferDescriptor.TRAILER_LENGTH, true);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create shared-memory ring " + file, ex);
        }
    }

    /** Maps an existing ring file (made by {@link #create}). */
    public static MappedRing open(final Path file)
    {
        try
        {
            return map(file, Files.size(file), false);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot open shared-memory ring " + file, ex);
        }
    }

    private static MappedRing map(final Path file, final long length, final boolean zero) throws IOException
    {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"); FileChannel channel = raf.getChannel())
        {
            if (zero)
            {
                raf.setLength(length);
            }
            final MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_WRITE, 0, length);
            final MappedRing ring = new MappedRing(file, mapped);
            if (zero)
            {
                ring.preTouch(); // a new ring: nobody else has it yet
            }
            return ring;
        }
    }

    /**
     * Writes every page of the mapping once (each byte written back as it is), here at start-up, so
     * that the first pass of the order path through the ring does not take a page fault per 4 KiB:
     * a fault is the kernel on the hot path. Only while no other thread or process uses the ring
     * (a byte written back could undo another writer's): {@link #create} does it; whoever reopens a
     * ring it alone holds may.
     */
    public void preTouch()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(mapped);
        for (int i = 0; i < buffer.capacity(); i += PAGE_BYTES)
        {
            buffer.putByte(i, buffer.getByte(i));
        }
    }

    public OneToOneRingBuffer ring()
    {
        return ring;
    }

    public Path file()
    {
        return file;
    }

    /**
     * Whether the file is now shorter than the mapping: the other process truncated it, and a load or
     * store beyond its end faults (the JVM throws {@link InternalError}). A system call: for the rare
     * path after such a fault, never per message. A file that cannot be read counts as cut short.
     */
    public boolean isCutShort()
    {
        try
        {
            return Files.size(file) < mapped.capacity();
        }
        catch (final IOException ex)
        {
            return true;
        }
    }

    /** Unmaps; the ring must not be used afterwards. */
    public void close()
    {
        IoUtil.unmap(mapped);
    }
}
