package com.orderguard.core.audit.bench;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.concurrent.atomic.AtomicReference;

import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import com.orderguard.core.audit.AuditJournal;
import com.orderguard.core.audit.CheckpointPolicy;
import com.orderguard.core.audit.CheckpointSigner;
import com.orderguard.core.audit.CheckpointVerifier;
import com.orderguard.core.audit.ControlRecords;
import com.orderguard.core.audit.JournalReader;
import com.orderguard.core.audit.JournalVerifier;
import com.orderguard.core.audit.JournalContentSealer;
import com.orderguard.core.audit.SoftwareEnvelope;
import com.orderguard.core.audit.JournalWriter;
import com.orderguard.core.audit.MerkleHasher;
import com.orderguard.core.audit.MerkleProofs;
import com.orderguard.core.audit.MerkleTree;
import com.orderguard.core.audit.WitnessLog;

/**
 * Prints the audit journal's three figures (issue 6 targets in brackets):
 * <ol>
 *   <li>append with fsync-backed group commit through {@link AuditJournal}, fed by a producer
 *       thread through an Agrona ring like the order path's drop copy [>= 1M records/s], and how
 *       often the producer found the ring full (a stall) [0];</li>
 *   <li>offline verification of that journal with the public key [>= 2M records/s];</li>
 *   <li>inclusion-proof generation [>= 100k/s].</li>
 * </ol>
 * Run: {@code java <orderguard.jvm.flags> -cp <test classpath> com.orderguard.core.audit.bench.JournalBenchmark [records] [dir] [offered/s] [sealed]}
 * (docs/audit.md has the exact command). Checkpoints are signed in software here (P-256 in the
 * JDK); the HSM signs only every 100k records or 1 s, so it does not change the rate.
 */
public final class JournalBenchmark
{
    private static final int EVENT_LENGTH = 80; // an ORDER event of com.orderguard.orderpath.OrderEvents

    private JournalBenchmark()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final long records = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000L;
        final Path dir = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("journal-bench");
        final long offeredPerSecond = args.length > 2 ? Long.parseLong(args[2]) : 0;
        final boolean sealed = args.length > 3 && "sealed".equals(args[3]);
        System.out.printf("journal benchmark: %,d records of %d-byte payloads in %s, %d cpus, %s%n",
            records, EVENT_LENGTH, dir, Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.version"));

        final KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        final KeyPair keys = generator.generateKeyPair();
        final CheckpointSigner signer = message ->
        {
            final Signature signature = Signature.getInstance(CheckpointVerifier.ALGORITHM);
            signature.initSign(keys.getPrivate());
            signature.update(message);
            return signature.sign();
        };

        // Warm-up, as JMH would: a JVM's first second of this loop runs before the JIT has compiled
        // it, and at an offered rate near capacity that backlog fills the ring and is counted as
        // stalls. The warm-up journal goes to its own directory, which is deleted; its line is printed.
        final long warmUpRecords = Math.min(records, 2_000_000L);
        final Path warmUpDir = Files.createTempDirectory(dir.toAbsolutePath().getParent(), "journal-warm-up");
        System.out.print("warm-up, not measured: ");
        append(warmUpRecords, warmUpDir, signer, offeredPerSecond, sealed);
        try (var files = Files.list(warmUpDir))
        {
            for (final Path file : (Iterable<Path>)files::iterator)
            {
                Files.delete(file);
            }
        }
        Files.delete(warmUpDir);
        append(records, dir, signer, offeredPerSecond, sealed);
        verify(dir, new CheckpointVerifier(keys.getPublic()));
        startUp(dir);
        proofs(dir, Math.min(records, 4_000_000L));
    }

