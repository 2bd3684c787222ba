package com.orderguard.core.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.agrona.concurrent.SystemEpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.*;

/** The journal thread's agent, driven by hand (doWork) so the tests need no timing. */
class AuditJournalTest
{
    @TempDir
    Path dir;

    private final JournalFixture fixture = new JournalFixture();
    private final AtomicReference<String> failure = new AtomicReference<>();
    private final OneToOneRingBuffer ring = new OneToOneRingBuffer(
        new UnsafeBuffer(ByteBuffer.allocateDirect((1 << 20) + RingBufferDescriptor.TRAILER_LENGTH)));
    private final UnsafeBuffer event = new UnsafeBuffer(new byte[80]);

    private AuditJournal journal(final JournalWriter writer, final CheckpointPolicy policy)
    {
        return new AuditJournal(writer, ring::read, new SystemEpochNanoClock(), failure::set, policy, 1_000);
    }

    private void offerOrderEvents(final int count)
    {
        for (int i = 0; i < count; i++)
        {
            event.putLong(0, 1_700_000_000_000_000_000L + i);
            assertTrue(ring.write(6, event, 0, 80));
        }
    }

    @Test
    void shouldAcknowledgeAControlRecordOnlyOnceItIsDurable() throws Exception
    {
        final AuditJournal journal = journal(JournalWriter.open(dir), null);
        final CompletableFuture<Long> durable = journal.append(RecordKind.CONTROL_ACCESS, 0, "{\"who\":\"ops\"}".getBytes(StandardCharsets.UTF_8));
        assertFalse(durable.isDone(), "nothing is acknowledged before the journal thread committed it");
        journal.doWork();
        assertEquals(1L, durable.get(1, TimeUnit.SECONDS));
        assertEquals(1, journal.durableSequence());
        journal.onClose();
        assertTrue(JournalVerifier.verify(dir, null).ok());
    }

    @Test
    void shouldSignACheckpointEveryNRecordsPublishItOnceDurableAndSignAgainAtClose() throws Exception
    {
        final List<Checkpoint> published = new CopyOnWriteArrayList<>();
        final Path witnessFile = dir.resolve("witness/witness.log");
        final WitnessLog witness = new WitnessLog(witnessFile);
        final AuditJournal journal = journal(JournalWriter.open(dir.resolve("journal")),
            new CheckpointPolicy(fixture.signer, 500, 3_600_000_000_000L, witness, published::add));
        for (int round = 0; round < 10; round++)
        {
            offerOrderEvents(300);
            journal.doWork();
        }
        // 3,000 events at up to 1,000 a duty cycle, a checkpoint once 500 or more are new
        assertTrue(published.size() >= 5, "checkpoints: " + published.size());
        journal.append(RecordKind.LIFECYCLE, 2, "{\"stopped\":true}".getBytes(StandardCharsets.UTF_8));
        journal.onClose();
        witness.close();
        final List<Checkpoint> witnessed = WitnessLog.read(witnessFile);
        assertEquals(published, witnessed);
        final JournalVerifier.Report report = JournalVerifier.verify(dir.resolve("journal"), fixture.verifier, witnessed, null);
        assertTrue(report.ok(), report.describe());
        assertEquals(0, report.uncheckpointedTail(), "a clean close signs everything: " + report.describe());
        assertEquals(published.get(published.size() - 1).treeSize() + 1, report.recordsVerified());
        assertTrue(published.get(0).toJson().contains("\"treeSize\":" + published.get(0).treeSize()));
    }

    @Test
    void shouldSignACheckpointAfterTheIntervalEvenWithFewRecords() throws Exception
    {
        final List<Checkpoint> published = new CopyOnWriteArrayList<>();
        final AuditJournal journal = journal(JournalWriter.open(dir),
            new CheckpointPolicy(fixture.signer, 1_000_000, 1_000_000L, null, published::add));
        offerOrderEvents(3);
        journal.doWork();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (published.isEmpty() && System.nanoTime() < deadline)
        {
            Thread.yield();
            journal.doWork();
        }
        assertEquals(1, published.size());
        assertEquals(3, published.get(0).treeSize());
        journal.doWork();
        assertEquals(1, published.size(), "no new records, no new checkpoint");
        journal.onClose();
    }

