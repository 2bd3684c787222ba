package com.orderguard.core.audit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds a journal's segment files. A path may name the journal directory, one segment file, or
 * the version-1 file name {@code <dir>/journal.ogj}, which stands for its directory so that older
 * callers keep working.
 */
public final class JournalSegments
{
    private JournalSegments()
    {
    }

    /** The segments a path stands for, in sequence order; empty when there are none. */
    public static List<Path> resolve(final Path path) throws IOException
    {
        if (Files.isDirectory(path))
        {
            return list(path);
        }
        if (Files.exists(path))
        {
            return List.of(path);
        }
        if (path.getFileName() != null && path.getFileName().toString().equals(JournalFormat.FILE_NAME) &&
            path.getParent() != null && Files.isDirectory(path.getParent()))
        {
            return list(path.getParent());
        }
        throw new java.nio.file.NoSuchFileException(path.toString(), null, "no journal directory or segment there");
    }

    /** The journal directory a path stands for. */
    public static Path directoryOf(final Path path)
    {
        if (Files.isDirectory(path))
        {
            return path;
        }
        return path.getParent();
    }

    /**
     * The segment that holds record {@code sequence} if the journal has it: the one with the greatest first
     * sequence not above it (segments are named by their first sequence), so a lookup reads one segment
     * rather than years of them. Null when the journal has no segment that could hold it.
     */
    public static Path containing(final Path directory, final long sequence) throws IOException
    {
        Path found = null;
        for (final Path segment : list(directory))
        {
            if (JournalFormat.firstSequenceOf(segment.getFileName().toString()) > sequence)
            {
                break;
            }
            found = segment;
        }
        return found;
    }

    public static List<Path> list(final Path directory) throws IOException
    {
        final List<Path> segments = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory))
        {
            files.filter(f -> JournalFormat.firstSequenceOf(f.getFileName().toString()) > 0).forEach(segments::add);
        }
        segments.sort(Comparator.comparingLong(f -> JournalFormat.firstSequenceOf(f.getFileName().toString())));
        return segments;
    }
}
