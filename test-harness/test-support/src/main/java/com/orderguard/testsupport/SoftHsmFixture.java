package com.orderguard.testsupport;

import com.orderguard.hsm.SoftHsm2Token;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one place tests get a fresh SoftHSM2 token: a real one, never a mock.
 * <p>
 * Shaped by what SoftHSM 2.6 does in a process (see hsm-config's README): it reads its configuration
 * once per process and never rescans its token directory, so a test JVM keeps exactly one token
 * directory ({@link #tokenDirectory()}, a temp directory made and put in use on first call), and each
 * test makes its own token in it, in-process, with a label no other test in this JVM has
 * ({@link #newToken}). Tokens made this way are usable at once, also after other tests have used theirs.
 * <p>
 * Code that makes its own token (key custody's initialisation) is given {@link #tokenDirectory()} and
 * a {@link #uniqueLabel(String)}. A test that needs a token directory of its own (the appliance's
 * default layout) must run it in a child JVM. Everything made here is deleted when the JVM exits.
 */
public final class SoftHsmFixture
{
    /** Labels are at most 32 characters; the suffix "-NNNN" leaves 27 for the prefix. */
    private static final int MAX_PREFIX_LENGTH = 27;
    private static final AtomicInteger LABELS = new AtomicInteger();
    private static final List<Path> TEMP_DIRS = new ArrayList<>();
    private static Path tokenDirectory;

    private SoftHsmFixture()
    {
    }

    /**
     * A fresh, initialised token in this JVM's token directory, labelled {@code labelPrefix-N}
     * (see {@link SoftHsm2Token#label()} for the exact label). The caller owns the PINs.
     */
    public static SoftHsm2Token newToken(final String labelPrefix, final char[] soPin, final char[] userPin)
    {
        try
        {
            return SoftHsm2Token.create(tokenDirectory(), uniqueLabel(labelPrefix), soPin, userPin);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * This JVM's SoftHSM token directory (softhsm2.conf, tokens/), made and put in use
     * ({@link SoftHsm2Token#useInThisProcess}) on first call.
     *
     * @throws IllegalStateException if something in this JVM already put another directory in use.
     */
    public static synchronized Path tokenDirectory()
    {
        if (null == tokenDirectory)
        {
            final Path directory = freshTempDir("softhsm");
            try
            {
                SoftHsm2Token.useInThisProcess(SoftHsm2Token.prepareDirectory(directory));
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
            tokenDirectory = directory;
        }

        return tokenDirectory;
    }

    /** {@code prefix-N}, unique in this JVM, a valid token label (prefix trimmed to fit 32 characters). */
    public static String uniqueLabel(final String prefix)
    {
        final String trimmed = prefix.length() > MAX_PREFIX_LENGTH ? prefix.substring(0, MAX_PREFIX_LENGTH) : prefix;
        return trimmed + "-" + LABELS.incrementAndGet();
    }

    /** A new owner-only temp directory named {@code orderguard-prefix-...}, deleted with its contents at JVM exit. */
    public static Path freshTempDir(final String prefix)
    {
        try
        {
            final Path directory = Files.createTempDirectory("orderguard-" + prefix + "-");
            synchronized (TEMP_DIRS)
            {
                if (TEMP_DIRS.isEmpty())
                {
                    Runtime.getRuntime().addShutdownHook(new Thread(SoftHsmFixture::deleteTempDirs, "delete-temp-dirs"));
                }
                TEMP_DIRS.add(directory);
            }

            return directory;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private static void deleteTempDirs()
    {
        synchronized (TEMP_DIRS)
        {
            for (final Path directory : TEMP_DIRS)
            {
                deleteRecursively(directory);
            }
        }
    }

    static void deleteRecursively(final Path directory)
    {
        if (!Files.exists(directory))
        {
            return;
        }

        try
        {
            Files.walkFileTree(directory, new SimpleFileVisitor<>()
            {
                @Override
                public FileVisitResult visitFile(final Path file, final BasicFileAttributes attributes) throws IOException
                {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(final Path dir, final IOException failure) throws IOException
                {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        }
        catch (final IOException ex)
        {
            // best effort at exit: a temp directory left behind is not a test failure
        }
    }
}
