package com.orderguard.core.audit;

import java.io.IOException;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.MessageHandler;

/**
 * The journal thread's agent: the only writer of the journal file.
 * <p>
 * It drains two sources into one hash chain: the order path's drop-copy ring (polled through
 * {@link DropCopySource}, so this class knows nothing of the order path's internals) and a queue
 * of control-plane and lifecycle records whose callers wait for durability. Each duty cycle ends
 * with one group commit (write + fsync) covering everything it took, and only then are waiting
 * callers told their record is durable: an action is acknowledged after its record is on disk.
 * <p>
 * Fail closed: on the first I/O error (full disk, dead device) the agent stops taking records,
 * fails every waiting caller and tells the appliance, which closes order intake. It never
 * acknowledges a record it could not persist, and it never skips one.
 */
public final class AuditJournal implements Agent, MessageHandler
{
    /** Where order-path events come from: the drop-copy ring's consumer side. */
    @FunctionalInterface
    public interface DropCopySource
    {
        int poll(MessageHandler handler, int limit);
    }

    private record Pending(RecordKind kind, int subtype, long epochNanos, byte[] payload, CompletableFuture<Long> durable)
    {
    }

    private static final int DROP_COPY_BATCH = 8192;

    private final JournalWriter writer;
    private final DropCopySource dropCopy;
    private final EpochNanoClock clock;
    private final Consumer<String> onFailure;
    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final ArrayList<Pending> inBatch = new ArrayList<>();
    private volatile String failure;
    private volatile long durableSequence;
    private volatile long lastCommitNanos;
    private IOException dropCopyError;

    public AuditJournal(
        final JournalWriter writer, final DropCopySource dropCopy, final EpochNanoClock clock, final Consumer<String> onFailure)
    {
        this.writer = writer;
        this.dropCopy = dropCopy;
        this.clock = clock;
        this.onFailure = onFailure;
        this.durableSequence = writer.durableSequence();
    }

    /**
     * Queues a record and returns a future that completes with its sequence once it is durable,
     * or exceptionally when the journal has failed. Callable from any thread.
     */
    public CompletableFuture<Long> append(final RecordKind kind, final int subtype, final byte[] payload)
    {
        final CompletableFuture<Long> durable = new CompletableFuture<>();
        final String failed = failure;
        if (failed != null)
        {
            durable.completeExceptionally(new IOException("audit journal has failed: " + failed));
            return durable;
        }
        queue.add(new Pending(kind, subtype, clock.nanoTime(), payload, durable));
        return durable;
    }

    @Override
    public int doWork()
    {
        if (failure != null)
        {
            return 0;
        }
        int work = 0;
        try
        {
            work += dropCopy.poll(this, DROP_COPY_BATCH);
            if (dropCopyError != null)
            {
                throw dropCopyError;
            }
            Pending pending;
            while ((pending = queue.poll()) != null)
            {
                inBatch.add(pending);
                writer.append(pending.kind, pending.subtype, pending.epochNanos, pending.payload);
                work++;
            }
            if (writer.hasUncommitted())
            {
                durableSequence = writer.commit();
                lastCommitNanos = clock.nanoTime();
                for (int i = 0; i < inBatch.size(); i++)
                {
                    inBatch.get(i).durable.complete(durableSequence);
                }
                inBatch.clear();
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            fail(ex);
        }
        return work;
    }

    @Override
    public void onMessage(final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length)
    {
        if (dropCopyError != null)
        {
            return;
        }
        try
        {
            // Every order-path event starts with its epoch-nanosecond timestamp.
            final long epochNanos = length >= Long.BYTES ? buffer.getLong(index, java.nio.ByteOrder.LITTLE_ENDIAN) : clock.nanoTime();
            writer.append(RecordKind.ORDER_PATH, msgTypeId, epochNanos, buffer, index, length);
        }
        catch (final IOException ex)
        {
            dropCopyError = ex;
        }
    }

    private void fail(final Exception ex)
    {
        final String reason = ex.getClass().getSimpleName() + ": " + ex.getMessage();
        failure = reason;
        final IOException failed = new IOException("audit journal has failed: " + reason, ex);
        for (int i = 0; i < inBatch.size(); i++)
        {
            inBatch.get(i).durable.completeExceptionally(failed);
        }
        inBatch.clear();
        Pending pending;
        while ((pending = queue.poll()) != null)
        {
            pending.durable.completeExceptionally(failed);
        }
        onFailure.accept(reason);
    }

    @Override
    public void onClose()
    {
        try
        {
            if (failure == null)
            {
                doWork();
            }
            writer.close();
        }
        catch (final IOException ex)
        {
            fail(ex);
        }
    }

    @Override
    public String roleName()
    {
        return "audit-journal";
    }

    /** Null while healthy; otherwise why the journal stopped. */
    public String failure()
    {
        return failure;
    }

    public long durableSequence()
    {
        return durableSequence;
    }

    public long lastCommitEpochNanos()
    {
        return lastCommitNanos;
    }

    public java.nio.file.Path file()
    {
        return writer.file();
    }

    public String recoveryNote()
    {
        return writer.recoveryNote();
    }
}