    private static void append(
        final long records, final Path dir, final CheckpointSigner signer, final long offeredPerSecond, final boolean sealed)
        throws Exception
    {
        final OneToOneRingBuffer ring = new OneToOneRingBuffer(
            new UnsafeBuffer(ByteBuffer.allocateDirect((64 << 20) + RingBufferDescriptor.TRAILER_LENGTH)));
        final AtomicReference<String> failed = new AtomicReference<>();
        final JournalWriter writer = JournalWriter.open(dir);
        final WitnessLog witness = new WitnessLog(dir.resolve("witness.log"));
        // as the appliance drains it: each event freed in the ring only once the journal file holds it
        final AuditJournal journal = new AuditJournal(writer,
            AuditJournal.DropCopySource.of(new com.orderguard.orderpath.dropcopy.DropCopyReader(ring)),
            new SystemEpochNanoClock(), failed::set,
            new CheckpointPolicy(signer, CheckpointPolicy.DEFAULT_EVERY_RECORDS, CheckpointPolicy.DEFAULT_EVERY_NANOS, witness, null),
            AuditJournal.DEFAULT_MAX_BATCH_RECORDS * 4, true);
        if (sealed)
        {
            // as the appliance does by default: each order event's content sealed under a content key
            // wrapped to the pair's public key (the envelope that seals the pair's private half runs once)
            final JournalContentSealer sealer = new JournalContentSealer(new SoftwareEnvelope(), dir);
            sealer.use(sealer.newPair());
            journal.sealOrderContentWith(sealer);
        }
        final AgentRunner runner = new AgentRunner(AuditJournal.backoffIdleStrategy(), Throwable::printStackTrace, null, journal);
        AgentRunner.startOnThread(runner);
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)java.lang.management.ManagementFactory.getThreadMXBean();
        while (runner.thread() == null)
        {
            Thread.onSpinWait();
        }
        final long journalThreadId = runner.thread().getId();
        final long allocatedBefore = threads.getThreadAllocatedBytes(journalThreadId);
        final long gcsBefore = collections();

