package com.orderguard.core.audit;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;

/**
 * The JDK's {@code O_DIRECT} open option, found by name. It lives in {@code com.sun.nio.file}
 * (module jdk.unsupported), which newer compilers flag as proprietary API on every mention, and the
 * build fails on warnings; looking it up once keeps the journal building on every JDK it runs on.
 */
final class DirectIo
{
    /** {@code ExtendedOpenOption.DIRECT}, or null on a JDK without it (callers then use the page cache). */
    static final OpenOption OPTION = find();

    private DirectIo()
    {
    }

    private static OpenOption find()
    {
        try
        {
            return (OpenOption)Class.forName("com.sun.nio.file.ExtendedOpenOption").getField("DIRECT").get(null);
        }
        catch (final ReflectiveOperationException | ClassCastException | LinkageError ex)
        {
            return null;
        }
    }

    /** Above this a block is not worth keeping and rewriting at every write: use the page cache. */
    private static final int MAX_BLOCK_BYTES = 64 * 1024;

    /**
     * The block size direct I/O must align offsets, lengths and buffers to on {@code path}'s file
     * system ({@code path} itself, or its directory for a file not yet created), or 0 when direct
     * I/O is not to be used there: this JDK has no option for it, or the block size is not a power
     * of two from 512 B to 64 KiB.
     */
    static int blockBytes(final Path path) throws IOException
    {
        if (OPTION == null)
        {
            return 0;
        }
        final Path existing = Files.exists(path) ? path : path.toAbsolutePath().getParent();
        final long block = Files.getFileStore(existing).getBlockSize();
        return block >= 512 && block <= MAX_BLOCK_BYTES && Long.bitCount(block) == 1 ? (int)block : 0;
    }

    /** What a direct open gave: the channel, or none and the file system's refusal, kept to be reported. */
    record Opened(FileChannel channel, String refusal)
    {
    }

    /**
     * {@code opener.open(file, true)}, or the refusal where the file system will not do direct I/O: the
     * kernel answers {@code O_DIRECT} with EINVAL (an IOException), or the file system's provider has
     * no such option (FileChannel.open's UnsupportedOperationException). The caller then opens through
     * the page cache, correct everywhere and only slower, and the refusal travels with that choice: the
     * writer's start-up LIFECYCLE record carries it ("journalPageCacheReason"). A failure that is not
     * about direct I/O (no such file, no permission) comes back from the page-cache open that follows.
     */
    static Opened open(final Path file, final JournalWriter.ChannelOpener opener)
    {
        try
        {
            return new Opened(opener.open(file, true), null);
        }
        catch (final IOException | UnsupportedOperationException ex)
        {
            return new Opened(null, "the file system refused direct I/O on " + file.getFileName() + ": " + ex);
        }
    }

    /** Why {@link #blockBytes} gave 0 for {@code path}, for the same report. */
    static String unusableReason(final Path path)
    {
        return OPTION == null ? "this JDK has no direct I/O open option" :
            "the block size of the file system holding " + path.getFileName() + " is not a power of two from 512 B to " +
            MAX_BLOCK_BYTES / 1024 + " KiB";
    }

    /**
     * The open options for a segment channel, with {@link #OPTION} when {@code direct}.
     *
     * @throws IOException when {@code direct} and this JDK has no such option ({@link #blockBytes} was 0):
     *                     the refusal a {@link JournalWriter.ChannelOpener} gives.
     */
    static OpenOption[] options(final boolean direct, final OpenOption... base) throws IOException
    {
        if (!direct)
        {
            return base;
        }
        if (OPTION == null)
        {
            throw new IOException("this JDK has no direct I/O open option");
        }
        final OpenOption[] options = java.util.Arrays.copyOf(base, base.length + 1);
        options[base.length] = OPTION;
        return options;
    }
}