    @Test
    void shouldDeferCheckpointsWhileSealedAndCoverEverythingAtTheFirstAfterUnseal() throws Exception
    {
        final java.util.concurrent.atomic.AtomicBoolean unsealed = new java.util.concurrent.atomic.AtomicBoolean();
        final List<Checkpoint> published = new CopyOnWriteArrayList<>();
        final AuditJournal journal = journal(JournalWriter.open(dir),
            new CheckpointPolicy(CheckpointSigner.when(unsealed::get, fixture.signer), 5, 3_600_000_000_000L, null, published::add));
        for (int i = 0; i < 4; i++)
        {
            offerOrderEvents(10);
            journal.doWork();
        }
        assertNull(failure.get(), "a sealed appliance's journal keeps working");
        assertTrue(published.isEmpty());
        assertEquals(40, journal.durableSequence());
        unsealed.set(true);
        journal.doWork();
        assertEquals(1, published.size());
        assertEquals(40, published.get(0).treeSize());
        journal.onClose();
    }

    @Test
    void shouldSignACheckpointOnRequestBeforeTheKeyGoesAway() throws Exception
    {
        final java.util.concurrent.atomic.AtomicBoolean unsealed = new java.util.concurrent.atomic.AtomicBoolean(true);
        final AuditJournal journal = journal(JournalWriter.open(dir),
            new CheckpointPolicy(CheckpointSigner.when(unsealed::get, fixture.signer), 1_000_000, 3_600_000_000_000L, null, null));
        offerOrderEvents(7);
        journal.doWork();
        final CompletableFuture<Checkpoint> first = journal.requestCheckpoint();
        journal.doWork();
        assertEquals(7, first.get(1, TimeUnit.SECONDS).treeSize());
        final CompletableFuture<Checkpoint> again = journal.requestCheckpoint();
        journal.doWork();
        assertEquals(first.get(), again.get(1, TimeUnit.SECONDS), "nothing new: the last checkpoint stands");
        unsealed.set(false);
        offerOrderEvents(1);
        final CompletableFuture<Checkpoint> sealed = journal.requestCheckpoint();
        journal.doWork();
        assertTrue(sealed.isCompletedExceptionally(), "no key, no checkpoint: the caller learns it");
        assertNull(failure.get());
        journal.onClose();
    }

    @Test
    void shouldCoverAnEarlierRunsUnsignedTailWithTheFirstCheckpointAfterReopening() throws Exception
    {
        final AuditJournal first = journal(JournalWriter.open(dir), null);
        offerOrderEvents(12);
        first.doWork();
        first.onClose(); // no signer that run: 12 unsigned records
        final List<Checkpoint> published = new CopyOnWriteArrayList<>();
        final AuditJournal second = journal(JournalWriter.open(dir),
            new CheckpointPolicy(fixture.signer, 5, 3_600_000_000_000L, null, published::add));
        second.doWork();
        assertEquals(1, published.size());
        assertEquals(12, published.get(0).treeSize());
        second.onClose();
        assertEquals(0, JournalVerifier.verify(dir, fixture.verifier, published, null).uncheckpointedTail());
    }

    @Test
    void shouldFailClosedWhenTheSignerRefuses() throws Exception
    {
        final CheckpointSigner refusing = message ->
        {
            throw new GeneralSecurityException("CKR_USER_NOT_LOGGED_IN");
        };
        final AuditJournal journal = journal(JournalWriter.open(dir), new CheckpointPolicy(refusing, 10, 3_600_000_000_000L, null, null));
        offerOrderEvents(20);
        final CompletableFuture<Long> control = journal.append(RecordKind.SEAL, 1, "{}".getBytes(StandardCharsets.UTF_8));
        journal.doWork();
        assertNotNull(failure.get());
        assertTrue(failure.get().contains("CKR_USER_NOT_LOGGED_IN"), failure.get());
        final ExecutionException refused = assertThrows(ExecutionException.class, () -> control.get(1, TimeUnit.SECONDS));
        assertTrue(refused.getCause().getMessage().contains("failed"), refused.getCause().getMessage());
        assertTrue(journal.append(RecordKind.SEAL, 1, new byte[0]).isCompletedExceptionally(), "no record is taken after failing");
        assertEquals(0, journal.durableSequence(), "nothing unsigned was acknowledged");
    }

