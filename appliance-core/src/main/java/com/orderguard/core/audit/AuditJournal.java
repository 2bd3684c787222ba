package com.orderguard.core.audit;

import java.io.IOException;
import java.nio.ByteOrder;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.MessageHandler;

import com.orderguard.orderpath.dropcopy.DropCopyReader;

/**
 * The journal thread's agent: the only writer of the journal.
 * <p>
 * It drains two sources into one Merkle log: the order path's drop-copy ring (polled through
 * {@link DropCopySource}: the order path's public {@link DropCopyReader}, or any ring in tests) and a queue
 * of control-plane and lifecycle records whose callers wait for durability. Each duty cycle ends
 * with one group commit (write + fsync) covering everything it took, and only then are waiting
 * callers told their record is durable: an action is acknowledged after its record is on disk.
 * The delay an order event waits for its commit is bounded by one duty cycle: at most
 * {@code maxBatchRecords} drop-copy records plus the queue, then one fsync.
 * <p>
 * A drop-copy event is freed in its ring only once the journal file holds it (written, perhaps not
 * yet fsynced: the page cache outlives a kill -9 of the process, as the tmpfs ring does), with the
 * journal sequence that covers it; see {@link DropCopySource#release}. Freeing it when it was only
 * staged lost events across a kill -9.
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
    /**
     * Where order-path events come from: the drop-copy ring's consumer side. A source that outlives
     * the process (the order path's ring on tmpfs) keeps each event until {@link #release} says the
     * journal file holds it, so a kill -9 between the journal's staging and its write loses nothing.
     */
    public interface DropCopySource
    {
        /** Hands over up to {@code limit} events after those already handed over. */
        int poll(MessageHandler handler, int limit);

        /** The source's position after the last event handed over; -1 for a source that frees events as it hands them over. */
        default long readPosition()
        {
            return -1;
        }

        /**
         * The journal file holds (written, perhaps not yet fsynced) every event before {@code position},
         * none of them after {@code journalSequence}: they may be freed.
         */
        default void release(final long position, final long journalSequence)
        {
        }

        /** The order path's drop-copy reader as a source: what the appliance drains. */
        static DropCopySource of(final DropCopyReader reader)
        {
            return new DropCopySource()
            {
                @Override
                public int poll(final MessageHandler handler, final int limit)
                {
                    return reader.poll(handler, limit);
                }

                @Override
                public long readPosition()
                {
                    return reader.readPosition();
                }

                @Override
                public void release(final long position, final long journalSequence)
                {
                    reader.release(position, journalSequence);
                }
            };
        }
    }

    /** Releases waiting for their write: more than enough for two staging buffers' worth of polls; when full, the newest is replaced. */
    private static final int MAX_PENDING_RELEASES = 64;

    private static final class Pending
    {
        final RecordKind kind;
        final int subtype;
        final long epochNanos;
        final byte[] payload;
        final CompletableFuture<Long> durable;
        long sequence;

        Pending(final RecordKind kind, final int subtype, final long epochNanos, final byte[] payload, final CompletableFuture<Long> durable)
        {
            this.kind = kind;
            this.subtype = subtype;
            this.epochNanos = epochNanos;
            this.payload = payload;
            this.durable = durable;
        }
    }

    public static final int DEFAULT_MAX_BATCH_RECORDS = 16_384;

    /**
     * How the appliance idles the journal thread when both sources are empty (unless
     * {@code journal.idle=yield}): spin, then yield, then park from 1 µs up to 200 µs, so an idle
     * journal costs little and a new burst waits at most 200 µs for it. The benchmark uses the same.
     */
    public static org.agrona.concurrent.IdleStrategy backoffIdleStrategy()
    {
        return new org.agrona.concurrent.BackoffIdleStrategy(100, 10, 1_000, 200_000);
    }

    private final JournalWriter writer;
    private final DropCopySource dropCopy;
    private final EpochNanoClock clock;
    private final Consumer<String> onFailure;
    private final CheckpointPolicy checkpoints;
    private final int maxBatchRecords;
    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final java.util.ArrayDeque<Pending> inBatch = new java.util.ArrayDeque<>();
    private final java.util.ArrayDeque<Checkpoint> unpublishedCheckpoints = new java.util.ArrayDeque<>();
    private final boolean pipelinedSync;
    private volatile boolean syncRunning;
    private volatile IOException syncError;
    private Thread syncThread;
    private volatile String failure;
    private volatile long durableSequence;
    private volatile long lastCommitNanos;
    private volatile Checkpoint lastCheckpoint;
    private IOException dropCopyError;
    private RecordSealer orderContentSealer;
    private SealedOrderRecord.Encoder sealedOrderEncoder;
    private final ConcurrentLinkedQueue<CompletableFuture<Checkpoint>> checkpointRequests = new ConcurrentLinkedQueue<>();
    private final java.util.ArrayDeque<CompletableFuture<Checkpoint>> checkpointWaiters = new java.util.ArrayDeque<>();
    private long checkpointRecordSequence;
    /** Drop-copy releases in order: (last journal sequence, source position after it), freed once written. */
    private final long[] releaseSequences = new long[MAX_PENDING_RELEASES];
    private final long[] releasePositions = new long[MAX_PENDING_RELEASES];
    private int firstRelease;
    private int pendingReleases;
    private long lastCheckpointAtNanos;

    /** Without checkpoints: the Merkle log is kept but nothing is signed (tests, and until the signer is wired). */
    public AuditJournal(
        final JournalWriter writer, final DropCopySource dropCopy, final EpochNanoClock clock, final Consumer<String> onFailure)
    {
        this(writer, dropCopy, clock, onFailure, null, DEFAULT_MAX_BATCH_RECORDS, false);
    }

    /**
     * @param checkpoints     null for none.
     * @param maxBatchRecords drop-copy records taken per duty cycle, which bounds the group-commit delay.
     */
    public AuditJournal(
        final JournalWriter writer, final DropCopySource dropCopy, final EpochNanoClock clock, final Consumer<String> onFailure,
        final CheckpointPolicy checkpoints, final int maxBatchRecords)
    {
        this(writer, dropCopy, clock, onFailure, checkpoints, maxBatchRecords, false);
    }

    /**
     * @param pipelinedSync true: the fsync runs on a thread of its own ("audit-journal-fsync",
     *                      started in {@link #onStart()}) while this thread stages and hashes the
     *                      next batch; acknowledgements still wait for the fsync that covers them.
     *                      false: each duty cycle writes and fsyncs itself (simplest; what doWork-driven tests use).
     */
    public AuditJournal(
        final JournalWriter writer, final DropCopySource dropCopy, final EpochNanoClock clock, final Consumer<String> onFailure,
        final CheckpointPolicy checkpoints, final int maxBatchRecords, final boolean pipelinedSync)
    {
        this.pipelinedSync = pipelinedSync;
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
        // Records from an earlier run (perhaps cut short before its last checkpoint) are covered by
        // this run's first checkpoint: count them as not yet checkpointed.
        this.checkpointRecordSequence = 0;
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

    /**
     * Asks the journal thread to sign a checkpoint over everything journaled so far, now rather than
     * at the next N records or T ms: call it before the HSM key goes away (sealing, an orderly stop),
     * so no record is left unsigned. The future completes with the checkpoint once it is durable and
     * published (at once with the last one when nothing new was journaled), or exceptionally when
     * there is no policy, the signer is not ready or the journal has failed.
     */
    public CompletableFuture<Checkpoint> requestCheckpoint()
    {
        final CompletableFuture<Checkpoint> done = new CompletableFuture<>();
        if (checkpoints == null)
        {
            done.completeExceptionally(new IllegalStateException("the journal has no checkpoint policy"));
        }
        else if (failure != null)
        {
            done.completeExceptionally(new IOException("audit journal has failed: " + failure));
        }
        else
        {
            checkpointRequests.add(done);
        }
        return done;
    }

    /**
     * From now on, order-path events are journaled as {@link RecordKind#ORDER_PATH_SEALED}: their
     * content sealed with {@code sealer} (key custody's data key), their metadata clear and searchable.
     * Call before the agent starts. Costs one AEAD per event on the journal thread; a sealing failure
     * fails the journal closed.
     */
    public void sealOrderContentWith(final RecordSealer sealer)
    {
        this.orderContentSealer = sealer;
        this.sealedOrderEncoder = new SealedOrderRecord.Encoder(sealer);
    }

    @Override
    public void onStart()
    {
        if (pipelinedSync)
        {
            syncRunning = true;
            syncThread = new Thread(this::syncLoop, "audit-journal-fsync");
            syncThread.setDaemon(true);
            syncThread.start();
        }
    }

    private void syncLoop()
    {
        try
        {
            while (syncRunning)
            {
                if (writer.hasUnsynced())
                {
                    writer.sync();
                }
                else
                {
                    java.util.concurrent.locks.LockSupport.parkNanos(50_000);
                }
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            syncError = ex instanceof IOException io ? io : new IOException(ex);
        }
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
            if (orderContentSealer == null || orderContentSealer.ready())
            {
                final int events = dropCopy.poll(this, maxBatchRecords); // no event is journaled in clear while a sealer has no key
                if (events > 0 && dropCopyError == null)
                {
                    queueRelease(writer.lastSequence(), dropCopy.readPosition());
                }
                work += events;
            }
            if (dropCopyError != null)
            {
                throw dropCopyError;
            }
            Pending pending;
            while ((pending = queue.poll()) != null)
            {
                pending.sequence = writer.append(pending.kind, pending.subtype, pending.epochNanos, pending.payload);
                inBatch.add(pending);
                work++;
            }
            if (checkpoints != null && (checkpointDue(false) || takeCheckpointRequests()))
            {
                checkpoint();
                work++;
            }
            if (pipelinedSync && syncRunning)
            {
                if (syncError != null)
                {
                    throw syncError;
                }
                if (writer.hasUncommitted())
                {
                    writer.flush();
                    java.util.concurrent.locks.LockSupport.unpark(syncThread);
                }
                work += acknowledge(writer.durableSequence());
            }
            else if (writer.hasUncommitted())
            {
                work += acknowledge(writer.commit());
            }
            work += releaseWritten(writer.writtenSequence());
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
        if (since <= 0 || !checkpoints.signer().ready())
        {
            return false;
        }
        return closing || since >= checkpoints.everyRecords() || System.nanoTime() - lastCheckpointAtNanos >= checkpoints.everyNanos();
    }

    /** True when a requested checkpoint must be signed now; answers requests that need none. */
    private boolean takeCheckpointRequests()
    {
        if (checkpointRequests.isEmpty())
        {
            return false;
        }
        final boolean newRecords = writer.lastSequence() > checkpointRecordSequence;
        final boolean ready = checkpoints.signer().ready();
        CompletableFuture<Checkpoint> request;
        while ((request = checkpointRequests.poll()) != null)
        {
            if (!ready)
            {
                request.completeExceptionally(new IllegalStateException("the journal signer is not ready (sealed?)"));
            }
            else if (newRecords)
            {
                checkpointWaiters.add(request);
            }
            else if (unpublishedCheckpoints.isEmpty() && lastCheckpoint != null)
            {
                request.complete(lastCheckpoint);
            }
            else
            {
                checkpointWaiters.add(request); // the last checkpoint is still on its way to disk
            }
        }
        return ready && newRecords;
    }

    private void checkpoint() throws IOException
    {
        try
        {
            unpublishedCheckpoints.add(writer.appendCheckpoint(clock.nanoTime(), checkpoints.signer()));
            checkpointRecordSequence = writer.lastSequence();
        }
        catch (final SignerUnavailableException ex)
        {
            // Intake is already closed by whoever threw this; try again at the next due time.
        }
        lastCheckpointAtNanos = System.nanoTime();
    }

    private void queueRelease(final long journalSequence, final long position)
    {
        if (position < 0)
        {
            return; // the source freed them as it handed them over
        }
        if (pendingReleases == MAX_PENDING_RELEASES)
        {
            // both only grow: releasing the newer pair later covers the older one
            final int newest = (firstRelease + pendingReleases - 1) & (MAX_PENDING_RELEASES - 1);
            releaseSequences[newest] = journalSequence;
            releasePositions[newest] = position;
            return;
        }
        final int at = (firstRelease + pendingReleases) & (MAX_PENDING_RELEASES - 1);
        releaseSequences[at] = journalSequence;
        releasePositions[at] = position;
        pendingReleases++;
    }

    /** Frees the drop-copy events the journal file now holds: only after the write, so a kill -9 cannot lose them. */
    private int releaseWritten(final long written)
    {
        long position = -1;
        long sequence = -1;
        while (pendingReleases > 0 && releaseSequences[firstRelease] <= written)
        {
            sequence = releaseSequences[firstRelease];
            position = releasePositions[firstRelease];
            firstRelease = (firstRelease + 1) & (MAX_PENDING_RELEASES - 1);
            pendingReleases--;
        }
        if (position < 0)
        {
            return 0;
        }
        dropCopy.release(position, sequence);
        return 1;
    }

    /** Completes every waiting caller and publishes every checkpoint that {@code durable} covers. */
    private int acknowledge(final long durable) throws IOException
    {
        if (durable == durableSequence)
        {
            return 0;
        }
        durableSequence = durable;
        lastCommitNanos = clock.nanoTime();
        int work = 0;
        Pending head;
        while ((head = inBatch.peek()) != null && head.sequence <= durable)
        {
            inBatch.poll().durable.complete(head.sequence);
            work++;
        }
        Checkpoint checkpoint;
        while ((checkpoint = unpublishedCheckpoints.peek()) != null && checkpoint.treeSize() < durable)
        {
            unpublishedCheckpoints.poll();
            lastCheckpoint = checkpoint;
            if (checkpoints.witness() != null)
            {
                checkpoints.witness().publish(checkpoint);
            }
            if (checkpoints.listener() != null)
            {
                checkpoints.listener().accept(checkpoint);
            }
            work++;
        }
        if (unpublishedCheckpoints.isEmpty() && lastCheckpoint != null)
        {
            CompletableFuture<Checkpoint> waiter;
            while ((waiter = checkpointWaiters.poll()) != null)
            {
                waiter.complete(lastCheckpoint);
            }
        }
        return work + 1;
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
            if (orderContentSealer == null)
            {
                writer.append(RecordKind.ORDER_PATH, msgTypeId, epochNanos, buffer, index, length);
            }
            else
            {
                final byte[] keyRecord = orderContentSealer.takeKeyRecord(epochNanos);
                if (keyRecord != null)
                {
                    writer.append(RecordKind.KEY_OPERATION, JournalContentSealer.CONTENT_KEY, epochNanos, keyRecord);
                }
                // encoded and sealed where the writer stores it: no copy of the record
                final int at = writer.beginInPlace(
                    RecordKind.ORDER_PATH_SEALED, msgTypeId, epochNanos, sealedOrderEncoder.maxPayloadLength(length));
                final int payloadLength;
                try
                {
                    payloadLength = sealedOrderEncoder.encode(msgTypeId, buffer, index, length, writer.stagingArray(), at);
                }
                catch (final java.security.GeneralSecurityException | RuntimeException ex)
                {
                    writer.abandonInPlace();
                    throw ex;
                }
                writer.finishInPlace(payloadLength);
            }
        }
        catch (final IOException | RuntimeException | java.security.GeneralSecurityException ex)
        {
            dropCopyError = ex instanceof IOException io ? io : new IOException("cannot journal an order event: " + ex, ex);
        }
    }

    private void fail(final Exception ex)
    {
        final String reason = ex.getClass().getSimpleName() + ": " + ex.getMessage();
        failure = reason;
        stopSync();
        final IOException failed = new IOException("audit journal has failed: " + reason, ex);
        Pending pending;
        while ((pending = inBatch.poll()) != null)
        {
            pending.durable.completeExceptionally(failed);
        }
        while ((pending = queue.poll()) != null)
        {
            pending.durable.completeExceptionally(failed);
        }
        CompletableFuture<Checkpoint> waiter;
        while ((waiter = checkpointWaiters.poll()) != null || (waiter = checkpointRequests.poll()) != null)
        {
            waiter.completeExceptionally(failed);
        }
        onFailure.accept(reason);
    }

    private void stopSync()
    {
        syncRunning = false;
        final Thread thread = syncThread;
        if (thread != null && thread != Thread.currentThread())
        {
            java.util.concurrent.locks.LockSupport.unpark(thread);
            try
            {
                thread.join(30_000);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void onClose()
    {
        stopSync();
        try
        {
            if (failure == null)
            {
                doWork(); // with the fsync thread stopped, this commits synchronously
                if (failure == null && checkpoints != null && checkpointDue(true))
                {
                    checkpoint();
                    acknowledge(writer.commit());
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
        CompletableFuture<Checkpoint> waiter;
        while ((waiter = checkpointWaiters.poll()) != null || (waiter = checkpointRequests.poll()) != null)
        {
            waiter.completeExceptionally(new IOException("the audit journal closed before the checkpoint was made"));
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

    /** True when the journal's segments are written with direct I/O, bypassing the page cache. */
    public boolean directIo()
    {
        return writer.directIo();
    }

    /** Why the journal writes through the page cache, null when it writes with direct I/O. */
    public String pageCacheReason()
    {
        return writer.pageCacheReason();
    }
}
