package com.orderguard.core.audit;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;
import java.util.Set;


import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.orderguard.orderpath.OrderEvents;
import com.orderguard.orderpath.protocol.Ascii8;

import io.vertx.core.json.JsonObject;

import static org.junit.jupiter.api.Assertions.*;

class SearchExportTest
{
    private static final long T0 = 1_795_000_000_000_000_000L;

    @TempDir
    Path dir;

    private final JournalFixture fixture = new JournalFixture();
    private final RecordSealer sealer = new SoftwareEnvelope();


    private static UnsafeBuffer order(final long time, final long orderId, final String client, final String account, final String symbol)
    {
        final UnsafeBuffer event = new UnsafeBuffer(new byte[OrderEvents.ORDER_LENGTH]);
        event.putLong(OrderEvents.EPOCH_NS_OFFSET, time);
        event.putLong(OrderEvents.ORDER_ORDER_ID_OFFSET, orderId);
        event.putLong(OrderEvents.ORDER_CL_ORD_ID_OFFSET, Ascii8.encode("C" + orderId));
        event.putLong(OrderEvents.ORDER_CLIENT_ID_OFFSET, Ascii8.encode(client));
        event.putLong(OrderEvents.ORDER_ACCOUNT_OFFSET, Ascii8.encode(account));
        event.putLong(OrderEvents.ORDER_SYMBOL_OFFSET, Ascii8.encode(symbol));
        event.putLong(OrderEvents.ORDER_QUANTITY_OFFSET, 100);
        event.putLong(OrderEvents.ORDER_PRICE_OFFSET, 1_500_000);
        return event;
    }

