package com.orderguard.orderpath.shm;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A ring the order path shares with a peer lives in sealed memory: the peer opens it through its path
 * as it would a file, trades through it, and cannot change its size; a path that does not lead to the
 * ring it names is refused.
 */
class MappedRingTest
{
    private static final int CAPACITY_BYTES = 1 << 16;

    @TempDir
    Path dir;

    @Test
    void shouldShareASealedRingThatNeitherPeerCanShrinkOrGrow() throws Exception
    {
        assertNull(MappedRing.sealedUnavailableReason(), "this machine can seal memory (Linux memfd)");
        final Path path = dir.resolve("STRAT1.orders");
        try (MappedRing mine = MappedRing.createSealed(path, CAPACITY_BYTES);
            MappedRing peers = MappedRing.open(path))
        {
            assertTrue(mine.isSealed());
            assertFalse(peers.isSealed(), "only the maker holds the descriptor");
            assertTrue(Files.isSymbolicLink(path));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(path)),
                "only the owner may open it");
            final long bytes = Files.size(path);
            assertEquals(mine.ring().capacity() + org.agrona.concurrent.ringbuffer.RingBufferDescriptor.TRAILER_LENGTH,
                bytes);

            final UnsafeBuffer message = new UnsafeBuffer(new byte[16]);
            message.putLong(0, 42);
            assertTrue(peers.ring().write(7, message, 0, 16), "the peer writes");
            final long[] read = new long[1];
            assertEquals(1, mine.ring().read((type, buffer, index, length) -> read[0] = buffer.getLong(index)));
            assertEquals(42, read[0], "the maker reads what the peer wrote");

            try (RandomAccessFile file = new RandomAccessFile(path.toFile(), "rw"))
            {
                final IOException shrink = assertThrows(IOException.class, () -> file.setLength(0));
                assertTrue(String.valueOf(shrink.getMessage()).contains("not permitted"), String.valueOf(shrink));
                assertThrows(IOException.class, () -> file.setLength(bytes + 4096));
            }
            assertEquals(bytes, Files.size(path));
            assertEquals(SealedMemory.SIZE_SEALS, SealedMemory.SIZE_SEALS & sealsOf(mine));
            assertFalse(mine.isCutShort());
        }
        assertFalse(Files.exists(path, LinkOption.NOFOLLOW_LINKS), "the maker removes its link on close");
    }

    @Test
    void shouldRefuseALinkThatLeadsToAnythingButTheRingItNames() throws Exception
    {
        final Path real = dir.resolve("STRAT1.orders");
        final Path impostor = dir.resolve("STRAT2.orders");
        final Path plain = dir.resolve("some.file");
        Files.write(plain, new byte[CAPACITY_BYTES]);
        try (MappedRing ring = MappedRing.createSealed(real, CAPACITY_BYTES);
            RandomAccessFile other = new RandomAccessFile(plain.toFile(), "rw"))
        {
            assertTrue(ring.isSealed());
            assertEquals(CAPACITY_BYTES, other.length(), "held open, so this process has a descriptor on it");
            // STRAT2's path leads to STRAT1's ring: a peer would trade on another's ring
            Files.createSymbolicLink(impostor, Files.readSymbolicLink(real));
            final UncheckedIOException wrongRing = assertThrows(UncheckedIOException.class, () -> MappedRing.open(impostor));
            assertTrue(wrongRing.getMessage().contains("STRAT2.orders"), wrongRing.getMessage());
            assertTrue(wrongRing.getCause().getMessage().contains("not the ring"), wrongRing.getCause().getMessage());

            // a link left by an appliance that has gone, whose pid and descriptor now name something else
            Files.delete(impostor);
            Files.createSymbolicLink(impostor, Path.of("/proc/" + ProcessHandle.current().pid() + "/fd/" + anyOpenFd(plain)));
            final UncheckedIOException notARing = assertThrows(UncheckedIOException.class, () -> MappedRing.open(impostor));
            assertTrue(notARing.getCause().getMessage().contains("not the ring"), notARing.getCause().getMessage());

            // the same name in another directory: a second appliance's ring, which a gone appliance's link
            // could name once pid and descriptor are reused
            final Path elsewhere = Files.createDirectories(dir.resolve("other-appliance")).resolve("STRAT1.orders");
            Files.createSymbolicLink(elsewhere, Files.readSymbolicLink(real));
            final UncheckedIOException otherAppliance = assertThrows(UncheckedIOException.class, () -> MappedRing.open(elsewhere));
            assertTrue(otherAppliance.getCause().getMessage().contains("not the ring"), otherAppliance.getCause().getMessage());
        }
    }

    @Test
    void shouldCloseOnceAndLeaveNoLinkToADescriptorThatCouldBeReused() throws Exception
    {
        final Path path = dir.resolve("STRAT1.reports");
        final MappedRing ring = MappedRing.createSealed(path, CAPACITY_BYTES);
        final Path target = Files.readSymbolicLink(path);
        assertFalse(Files.exists(dir.resolve(".STRAT1.reports.new"), LinkOption.NOFOLLOW_LINKS), "published by rename");
        ring.close();
        assertFalse(Files.exists(path, LinkOption.NOFOLLOW_LINKS));
        assertFalse(Files.exists(target), "the descriptor is closed");
        try (RandomAccessFile reuser = new RandomAccessFile(Files.createFile(dir.resolve("reuser")).toFile(), "rw"))
        {
            ring.close(); // a second close must not close whatever took the descriptor number
            reuser.write(1);
            assertEquals(1, reuser.length());
        }
    }

    @Test
    void shouldKeepPlainFileRingsForTheDropCopyFile() throws Exception
    {
        final Path path = dir.resolve("drop-copy.ring");
        try (MappedRing ring = MappedRing.create(path, CAPACITY_BYTES))
        {
            assertFalse(ring.isSealed());
            assertFalse(Files.isSymbolicLink(path));
            assertFalse(ring.isCutShort());
            try (RandomAccessFile file = new RandomAccessFile(path.toFile(), "rw"))
            {
                file.setLength(4096); // a plain file can be cut short, and the ring says so
            }
            assertTrue(ring.isCutShort());
        }
        assertTrue(Files.exists(path), "a plain ring file outlives the process (the drop copy recovers from it)");
    }

    private static int sealsOf(final MappedRing ring) throws Exception
    {
        final String target = Files.readSymbolicLink(ring.file()).toString();
        return SealedMemory.seals(Integer.parseInt(target.substring(target.lastIndexOf('/') + 1)));
    }

    /** A descriptor of this process that is open on {@code file}. */
    private static String anyOpenFd(final Path file) throws IOException
    {
        try (var fds = Files.list(Path.of("/proc/self/fd")))
        {
            for (final Path fd : (Iterable<Path>)fds::iterator)
            {
                try
                {
                    if (Files.readSymbolicLink(fd).equals(file.toRealPath()))
                    {
                        return fd.getFileName().toString();
                    }
                }
                catch (final IOException ignored)
                {
                    // the directory stream's own descriptor, gone by now
                }
            }
        }
        throw new IllegalStateException("no descriptor open on " + file);
    }
}
