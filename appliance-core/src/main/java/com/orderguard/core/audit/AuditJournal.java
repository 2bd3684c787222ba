package com.orderguard.core.audit;

import java.io.IOException;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.MessageHandler;

/**
 * The journal thread's agent: the only writer of the journal.
 * <p>
 * It drains two sources into one Merkle log: the order path's drop-copy ring (polled through
 * {@link DropCopySource}, so this class knows nothing of the order path's internals) and a queue
 * of control-plane and lifecycle records whose callers wait for durability. Each duty cycle ends
 * with one group commit (write + fsync) covering everything it took, and only then are waiting
 * callers told their record is durable: an action is acknowledged after its record is on disk.
 * The delay an order event waits for its commit is bounded by one duty cycle: at most
 * {@code maxBatchRecords} drop-copy records plus the queue, then one fsync.
 * <p>
 * With a {@link CheckpointPolicy} it signs a checkpoint every N records or T ms, whichever first,
 * and at a clean close; the checkpoint is published (witness file, listener) only once durable.
 * <p>
 * Fail closed: on the first I/O or signing error (full disk, dead device, HSM refusal) the agent
 * stops taking records, fails every waiting caller and tells the appliance, which closes order
 * intake. It never acknowledges a record it could not persist, and it never skips one.
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

    public static final int DEFAULT_MAX_BATCH_RECORDS = 16_384;

    private final JournalWriter writer;
    private final DropCopySource dropCopy;
    private final EpochNanoClock clock;
    private final Consumer<String> onFailure;
    private final CheckpointPolicy checkpoints;
    private final int maxBatchRecords;
    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final ArrayList<Pending> inBatch = new ArrayList<>();
    private volatile String failure;
    private volatile long durableSequence;
    private volatile long lastCommitNanos;
    private volatile Checkpoint lastCheckpoint;
    private IOException dropCopyError;
    private Checkpoint unpublished;
    private long checkpointRecordSequence;
    private long lastCheckpointAtNanos;

    /** Without checkpoints: the Merkle log is kept but nothing is signed (tests, and until the signer is wired). */
    public AuditJournal(
        final JournalWriter writer, final DropCopySource dropCopy, final EpochNanoClock clock, final Consumer<String> onFailure)
    {
        this(writer, dropCopy, clock, onFailure, null, DEFAULT_MAX_BATCH_RECORDS);
    }

    /**
     * @param checkpoints     null for none.
     * @param maxBatchRecords drop-copy records taken per duty cycle, which bounds the group-commit delay.
     */
    public AuditJournal(
        final JournalWriter writer, final DropCopySource dropCopy, final EpochNanoClock clock, final Consumer<String> onFailure,
        final CheckpointPolicy checkpoints, final int maxBatchRecords)
    {
        if (maxBatchRecords < 1)
        {
            throw new IllegalArgumentException("journal.maxBatchRecords must be >= 1, was " + maxBatchRecords);
        }
        this.writer = writer;
        this.dropCopy = dropCopy;
        this.clock = clock;
        this.onFailure = onFailure;
        this.checkpoints = checkpoints;
        this.maxBatchRecords = maxBatchRecords;
        this.durableSequence = writer.durableSequence();
        this.checkpointRecordSequence = writer.lastSequence();
        this.lastCheckpointAtNanos = System.nanoTime();
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
        if (payload.length > JournalFormat.MAX_PAYLOAD_LENGTH)
        {
            durable.completeExceptionally(new IllegalArgumentException("journal payload of " + payload.length + " bytes exceeds " +
                JournalFormat.MAX_PAYLOAD_LENGTH));
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
            work += dropCopy.poll(this, maxBatchRecords);
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
            if (checkpoints != null && checkpointDue(false))
            {
                checkpoint();
                work++;
            }
            if (writer.hasUncommitted())
            {
                commit();
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            fail(ex);
        }
        return work;
    }

    private boolean checkpointDue(final boolean closing)
    {
        final long since = writer.lastSequence() - checkpointRecordSequence;
        if (since <= 0)
        {
            return false;
        }
        return closing || since >= checkpoints.everyRecords() || System.nanoTime() - lastCheckpointAtNanos >= checkpoints.everyNanos();
    }

    private void checkpoint() throws IOException
    {
        unpublished = writer.appendCheckpoint(clock.nanoTime(), checkpoints.signer());
        checkpointRecordSequence = writer.lastSequence();
        lastCheckpointAtNanos = System.nanoTime();
    }

    private void commit() throws IOException
    {
        durableSequence = writer.commit();
        lastCommitNanos = clock.nanoTime();
        for (int i = 0; i < inBatch.size(); i++)
        {
            inBatch.get(i).durable.complete(durableSequence);
        }
        inBatch.clear();
        if (unpublished != null)
        {
            final Checkpoint durable = unpublished;
            unpublished = null;
            lastCheckpoint = durable;
            if (checkpoints.witness() != null)
            {
                checkpoints.witness().publish(durable);
            }
            if (checkpoints.listener() != null)
            {
                checkpoints.listener().accept(durable);
            }
        }
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
            final long epochNanos = length >= Long.BYTES ? buffer.getLong(index, ByteOrder.LITTLE_ENDIAN) : clock.nanoTime();
            writer.append(RecordKind.ORDER_PATH, msgTypeId, epochNanos, buffer, index, length);
        }
        catch (final IOException | RuntimeException ex)
        {
            dropCopyError = ex instanceof IOException io ? io : new IOException(ex);
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
                if (failure == null && checkpoints != null && checkpointDue(true))
                {
                    checkpoint();
                    commit();
                }
            }
            writer.close();
        }
        catch (final IOException | RuntimeException ex)
        {
            if (failure == null)
            {
                fail(ex);
            }
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

    /** The last checkpoint made durable, or null before the first. */
    public Checkpoint lastCheckpoint()
    {
        return lastCheckpoint;
    }

    /** The segment being written. */
    public java.nio.file.Path file()
    {
        return writer.file();
    }

    /** The journal directory. */
    public java.nio.file.Path directory()
    {
        return writer.directory();
    }

    public String recoveryNote()
    {
        return writer.recoveryNote();
    }
}
