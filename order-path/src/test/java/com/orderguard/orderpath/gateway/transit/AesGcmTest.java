package com.orderguard.orderpath.gateway.transit;

import com.orderguard.orderpath.SteadyStateAllocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.orderguard.orderpath.crypto.JdkCryptoKernels;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The allocation-free AES-256-GCM is GCM: byte for byte what the JDK's AES/GCM produces and accepts,
 * for every length up to the largest frame, with and without AAD (a seeded property, reproducible
 * with -Dgcm.seed=N), and the NIST vector; any altered bit is refused and leaves the data untouched;
 * sealing and opening allocate nothing once warm. Both ways of computing it are held to that: the
 * JDK's AES and GHASH kernels called directly, and the public Cipher with this package's GHASH tables
 * (what runs where the JVM flags are missing).
 */
class AesGcmTest
{
    private static final long SEED = Long.getLong("gcm.seed", 20_261_122L);
    private static final int CASES = Integer.getInteger("gcm.cases", 3_000);

    @Test
    void shouldUseTheJdksKernelsUnderTheAppliancesFlags()
    {
        assertTrue(new AesGcm(new byte[AesGcm.KEY_BYTES]).usesJdkKernels(), JdkCryptoKernels.describe());
        assertFalse(new AesGcm(new byte[AesGcm.KEY_BYTES], 64, 16, true, false).usesJdkKernels());
    }

    @ParameterizedTest(name = "JDK kernels {0}")
    @ValueSource(booleans = {true, false})
    void shouldMatchTheJdksAesGcmOnRandomMessages(final boolean jdkKernels) throws Exception
    {
        final SplittableRandom random = new SplittableRandom(SEED);
        for (int c = 0; c < CASES; c++)
        {
            final byte[] key = bytes(random, AesGcm.KEY_BYTES);
            final byte[] nonce = bytes(random, AesGcm.NONCE_BYTES);
            final byte[] aad = bytes(random, random.nextInt(AesGcm.MAX_AAD_BYTES + 1));
            final byte[] plain = bytes(random, random.nextInt(AesGcm.MAX_MESSAGE_BYTES + 1));
            final String name = "case " + c + " (seed " + SEED + "), " + plain.length + " bytes, aad " + aad.length;

            final Cipher jdk = Cipher.getInstance("AES/GCM/NoPadding");
            jdk.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
            jdk.updateAAD(aad);
            final byte[] expected = jdk.doFinal(plain);

            final AesGcm gcm = new AesGcm(key, AesGcm.MAX_MESSAGE_BYTES, AesGcm.MAX_AAD_BYTES, false, jdkKernels);
            final byte[] data = plain.clone();
            final byte[] tag = new byte[AesGcm.TAG_BYTES];
            gcm.seal(nonce, aad, aad.length, data, 0, data.length, tag, 0);
            assertArrayEquals(Arrays.copyOf(expected, plain.length), data, name + ": ciphertext");
            assertArrayEquals(Arrays.copyOfRange(expected, plain.length, expected.length), tag, name + ": tag");

            assertTrue(gcm.open(nonce, aad, aad.length, data, 0, data.length, tag, 0), name);
            assertArrayEquals(plain, data, name + ": opens to the plaintext");
        }
    }

    @ParameterizedTest(name = "JDK kernels {0}")
    @ValueSource(booleans = {true, false})
    void shouldMatchTheJdksAesGcmWithLargeTablesLongerMessagesAndLongerAad(final boolean jdkKernels) throws Exception
    {
        final SplittableRandom random = new SplittableRandom(SEED + 2);
        final int maxMessage = 4096;
        final int maxAad = 128;
        for (int c = 0; c < CASES / 10; c++)
        {
            final byte[] key = bytes(random, AesGcm.KEY_BYTES);
            final byte[] nonce = bytes(random, AesGcm.NONCE_BYTES);
            final byte[] aad = bytes(random, random.nextInt(maxAad + 1));
            final byte[] plain = bytes(random, random.nextInt(maxMessage + 1));
            final String name = "case " + c + " (seed " + (SEED + 2) + "), " + plain.length + " bytes, aad " + aad.length;

            final Cipher jdk = Cipher.getInstance("AES/GCM/NoPadding");
            jdk.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
            jdk.updateAAD(aad);
            final byte[] expected = jdk.doFinal(plain);

            final AesGcm gcm = new AesGcm(key, maxMessage, maxAad, true, jdkKernels);
            final byte[] data = plain.clone();
            final byte[] tag = new byte[AesGcm.TAG_BYTES];
            gcm.seal(nonce, aad, aad.length, data, 0, data.length, tag, 0);
            assertArrayEquals(Arrays.copyOf(expected, plain.length), data, name + ": ciphertext");
            assertArrayEquals(Arrays.copyOfRange(expected, plain.length, expected.length), tag, name + ": tag");
            assertTrue(gcm.open(nonce, aad, aad.length, data, 0, data.length, tag, 0), name);
            assertArrayEquals(plain, data, name + ": opens to the plaintext");
        }
        final AesGcm gcm = new AesGcm(bytes(random, 32), maxMessage, maxAad, true, jdkKernels);
        final byte[] tooLong = new byte[maxMessage + 1];
        assertThrows(IllegalArgumentException.class,
            () -> gcm.seal(new byte[12], new byte[0], 0, tooLong, 0, tooLong.length, new byte[16], 0),
            "a message beyond the size the instance was made for is refused, not overrun");
    }

