package com.orderguard.core.audit;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;


import org.agrona.concurrent.SystemEpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.orderguard.orderpath.OrderEvents;
import com.orderguard.orderpath.protocol.Ascii8;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The journal's content sealing on its own: no order event is journaled before a content key pair
 * exists, events keep being sealed (under a fresh content key) after the envelope closes, and the
 * content opens again once it reopens. The envelope here is an in-memory stand-in with an open/closed
 * switch; the appliance's run against a real SoftHSM token is {@code ComplianceIT}.
 */
class JournalContentSealerTest
{
    private static final long PRICE = 7_215_000;

    @TempDir
    Path dir;

    @Test
    void shouldJournalNoOrderEventBeforeAPairAndKeepSealingAfterTheEnvelopeCloses() throws Exception
    {
        final Path live = dir.resolve("journal");
        final SoftwareEnvelope envelope = new SoftwareEnvelope();
        final JournalContentSealer sealer = new JournalContentSealer(envelope, live);
        final OneToOneRingBuffer ring = new OneToOneRingBuffer(
            new UnsafeBuffer(ByteBuffer.allocateDirect((1 << 16) + RingBufferDescriptor.TRAILER_LENGTH)));
        final AtomicReference<String> failure = new AtomicReference<>();
        final AuditJournal journal = new AuditJournal(JournalWriter.open(live), ring::read, new SystemEpochNanoClock(), failure::set);
        journal.sealOrderContentWith(sealer);

        assertTrue(ring.write(OrderEvents.ORDER_ROUTED, order(1, "CLORD001"), 0, OrderEvents.ORDER_LENGTH));
        journal.doWork();
        assertEquals(0, JournalSearch.search(live, JournalQuery.ALL, 10).size(), "nothing journaled without a key: it waits in the ring");

        final io.vertx.core.json.JsonObject pair = sealer.newPair();
        journal.append(RecordKind.KEY_OPERATION, JournalContentSealer.CONTENT_KEY_PAIR, pair.encode().getBytes(StandardCharsets.UTF_8));
        journal.doWork(); // the pair is durable before anything is sealed under it
        sealer.use(pair);
        journal.doWork();
        assertTrue(ring.write(OrderEvents.ORDER_ROUTED, order(2, "CLORD002"), 0, OrderEvents.ORDER_LENGTH));
        journal.doWork();

        // The HSM seals: the envelope closes, but venue reports still drain and are sealed under a new content key.
        sealer.rotateContentKey();
        envelope.open = false;
        assertTrue(ring.write(OrderEvents.ORDER_ROUTED, order(3, "CLORD003"), 0, OrderEvents.ORDER_LENGTH));
        journal.doWork();
        assertNull(failure.get());

        final List<RecordView> records = JournalSearch.search(live, JournalQuery.ALL, 100);
        assertEquals(List.of(RecordKind.KEY_OPERATION, RecordKind.KEY_OPERATION, RecordKind.ORDER_PATH_SEALED, RecordKind.ORDER_PATH_SEALED,
            RecordKind.KEY_OPERATION, RecordKind.ORDER_PATH_SEALED), records.stream().map(RecordView::kind).toList(),
            "pair, content key, two events, a fresh content key after the seal, the event that drained after it");
        final String onDisk = new String(Files.readAllBytes(JournalSegments.list(live).get(0)), StandardCharsets.ISO_8859_1);
        for (int i = 1; i <= 3; i++)
        {
            assertFalse(onDisk.contains(clear(Ascii8.encode("CLORD00" + i))), "client order id " + i + " in clear");
        }
        assertFalse(onDisk.contains(clear(PRICE)), "a price in clear");
        assertEquals(Set.of("1", "2", "3"), Set.copyOf(JournalSearch.search(live,
            new JournalQuery(null, null, Set.of(RecordKind.ORDER_PATH_SEALED), "BROKER1", null, "ACC1", "VOD.L"), 10)
            .stream().map(RecordView::orderId).toList()), "metadata stays searchable");

        final SealedContentAccess access = new SealedContentAccess(journal, sealer, live, 10_000);
        final Thread driver = driver(journal);
        try
        {
            final long last = records.get(5).sequence();
            assertThrows(IllegalStateException.class, () -> access.read(last, "compliance-1", "s1", "10.0.0.7", true),
                "nothing opens while the envelope is closed");
            envelope.open = true;
            for (final RecordView record : records)
            {
                if (record.kind() == RecordKind.ORDER_PATH_SEALED)
                {
                    final UnsafeBuffer event = new UnsafeBuffer(access.read(record.sequence(), "compliance-1", "s1", "10.0.0.7", true));
                    assertEquals(Long.parseLong(record.orderId()), event.getLong(OrderEvents.ORDER_ORDER_ID_OFFSET));
                    assertEquals(PRICE, event.getLong(OrderEvents.ORDER_PRICE_OFFSET));
                }
            }
        }
        finally
        {
            driver.interrupt();
            driver.join();
        }
        journal.onClose();
        assertTrue(JournalVerifier.verify(live, null, List.of(), null).ok(), "the sealed journal verifies without any key");
    }

