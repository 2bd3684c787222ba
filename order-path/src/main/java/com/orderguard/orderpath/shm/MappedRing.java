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
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
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
 * <p>
 * A ring shared with a peer process ({@link #createSealed}) lives in sealed anonymous memory
 * ({@link SealedMemory}) rather than a file: the path in the shared-memory directory is then a
 * symbolic link to {@code /proc/PID/fd/FD}, which a process of the same user opens like the file it
 * used to be, but nobody can truncate it under the order path's mapping. A plain file
 * ({@link #create}) is kept for the drop-copy file, which must outlive the process and is shared with
 * no one.
 */
public final class MappedRing implements AutoCloseable
{
    private static final int PAGE_BYTES = 4096;

    /** The kernel's name for a memfd, the target of /proc/PID/fd/FD: "/memfd:NAME (deleted)". */
    private static final String MEMFD_PREFIX = "/memfd:";
    private static final String SEALED_NAME_PREFIX = "orderguard-";

    private final Path file;
    private final MappedByteBuffer mapped;
    private final OneToOneRingBuffer ring;
    /** The sealed memory's descriptor when this process made it ({@link #createSealed}), else -1. */
    private final int sealedFd;
    /** What {@link #file} links to when this process made it sealed, else null. */
    private final Path linkTarget;
    private boolean closed;

    private MappedRing(final Path file, final MappedByteBuffer mapped, final int sealedFd, final Path linkTarget)
    {
        this.file = file;
        this.mapped = mapped;
        this.ring = new OneToOneRingBuffer(new UnsafeBuffer(mapped));
        this.sealedFd = sealedFd;
        this.linkTarget = linkTarget;
    }

    /** Null when {@link #createSealed} works on this machine, else why not (not Linux, no memfd sealing, no JNA). */
    public static String sealedUnavailableReason()
    {
        return SealedMemory.unavailableReason();
    }

    /**
     * Creates a ring of {@code capacityBytes} (a power of two) plus the trailer in sealed anonymous
     * memory, owner read-write only, and (re)places a symbolic link at {@code link} through which a peer
     * of the same user opens it ({@link #open}). The memory lives while this process holds it or a peer
     * has it mapped; {@link #close} removes the link.
     * <p>
     * Order matters here. The memory is sealed, then its size checked (a same-user process can see the
     * descriptor under /proc from the moment it exists, and could have resized it before the seals),
     * then mapped and pre-touched, and only then published: the link is made under a temporary name
     * and renamed into place, so a peer never finds a ring that is still being made.
     */
    public static MappedRing createSealed(final Path link, final int capacityBytes)
    {
        final long length = capacityBytes + RingBufferDescriptor.TRAILER_LENGTH;
        final Path absolute = link.toAbsolutePath();
        int fd = -1;
        MappedByteBuffer mapped = null;
        try
        {
            Files.createDirectories(absolute.getParent());
            fd = SealedMemory.create(sealedName(absolute), length);
            try (FileChannel channel = FileChannel.open(Path.of("/proc/self/fd/" + fd),
                StandardOpenOption.READ, StandardOpenOption.WRITE))
            {
                final int seals = SealedMemory.seals(fd);
                if (channel.size() != length || (seals & SealedMemory.SIZE_SEALS) != SealedMemory.SIZE_SEALS)
                {
                    throw new IOException("the memory was resized or unsealed before its seals held: " + channel.size() +
                        " bytes (made " + length + "), seals " + seals);
                }
                mapped = channel.map(FileChannel.MapMode.READ_WRITE, 0, length);
            }
            final MappedRing ring = new MappedRing(absolute, mapped, fd,
                Path.of("/proc/" + ProcessHandle.current().pid() + "/fd/" + fd));
            ring.preTouch(); // not published yet: nobody else has it
            final Path temporary = temporaryLink(absolute);
            Files.deleteIfExists(temporary);
            Files.createSymbolicLink(temporary, ring.linkTarget);
            Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return ring;
        }
        catch (final IOException | RuntimeException ex)
        {
            try
            {
                Files.deleteIfExists(temporaryLink(absolute));
            }
            catch (final IOException ignored)
            {
                // the directory itself is the problem: the error below says so
            }
            if (null != mapped)
            {
                IoUtil.unmap(mapped);
            }
            if (fd >= 0)
            {
                SealedMemory.close(fd);
            }
            throw new UncheckedIOException("cannot create sealed shared-memory ring " + link,
                ex instanceof IOException ? (IOException)ex : new IOException(ex));
        }
    }

    /** Where the link is made before it is renamed into place. */
    private static Path temporaryLink(final Path absoluteLink)
    {
        return absoluteLink.resolveSibling("." + absoluteLink.getFileName() + ".new");
    }

    /**
     * The memfd's name for the ring at {@code absoluteLink} (its directory must exist): the file name,
     * for people reading /proc, and a digest of the whole real path, so that a link left by an
     * appliance that has gone cannot pass for the ring of another appliance on the same host which
     * happens to have the same pid and descriptor now.
     */
    private static String sealedName(final Path absoluteLink) throws IOException
    {
        // the directory's real path: a peer may reach it by another spelling (a symlinked parent)
        final Path canonical = absoluteLink.getParent().toRealPath().resolve(absoluteLink.getFileName());
        try
        {
            final byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                .digest(canonical.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return SEALED_NAME_PREFIX + absoluteLink.getFileName() + "-" +
                java.util.HexFormat.of().formatHex(digest, 0, 8);
        }
        catch (final java.security.NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException("every JDK has SHA-256", ex);
        }
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

    /**
     * Maps an existing ring (made by {@link #create} or {@link #createSealed}). A link into /proc must
     * name a ring the appliance sealed under this very file name: one left behind by an appliance that
     * has gone would otherwise open whatever a newer process happens to hold under that pid and fd.
     */
    public static MappedRing open(final Path file)
    {
        try
        {
            if (Files.isSymbolicLink(file))
            {
                final Path target = Files.readSymbolicLink(file);
                if (target.startsWith("/proc"))
                {
                    final String expected = MEMFD_PREFIX + sealedName(file.toAbsolutePath());
                    final String actual = Files.readSymbolicLink(target).toString();
                    if (!actual.equals(expected) && !actual.startsWith(expected + " "))
                    {
                        throw new IOException(file + " links to " + target + ", which is " + actual + ", not the ring " +
                            "the appliance made (" + expected + "): the appliance that made it is gone");
                    }
                }
            }
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
            final MappedRing ring = new MappedRing(file, mapped, -1, null);
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
     * path after such a fault, never per message. A file that cannot be read counts as cut short; a
     * sealed ring never is.
     */
    public boolean isCutShort()
    {
        if (sealedFd >= 0)
        {
            return false;
        }
        try
        {
            return Files.size(file) < mapped.capacity();
        }
        catch (final IOException ex)
        {
            return true;
        }
    }

    /** Whether this process made the ring in sealed memory ({@link #createSealed}). */
    public boolean isSealed()
    {
        return sealedFd >= 0;
    }

    /**
     * Unmaps; the ring must not be used afterwards. The maker of a sealed ring also removes the link,
     * unless it has been replaced meanwhile, and then closes the descriptor (in that order: a link must
     * never name a descriptor number this process may reuse). A second call does nothing.
     */
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        if (sealedFd >= 0)
        {
            try
            {
                if (Files.isSymbolicLink(file) && linkTarget.equals(Files.readSymbolicLink(file)))
                {
                    Files.delete(file);
                }
            }
            catch (final IOException ignored)
            {
                // a link someone else removed or replaced: not ours to clean up
            }
        }
        IoUtil.unmap(mapped);
        if (sealedFd >= 0)
        {
            SealedMemory.close(sealedFd);
        }
    }
}