    @Test
    void shouldProduceTheNistTestCase16Output()
    {
        // McGrew & Viega, "The Galois/Counter Mode of Operation", test case 16 (AES-256, 96-bit IV, AAD).
        final HexFormat hex = HexFormat.of();
        final byte[] key = hex.parseHex("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308");
        final byte[] nonce = hex.parseHex("cafebabefacedbaddecaf888");
        final byte[] aad = hex.parseHex("feedfacedeadbeeffeedfacedeadbeefabaddad2");
        final byte[] data = hex.parseHex("d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72" +
            "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39");
        final byte[] tag = new byte[16];
        new AesGcm(key).seal(nonce, aad, aad.length, data, 0, data.length, tag, 0);
        assertEquals("522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa" +
            "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662", hex.formatHex(data));
        assertEquals("76fc6ece0f4e1768cddf8853bb2d551b", hex.formatHex(tag));
    }

    @Test
    void shouldRefuseAnyAlteredBitAndLeaveTheDataUntouched()
    {
        final SplittableRandom random = new SplittableRandom(SEED + 1);
        final AesGcm gcm = new AesGcm(bytes(random, 32));
        final byte[] nonce = bytes(random, 12);
        final byte[] aad = bytes(random, 16);
        final byte[] data = bytes(random, 56);
        final byte[] tag = new byte[16];
        gcm.seal(nonce, aad, aad.length, data, 0, data.length, tag, 0);
        final byte[][] parts = {nonce, aad, data, tag};
        for (final byte[] part : parts)
        {
            for (int bit = 0; bit < part.length * 8; bit++)
            {
                part[bit / 8] ^= (byte)(1 << (bit % 8));
                final byte[] before = data.clone();
                assertFalse(gcm.open(nonce, aad, aad.length, data, 0, data.length, tag, 0), "bit " + bit);
                assertArrayEquals(before, data, "a refused message is not decrypted");
                part[bit / 8] ^= (byte)(1 << (bit % 8));
            }
        }
        final byte[] copy = data.clone();
        assertTrue(gcm.open(nonce, aad, aad.length, copy, 0, copy.length, tag, 0), "unaltered, it opens");
        assertFalse(new AesGcm(bytes(random, 32)).open(nonce, aad, aad.length, data, 0, data.length, tag, 0),
            "another key");
    }

    @Test
    void shouldSealAndOpenWithoutAllocating() throws Exception
    {
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final SplittableRandom random = new SplittableRandom(SEED + 2);
        final AesGcm sealer = new AesGcm(bytes(random, 32));
        final byte[] nonce = bytes(random, 12);
        final byte[] aad = bytes(random, 16);
        final byte[] data = bytes(random, 56);
        final byte[] tag = new byte[16];
        long sink = 0;
        for (int i = 0; i < 200_000; i++)
        {
            nonce[11] = (byte)i;
            sealer.seal(nonce, aad, aad.length, data, 0, data.length, tag, 0);
            sink += sealer.open(nonce, aad, aad.length, data, 0, data.length, tag, 0) ? 1 : 0;
        }
        final long[] opened = {sink};
        final long[] windows = SteadyStateAllocation.measure(threads, Thread.currentThread().getId(), () ->
        {
            for (int i = 0; i < 100_000; i++)
            {
                nonce[10] = (byte)i;
                nonce[9]++;
                sealer.seal(nonce, aad, aad.length, data, 0, data.length, tag, 0);
                opened[0] += sealer.open(nonce, aad, aad.length, data, 0, data.length, tag, 0) ? 1 : 0;
            }
        }, "bytes per window of 100,000 seal+open");
        assertEquals(200_000 + windows.length * 100_000L, opened[0], "every sealed message opens");
    }

    private static byte[] bytes(final SplittableRandom random, final int length)
    {
        final byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }
}