        final UnsafeBuffer event = new UnsafeBuffer(ByteBuffer.allocateDirect(EVENT_LENGTH).order(ByteOrder.LITTLE_ENDIAN));
        long stalls = 0;
        long worstStallNs = 0;
        final long start = System.nanoTime();
        final double nanosPerRecord = offeredPerSecond > 0 ? 1e9 / offeredPerSecond : 0;
        for (long i = 0; i < records; i++)
        {
            if (nanosPerRecord > 0 && (i & 1023) == 0)
            {
                final long due = start + (long)(i * nanosPerRecord);
                while (System.nanoTime() < due)
                {
                    Thread.onSpinWait();
                }
            }
            event.putLong(0, System.currentTimeMillis() * 1_000_000L, ByteOrder.LITTLE_ENDIAN);
            event.putLong(8, i, ByteOrder.LITTLE_ENDIAN);
            event.putLong(40, 0x4C504141L, ByteOrder.LITTLE_ENDIAN);
            event.putLong(48, 100 + (i & 0xFF), ByteOrder.LITTLE_ENDIAN);
            if (!ring.write(6, event, 0, EVENT_LENGTH))
            {
                // The order path would reject with DROP_COPY_FULL here: count it as a stall and wait.
                stalls++;
                final long stalledAt = System.nanoTime();
                while (!ring.write(6, event, 0, EVENT_LENGTH))
                {
                    Thread.onSpinWait();
                }
                worstStallNs = Math.max(worstStallNs, System.nanoTime() - stalledAt);
            }
        }
        final long produced = System.nanoTime();
        while (journal.durableSequence() < records && failed.get() == null)
        {
            Thread.yield();
        }
        final long durable = System.nanoTime();
        final long allocated = threads.getThreadAllocatedBytes(journalThreadId) - allocatedBefore;
        final long gcs = collections() - gcsBefore;
        runner.close();
        witness.close();
        if (failed.get() != null)
        {
            throw new IllegalStateException("journal failed: " + failed.get());
        }
        final double seconds = (durable - start) / 1e9;
        System.out.printf("append (fsync group commit, producer on its own thread, order content %s, offered %s): %,.0f records/s durable " +
                "(%,d records in %.2f s; producer done after %.2f s; %,d ring-full stalls, worst %.1f ms) [target >= 1,000,000/s, no stalls]%n",
            sealed ? "sealed" : "in clear", offeredPerSecond > 0 ? String.format("%,d/s", offeredPerSecond) : "flat out",
            records / seconds, records, seconds, (produced - start) / 1e9, stalls, worstStallNs / 1e6);
        System.out.printf("journal thread allocated %.1f bytes per record (%,d bytes); %d garbage collections during the append%n",
            (double)allocated / records, allocated, gcs);
    }

    private static long collections()
    {
        long count = 0;
        for (final java.lang.management.GarbageCollectorMXBean gc : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans())
        {
            count += Math.max(0, gc.getCollectionCount());
        }
        return count;
    }

    private static void verify(final Path dir, final CheckpointVerifier key) throws Exception
    {
        // The verifier reads with direct I/O (JournalReader, read-ahead on another thread): every pass
        // reads the disk, none is helped by the page cache. On every core is how `orderguard journal
        // verify` runs; one thread shows what one parsing thread does (its read-ahead waits on the disk).
        final int cores = Runtime.getRuntime().availableProcessors();
        final String[] passes = {"as the CLI runs it", "one parsing thread"};
        final int[] threadCounts = {cores, 1};
        for (int pass = 0; pass < passes.length; pass++)
        {
            final int threads = threadCounts[pass];
            final long start = System.nanoTime();
            final JournalVerifier.Report report =
                JournalVerifier.verify(dir, key, WitnessLog.read(dir.resolve("witness.log")), null, threads);
            final double seconds = (System.nanoTime() - start) / 1e9;
            if (!report.ok())
            {
                throw new IllegalStateException(report.describe());
            }
            System.out.printf("verify, %d thread(s), %s (checksums, sequences, Merkle tree, %d signed checkpoints, witness): " +
                    "%,.0f records/s (%,d records in %.2f s) [target >= 2,000,000/s]%n",
                threads, passes[pass], report.checkpointsVerified(), report.recordsVerified() / seconds, report.recordsVerified(), seconds);
        }
    }

    /** What start-up reads to rebuild the quorum book: the control records through the segment summaries, against every record. */
    private static void startUp(final Path dir) throws Exception
    {
        long start = System.nanoTime();
        final ControlRecords.Scan scan = ControlRecords.read(dir, (sequence, kind, subtype, payload) -> { });
        final double summariesMs = (System.nanoTime() - start) / 1e6;
        start = System.nanoTime();
        long all = 0;
        try (JournalReader reader = new JournalReader(dir))
        {
            while (reader.next() == JournalReader.Status.RECORD)
            {
                all++;
            }
        }
        final double wholeMs = (System.nanoTime() - start) / 1e6;
        System.out.printf("start-up read of the control records: %.1f ms (%d segments through their summaries, %d read whole, " +
            "%,d records read); reading all %,d records: %.1f ms%n", summariesMs, scan.segmentsBySummary(), scan.segmentsReadWhole(),
            scan.recordsRead(), all, wholeMs);
    }

    private static void proofs(final Path dir, final long leaves) throws Exception
    {
        final MerkleHasher hasher = new MerkleHasher();
        final MerkleTree tree = new MerkleTree(hasher);
        final byte[] leaf = new byte[MerkleHasher.HASH_LENGTH];
        try (JournalReader reader = new JournalReader(dir))
        {
            while (tree.size() < leaves && reader.next() == JournalReader.Status.RECORD)
            {
                reader.leafHash(hasher, leaf, 0);
                tree.appendLeafHash(leaf, 0);
            }
        }
        final long size = tree.size();
        final byte[] root = tree.root(size);
        final java.util.SplittableRandom random = new java.util.SplittableRandom(6);
        final int count = 1_000_000;
        long sink = 0;
        final long start = System.nanoTime();
        for (int i = 0; i < count; i++)
        {
            sink += tree.inclusionProof(random.nextLong(size), size).length;
        }
        final double seconds = (System.nanoTime() - start) / 1e9;
        final long index = random.nextLong(size);
        if (!MerkleProofs.verifyInclusion(hasher, index, size, tree.leafHash(index), tree.inclusionProof(index, size), root))
        {
            throw new IllegalStateException("a generated proof does not verify");
        }
        System.out.printf("inclusion proofs (tree of %,d leaves held in memory): %,.0f proofs/s (%,d proofs of ~%d hashes in %.2f s) " +
            "[target >= 100,000/s]%n", size, count / seconds, count, sink / count, seconds);
    }
}
