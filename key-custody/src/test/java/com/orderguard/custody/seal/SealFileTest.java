package com.orderguard.custody.seal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SealFileTest
{
    @Test
    void shouldReadBackWhatItWroteOwnerOnly(@TempDir final Path dir) throws Exception
    {
        final SealFile written = sealFile(0xcafe0001, 3, 2);
        final Path file = dir.resolve("seal.properties");

        written.write(file);
        final SealFile read = SealFile.read(file);

        assertEquals("cafe0001", read.sealSetIdText());
        assertEquals(3, read.shares());
        assertEquals(2, read.threshold());
        assertEquals("orderguard", read.tokenLabel());
        for (int i = 1; i <= 3; i++)
        {
            assertArrayEquals(written.shareDigest(i), read.shareDigest(i));
        }
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertTrue(Files.readString(file).contains("\nseal.set.id=cafe0001\n"));
    }

    @Test
    void shouldNameTheMissingKeyOfAnIncompleteSealFile(@TempDir final Path dir) throws Exception
    {
        final Path file = dir.resolve("seal.properties");
        sealFile(1, 3, 2).write(file);
        Files.writeString(file, Files.readString(file).replaceAll("share\\.2\\.sha256=.*\n", ""));

        final IOException ex = assertThrows(IOException.class, () -> SealFile.read(file));

        assertEquals(file + ": share.2.sha256 is missing", ex.getMessage());
    }

    @Test
    void shouldRefuseThresholdAboveShares(@TempDir final Path dir) throws Exception
    {
        final Path file = dir.resolve("seal.properties");
        sealFile(1, 3, 2).write(file);
        Files.writeString(file, Files.readString(file).replace("seal.threshold=2", "seal.threshold=4"));

        final IOException ex = assertThrows(IOException.class, () -> SealFile.read(file));

        assertEquals(file + ": seal.threshold must be between 2 and 3, was 4", ex.getMessage());
    }

    static SealFile sealFile(final int setId, final int shares, final int threshold)
    {
        final byte[][] digests = new byte[shares][];
        for (int i = 0; i < shares; i++)
        {
            digests[i] = ShareAuthenticator.digest(setId, i + 1, new byte[32]);
        }
        return new SealFile(setId, shares, threshold, "orderguard", digests);
    }
}
