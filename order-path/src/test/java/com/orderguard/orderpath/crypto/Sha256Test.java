package com.orderguard.orderpath.crypto;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;

import com.orderguard.orderpath.SteadyStateAllocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SHA-256 over the JDK's compression function is SHA-256: the FIPS 180-4 examples, and byte for
 * byte the JDK's MessageDigest on random messages fed in random pieces (every padding case: a
 * message ending anywhere in a block, with or without room for the length), one instance reused for
 * message after message, through the kernel and through the MessageDigest it falls back to; it allocates nothing once warm, and it is the direct kernel that runs
 * under the appliance's JVM flags (a lost flag would quietly make the journal slower).
 */
class Sha256Test
{
    private static final long SEED = Long.getLong("sha.seed", 20_261_122L);
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void shouldCallTheJdksCompressionDirectlyUnderTheAppliancesFlags()
    {
        assertTrue(new Sha256().direct(), JdkCryptoKernels.describe());
    }

    @Test
    void shouldProduceTheFips180Examples()
    {
        final Sha256 sha = new Sha256();
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", digest(sha, "abc"));
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", digest(sha, ""));
        assertEquals("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
            digest(sha, "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"));
        final byte[] a = new byte[1_000_000];
        Arrays.fill(a, (byte)'a');
        sha.update(a, 0, a.length);
        final byte[] out = new byte[32];
        sha.digest(out, 0);
        assertEquals("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0", HEX.formatHex(out));
    }

    @ParameterizedTest(name = "JDK kernel {0}")
    @ValueSource(booleans = {true, false})
    void shouldMatchTheJdksMessageDigestOnRandomMessagesInRandomPieces(final boolean kernel) throws Exception
    {
        final SplittableRandom random = new SplittableRandom(SEED);
        final MessageDigest jdk = MessageDigest.getInstance("SHA-256");
        final Sha256 sha = new Sha256(kernel);
        assertEquals(kernel, sha.direct());
        final byte[] out = new byte[40];
        for (int c = 0; c < 5_000; c++)
        {
            final byte[] message = new byte[c < 300 ? c : random.nextInt(1_000)];
            random.nextBytes(message);
            int at = 0;
            while (at < message.length)
            {
                if (random.nextInt(8) == 0)
                {
                    sha.update(message[at++]);
                    continue;
                }
                final int piece = Math.min(message.length - at, random.nextInt(200));
                sha.update(message, at, piece);
                at += piece;
            }
            final int outAt = random.nextInt(9);
            sha.digest(out, outAt);
            assertArrayEquals(jdk.digest(message), Arrays.copyOfRange(out, outAt, outAt + 32),
                "message " + c + " of " + message.length + " bytes (seed " + SEED + ")");
        }
    }

    @Test
    void shouldRefuseARangeOutsideTheArrayInsteadOfReadingBeyondIt()
    {
        final Sha256 sha = new Sha256();
        assertThrows(IndexOutOfBoundsException.class, () -> sha.update(new byte[10], 5, 6));
        assertThrows(IndexOutOfBoundsException.class, () -> sha.update(new byte[10], -1, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> sha.digest(new byte[40], 9));
    }

    @Test
    void shouldHashWithoutAllocating() throws Exception
    {
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final Sha256 sha = new Sha256();
        final byte[] record = new byte[186];
        final byte[] out = new byte[32];
        for (int i = 0; i < 200_000; i++)
        {
            record[i & 127] = (byte)i;
            sha.update(record, 0, record.length);
            sha.digest(out, 0);
        }
        SteadyStateAllocation.measure(threads, Thread.currentThread().getId(), () ->
        {
            for (int i = 0; i < 100_000; i++)
            {
                record[i & 127] = out[0];
                sha.update(record, 0, record.length);
                sha.digest(out, 0);
            }
        }, "bytes per window of 100,000 digests");
    }

    private static String digest(final Sha256 sha, final String message)
    {
        final byte[] bytes = message.getBytes(StandardCharsets.US_ASCII);
        sha.update(bytes, 0, bytes.length);
        final byte[] out = new byte[32];
        sha.digest(out, 0);
        return HEX.formatHex(out);
    }
}
