package com.orderguard.core.audit;

import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Offline verification of a journal: needs only the segments and, to check signatures, the
 * journal's public key; a witness file adds truncation and fork detection. One pass: every record's
 * framing, checksum and sequence, the Merkle tree rebuilt leaf by leaf, each CHECKPOINT record's
 * size, root and signature, each segment header's frontier, each segment summary against the
 * segment it describes, and each witnessed checkpoint's root.
 * <p>
 * It stops at the first thing wrong and names it as one {@link Finding}:
 * <ul>
 *   <li>MODIFIED — a record's checksum fails (a byte changed), or the records since the previous
 *       checkpoint do not produce the root the next checkpoint signed (changed with the checksum
 *       recomputed), or a segment header was altered, or a segment summary does not describe its
 *       segment (start-up relies on summaries to find approvals);</li>
 *   <li>INSERTED / DELETED / REORDERED — told apart by the sequence numbers around the first gap
 *       (a look-ahead window), or, if the sequence numbers were rewritten too, by a signed checkpoint
 *       whose size no longer matches its position;</li>
 *   <li>TRUNCATED — the journal ends inside a record, or before a witnessed checkpoint's size;</li>
 *   <li>FORKED — a witnessed checkpoint's root differs from the journal's root at that size;</li>
 *   <li>BAD_SIGNATURE — a checkpoint (journaled or witnessed) does not verify with the public key.</li>
 * </ul>
 */
public final class JournalVerifier
{
    /** The kind of damage found. */
    public enum Finding
    {
        NONE, MODIFIED, INSERTED, DELETED, REORDERED, TRUNCATED, FORKED, BAD_SIGNATURE
    }

    /** The outcome of one verification run. */
    public record Report(
        boolean ok, long recordsVerified, long firstBadSequence, long badOffset, String problem,
        Finding finding, Path badFile, long checkpointsVerified, boolean signaturesChecked, int witnessedChecked,
        long firstSequence, long uncheckpointedTail, byte[] root)
    {
        /** This part's report as part of a whole journal with {@code records} and {@code checkpoints} verified before it. */
        Report shifted(final long recordsBefore, final long checkpointsBefore)
        {
            return new Report(ok, recordsBefore + recordsVerified, firstBadSequence, badOffset, problem, finding, badFile,
                checkpointsBefore + checkpointsVerified, signaturesChecked, witnessedChecked, firstSequence, uncheckpointedTail, root);
        }

        public String describe()
        {
            if (ok)
            {
                final StringBuilder out = new StringBuilder("journal verifies: ").append(recordsVerified).append(" records");
                if (firstSequence > 1)
                {
                    out.append(" (sequences ").append(firstSequence).append("..; earlier segments retired)");
                }
                out.append(", Merkle root ").append(java.util.Base64.getEncoder().encodeToString(root))
                    .append(", ").append(checkpointsVerified).append(" checkpoints");
                out.append(signaturesChecked ? " with valid signatures" : " (signatures NOT checked: no public key given)");
                if (witnessedChecked > 0)
                {
                    out.append(", consistent with ").append(witnessedChecked).append(" witnessed checkpoints");
                }
                if (uncheckpointedTail > 0)
                {
                    out.append("; the last ").append(uncheckpointedTail).append(" records are not yet covered by a checkpoint");
                }
                return out.toString();
            }
            return "journal does NOT verify: " + finding + ": first bad record is sequence " + firstBadSequence +
                (badFile != null ? " at byte offset " + badOffset + " of " + badFile.getFileName() : "") + ": " + problem +
                " (" + recordsVerified + " records before it verify)";
        }
    }

    private static final int LOOK_AHEAD = 1 << 16;

    private final CheckpointVerifier key;
    private final List<Checkpoint> witness;
    private final LongConsumer progress;
    private final MerkleHasher hasher = new MerkleHasher();
    private final CompactRange range = new CompactRange(hasher);
    private final byte[] leaf = new byte[MerkleHasher.HASH_LENGTH];
    private final byte[] rootScratch = new byte[MerkleHasher.HASH_LENGTH];
    private JournalReader reader;
    private long records;
    private long expected = -1;
    private long firstSequence = 1;
    private long checkpoints;
    private long lastCheckpointSize;
    private long lastCheckpointRecord;
    private int witnessIndex;
    private int witnessChecked;
    private int segmentSeen = -1;
    private boolean finalSegment = true;
    private boolean checksWitnessAtStart = true; // false for a part after the first: the part before it checked that size
    private byte[] headerFrontier;
    private Report result;
    /** What the segment being read holds so far, and what the one before it held (for its summary). */
    private SegmentSummary current = new SegmentSummary();
    private SegmentSummary previous = new SegmentSummary();
    private boolean havePrevious;
    /** The summary that opens this verifier's first segment: checked at the join when the segment it describes was another part's. */
    private boolean summaryAtStartSeen;
    private SegmentSummary.Parsed summaryAtStart;
    private long summaryAtStartSequence;
    private long summaryAtStartOffset;
    private final java.util.Set<Checkpoint> verified = new java.util.HashSet<>();

