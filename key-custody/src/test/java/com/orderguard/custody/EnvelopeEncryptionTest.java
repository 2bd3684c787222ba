package com.orderguard.custody;

import com.orderguard.custody.envelope.DataKeyDestroyedException;
import com.orderguard.custody.envelope.DataKeyState;
import com.orderguard.custody.envelope.EnvelopeEncryption;
import com.orderguard.custody.envelope.WrappedDataKey;
import com.orderguard.custody.inventory.KeyPurpose;
import com.orderguard.custody.inventory.KeyState;
import org.junit.jupiter.api.Test;

import javax.crypto.AEADBadTagException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Envelope encryption against real SoftHSM tokens: data keys in memory, wrapped under the token's KEK on disk. */
class EnvelopeEncryptionTest
{
    private static final byte[] ORDER = "NEW clOrdId=42 XLON VOD.L BUY 1000 @ 72.15 acct=ABC123".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] AAD = "seq=17 kind=ORDER_PATH".getBytes(StandardCharsets.US_ASCII);

    @Test
    void shouldDecryptWithTheSameAadAndRefuseAnotherAadOrAnyAlteredByte() throws Exception
    {
        final EnvelopeEncryption envelope = TestCustody.initialise().unsealed().keyCustody.envelope();

        final byte[] blob = envelope.encrypt(ORDER, AAD);

        assertEquals(ORDER.length + EnvelopeEncryption.OVERHEAD_BYTES, blob.length);
        assertArrayEquals(ORDER, envelope.decrypt(blob, AAD));
        assertThrows(AEADBadTagException.class, () -> envelope.decrypt(blob, "seq=18 kind=ORDER_PATH".getBytes(StandardCharsets.US_ASCII)));
        final Random random = new Random(0x5eed);
        for (int i = 0; i < 200; i++)
        {
            final byte[] altered = blob.clone();
            final int at = random.nextInt(altered.length);
            altered[at] ^= (byte)(1 + random.nextInt(255));
            assertThrows(java.security.GeneralSecurityException.class, () -> envelope.decrypt(altered, AAD),
                "byte " + at + " altered");
        }
    }

    @Test
    void shouldAnswerAnyHostileBlobWithAGeneralSecurityExceptionAndNothingElse() throws Exception
    {
        final EnvelopeEncryption envelope = TestCustody.initialise().unsealed().keyCustody.envelope();
        final byte[] genuine = envelope.encrypt(ORDER, AAD);
        final Random random = new Random(0xb10b);

        for (int i = 0; i < 1000; i++)
        {
            final byte[] hostile = random.nextBoolean() ? new byte[random.nextInt(200)] : genuine.clone();
            if (hostile != genuine && random.nextBoolean())
            {
                random.nextBytes(hostile);
            }
            if (hostile.length > 0 && random.nextInt(3) == 0)
            {
                hostile[0] = EnvelopeEncryption.FORMAT_V1;
            }
            if (hostile.length > 9 && random.nextBoolean())
            {
                hostile[1 + random.nextInt(8)] ^= (byte)(1 + random.nextInt(255));   // another data key id
            }
            if (java.util.Arrays.equals(hostile, genuine))
            {
                continue;
            }
            assertThrows(java.security.GeneralSecurityException.class, () -> envelope.decrypt(hostile, AAD),
                "case " + i + ": " + java.util.HexFormat.of().formatHex(hostile));
        }
        assertArrayEquals(ORDER, envelope.decrypt(genuine, AAD));
    }

    @Test
    void shouldNeverUseAnIvTwiceUnderOneDataKeyAcrossRotationsAndRestarts() throws Exception
    {
        final TestCustody custody = TestCustody.initialise("custody.envelope.maxRecordsPerDataKey=100").unsealed();
        final Set<String> keyAndIv = new HashSet<>();

        for (int round = 0; round < 2; round++)
        {
            for (int i = 0; i < 250; i++)
            {
                final byte[] blob = custody.keyCustody.envelope().encrypt(ORDER, AAD);
                final String id = java.util.HexFormat.of().formatHex(blob, 1, EnvelopeEncryption.HEADER_BYTES);
                assertTrue(keyAndIv.add(id), "key id and IV repeated: " + id);
            }
            custody.restarted();
        }

        assertEquals(6, custody.keyCustody.envelope().dataKeys().size(), "3 keys per round of 250 at 100 per key");
    }

    @Test
    void shouldRotateTheDataKeyByCountAndByTimeCallingTheTokenOnlyThen() throws Exception
    {
        final TestCustody custody = TestCustody.initialise("custody.envelope.maxRecordsPerDataKey=3",
            "custody.envelope.maxDataKeyAgeSeconds=60").unsealed();
        final EnvelopeEncryption envelope = custody.keyCustody.envelope();

        final long[] ids = new long[7];
        for (int i = 0; i < ids.length; i++)
        {
            ids[i] = EnvelopeEncryption.dataKeyIdOf(envelope.encrypt(ORDER, AAD));
        }
        custody.clock.advance(Duration.ofSeconds(59));
        final long beforeAge = EnvelopeEncryption.dataKeyIdOf(envelope.encrypt(ORDER, AAD));
        custody.clock.advance(Duration.ofSeconds(1));
        final long afterAge = EnvelopeEncryption.dataKeyIdOf(envelope.encrypt(ORDER, AAD));

        assertArrayEquals(new long[] {1, 1, 1, 2, 2, 2, 3}, ids);
        assertEquals(3, beforeAge);
        assertEquals(4, afterAge);
        assertEquals(4, envelope.rotations(), "one token wrap per data key, none per record");
        final List<WrappedDataKey> keys = envelope.dataKeys();
        assertEquals(List.of(DataKeyState.RETIRED, DataKeyState.RETIRED, DataKeyState.RETIRED, DataKeyState.ACTIVE),
            keys.stream().map(WrappedDataKey::state).toList());
    }

    @Test
    void shouldDecryptAJournalWrittenBeforeAKekRotationAfterItAndAfterTheOldKekIsDestroyed() throws Exception
    {
        final TestCustody custody = TestCustody.initialise("custody.envelope.maxRecordsPerDataKey=2").unsealed();
        final byte[][] journal = new byte[5][];
        for (int i = 0; i < journal.length; i++)
        {
            journal[i] = custody.keyCustody.envelope().encrypt(order(i), AAD);
        }

        custody.keyCustody.rotateNow(KeyPurpose.ORDER_FLOW_KEK);
        custody.restarted();   // cold: every data key is unwrapped again, now under order-flow-kek.v2
        final byte[] after = custody.keyCustody.envelope().encrypt(order(99), AAD);
        custody.keyCustody.destroyNow("order-flow-kek.v1");
        custody.restarted();

        for (int i = 0; i < journal.length; i++)
        {
            assertArrayEquals(order(i), custody.keyCustody.envelope().decrypt(journal[i], AAD));
        }
        assertArrayEquals(order(99), custody.keyCustody.envelope().decrypt(after, AAD));
        assertEquals(KeyState.DESTROYED, custody.keyCustody.keyInventory().get(0).state());
        assertEquals(KeyState.ACTIVE, custody.keyCustody.keyInventory().get(1).state());
        final String store = Files.readString(custody.config.dataKeyFile());
        assertFalse(store.contains("order-flow-kek.v1"), store);
    }

    @Test
    void shouldDecryptEveryRecordAJournalThreadWroteWhileTheKekWasRotatedTwice() throws Exception
    {
        final TestCustody custody = TestCustody.initialise("custody.envelope.maxRecordsPerDataKey=7").unsealed();
        final EnvelopeEncryption envelope = custody.keyCustody.envelope();
        final int records = 600;
        final byte[][] journal = new byte[records][];
        final java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
        final java.util.concurrent.atomic.AtomicInteger written = new java.util.concurrent.atomic.AtomicInteger();
        final Thread writer = new Thread(() ->
        {
            try
            {
                for (int i = 0; i < records; i++)
                {
                    journal[i] = envelope.encrypt(order(i), AAD);
                    written.incrementAndGet();
                    Thread.yield();
                }
            }
            catch (final Throwable ex)
            {
                failure.set(ex);
            }
        }, "journal-writer");

        writer.start();
        while (written.get() < records / 4 && writer.isAlive())
        {
            Thread.yield();
        }
        custody.keyCustody.rotateNow(KeyPurpose.ORDER_FLOW_KEK);
        while (written.get() < records / 2 && writer.isAlive())
        {
            Thread.yield();
        }
        custody.keyCustody.rotateNow(KeyPurpose.ORDER_FLOW_KEK);
        writer.join();
        custody.keyCustody.destroyNow("order-flow-kek.v1");
        custody.keyCustody.destroyNow("order-flow-kek.v2");
        custody.restarted();

        assertEquals(null, failure.get());
        for (int i = 0; i < records; i++)
        {
            assertArrayEquals(order(i), custody.keyCustody.envelope().decrypt(journal[i], AAD), "record " + i);
        }
    }

    @Test
    void shouldMakeADestroyedDataKeysRecordsUnreadableAlsoAfterARestart() throws Exception
    {
        final TestCustody custody = TestCustody.initialise("custody.envelope.maxRecordsPerDataKey=2").unsealed();
        final EnvelopeEncryption envelope = custody.keyCustody.envelope();
        final byte[] first = envelope.encrypt(order(1), AAD);
        envelope.encrypt(order(2), AAD);
        final byte[] third = envelope.encrypt(order(3), AAD);

        custody.keyCustody.destroyDataKeyNow(EnvelopeEncryption.dataKeyIdOf(first));
        custody.restarted();

        final DataKeyDestroyedException ex = assertThrows(DataKeyDestroyedException.class,
            () -> custody.keyCustody.envelope().decrypt(first, AAD));
        assertEquals("data key 1 was destroyed: what it encrypted is unreadable", ex.getMessage());
        assertArrayEquals(order(3), custody.keyCustody.envelope().decrypt(third, AAD));
    }

    @Test
    void shouldMakeEverythingUnderADestroyedKekUnreadableWhenItWasNotRewrapped() throws Exception
    {
        final TestCustody custody = TestCustody.initialise().unsealed();
        final byte[] blob = custody.keyCustody.envelope().encrypt(ORDER, AAD);

        custody.keyCustody.deactivateNow("order-flow-kek.v1");
        custody.keyCustody.destroyNow("order-flow-kek.v1");
        custody.restarted();

        assertThrows(DataKeyDestroyedException.class, () -> custody.keyCustody.envelope().decrypt(blob, AAD));
        final IllegalStateException noKek = assertThrows(IllegalStateException.class,
            () -> custody.keyCustody.envelope().encrypt(ORDER, AAD));
        assertEquals("there is no ACTIVE order-flow KEK: data keys cannot be wrapped", noKek.getMessage());
    }

    @Test
    void shouldRefuseToEncryptOrDecryptWhileSealedAndStartANewDataKeyAfterUnsealing() throws Exception
    {
        final TestCustody custody = TestCustody.initialise().unsealed();
        final byte[] blob = custody.keyCustody.envelope().encrypt(ORDER, AAD);

        custody.keyCustody.seal();

        final IllegalStateException ex =
            assertThrows(IllegalStateException.class, () -> custody.keyCustody.envelope().encrypt(ORDER, AAD));
        assertEquals("key custody is sealed: nothing can be encrypted or decrypted until officers unseal", ex.getMessage());
        assertThrows(IllegalStateException.class, () -> custody.keyCustody.envelope().decrypt(blob, AAD));
        custody.unsealed();
        assertArrayEquals(ORDER, custody.keyCustody.envelope().decrypt(blob, AAD));
        assertEquals(2, EnvelopeEncryption.dataKeyIdOf(custody.keyCustody.envelope().encrypt(ORDER, AAD)));
    }

    @Test
    void shouldPersistDataKeysOnlyWrappedAndNamingTheirKek() throws Exception
    {
        final TestCustody custody = TestCustody.initialise().unsealed();
        custody.keyCustody.envelope().encrypt(ORDER, AAD);

        final String store = Files.readString(custody.config.dataKeyFile());

        assertTrue(store.contains("dk.1.kek=order-flow-kek.v1"), store);
        assertTrue(store.matches("(?s).*dk\\.1\\.wrapped=[0-9a-f]{96}\\n.*"), store);
        assertTrue(store.matches("(?s).*dk\\.1\\.iv=[0-9a-f]{24}\\n.*"), store);
    }

    private static byte[] order(final int n)
    {
        return ("NEW clOrdId=" + n + " XLON VOD.L BUY 1000 @ 72.15").getBytes(StandardCharsets.US_ASCII);
    }
}