    @Test
    void shouldFailClosedOnAFullDiskAndNeverAcknowledgeWhatDidNotLand() throws Exception
    {
        final AtomicLong space = new AtomicLong(20_000);
        final AuditJournal journal = journal(JournalWriter.open(dir, 1L << 30, LimitedChannel.opener(space, true)), null);
        long acknowledged = 0;
        CompletableFuture<Long> last = null;
        for (int round = 0; round < 100 && failure.get() == null; round++)
        {
            offerOrderEvents(20);
            last = journal.append(RecordKind.CONTROL_ACCESS, 0, ("{\"round\":" + round + "}").getBytes(StandardCharsets.UTF_8));
            journal.doWork();
            if (last.isDone() && !last.isCompletedExceptionally())
            {
                acknowledged = last.get();
            }
        }
        assertNotNull(failure.get(), "the disk filled up");
        assertTrue(failure.get().contains("No space left on device"), failure.get());
        assertTrue(last.isCompletedExceptionally(), "the record that did not land was refused, not acknowledged");
        assertEquals(acknowledged, journal.durableSequence());
        // The drop copy is no longer drained, so the order path sees DROP_COPY_FULL: intake stops, nothing is dropped silently.
        final int before = ring.size();
        offerOrderEvents(5);
        journal.doWork();
        assertEquals(before + 5 * (80 + org.agrona.concurrent.ringbuffer.RecordDescriptor.HEADER_LENGTH), ring.size(), "order events wait in the ring; none are consumed and lost");
        journal.onClose();
        final JournalVerifier.Report report = JournalVerifier.verify(dir, null);
        assertTrue(report.recordsVerified() >= acknowledged, report.describe());
        try (JournalWriter reopened = JournalWriter.open(dir))
        {
            assertTrue(reopened.lastSequence() >= acknowledged, "every acknowledged record survives the full disk");
        }
        assertTrue(JournalVerifier.verify(dir, null).ok());
    }

