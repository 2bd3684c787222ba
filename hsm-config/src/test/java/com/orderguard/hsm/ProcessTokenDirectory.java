package com.orderguard.hsm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one token directory this test JVM uses (SoftHSM reads its configuration once per process).
 * hsm-config cannot use test-support's SoftHsmFixture (test-support depends on hsm-config), so this
 * is its own small copy of the same idea.
 */
final class ProcessTokenDirectory
{
    private static final AtomicInteger LABELS = new AtomicInteger();
    private static Path directory;

    private ProcessTokenDirectory()
    {
    }

    static synchronized Path get()
    {
        if (null == directory)
        {
            try
            {
                final Path dir = Files.createTempDirectory("hsm-config-test-");
                SoftHsm2Token.useInThisProcess(SoftHsm2Token.prepareDirectory(dir));
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteRecursively(dir), "delete-token-dir"));
                directory = dir;
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
        }

        return directory;
    }

    private static void deleteRecursively(final Path dir)
    {
        try (java.util.stream.Stream<Path> paths = Files.walk(dir))
        {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
        catch (final IOException ex)
        {
            // best effort at exit
        }
    }

    static String uniqueLabel(final String prefix)
    {
        return prefix + "-" + LABELS.incrementAndGet();
    }
}
