package com.orderguard.orderpath.dropcopy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.agrona.BitUtil;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RecordDescriptor;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import com.orderguard.orderpath.shm.MappedRing;

/**
 * The drop-copy ring in a memory-mapped file on tmpfs, so that its events outlive the process. The
 * order path writes an order's event before it acts on the order (routes it, answers the broker),
 * and the journal makes events durable in groups a little later; with the ring in process memory a
 * kill -9 in between lost events the broker or the venue had already seen. In a mapped file they
 * survive the process (not a reboot: tmpfs, never the disk, so order content is never at rest in
 * clear), and the next start journals them before anything new.
 * <p>
 * What {@link #open} does with a file left behind: a release the journal's {@link DropCopyReader} had
 * begun (its mark recorded, the events before it not yet all freed) is completed; a record the dead process had claimed but not
 * committed (it died inside the write, so it never acted on it) is cut off and its bytes zeroed, so
 * the reader cannot mistake them for a record; the committed records between the journal's position
 * and the producer's stay, and are the first the journal reads. A file of another size is used
 * again only if it is empty: otherwise the start is refused, naming the size to start with once.
 */
public final class DropCopyFile
{
    /** The ring and what was left in it. */
    public record Opened(MappedRing ring, long leftoverEvents, String note)
    {
    }

    private DropCopyFile()
    {
    }

    /**
     * Maps the ring at {@code file} ({@code capacityBytes}, a power of two, plus Agrona's trailer),
     * keeping what a previous process left in it, or creates it owner-only.
     *
     * @throws IllegalStateException when the file holds undrained events in a ring of another size.
     */
    public static Opened open(final Path file, final int capacityBytes)
    {
        final long length = capacityBytes + (long)RingBufferDescriptor.TRAILER_LENGTH;
        try
        {
            if (Files.exists(file))
            {
                final long size = Files.size(file);
                if (size == length)
                {
                    final MappedRing mapped = MappedRing.open(file);
                    mapped.preTouch(); // the order path that owns it is not running yet
                    return repair(mapped, capacityBytes);
                }
                if (size > RingBufferDescriptor.TRAILER_LENGTH && BitUtil.isPowerOfTwo(size - RingBufferDescriptor.TRAILER_LENGTH))
                {
                    final MappedRing old = MappedRing.open(file);
                    final long undrained = old.ring().producerPosition() - old.ring().consumerPosition();
                    old.close();
                    if (undrained != 0)
                    {
                        throw new IllegalStateException("the drop-copy file " + file + " holds " + undrained + " bytes of events " +
                            "the journal had not yet taken when the last run stopped, in a ring of " +
                            (size - RingBufferDescriptor.TRAILER_LENGTH) + " bytes, but orderpath.dropCopy.ringBytes is " +
                            capacityBytes + ": start once with the previous size so the journal takes them");
                    }
                }
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot open the drop-copy file " + file, ex);
        }
        return new Opened(MappedRing.create(file, capacityBytes), 0, null);
    }

    /**
     * Removes the file, and the directory made for it once empty, when the journal has taken every
     * event: nothing is left for a next start. The mapping stays valid until the process ends.
     *
     * @return true when the file was removed.
     */
    public static boolean removeIfDrained(final MappedRing mapped)
    {
        if (mapped.ring().consumerPosition() != mapped.ring().producerPosition())
        {
            return false;
        }
        try
        {
            final boolean removed = Files.deleteIfExists(mapped.file());
            final Path directory = mapped.file().toAbsolutePath().getParent();
            try (java.util.stream.Stream<Path> left = Files.list(directory))
            {
                if (left.findAny().isEmpty())
                {
                    Files.deleteIfExists(directory);
                }
            }
            return removed;
        }
        catch (final IOException ex)
        {
            return false;
        }
    }

    private static Opened repair(final MappedRing mapped, final int capacityBytes)
    {
        final OneToOneRingBuffer ring = mapped.ring();
        final AtomicBuffer buffer = ring.buffer();
        // the journal had the events up to its last mark; if the kill came before they were all freed, free them
        // now, before walking: their bytes may be half zeroed
        final boolean releaseCompleted = new DropCopyReader(ring).completeInterruptedRelease();
        final long head = ring.consumerPosition();
        final long tail = ring.producerPosition();
        if (tail < head || tail - head > capacityBytes)
        {
            mapped.close();
            final Opened fresh = new Opened(MappedRing.create(mapped.file(), capacityBytes), 0,
                "the drop-copy file's positions were inconsistent (journal at " + head + ", producer at " + tail +
                "): it was reset, and its contents could not be journaled");
            return fresh;
        }
        final int mask = capacityBytes - 1;
        long position = head;
        long events = 0;
        String note = null;
        while (position < tail)
        {
            final int index = (int)(position & mask);
            final int recordLength = buffer.getIntVolatile(RecordDescriptor.lengthOffset(index));
            final int alignedLength = BitUtil.align(Math.max(recordLength, 0), RecordDescriptor.ALIGNMENT);
            if (recordLength <= 0 || alignedLength > tail - position || index + alignedLength > capacityBytes)
            {
                // claimed but never committed: the process died inside this write, before acting on it
                final int torn = (int)Math.min(tail - position, capacityBytes - index);
                buffer.setMemory(index, torn, (byte)0);
                if (tail - position > torn)
                {
                    buffer.setMemory(0, (int)(tail - position - torn), (byte)0);
                }
                buffer.putLongOrdered(capacityBytes + RingBufferDescriptor.TAIL_POSITION_OFFSET, position);
                note = "cut a drop-copy record the last run claimed but never finished writing (" + (tail - position) + " bytes)";
                break;
            }
            if (buffer.getInt(RecordDescriptor.typeOffset(index)) != OneToOneRingBuffer.PADDING_MSG_TYPE_ID)
            {
                events++;
            }
            position += alignedLength;
        }
        if (events > 0)
        {
            final String kept = events + " drop-copy events the last run wrote but the journal had not yet freed";
            note = note == null ? kept : kept + "; " + note;
        }
        if (releaseCompleted)
        {
            final String completed = "completed freeing the events the journal already held, which the last run was doing as it died";
            note = note == null ? completed : note + "; " + completed;
        }
        return new Opened(mapped, events, note);
    }
}