    @BeforeEach
    void writeJournal() throws Exception
    {
        try (JournalWriter writer = JournalWriter.open(dir, 8192))
        {
            for (int i = 0; i < 300; i++)
            {
                final long time = T0 + i * 1_000_000_000L;
                final String symbol = i % 3 == 0 ? "AAPL" : "MSFT";
                final String account = i % 2 == 0 ? "ACC1" : "ACC2";
                final UnsafeBuffer event = order(time, 1_000 + i, "BROKER" + (i % 4), account, symbol);
                if (i % 5 == 0)
                {
                    writer.append(RecordKind.ORDER_PATH_SEALED, OrderEvents.ORDER_ROUTED, time,
                        SealedOrderRecord.encode(OrderEvents.ORDER_ROUTED, event, 0, OrderEvents.ORDER_LENGTH, sealer));
                }
                else
                {
                    writer.append(RecordKind.ORDER_PATH, OrderEvents.ORDER_ROUTED, time, event, 0, OrderEvents.ORDER_LENGTH);
                }
                if (i % 10 == 0)
                {
                    writer.append(RecordKind.CONTROL_ACCESS, 0, time + 1, new JsonObject().put("actor", "officer-" + (i % 3))
                        .put("session", "s" + i).put("source", "10.0.0.9").put("method", "GET").put("path", "/v1/orders/" + (1_000 + i))
                        .put("orderId", Long.toString(1_000 + i)).encode().getBytes(StandardCharsets.UTF_8));
                }
                if (i % 100 == 99)
                {
                    writer.appendCheckpoint(time + 2, fixture.signer);
                }
            }
            writer.append(RecordKind.LIFECYCLE, 2, T0 + 400_000_000_000L, "{\"stopped\":true}".getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void shouldFindByActorAccountSymbolOrderIdTimeAndKindIncludingSealedRecords() throws IOException
    {
        assertEquals(10, JournalSearch.search(dir, new JournalQuery(null, null, Set.of(), "officer-0", null, null, null), 1000).size());
        final List<RecordView> aapl = JournalSearch.search(dir, new JournalQuery(null, null, Set.of(), null, null, "ACC1", "AAPL"), 1000);
        assertEquals(50, aapl.size()); // i % 6 == 0
        assertTrue(aapl.stream().anyMatch(v -> v.kind() == RecordKind.ORDER_PATH_SEALED), "sealed records stay searchable");
        assertTrue(aapl.stream().allMatch(v -> v.symbol().equals("AAPL") && v.account().equals("ACC1")));
        final List<RecordView> order = JournalSearch.search(dir, new JournalQuery(null, null, Set.of(), null, "1010", null, null), 10);
        assertEquals(Set.of(RecordKind.ORDER_PATH_SEALED, RecordKind.CONTROL_ACCESS), Set.of(order.get(0).kind(), order.get(1).kind()),
            "the order and the access that read it");
        assertEquals(1, JournalSearch.search(dir, new JournalQuery(null, null, Set.of(), null, "C1011", null, null), 10).size(),
            "by client order id");
        final List<RecordView> window = JournalSearch.search(dir,
            new JournalQuery(T0 + 10_000_000_000L, T0 + 19_999_999_999L, Set.of(RecordKind.ORDER_PATH, RecordKind.ORDER_PATH_SEALED),
                null, null, null, null), 1000);
        assertEquals(10, window.size());
        assertEquals(3, JournalSearch.search(dir, new JournalQuery(null, null, Set.of(RecordKind.CHECKPOINT), null, null, null, null), 10).size());
        assertEquals(75, JournalSearch.search(dir, new JournalQuery(null, null, Set.of(), "BROKER1", null, null, null), 1000).size());
    }

    @Test
    void shouldFindEveryEventOfAnOrderByItsIdIncludingHoldsCancelsAndReplacesSealedOrNot() throws Exception
    {
        final Path journal = dir.resolve("lifecycle");
        final long orderId = 77_001;
        final int[] orderLayout = {OrderEvents.ORDER_ROUTED, OrderEvents.ORDER_HELD, OrderEvents.HOLD_RELEASED,
            OrderEvents.CANCEL_REQUESTED, OrderEvents.REPLACE_REQUESTED, OrderEvents.ROUTE_ALERT, OrderEvents.ORDER_REJECTED};
        final int[] execLayout = {OrderEvents.VENUE_ACK, OrderEvents.FILL, OrderEvents.VENUE_REJECTED, OrderEvents.CANCELED,
            OrderEvents.REPLACED};
        try (JournalWriter writer = JournalWriter.open(journal))
        {
            long time = T0;
            for (final boolean sealed : new boolean[] {false, true})
            {
                for (final int type : orderLayout)
                {
                    append(writer, sealed, type, order(++time, orderId, "BROKER9", "ACC9", "TSLA"));
                }
                for (final int type : execLayout)
                {
                    final UnsafeBuffer exec = new UnsafeBuffer(new byte[OrderEvents.EXEC_LENGTH]);
                    exec.putLong(OrderEvents.EPOCH_NS_OFFSET, ++time);
                    exec.putLong(OrderEvents.EXEC_ORDER_ID_OFFSET, orderId);
                    exec.putLong(OrderEvents.EXEC_CLIENT_ID_OFFSET, Ascii8.encode("BROKER9"));
                    append(writer, sealed, type, exec);
                }
            }
        }
        final List<RecordView> found =
            JournalSearch.search(journal, new JournalQuery(null, null, Set.of(), null, Long.toString(orderId), null, null), 100);
        assertEquals(2 * (orderLayout.length + execLayout.length), found.size(),
            "every event of the order, clear and sealed: " + found.stream().map(RecordView::describe).toList());
        assertEquals(2 * orderLayout.length,
            JournalSearch.search(journal, new JournalQuery(null, null, Set.of(), null, null, "ACC9", "TSLA"), 100).size(),
            "by account and symbol: every event of the ORDER layout");
    }

    @Test
    void shouldShowABrokerLogonsSourceAddressSealedOrNotAndStillReadLogonsJournaledWithoutOne() throws Exception
    {
        final Path journal = dir.resolve("sessions");
        final java.net.InetSocketAddress peer = new java.net.InetSocketAddress(java.net.InetAddress.getByName("10.1.2.3"), 40_001);
        try (JournalWriter writer = JournalWriter.open(journal))
        {
            for (final boolean sealed : new boolean[] {false, true})
            {
                final UnsafeBuffer logon = new UnsafeBuffer(new byte[OrderEvents.SESSION_LENGTH]);
                logon.putLong(OrderEvents.EPOCH_NS_OFFSET, T0);
                logon.putInt(OrderEvents.SESSION_ID_OFFSET, 7);
                logon.putLong(OrderEvents.SESSION_CLIENT_ID_OFFSET, Ascii8.encode("BROKER7"));
                logon.putLong(OrderEvents.SESSION_PEER_HIGH_OFFSET, com.orderguard.orderpath.PeerAddress.high(peer));
                logon.putLong(OrderEvents.SESSION_PEER_LOW_OFFSET, com.orderguard.orderpath.PeerAddress.low(peer));
                logon.putInt(OrderEvents.SESSION_PEER_PORT_OFFSET, com.orderguard.orderpath.PeerAddress.port(peer));
                append(writer, sealed, OrderEvents.SESSION_LOGON, logon);
            }
            final UnsafeBuffer old = new UnsafeBuffer(new byte[OrderEvents.SESSION_WITHOUT_PEER_LENGTH]);
            old.putLong(OrderEvents.EPOCH_NS_OFFSET, T0);
            old.putLong(OrderEvents.SESSION_CLIENT_ID_OFFSET, Ascii8.encode("BROKER7"));
            append(writer, false, OrderEvents.SESSION_LOGON, old);
        }
        final List<RecordView> logons = JournalSearch.search(journal, new JournalQuery(null, null, Set.of(), "BROKER7", null, null, null), 10);
        assertEquals(3, logons.size(), logons.toString());
        assertEquals("10.1.2.3:40001", logons.get(0).source(), "clear: " + logons.get(0));
        assertEquals("10.1.2.3:40001", logons.get(1).source(), "sealed, from its clear metadata: " + logons.get(1));
        assertTrue(logons.get(0).detail().contains("peer=10.1.2.3:40001"), logons.get(0).detail());
        assertNull(logons.get(2).source(), "a logon journaled before the peer was carried has none");
        assertNull(logons.get(1).account(), "the address is not an account");
    }

    private void append(final JournalWriter writer, final boolean sealed, final int type, final UnsafeBuffer event) throws Exception
    {
        final long time = event.getLong(OrderEvents.EPOCH_NS_OFFSET);
        if (sealed)
        {
            writer.append(RecordKind.ORDER_PATH_SEALED, type, time,
                SealedOrderRecord.encode(type, event, 0, event.capacity(), sealer));
        }
        else
        {
            writer.append(RecordKind.ORDER_PATH, type, time, event, 0, event.capacity());
        }
    }

    @Test
    void shouldNameTheOneSegmentThatHoldsEachRecord() throws Exception
    {
        final List<Path> segments = JournalSegments.list(dir);
        assertTrue(segments.size() > 3, "segments: " + segments.size());
        try (JournalReader all = new JournalReader(dir))
        {
            while (all.next() == JournalReader.Status.RECORD)
            {
                final Path segment = JournalSegments.containing(dir, all.sequence());
                assertEquals(all.currentFile(), segment, "record " + all.sequence());
            }
        }
        assertNull(JournalSegments.containing(dir, 0), "no segment holds sequence 0");
    }

    @Test
    void shouldSkipFullSegmentsByTheirIndexAndFindExactlyWhatAFullScanFinds() throws Exception
    {
        final List<Path> segments = JournalSegments.list(dir);
        assertTrue(segments.size() > 3, "segments: " + segments.size());
        final List<RecordView> all = JournalSearch.search(dir, JournalQuery.ALL, Integer.MAX_VALUE);
        for (int i = 0; i < segments.size() - 1; i++)
        {
            assertTrue(java.nio.file.Files.exists(SegmentIndex.fileFor(segments.get(i))), "index of a full segment");
        }
        assertFalse(java.nio.file.Files.exists(SegmentIndex.fileFor(segments.get(segments.size() - 1))), "none for the active one");
        final java.util.Random random = new java.util.Random(17);
        for (int round = 0; round < 40; round++)
        {
            final RecordView pick = all.get(random.nextInt(all.size()));
            final JournalQuery query = new JournalQuery(
                random.nextBoolean() ? null : pick.epochNanos() - random.nextInt(3) * 1_000_000_000L,
                random.nextBoolean() ? null : pick.epochNanos() + random.nextInt(3) * 1_000_000_000L,
                random.nextInt(3) == 0 ? Set.of(pick.kind()) : Set.of(),
                random.nextBoolean() ? pick.actor() : null,
                random.nextInt(3) == 0 ? (random.nextBoolean() ? pick.orderId() : pick.clOrdId()) : null,
                random.nextBoolean() ? pick.account() : null,
                random.nextBoolean() ? pick.symbol() : null);
            final List<Long> expected = all.stream().filter(query::matches).map(RecordView::sequence).toList();
            final List<Long> found = JournalSearch.search(dir, query, Integer.MAX_VALUE).stream().map(RecordView::sequence).toList();
            assertEquals(expected, found, query.toString());
            assertTrue(found.contains(pick.sequence()));
        }
        final JournalQuery nothing = new JournalQuery(null, null, Set.of(), null, null, null, "NOSUCH");
        long mightHold = 0;
        for (int i = 0; i < segments.size() - 1; i++)
        {
            mightHold += SegmentIndex.of(segments.get(i)).mightMatch(nothing) ? 1 : 0;
        }
        assertTrue(mightHold <= 1, "the index rules out segments: " + mightHold + " of " + (segments.size() - 1) + " kept");
        // A damaged index is rebuilt, not believed.
        java.nio.file.Files.write(SegmentIndex.fileFor(segments.get(0)), new byte[] {1, 2, 3});
        assertEquals(all.stream().filter(v -> "AAPL".equals(v.symbol())).count(),
            JournalSearch.search(dir, new JournalQuery(null, null, Set.of(), null, null, null, "AAPL"), 10_000).size());
    }

    @Test
    void shouldPageFromACursorAndFindExactlyWhatFollowsItInAFullScan() throws Exception
    {
        final List<RecordView> all = JournalSearch.search(dir, JournalQuery.ALL, Integer.MAX_VALUE);
        final JournalQuery acc2 = new JournalQuery(null, null, Set.of(), null, null, "ACC2", null);
        for (final long after : new long[] {0, 1, 57, 200, all.get(all.size() / 2).sequence(), all.get(all.size() - 1).sequence()})
        {
            final List<Long> expected = all.stream().filter(acc2::matches).map(RecordView::sequence).filter(s -> s > after).toList();
            final List<Long> found = new java.util.ArrayList<>();
            final long matched = JournalSearch.search(dir, acc2, after, view -> found.add(view.sequence()));
            assertEquals(expected, found, "after " + after);
            assertEquals(expected.size(), matched);
        }
    }

    @Test
    void shouldSealOrderEventsOnTheJournalThreadAndJournalEveryReadOfThemBeforeDecrypting() throws Exception
    {
        final Path live = dir.resolve("live");
        final org.agrona.concurrent.ringbuffer.OneToOneRingBuffer ring = new org.agrona.concurrent.ringbuffer.OneToOneRingBuffer(
            new UnsafeBuffer(java.nio.ByteBuffer.allocateDirect((1 << 16) + org.agrona.concurrent.ringbuffer.RingBufferDescriptor.TRAILER_LENGTH)));
        final java.util.concurrent.atomic.AtomicReference<String> failure = new java.util.concurrent.atomic.AtomicReference<>();
        final AuditJournal journal = new AuditJournal(JournalWriter.open(live), ring::read,
            new org.agrona.concurrent.SystemEpochNanoClock(), failure::set);
        journal.sealOrderContentWith(sealer);
        assertTrue(ring.write(OrderEvents.ORDER_ROUTED, order(T0, 77, "BROKER9", "ACC9", "IBM"), 0, OrderEvents.ORDER_LENGTH));
        journal.doWork();
        final RecordView stored = JournalSearch.search(live, new JournalQuery(null, null, Set.of(), "BROKER9", "77", "ACC9", "IBM"), 1).get(0);
        assertEquals(RecordKind.ORDER_PATH_SEALED, stored.kind());

        final SealedContentAccess access = new SealedContentAccess(journal, sealer, live, 10_000);
        final Thread driver = new Thread(() ->
        {
            while (!Thread.currentThread().isInterrupted())
            {
                journal.doWork();
                Thread.yield();
            }
        });
        driver.start();
        try
        {
            assertThrows(SecurityException.class, () -> access.read(stored.sequence(), "intruder", "s1", "10.9.9.9", false));
            final byte[] event = access.read(stored.sequence(), "compliance-1", "s2", "10.0.0.7", true);
            assertEquals(77, new UnsafeBuffer(event).getLong(OrderEvents.ORDER_ORDER_ID_OFFSET));
        }
        finally
        {
            driver.interrupt();
            driver.join();
        }
        final List<RecordView> reads = JournalSearch.search(live,
            new JournalQuery(null, null, Set.of(RecordKind.CONTROL_ACCESS), null, null, null, null), 10);
        assertEquals(List.of("intruder", "compliance-1"), reads.stream().map(RecordView::actor).toList(), "both attempts journaled");
        assertTrue(reads.get(0).detail().contains("refused") && reads.get(1).detail().contains("permitted"));
        assertNull(failure.get());
        journal.onClose();
    }

    @Test
    void shouldKeepOrderContentSealedAndOpenItOnlyWithItsOwnMetadata() throws Exception
    {
        final RecordView sealed = JournalSearch.search(dir, new JournalQuery(null, null, Set.of(RecordKind.ORDER_PATH_SEALED),
            null, "1005", null, null), 1).get(0);
        assertTrue(sealed.detail().contains("sealed"), sealed.detail());
        byte[] payload = null;
        byte[] other = null;
        try (JournalReader reader = new JournalReader(dir))
        {
            while (reader.next() == JournalReader.Status.RECORD)
            {
                if (reader.sequence() == sealed.sequence())
                {
                    payload = reader.payloadCopy();
                }
                else if (reader.kindCode() == RecordKind.ORDER_PATH_SEALED.code() && other == null)
                {
                    other = reader.payloadCopy();
                }
            }
        }
        assertNotNull(payload);
        final byte[] price = java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(1_500_000).array();
        final String text = new String(payload, StandardCharsets.ISO_8859_1);
        assertFalse(text.contains(new String(price, StandardCharsets.ISO_8859_1)), "the price is not on disk in clear");
        final byte[] clOrdId = java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN)
            .putLong(com.orderguard.orderpath.protocol.Ascii8.encode("C1005")).array();
        assertFalse(text.contains(new String(clOrdId, StandardCharsets.ISO_8859_1)), "nor the client order id");
        assertNull(sealed.clOrdId(), "a sealed record keeps no client order id in clear");
        final byte[] plain = SealedOrderRecord.open(payload, 0, payload.length, sealer);
        final UnsafeBuffer event = new UnsafeBuffer(plain);
        assertEquals(1_005, event.getLong(OrderEvents.ORDER_ORDER_ID_OFFSET));
        assertEquals(100, event.getLong(OrderEvents.ORDER_QUANTITY_OFFSET));
        // metadata moved onto another record's content: the AEAD refuses
        final byte[] swapped = other.clone();
        System.arraycopy(payload, 2, swapped, 2, SealedOrderRecord.METADATA_LENGTH);
        assertThrows(GeneralSecurityException.class, () -> SealedOrderRecord.open(swapped, 0, swapped.length, sealer));
    }

    @Test
    void shouldExportJsonLinesWhoseProofsAnyoneCanCheckWithThePublicKey() throws Exception
    {
        final StringWriter out = new StringWriter();
        final JournalExport.Summary summary = JournalExport.export(dir,
            new JournalQuery(null, null, Set.of(), null, null, "ACC2", null), out);
        final String[] lines = out.toString().split("\n");
        final JsonObject head = new JsonObject(lines[0]);
        assertEquals("checkpoint", head.getString("type"));
        final Checkpoint checkpoint = new Checkpoint(head.getLong("treeSize"), Base64.getDecoder().decode(head.getString("root")),
            head.getLong("epochNanos"), Base64.getDecoder().decode(head.getString("signature")));
        assertTrue(fixture.verifier.verify(checkpoint), "the export's root is signed by the journal key");
        assertEquals(summary.exported(), lines.length - 1);
        assertTrue(summary.exported() > 100, "records: " + summary.exported());
        assertTrue(summary.notYetCheckpointed() == 0, "every ACC2 order precedes the last checkpoint here");
        for (int i = 1; i < lines.length; i++)
        {
            assertEquals("ACC2", new JsonObject(lines[i]).getString("account"));
        }
        final ExportVerifier.Report report = ExportVerifier.verify(new java.io.BufferedReader(new java.io.StringReader(out.toString())),
            fixture.verifier);
        assertTrue(report.ok(), report.describe());
        assertEquals(summary.exported(), report.records());
        // One record's body changed: its line is named.
        final JsonObject tampered = new JsonObject(lines[3]);
        final byte[] body = Base64.getDecoder().decode(tampered.getString("body"));
        body[body.length - 1] ^= 1;
        lines[3] = tampered.put("body", Base64.getEncoder().encodeToString(body)).encode();
        final ExportVerifier.Report bad = ExportVerifier.verify(new java.io.BufferedReader(new java.io.StringReader(String.join("\n", lines))),
            fixture.verifier);
        assertFalse(bad.ok());
        assertTrue(bad.problem().startsWith("line 4"), bad.problem());
    }
}