    private JournalVerifier(final CheckpointVerifier key, final List<Checkpoint> witness, final LongConsumer progress)
    {
        this.key = key;
        this.witness = witness == null ? List.of() : sorted(witness);
        this.progress = progress;
    }

    private static List<Checkpoint> sorted(final List<Checkpoint> witness)
    {
        final List<Checkpoint> copy = new ArrayList<>(witness);
        copy.sort(Comparator.comparingLong(Checkpoint::treeSize));
        return copy;
    }

    /** Structure, checksums, sequences, tree and checkpoint roots; no signatures, no witness. */
    public static Report verify(final Path journal, final LongConsumer progress) throws IOException
    {
        return verify(journal, null, null, progress);
    }

    /**
     * Verifies on every available core (segments in parallel, see {@link #verify(Path, CheckpointVerifier, List, LongConsumer, int)}).
     *
     * @param journal  the journal directory, a segment, or {@code <dir>/journal.ogj}.
     * @param key      the journal public key; null skips signature checks (and says so).
     * @param witness  witnessed checkpoints ({@link WitnessLog#read}); null or empty for none.
     * @param progress called with a running count about every 2^20 records; may be null.
     */
    public static Report verify(
        final Path journal, final CheckpointVerifier key, final List<Checkpoint> witness, final LongConsumer progress)
        throws IOException
    {
        return verify(journal, key, witness, progress, Runtime.getRuntime().availableProcessors());
    }

    /**
     * @param threads 1 walks the whole journal in one pass. More verifies segments in parallel, each
     *                from the frontier in its header, and then checks that the segments join up: each
     *                one's first sequence follows the previous one's last, and each header's frontier
     *                equals the frontier the previous segments' records produce. Together that is the
     *                same check as one pass, and the first finding in journal order is reported.
     */
    public static Report verify(
        final Path journal, final CheckpointVerifier key, final List<Checkpoint> witness, final LongConsumer progress,
        final int threads) throws IOException
    {
        final List<Path> segments = JournalSegments.resolve(journal);
        if (threads <= 1 || segments.size() <= 1)
        {
            final JournalVerifier verifier = new JournalVerifier(key, witness, progress);
            try (JournalReader r = new JournalReader(journal, false, true))
            {
                verifier.reader = r;
                return verifier.run();
            }
        }
        return verifyInParallel(segments, key, witness, progress, threads);
    }