    @Test
    void shouldRetireAContentKeyOnceItIsAnHourOldOnTheEventsOwnClock() throws Exception
    {
        final JournalContentSealer sealer = new JournalContentSealer(new SoftwareEnvelope(), dir.resolve("journal"));
        sealer.use(sealer.newPair());
        final long born = 1_800_000_000_000_000_000L;
        assertNotNull(sealer.takeKeyRecord(born), "the first event brings the first content key");
        sealer.seal("order".getBytes(StandardCharsets.US_ASCII), "meta".getBytes(StandardCharsets.US_ASCII));
        assertNull(sealer.takeKeyRecord(born + JournalContentSealer.MAX_CONTENT_KEY_AGE_NS - 1), "not yet an hour old");
        assertNotNull(sealer.takeKeyRecord(born + JournalContentSealer.MAX_CONTENT_KEY_AGE_NS), "an hour old: a new key, journaled first");
        assertNull(sealer.takeKeyRecord(born + JournalContentSealer.MAX_CONTENT_KEY_AGE_NS + 1), "and the new key is young");
    }

    @Test
    void shouldRefuseContentMovedOntoOtherMetadataOrUnderAnUnknownKey() throws Exception
    {
        final Path live = dir.resolve("journal");
        final SoftwareEnvelope envelope = new SoftwareEnvelope();
        final JournalContentSealer sealer = new JournalContentSealer(envelope, live);
        sealer.use(sealer.newPair());
        assertNotNull(sealer.takeKeyRecord());
        final byte[] blob = sealer.seal("order".getBytes(StandardCharsets.US_ASCII), "meta-1".getBytes(StandardCharsets.US_ASCII));
        assertThrows(GeneralSecurityException.class, () -> sealer.open(blob, "meta-1".getBytes(StandardCharsets.US_ASCII)),
            "its content key was never journaled");
        assertNull(sealer.takeKeyRecord(), "one key record per content key");
    }

    @Test
    void shouldStillOpenVersionOneBlobsThatStoredTheWholeIvAndRefuseAnUnknownVersion() throws Exception
    {
        final JournalContentSealer sealer = sealerWithItsKeyJournaled();
        final byte[] meta = "meta-1".getBytes(StandardCharsets.US_ASCII);
        final byte[] plain = "an order written by an earlier build".getBytes(StandardCharsets.US_ASCII);
        final byte[] current = sealer.seal(plain, meta);
        assertEquals(plain.length + JournalContentSealer.OVERHEAD_BYTES, current.length);
        assertArrayEquals(plain, sealer.open(current, meta));

        // version 1: [1][key id][the whole 12-byte IV, 0^32 || counter][ciphertext][tag], the 21-byte header as AAD
        final long keyId = ByteBuffer.wrap(current, 1, 8).getLong();
        final byte[] header = ByteBuffer.allocate(21).put((byte)1).putLong(keyId).putInt(0).putLong(7).array();
        final javax.crypto.Cipher gcm = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(javax.crypto.Cipher.ENCRYPT_MODE, new javax.crypto.spec.SecretKeySpec(sealer.contentKey(keyId), "AES"),
            new javax.crypto.spec.GCMParameterSpec(128, header, 9, 12));
        gcm.updateAAD(header);
        gcm.updateAAD(meta);
        final byte[] sealed = gcm.doFinal(plain);
        final byte[] version1 = ByteBuffer.allocate(header.length + sealed.length).put(header).put(sealed).array();
        assertArrayEquals(plain, sealer.open(version1, meta), "a version-1 blob opens");
        assertThrows(GeneralSecurityException.class, () -> sealer.open(version1, "meta-2".getBytes(StandardCharsets.US_ASCII)));

        final byte[] unknown = current.clone();
        unknown[0] = 3;
        assertEquals("not a journal content blob", assertThrows(GeneralSecurityException.class, () -> sealer.open(unknown, meta)).getMessage());
    }

