package com.orderguard.core.audit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongConsumer;

/**
 * Offline verification of a journal: needs only the file. Walks the whole chain and reports the
 * first record that is wrong, by sequence number and byte offset.
 */
public final class JournalVerifier
{
    /** The outcome of one verification run. */
    public record Report(boolean ok, long recordsVerified, long firstBadSequence, long badOffset, String problem)
    {
        public String describe()
        {
            if (ok)
            {
                return "journal verifies: " + recordsVerified + " records, hash chain intact";
            }
            return "journal does NOT verify: first bad record is sequence " + firstBadSequence +
                " at byte offset " + badOffset + ": " + problem + " (" + recordsVerified + " records before it verify)";
        }
    }

    private JournalVerifier()
    {
    }

    /** @param journal the journal file, or the directory holding it. */
    public static Report verify(final Path journal, final LongConsumer progress) throws IOException
    {
        final Path file = Files.isDirectory(journal) ? journal.resolve(JournalFormat.FILE_NAME) : journal;
        try (JournalReader reader = new JournalReader(file))
        {
            JournalReader.Status status;
            long count = 0;
            while ((status = reader.next()) == JournalReader.Status.RECORD)
            {
                if ((++count & 0xFFFFF) == 0 && progress != null)
                {
                    progress.accept(count);
                }
            }
            if (status == JournalReader.Status.END)
            {
                return new Report(true, count, 0, -1, "");
            }
            final long bad = status == JournalReader.Status.BAD_HEADER ? 0 : reader.lastGoodSequence() + 1;
            return new Report(false, count, bad, reader.recordOffset(), status + ": " + reader.problem());
        }
    }
}