    @Test
    void shouldAcknowledgeOnlyWhatTheFsyncThreadMadeDurableWhenPipelined() throws Exception
    {
        final List<Checkpoint> published = new CopyOnWriteArrayList<>();
        final AuditJournal journal = new AuditJournal(JournalWriter.open(dir), ring::read, new SystemEpochNanoClock(), failure::set,
            new CheckpointPolicy(fixture.signer, 200, 3_600_000_000_000L, null, published::add), 100, true);
        journal.onStart();
        final List<CompletableFuture<Long>> acks = new java.util.ArrayList<>();
        for (int round = 0; round < 20; round++)
        {
            offerOrderEvents(50);
            acks.add(journal.append(RecordKind.CONTROL_ACCESS, 0, ("{\"round\":" + round + "}").getBytes(StandardCharsets.UTF_8)));
            journal.doWork();
            for (final CompletableFuture<Long> ack : acks)
            {
                if (ack.isDone())
                {
                    assertTrue(ack.get() <= journal.durableSequence(), "acknowledged beyond the fsync");
                }
            }
        }
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!acks.get(acks.size() - 1).isDone() && System.nanoTime() < deadline)
        {
            journal.doWork();
            Thread.yield();
        }
        long previous = 0;
        for (final CompletableFuture<Long> ack : acks)
        {
            final long sequence = ack.get(1, TimeUnit.SECONDS);
            assertTrue(sequence > previous, "each acknowledgement names its own record's sequence");
            previous = sequence;
        }
        assertNull(failure.get());
        assertFalse(published.isEmpty());
        journal.onClose();
        final JournalVerifier.Report report = JournalVerifier.verify(dir, fixture.verifier, published, null);
        assertTrue(report.ok(), report.describe());
        assertEquals(0, report.uncheckpointedTail());
    }

    @Test
    void shouldFreeADropCopyEventOnlyOnceTheJournalFileHoldsItWhenPipelined() throws Exception
    {
        final JournalWriter writer = JournalWriter.open(dir);
        final com.orderguard.orderpath.dropcopy.DropCopyReader reader = new com.orderguard.orderpath.dropcopy.DropCopyReader(ring);
        final List<String> early = new CopyOnWriteArrayList<>();
        final AtomicLong releases = new AtomicLong();
        final AuditJournal.DropCopySource appliances = AuditJournal.DropCopySource.of(reader);
        // the appliance's own adapter, watched at each release
        final AuditJournal.DropCopySource source = new AuditJournal.DropCopySource()
        {
            @Override
            public int poll(final org.agrona.concurrent.MessageHandler handler, final int limit)
            {
                return appliances.poll(handler, limit);
            }

            @Override
            public long readPosition()
            {
                return appliances.readPosition();
            }

            @Override
            public void release(final long position, final long journalSequence)
            {
                final long inFile = lastReadable(dir);
                if (inFile < journalSequence)
                {
                    early.add("freed up to record " + journalSequence + " with only " + inFile + " in the file");
                }
                releases.incrementAndGet();
                appliances.release(position, journalSequence);
            }
        };
        final AuditJournal journal = new AuditJournal(writer, source, new SystemEpochNanoClock(), failure::set, null, 100, true);
        journal.onStart();
        for (int round = 0; round < 50; round++)
        {
            offerOrderEvents(40);
            journal.doWork();
            assertTrue(ring.consumerPosition() <= reader.readPosition());
        }
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (ring.consumerPosition() != ring.producerPosition() && System.nanoTime() < deadline)
        {
            journal.doWork();
            Thread.yield();
        }
        assertNull(failure.get());
        assertEquals(List.of(), early, "a drop-copy event freed before the journal file held it is lost to a kill -9");
        assertTrue(releases.get() > 0);
        assertEquals(ring.producerPosition(), ring.consumerPosition(), "every event freed once written");
        assertEquals(2_000, reader.markSequence(), "the mark names the record that holds the last event");
        journal.onClose();
        assertTrue(JournalVerifier.verify(dir, null).ok());
    }

    /** The last record a reader finds in the journal file now, as a restart after a kill -9 would. */
    private static long lastReadable(final Path journal)
    {
        try (JournalReader reader = JournalReader.live(journal))
        {
            long last = 0;
            while (reader.next() == JournalReader.Status.RECORD)
            {
                last = reader.sequence();
            }
            return last;
        }
        catch (final IOException ex)
        {
            throw new java.io.UncheckedIOException(ex);
        }
    }

    @Test
    void shouldFailClosedOnAFullDiskWhenPipelined() throws Exception
    {
        final AtomicLong space = new AtomicLong(30_000);
        final AuditJournal journal = new AuditJournal(JournalWriter.open(dir, 1L << 30, LimitedChannel.opener(space, true)),
            ring::read, new SystemEpochNanoClock(), failure::set, null, 100, true);
        journal.onStart();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        CompletableFuture<Long> last = null;
        while (failure.get() == null && System.nanoTime() < deadline)
        {
            if (ring.size() < 4096)
            {
                offerOrderEvents(20);
            }
            last = journal.append(RecordKind.CONTROL_ACCESS, 0, "{\"a\":1}".getBytes(StandardCharsets.UTF_8));
            journal.doWork();
        }
        assertNotNull(failure.get());
        assertTrue(last.isCompletedExceptionally());
        final long durable = journal.durableSequence();
        journal.onClose();
        try (JournalWriter reopened = JournalWriter.open(dir))
        {
            assertTrue(reopened.lastSequence() >= durable);
        }
        assertTrue(JournalVerifier.verify(dir, null).ok());
    }

    @Test
    void shouldRefuseAPayloadLargerThanARecordCanHold() throws IOException
    {
        final AuditJournal journal = journal(JournalWriter.open(dir), null);
        assertTrue(journal.append(RecordKind.CONTROL_ACCESS, 0, new byte[JournalFormat.MAX_PAYLOAD_LENGTH + 1]).isCompletedExceptionally());
        assertNull(failure.get());
        journal.onClose();
    }
}