    @Test
    void shouldSealEachEventUnderItsOwnNonceOpenablyByTheJdksGcmWithoutAllocating() throws Exception
    {
        final JournalContentSealer sealer = sealerWithItsKeyJournaled();
        final SealedOrderRecord.Encoder encoder = new SealedOrderRecord.Encoder(sealer);
        final UnsafeBuffer event = order(1, "CLORD001");
        final Set<String> nonces = new java.util.HashSet<>();
        for (int i = 0; i < 200; i++)
        {
            event.putLong(OrderEvents.ORDER_ORDER_ID_OFFSET, i);
            final int length = encoder.encode(OrderEvents.ORDER_ROUTED, event, 0, OrderEvents.ORDER_LENGTH);
            final byte[] payload = java.util.Arrays.copyOf(encoder.payload(), length);
            final int blob = 2 + SealedOrderRecord.METADATA_LENGTH;
            assertEquals(2, payload[blob], "blob version");
            assertTrue(nonces.add(java.util.HexFormat.of().formatHex(payload, blob + 9, blob + 17)), "nonce reused at event " + i);
            // open() is the JDK's own AES/GCM: what the journal thread wrote must be GCM, byte for byte
            final UnsafeBuffer opened = new UnsafeBuffer(SealedOrderRecord.open(payload, 0, length, sealer));
            assertEquals(i, opened.getLong(OrderEvents.ORDER_ORDER_ID_OFFSET));
            assertEquals(PRICE, opened.getLong(OrderEvents.ORDER_PRICE_OFFSET));
        }

        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)java.lang.management.ManagementFactory.getThreadMXBean();
        long fewest = Long.MAX_VALUE;
        for (int window = 0; window < 20 && fewest != 0; window++)
        {
            final long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 20_000; i++)
            {
                sealer.takeKeyRecord();
                encoder.encode(OrderEvents.ORDER_ROUTED, event, 0, OrderEvents.ORDER_LENGTH);
            }
            fewest = Math.min(fewest, threads.getCurrentThreadAllocatedBytes() - before);
        }
        assertEquals(0, fewest, "sealing 20,000 order events allocated bytes in every window");
    }

    /** A sealer with a pair in force whose first content key is journaled, so its blobs can be opened. */
    private JournalContentSealer sealerWithItsKeyJournaled() throws Exception
    {
        final Path live = dir.resolve("journal");
        final JournalContentSealer sealer = new JournalContentSealer(new SoftwareEnvelope(), live);
        sealer.use(sealer.newPair());
        try (JournalWriter writer = JournalWriter.open(live))
        {
            writer.append(RecordKind.KEY_OPERATION, JournalContentSealer.CONTENT_KEY, 1L, sealer.takeKeyRecord());
            writer.commit();
        }
        return sealer;
    }

    private static Thread driver(final AuditJournal journal)
    {
        final Thread driver = new Thread(() ->
        {
            while (!Thread.currentThread().isInterrupted())
            {
                journal.doWork();
                Thread.yield();
            }
        });
        driver.start();
        return driver;
    }

    private static String clear(final long value)
    {
        return new String(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array(), StandardCharsets.ISO_8859_1);
    }

    private static UnsafeBuffer order(final long orderId, final String clOrdId)
    {
        final UnsafeBuffer event = new UnsafeBuffer(new byte[OrderEvents.ORDER_LENGTH]);
        event.putLong(OrderEvents.EPOCH_NS_OFFSET, System.currentTimeMillis() * 1_000_000L);
        event.putLong(OrderEvents.ORDER_ORDER_ID_OFFSET, orderId);
        event.putLong(OrderEvents.ORDER_CL_ORD_ID_OFFSET, Ascii8.encode(clOrdId));
        event.putLong(OrderEvents.ORDER_CLIENT_ID_OFFSET, Ascii8.encode("BROKER1"));
        event.putLong(OrderEvents.ORDER_ACCOUNT_OFFSET, Ascii8.encode("ACC1"));
        event.putLong(OrderEvents.ORDER_SYMBOL_OFFSET, Ascii8.encode("VOD.L"));
        event.putLong(OrderEvents.ORDER_QUANTITY_OFFSET, 1_000);
        event.putLong(OrderEvents.ORDER_PRICE_OFFSET, PRICE);
        return event;
    }

}
