package com.orderguard.core.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * An append-only file of checkpoints, one {@link Checkpoint#toWitnessLine()} a line: the simplest
 * outside witness. Point it at storage the journal's host cannot rewrite (a WORM share, a remote
 * syslog-fed file, another team's box); the verifier then catches a truncated or forked journal
 * against it. Opened in append mode and fsynced per checkpoint.
 */
public final class WitnessLog implements AutoCloseable
{
    private final Path file;
    private final FileChannel channel;

    public WitnessLog(final Path file) throws IOException
    {
        this.file = file;
        if (file.getParent() != null)
        {
            Files.createDirectories(file.getParent());
        }
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    }

    public void publish(final Checkpoint checkpoint) throws IOException
    {
        final ByteBuffer line = ByteBuffer.wrap((checkpoint.toWitnessLine() + "\n").getBytes(StandardCharsets.US_ASCII));
        while (line.hasRemaining())
        {
            channel.write(line);
        }
        channel.force(false);
    }

    public Path file()
    {
        return file;
    }

    /**
     * Reads every checkpoint of a witness file, in order.
     *
     * @throws IOException naming the line when one is not a witness line.
     */
    public static List<Checkpoint> read(final Path file) throws IOException
    {
        final List<Checkpoint> checkpoints = new ArrayList<>();
        int lineNumber = 0;
        for (final String line : Files.readAllLines(file, StandardCharsets.US_ASCII))
        {
            lineNumber++;
            if (line.isBlank())
            {
                continue;
            }
            try
            {
                checkpoints.add(Checkpoint.fromWitnessLine(line));
            }
            catch (final IllegalArgumentException ex)
            {
                throw new IOException(file + " line " + lineNumber + " is not a witness line: " + ex.getMessage(), ex);
            }
        }
        return checkpoints;
    }

    @Override
    public void close() throws IOException
    {
        channel.close();
    }
}