    private static Report verifyInParallel(
        final List<Path> segments, final CheckpointVerifier key, final List<Checkpoint> witness, final LongConsumer progress,
        final int threads) throws IOException
    {
        final java.util.concurrent.atomic.AtomicLong done = new java.util.concurrent.atomic.AtomicLong();
        final LongConsumer shared = progress == null ? null : count ->
        {
            synchronized (done)
            {
                progress.accept(done.addAndGet(1 << 20));
            }
        };
        final java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads, runnable ->
        {
            final Thread thread = new Thread(runnable, "journal-verifier");
            thread.setDaemon(true);
            return thread;
        });
        try
        {
            final List<java.util.concurrent.Future<JournalVerifier>> parts = new ArrayList<>();
            for (int i = 0; i < segments.size(); i++)
            {
                final Path segment = segments.get(i);
                final boolean last = i == segments.size() - 1;
                parts.add(pool.submit(() ->
                {
                    final JournalVerifier part = new JournalVerifier(key == null ? null : key.copy(), witness, shared);
                    part.finalSegment = last;
                    part.checksWitnessAtStart = segment == segments.get(0);
                    try (JournalReader r = new JournalReader(segment, false, true))
                    {
                        part.reader = r;
                        part.result = part.run();
                    }
                    return part;
                }));
            }
            JournalVerifier previous = null;
            long records = 0;
            long checkpoints = 0;
            int witnessed = 0;
            for (final java.util.concurrent.Future<JournalVerifier> future : parts)
            {
                final JournalVerifier part = future.get();
                if (previous != null && part.segmentSeen >= 0)
                {
                    final Report join = previous.joins(part, records, checkpoints);
                    if (join != null)
                    {
                        return join;
                    }
                }
                if (!part.result.ok())
                {
                    Report report = part.result.shifted(records, checkpoints);
                    final String localRange = "records " + part.firstSequence + "..";
                    if (previous != null && report.finding() == Finding.MODIFIED && report.firstBadSequence() == part.firstSequence &&
                        report.problem().contains(localRange))
                    {
                        // A signed root was contradicted before this segment's first checkpoint: the suspects start after the
                        // last signed checkpoint, which may lie in an earlier segment (a header frontier proves nothing).
                        final long from = previous.lastCheckpointSize + 1;
                        report = new Report(false, report.recordsVerified(), from, report.badOffset(),
                            report.problem().replace(localRange, "records " + from + ".."), report.finding(), report.badFile(),
                            report.checkpointsVerified(), report.signaturesChecked(), report.witnessedChecked(), report.firstSequence(),
                            0, report.root());
                    }
                    return report;
                }
                records += part.records;
                checkpoints += part.checkpoints;
                witnessed += part.witnessChecked;
                if (part.segmentSeen >= 0)
                {
                    if (previous != null && part.lastCheckpointRecord == part.firstSequence - 1)
                    {
                        // no checkpoint in this segment: the last signed one is still the previous segments'
                        part.lastCheckpointRecord = previous.lastCheckpointRecord;
                        part.lastCheckpointSize = previous.lastCheckpointSize;
                    }
                    previous = part;
                }
            }
            final JournalVerifier first = parts.get(0).get();
            final Report end = previous.result;
            return new Report(true, records, 0, -1, "", Finding.NONE, null, checkpoints, key != null, witnessed,
                first.firstSequence, previous.range.size() - previous.lastCheckpointRecord, end.root());
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while verifying", ex);
        }
        catch (final java.util.concurrent.ExecutionException ex)
        {
            if (ex.getCause() instanceof IOException io)
            {
                throw io;
            }
            throw new IOException("verification failed: " + ex.getCause(), ex.getCause());
        }
        finally
        {
            pool.shutdownNow();
        }
    }

    /** Does {@code next} (verified on its own from its header) follow this segment (verified on its own)? */
    private Report joins(final JournalVerifier next, final long recordsBefore, final long checkpointsBefore)
    {
        final long expectedFirst = range.size() + 1;
        final Path file = next.reader.currentFile();
        if (next.firstSequence != expectedFirst)
        {
            return next.firstSequence > expectedFirst ?
                bad(Finding.DELETED, expectedFirst, file, 0, "records " + expectedFirst + ".." + (next.firstSequence - 1) +
                    " are missing: segment " + file.getFileName() + " follows record " + (expectedFirst - 1))
                    .shifted(recordsBefore - records, checkpointsBefore - checkpoints) :
                bad(Finding.INSERTED, next.firstSequence, file, 0, "segment " + file.getFileName() + " repeats sequences from " +
                    next.firstSequence + " (record " + (expectedFirst - 1) + " came before it)")
                    .shifted(recordsBefore - records, checkpointsBefore - checkpoints);
        }
        if (!Arrays.equals(next.headerFrontier, range.hashes()))
        {
            return bad(Finding.MODIFIED, lastCheckpointSize + 1, file, 0, "records " + (lastCheckpointSize + 1) + ".." +
                (expectedFirst - 1) + " do not produce the Merkle frontier that the header of segment " + file.getFileName() +
                " recorded: one of them was modified (checksum recomputed), or the header was")
                .shifted(recordsBefore - records, checkpointsBefore - checkpoints);
        }
        if (next.summaryAtStartSeen)
        {
            final String why = current.mismatch(next.summaryAtStart);
            if (why != null)
            {
                return bad(Finding.MODIFIED, next.summaryAtStartSequence, file, next.summaryAtStartOffset, "the segment summary at record " +
                    next.summaryAtStartSequence + " does not match the segment before it: " + why)
                    .shifted(recordsBefore - records, checkpointsBefore - checkpoints);
            }
        }
        return null;
    }

    private Report run() throws IOException
    {
        while (true)
        {
            final JournalReader.Status status = reader.next();
            if (reader.segmentIndex() != segmentSeen && reader.segmentIndex() >= 0 &&
                (status == JournalReader.Status.RECORD || status == JournalReader.Status.END))
            {
                final Report header = onSegment();
                if (header != null)
                {
                    return header;
                }
            }
            switch (status)
            {
                case RECORD ->
                {
                    final Report problem = onRecord();
                    if (problem != null)
                    {
                        return problem;
                    }
                }
                case END ->
                {
                    return atEnd();
                }
                case TORN_TAIL -> // a crash inside a write leaves this; the appliance cuts it when it restarts
                {
                    return bad(Finding.TRUNCATED, nextExpected(), reader.currentFile(), reader.recordOffset(), reader.problem());
                }
                case BAD_HEADER ->
                {
                    return bad(Finding.MODIFIED, nextExpected(), reader.currentFile(), 0, reader.problem());
                }
                default ->
                {
                    return broken();
                }
            }
        }
    }

    private long nextExpected()
    {
        if (expected >= 0)
        {
            return expected;
        }
        final long named = reader.currentFile() == null ? -1 : JournalFormat.firstSequenceOf(reader.currentFile().getFileName().toString());
        return named > 0 ? named : 1;
    }

    private Report onSegment()
    {
        if (segmentSeen >= 0)
        {
            final SegmentSummary closed = current;
            current = previous;
            previous = closed;
            havePrevious = true;
        }
        segmentSeen = reader.segmentIndex();
        final long first = reader.segmentFirstSequence();
        current.reset(first);
        final byte[] frontier = reader.segmentFrontier();
        if (expected < 0)
        {
            // The oldest retained segment: its header frontier stands for the retired ones, authenticated by the next signed root.
            range.reset(first - 1, frontier, 0, frontier.length);
            headerFrontier = frontier;
            expected = first;
            firstSequence = first;
            lastCheckpointSize = first - 1;
            lastCheckpointRecord = first - 1;
            while (witnessIndex < witness.size() && (witness.get(witnessIndex).treeSize() < first - 1 ||
                (!checksWitnessAtStart && witness.get(witnessIndex).treeSize() == first - 1)))
            {
                witnessIndex++; // witnessed before the retained segments: nothing left to compare with
            }
            return checkWitness();
        }
        if (first != expected)
        {
            return first > expected ?
                bad(Finding.DELETED, expected, reader.currentFile(), 0, "records " + expected + ".." + (first - 1) +
                    " are missing: segment " + reader.currentFile().getFileName() + " follows record " + (expected - 1)) :
                bad(Finding.INSERTED, first, reader.currentFile(), 0, "segment " + reader.currentFile().getFileName() +
                    " repeats sequences from " + first + " (record " + (expected - 1) + " came before it)");
        }
        if (!Arrays.equals(frontier, range.hashes()))
        {
            return bad(Finding.MODIFIED, lastCheckpointSize + 1, reader.currentFile(), 0, "records " + (lastCheckpointSize + 1) +
                ".." + (first - 1) + " do not produce the Merkle frontier that the header of segment " +
                reader.currentFile().getFileName() + " recorded: one of them was modified (checksum recomputed), or the header was");
        }
        return null;
    }

    private Report onRecord() throws IOException
    {
        final long sequence = reader.sequence();
        if (sequence != expected)
        {
            return classifySequence(sequence);
        }
        if (reader.kindCode() == RecordKind.CHECKPOINT.code())
        {
            final Report problem = onCheckpoint(sequence);
            if (problem != null)
            {
                return problem;
            }
        }
        if (reader.kindCode() == RecordKind.SEGMENT_SUMMARY.code())
        {
            final Report problem = onSummary(sequence);
            if (problem != null)
            {
                return problem;
            }
        }
        current.onRecord(reader.kindCode(), reader.subtype(), sequence, reader.recordOffset());
        // Witnessed roots are compared after the journal's own checkpoint for that size had its say:
        // a journal that contradicts its own signed root was modified; one that agrees with itself but
        // not with the witness is a fork.
        final Report fork = checkWitness();
        if (fork != null)
        {
            return fork;
        }
        reader.leafHash(hasher, leaf, 0);
        range.append(leaf, 0);
        expected++;
        records++;
        if ((records & 0xFFFFF) == 0 && progress != null)
        {
            progress.accept(records);
        }
        return null;
    }

    /**
     * A summary must open its segment and describe the segment before it exactly: start-up trusts
     * it to find every approval, so one that hid a record is tampering, named here rather than
     * left to surface as a wrong root at the next checkpoint.
     */
    private Report onSummary(final long sequence)
    {
        if (sequence != reader.segmentFirstSequence())
        {
            return bad(Finding.MODIFIED, sequence, reader.currentFile(), reader.recordOffset(), "record " + sequence +
                " is a segment summary in the middle of segment " + reader.currentFile().getFileName() +
                ": the writer only ever puts one first");
        }
        final SegmentSummary.Parsed parsed = SegmentSummary.parse(reader.payloadCopy());
        if (!havePrevious)
        {
            // the segment it describes is another part's (checked at the join) or retired
            summaryAtStartSeen = true;
            summaryAtStart = parsed;
            summaryAtStartSequence = sequence;
            summaryAtStartOffset = reader.recordOffset();
            return null;
        }
        final String why = previous.mismatch(parsed);
        return why == null ? null : bad(Finding.MODIFIED, sequence, reader.currentFile(), reader.recordOffset(),
            "the segment summary at record " + sequence + " does not match the segment before it: " + why);
    }

    private Report onCheckpoint(final long sequence)
    {
        final Checkpoint checkpoint = Checkpoint.decode(reader.body(), JournalFormat.PAYLOAD_OFFSET, reader.payloadLength());
        if (checkpoint == null)
        {
            return bad(Finding.MODIFIED, sequence, reader.currentFile(), reader.recordOffset(),
                "checkpoint record " + sequence + " does not decode as a checkpoint");
        }
        if (key != null && !key.verify(checkpoint))
        {
            return bad(Finding.BAD_SIGNATURE, sequence, reader.currentFile(), reader.recordOffset(),
                "checkpoint record " + sequence + " (tree size " + checkpoint.treeSize() + ") has a bad signature");
        }
        final long before = sequence - 1;
        if (checkpoint.treeSize() != before)
        {
            final long since = lastCheckpointSize + 1;
            return checkpoint.treeSize() < before ?
                bad(Finding.INSERTED, since, reader.currentFile(), reader.recordOffset(), "checkpoint record " + sequence +
                    " was signed over " + checkpoint.treeSize() + " records but " + before + " precede it: " +
                    (before - checkpoint.treeSize()) + " record(s) were inserted among sequences " + since + ".." + before) :
                bad(Finding.DELETED, since, reader.currentFile(), reader.recordOffset(), "checkpoint record " + sequence +
                    " was signed over " + checkpoint.treeSize() + " records but only " + before + " precede it: " +
                    (checkpoint.treeSize() - before) + " record(s) were deleted among sequences " + since + ".." + checkpoint.treeSize());
        }
        range.root(rootScratch, 0);
        if (!MessageDigest.isEqual(rootScratch, checkpoint.root()))
        {
            return bad(Finding.MODIFIED, lastCheckpointSize + 1, reader.currentFile(), reader.recordOffset(),
                "records " + (lastCheckpointSize + 1) + ".." + before + " do not produce the root that checkpoint record " +
                sequence + " signed: at least one of them was modified or reordered (checksums recomputed)");
        }
        checkpoints++;
        lastCheckpointSize = checkpoint.treeSize();
        lastCheckpointRecord = sequence;
        if (key != null && !witness.isEmpty())
        {
            verified.add(checkpoint);
        }
        return null;
    }

    private Report checkWitness()
    {
        while (witnessIndex < witness.size() && witness.get(witnessIndex).treeSize() == range.size())
        {
            final Checkpoint witnessed = witness.get(witnessIndex);
            final Report signature = checkWitnessSignature(witnessed);
            if (signature != null)
            {
                return signature;
            }
            range.root(rootScratch, 0);
            if (!MessageDigest.isEqual(rootScratch, witnessed.root()))
            {
                return bad(Finding.FORKED, Math.max(1, witnessed.treeSize()), reader.currentFile(), reader.recordOffset(),
                    "the witness saw tree size " + witnessed.treeSize() + " with root " + witnessed.rootBase64() +
                    " but this journal's first " + witnessed.treeSize() + " records have root " +
                    java.util.Base64.getEncoder().encodeToString(rootScratch) + ": a forked history");
            }
            witnessIndex++;
            witnessChecked++;
        }
        return null;
    }

    /** A witnessed checkpoint identical to a journaled one already verified needs no second check. */
    private Report checkWitnessSignature(final Checkpoint witnessed)
    {
        if (key == null || verified.contains(witnessed) || key.verify(witnessed))
        {
            return null;
        }
        return bad(Finding.BAD_SIGNATURE, Math.max(1, witnessed.treeSize()), null, -1,
            "the witnessed checkpoint for tree size " + witnessed.treeSize() + " has a bad signature");
    }

    private Report atEnd()
    {
        if (expected < 0)
        {
            expected = 1;
        }
        final Report fork = checkWitness();
        if (fork != null)
        {
            return fork;
        }
        // A checkpoint over size S is itself journaled as record S + 1, so a witnessed size S means at least S + 1 records.
        for (int i = witnessIndex; finalSegment && i < witness.size(); i++)
        {
            final Report signature = checkWitnessSignature(witness.get(i));
            if (signature != null)
            {
                return signature;
            }
        }
        final long witnessedEnd = witness.isEmpty() ? 0 : witness.get(witness.size() - 1).treeSize() + 1;
        if (finalSegment && witnessedEnd > range.size())
        {
            return bad(Finding.TRUNCATED, expected, reader.currentFile(), reader.fileSize(),
                "the witness saw a checkpoint journaled as record " + witnessedEnd + " but the journal ends after record " +
                (expected - 1) + ": records " + expected + ".." + witnessedEnd + " were cut off");
        }
        return new Report(true, records, 0, -1, "", Finding.NONE, null, checkpoints, key != null, witnessChecked,
            firstSequence, range.size() - lastCheckpointRecord, range.root());
    }

    private Report broken()
    {
        final long at = nextExpected();
        return switch (reader.problemKind())
        {
            case CHECKSUM -> bad(Finding.MODIFIED, at, reader.currentFile(), reader.recordOffset(),
                "the record does not match its checksum: its bytes were modified after it was written");
            case LENGTH -> bad(Finding.MODIFIED, at, reader.currentFile(), reader.recordOffset(),
                "the record's length field was modified: " + reader.problem());
            case SEGMENT_TRUNCATED -> bad(Finding.TRUNCATED, at, reader.currentFile(), reader.recordOffset(), reader.problem());
            default -> bad(Finding.MODIFIED, at, reader.currentFile(), reader.recordOffset(), reader.problem());
        };
    }

    /**
     * The first record whose sequence is not the next one. Reads ahead to tell the cases apart:
     * a sequence seen before, or one that turns up again, is an insertion; a run that is a
     * permutation of the expected sequences is a reordering; an expected sequence that never
     * comes is a deletion.
     */
    private Report classifySequence(final long found) throws IOException
    {
        final Path file = reader.currentFile();
        final long offset = reader.recordOffset();
        final long e = expected;
        if (found < e)
        {
            return bad(Finding.INSERTED, e, file, offset, "a record repeating sequence " + found +
                " was inserted after record " + (e - 1));
        }
        final long[] window = new long[LOOK_AHEAD];
        int n = 0;
        window[n++] = found;
        while (n < LOOK_AHEAD && reader.next() == JournalReader.Status.RECORD)
        {
            window[n++] = reader.sequence();
        }
        boolean sawExpected = false;
        boolean repeatsFound = false;
        for (int i = 1; i < n; i++)
        {
            sawExpected |= window[i] == e;
            repeatsFound |= window[i] == found;
        }
        if (repeatsFound)
        {
            return bad(Finding.INSERTED, e, file, offset, "a record claiming sequence " + found +
                " was inserted after record " + (e - 1) + " (sequence " + found + " appears again later)");
        }
        if (!sawExpected)
        {
            return bad(Finding.DELETED, e, file, offset, (found - e == 1 ? "record " + e + " is" :
                "records " + e + ".." + (found - 1) + " are") + " missing (deleted): record " + found + " follows record " + (e - 1));
        }
        final long[] sortedWindow = Arrays.copyOf(window, n);
        Arrays.sort(sortedWindow);
        boolean permutation = sortedWindow[0] == e;
        for (int i = 1; i < n && permutation; i++)
        {
            permutation = sortedWindow[i] == sortedWindow[i - 1] + 1;
        }
        return permutation ?
            bad(Finding.REORDERED, e, file, offset, "records are out of order: record " + found + " comes where record " + e +
                " belongs (record " + e + " comes later)") :
            bad(Finding.INSERTED, e, file, offset, "a record claiming sequence " + found + " was inserted after record " + (e - 1));
    }

    private Report bad(final Finding finding, final long sequence, final Path file, final long offset, final String problem)
    {
        return new Report(false, records, sequence, offset, finding + ": " + problem, finding, file, checkpoints, key != null,
            witnessChecked, firstSequence, 0, range.root());
    }
}
