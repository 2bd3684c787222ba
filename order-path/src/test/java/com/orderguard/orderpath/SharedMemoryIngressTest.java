package com.orderguard.orderpath;

import com.orderguard.orderpath.protocol.Ascii8;
import com.orderguard.orderpath.protocol.ExecType;
import com.orderguard.orderpath.protocol.ExecutionReportCodec;
import com.orderguard.orderpath.protocol.OrdType;
import com.orderguard.orderpath.protocol.Side;
import com.orderguard.orderpath.shm.SharedMemoryProducer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A strategy on the same box trades through memory-mapped rings: orders in, reports back, the same
 * controls as over TCP; garbage in the ring is counted and skipped; the order-path thread allocates
 * nothing for it once warm.
 */
class SharedMemoryIngressTest
{
    @TempDir
    Path shmDir;

    private static final class Reports implements MessageHandler
    {
        int acks;
        int fills;
        int rejects;
        int lastReason;
        long lastClOrdId;
        final java.util.BitSet reasons = new java.util.BitSet();

        public void onMessage(final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length)
        {
            lastClOrdId = buffer.getLong(index + ExecutionReportCodec.CL_ORD_ID_OFFSET);
            switch (buffer.getByte(index + ExecutionReportCodec.EXEC_TYPE_OFFSET))
            {
                case ExecType.ACK -> acks++;
                case ExecType.FILL -> fills++;
                case ExecType.REJECT ->
                {
                    rejects++;
                    lastReason = buffer.getInt(index + ExecutionReportCodec.REJECT_REASON_OFFSET);
                    reasons.set(lastReason);
                }
                default -> { }
            }
        }
    }

    @Test
    void shouldTradeThroughMappedRingsWithTheSameControlsAndAllocateNothing() throws Exception
    {
        try (TestVenue venue = new TestVenue(true))
        {
            final Properties p = OrderPathFixture.properties(venue.port());
            p.setProperty("orderpath.idle", "yield"); // a shared 2-core box: no busy-spin in tests
            p.setProperty("orderpath.clients", "BROKER1,BROKER2,STRAT1");
            p.setProperty("orderpath.shm.dir", shmDir.toString());
            p.setProperty("orderpath.shm.producers", "STRAT1");
            p.setProperty("orderpath.shm.ringBytes", Integer.toString(1 << 16));
            final OrderPath orderPath = OrderPathFixture.startOpen(p);
            final Thread drainer = drainer(orderPath);
            try (SharedMemoryProducer producer = SharedMemoryProducer.open(shmDir, "STRAT1"))
            {
                assertEquals("rw-------", PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(shmDir.resolve("STRAT1.orders"))), "only the owner may trade through it");
                final Reports reports = new Reports();
                final long account = Ascii8.encode("ACC1");
                final long aapl = Ascii8.encode("AAPL");
                assertTrue(producer.offerNewOrder(1, account, aapl, Side.BUY, OrdType.LIMIT, 10, 1_000_000));
                awaitFinished(producer, reports, 1);
                assertEquals(1, reports.acks);
                assertEquals(1, reports.fills);

                assertTrue(producer.offerNewOrder(2, account, aapl, Side.BUY, OrdType.LIMIT,
                    OrderPathFixture.MAX_QUANTITY + 1, 1_000_000));
                awaitFinished(producer, reports, 2);
                assertEquals(RejectReason.MAX_QUANTITY, reports.lastReason);

                final UnsafeBuffer garbage = new UnsafeBuffer(new byte[40]);
                garbage.putInt(0, 12_345);
                assertTrue(producer.offerRaw(garbage, 0, 40));
                assertTrue(producer.offerNewOrder(3, account, aapl, Side.BUY, OrdType.LIMIT, 10, 1_000_000));
                awaitFinished(producer, reports, 3);
                assertEquals(2, reports.acks, "garbage in the ring is skipped, the next order served");

                final com.sun.management.ThreadMXBean threads =
                    (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
                threads.setThreadAllocatedMemoryEnabled(true);
                final long threadId = orderPathThreadId();
                // long enough for C2 to settle on a noisy shared box
                final long[] next = {trade(producer, reports, account, aapl, 10, 60_000)};
                SteadyStateAllocation.measure(threads, threadId,
                    () -> next[0] = trade(producer, reports, account, aapl, next[0], 10_000),
                    "bytes allocated by the order-path thread per window of 10,000 shared-memory orders");
            }
            finally
            {
                drainer.interrupt();
                drainer.join();
                orderPath.close();
            }
        }
    }

    @Test
    void shouldRunProducerToVenueToReportsThroughMappedRingsOnlyWithoutAllocating() throws Exception
    {
        final Properties p = new Properties();
        p.setProperty("orderpath.gateway.port", "0");
        p.setProperty("orderpath.idle", "yield");
        p.setProperty("orderpath.clients", "STRAT1");
        p.setProperty("orderpath.gateway.transit", "plain"); // no broker session here needs encrypting
        p.setProperty("orderpath.risk.maxOrderQuantity", "1000");
        p.setProperty("orderpath.risk.priceCollarBps", "500");
        p.setProperty("orderpath.venue.RING.transport", "shm");
        p.setProperty("orderpath.route.AAPL", "RING");
        p.setProperty("orderpath.shm.dir", shmDir.toString());
        p.setProperty("orderpath.shm.producers", "STRAT1");
        p.setProperty("orderpath.shm.ringBytes", Integer.toString(1 << 20));
        p.setProperty("orderpath.throttle.repeatedOrders.max", "0");
        p.setProperty("orderpath.dropCopy.ringBytes", Integer.toString(1 << 24));
        final OrderPath orderPath = new OrderPath(OrderPathConfig.from(p));
        orderPath.start();
        final Thread drainer = drainer(orderPath);
        try (SharedMemoryProducer producer = SharedMemoryProducer.open(shmDir, "STRAT1");
            com.orderguard.orderpath.shm.SharedMemoryVenue venue =
                com.orderguard.orderpath.shm.SharedMemoryVenue.open(shmDir, "RING"))
        {
            assertEquals(1, orderPath.metrics().venuesUp(), "a ring venue is up from the start");
            assertTrue(orderPath.open());
            assertTrue(orderPath.awaitCommandApplied(orderPath.lastCommandSeq(), 5_000));
            final long account = Ascii8.encode("ACC1");
            final long aapl = Ascii8.encode("AAPL");
            assertTrue(venue.reference(aapl, 1_000_000));
            final Reports reports = new Reports();
            final long[] orderId = new long[1];
            final org.agrona.concurrent.ControlledMessageHandler fillEverything = (type, buffer, index, length) ->
            {
                if (!venue.hasRoom(2))
                {
                    return org.agrona.concurrent.ControlledMessageHandler.Action.ABORT; // the order path reads, then us
                }
                if (com.orderguard.orderpath.protocol.MessageType.NEW_ORDER == type)
                {
                    final long id = buffer.getLong(index + com.orderguard.orderpath.protocol.NewOrderCodec.CL_ORD_ID_OFFSET);
                    orderId[0] = id;
                    venue.ack(id, id);
                    venue.fill(id, id, buffer.getLong(index + com.orderguard.orderpath.protocol.NewOrderCodec.QUANTITY_OFFSET),
                        buffer.getLong(index + com.orderguard.orderpath.protocol.NewOrderCodec.PRICE_OFFSET));
                }
                return org.agrona.concurrent.ControlledMessageHandler.Action.CONTINUE;
            };
            // the reference price arrives through the ring before the first order is judged
            final long deadline = System.nanoTime() + 5_000_000_000L;
            int expected = 0;
            long clOrdId = 1;
            while (reports.acks == 0)
            {
                assertTrue(System.nanoTime() < deadline, "first order through the rings");
                assertTrue(producer.offerNewOrder(clOrdId++, account, aapl, Side.BUY, OrdType.LIMIT, 10, 1_000_000));
                expected++;
                final long until = System.nanoTime() + 50_000_000L;
                while (reports.acks + reports.fills + reports.rejects < expected && System.nanoTime() < until)
                {
                    venue.controlledPollOrders(fillEverything, 10);
                    producer.pollReports(reports, 10);
                }
                expected = reports.acks + reports.fills + reports.rejects;
            }
            final com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
            threads.setThreadAllocatedMemoryEnabled(true);
            final long threadId = orderPathThreadId();
            final long[] next = {clOrdId, reports.acks + reports.rejects}; // the next ClOrdID, orders sent
            reports.reasons.clear(); // orders sent before the reference price arrived were refused NO_REFERENCE_PRICE
            final SteadyStateAllocation.Window tenThousandOrders = () ->
            {
                final long windowDeadline = System.nanoTime() + 20_000_000_000L;
                for (int i = 0; i < 10_000; i++)
                {
                    while (!producer.offerNewOrder(next[0], account, aapl, Side.BUY, OrdType.LIMIT, 10, 1_000_000))
                    {
                        venue.controlledPollOrders(fillEverything, 100);
                        producer.pollReports(reports, 100);
                    }
                    next[0]++;
                    next[1]++;
                    venue.controlledPollOrders(fillEverything, 100);
                    producer.pollReports(reports, 100);
                }
                while (reports.acks + reports.rejects < next[1] || reports.fills < reports.acks)
                {
                    assertTrue(System.nanoTime() < windowDeadline, "reports: acks " + reports.acks + " fills " +
                        reports.fills + " rejects " + reports.rejects + " (" + RejectReason.name(reports.lastReason) +
                        ") sent " + next[1] + ", accepted " + orderPath.metrics().accepted() + ", venue pending " +
                        venue.pendingOrderBytes() + ", unknown venue reports " + orderPath.metrics().unknownVenueReports() +
                        ", lost " + orderPath.metrics().dropCopyLost());
                    venue.controlledPollOrders(fillEverything, 100);
                    producer.pollReports(reports, 100);
                }
            };
            tenThousandOrders.run(); // warm-up: the ring venue's path is new to the JIT here
            SteadyStateAllocation.measure(threads, threadId, tenThousandOrders,
                "bytes allocated by the order-path thread per 10,000 orders ring to ring");
            reports.reasons.clear(RejectReason.VENUE_DOWN);     // the venue (this thread) fell behind: fail closed
            reports.reasons.clear(RejectReason.DROP_COPY_FULL); // the drainer fell behind on a loaded box: fail closed
            assertTrue(reports.reasons.isEmpty(), "no other reject: " + reports.reasons);
        }
        finally
        {
            drainer.interrupt();
            drainer.join();
            orderPath.close();
        }
    }

    @Test
    void shouldGiveUpARingWithAHostileRecordHeaderAndKeepServingEveryOtherRingAndVenue() throws Exception
    {
        final OrderPath orderPath = new OrderPath(OrderPathConfig.from(twoStrategiesAndARingVenue(
            "orderpath.venue.OTHER.transport=shm", "orderpath.route.MSFT=OTHER")));
        orderPath.start();
        final java.util.Queue<String> events = new java.util.concurrent.ConcurrentLinkedQueue<>();
        final Thread drainer = drainer(orderPath, events);
        try (SharedMemoryProducer strat1 = SharedMemoryProducer.open(shmDir, "STRAT1");
            SharedMemoryProducer strat2 = SharedMemoryProducer.open(shmDir, "STRAT2");
            com.orderguard.orderpath.shm.SharedMemoryVenue ring =
                com.orderguard.orderpath.shm.SharedMemoryVenue.open(shmDir, "RING");
            com.orderguard.orderpath.shm.SharedMemoryVenue other =
                com.orderguard.orderpath.shm.SharedMemoryVenue.open(shmDir, "OTHER");
            com.orderguard.orderpath.shm.MappedRing raw =
                com.orderguard.orderpath.shm.MappedRing.open(shmDir.resolve("STRAT1.orders")))
        {
            assertTrue(orderPath.open());
            assertTrue(orderPath.awaitCommandApplied(orderPath.lastCommandSeq(), 5_000));
            final long account = Ascii8.encode("ACC1");
            final long aapl = Ascii8.encode("AAPL");
            final long msft = Ascii8.encode("MSFT");
            assertTrue(ring.reference(aapl, 1_000_000));
            assertTrue(other.reference(msft, 1_000_000));
            final boolean[] fill = {false};
            final int[] cancels = {0};
            final org.agrona.concurrent.ControlledMessageHandler ackAndFill = (type, buffer, index, length) ->
            {
                if (com.orderguard.orderpath.protocol.MessageType.NEW_ORDER == type)
                {
                    final long id = buffer.getLong(index + com.orderguard.orderpath.protocol.NewOrderCodec.CL_ORD_ID_OFFSET);
                    final long symbol = buffer.getLong(index + com.orderguard.orderpath.protocol.NewOrderCodec.SYMBOL_OFFSET);
                    final com.orderguard.orderpath.shm.SharedMemoryVenue venue = symbol == aapl ? ring : other;
                    venue.ack(id, id);
                    if (fill[0])
                    {
                        venue.fill(id, id, 10, 1_000_000);
                    }
                }
                else if (com.orderguard.orderpath.protocol.MessageType.CANCEL == type)
                {
                    cancels[0]++;
                }
                return org.agrona.concurrent.ControlledMessageHandler.Action.CONTINUE;
            };

            // STRAT1 has an order resting at RING.
            final Reports strat1Reports = new Reports();
            assertTrue(strat1.offerNewOrder(100, account, aapl, Side.BUY, OrdType.LIMIT, 10, 1_000_000));
            final long restingBy = System.nanoTime() + 10_000_000_000L;
            while (strat1Reports.acks < 1)
            {
                assertTrue(System.nanoTime() < restingBy, "STRAT1's order acked: rejects " + strat1Reports.rejects + " (" +
                    RejectReason.name(strat1Reports.lastReason) + ")");
                ring.controlledPollOrders(ackAndFill, 10);
                strat1.pollReports(strat1Reports, 10);
                Thread.yield();
            }
            fill[0] = true;

            // A hostile header straight into STRAT1's mapped order ring: a length whose alignment overflows.
            final org.agrona.concurrent.AtomicBuffer b = raw.ring().buffer();
            final int capacity = raw.ring().capacity();
            final long head = b.getLongVolatile(capacity + org.agrona.concurrent.ringbuffer.RingBufferDescriptor.HEAD_POSITION_OFFSET);
            final int at = (int)head & (capacity - 1);
            b.putInt(at + 4, com.orderguard.orderpath.protocol.MessageType.NEW_ORDER);
            b.putInt(at, 0x7FFF_FFF9);
            b.putLongVolatile(capacity + org.agrona.concurrent.ringbuffer.RingBufferDescriptor.TAIL_POSITION_OFFSET, head + 64);
            awaitTrue(() -> 1 == orderPath.metrics().peerRingsCorrupt(), "the hostile ring is noticed");

            // STRAT2 trades on, to both venues, through the same thread.
            final Reports reports = new Reports();
            long clOrdId = 1;
            for (int i = 0; i < 50; i++)
            {
                assertTrue(strat2.offerNewOrder(clOrdId++, account, 0 == i % 2 ? aapl : msft, Side.BUY, OrdType.LIMIT, 10,
                    1_000_000));
            }
            final long deadline = System.nanoTime() + 10_000_000_000L;
            while (reports.fills < 50)
            {
                assertTrue(System.nanoTime() < deadline, "STRAT2 served after STRAT1's ring went bad: fills " + reports.fills +
                    " rejects " + reports.rejects + " (" + RejectReason.name(reports.lastReason) + ")");
                ring.controlledPollOrders(ackAndFill, 10);
                other.controlledPollOrders(ackAndFill, 10);
                strat2.pollReports(reports, 10);
                Thread.yield();
            }
            awaitTrue(() -> events.stream().anyMatch(e -> e.startsWith("SESSION_CLOSED") && e.contains("client=STRAT1") &&
                e.contains("reason=MALFORMED_FRAME")), "the loss of STRAT1's ring is in the drop copy: " + events);
            assertEquals(1, cancels[0], "STRAT1's resting order is cancelled, as on a disconnect");

            // A venue gateway that publishes a tail beyond its ring: that venue goes down, the other stays.
            try (com.orderguard.orderpath.shm.MappedRing venueRaw =
                com.orderguard.orderpath.shm.MappedRing.open(shmDir.resolve("venue-RING.reports")))
            {
                venueRaw.ring().buffer().putLongVolatile(venueRaw.ring().capacity() +
                    org.agrona.concurrent.ringbuffer.RingBufferDescriptor.TAIL_POSITION_OFFSET, Long.MAX_VALUE);
            }
            awaitTrue(() -> 2 == orderPath.metrics().peerRingsCorrupt(), "the hostile venue ring is noticed");
            awaitTrue(() -> 1 == orderPath.metrics().venuesUp(), "only the hostile venue is down");
            awaitTrue(() -> events.stream().anyMatch(e -> e.startsWith("VENUE_DISCONNECTED") && e.contains("RING") &&
                e.contains("MALFORMED_FRAME")), "the venue's loss is in the drop copy: " + events);
            final int fillsBefore = reports.fills;
            assertTrue(strat2.offerNewOrder(clOrdId++, account, msft, Side.BUY, OrdType.LIMIT, 10, 1_000_000));
            assertTrue(strat2.offerNewOrder(clOrdId++, account, aapl, Side.BUY, OrdType.LIMIT, 10, 1_000_000));
            while (reports.fills < fillsBefore + 1 || reports.rejects < 1)
            {
                assertTrue(System.nanoTime() < deadline + 10_000_000_000L, "fills " + reports.fills + " rejects " +
                    reports.rejects);
                other.controlledPollOrders(ackAndFill, 10);
                strat2.pollReports(reports, 10);
                Thread.yield();
            }
            assertEquals(RejectReason.VENUE_DOWN, reports.lastReason, "orders for the lost venue are refused");
        }
        finally
        {
            drainer.interrupt();
            drainer.join();
            orderPath.close();
        }
    }

    @Test
    void shouldRefuseAProducerThatTriesToCutItsSealedRingShortAndKeepServingIt() throws Exception
    {
        final OrderPath orderPath = new OrderPath(OrderPathConfig.from(twoStrategiesAndARingVenue()));
        orderPath.start();
        final Thread drainer = drainer(orderPath);
        try (SharedMemoryProducer strat1 = SharedMemoryProducer.open(shmDir, "STRAT1");
            com.orderguard.orderpath.shm.SharedMemoryVenue venue =
                com.orderguard.orderpath.shm.SharedMemoryVenue.open(shmDir, "RING"))
        {
            assertTrue(orderPath.open());
            assertTrue(orderPath.awaitCommandApplied(orderPath.lastCommandSeq(), 5_000));
            final long aapl = Ascii8.encode("AAPL");
            assertTrue(venue.reference(aapl, 1_000_000));
            for (final String ring : new String[] {"STRAT1.orders", "STRAT1.reports", "venue-RING.orders", "venue-RING.reports"})
            {
                final Path path = shmDir.resolve(ring);
                assertTrue(Files.isSymbolicLink(path), ring + " links to the appliance's sealed memory");
                final long bytes = Files.size(path);
                try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(path.toFile(), "rw"))
                {
                    final java.io.IOException cut = assertThrows(java.io.IOException.class, () -> file.setLength(0));
                    assertTrue(String.valueOf(cut.getMessage()).contains("not permitted"), "EPERM: " + cut);
                    assertThrows(java.io.IOException.class, () -> file.setLength(bytes * 2), "nor grown");
                }
                assertEquals(bytes, Files.size(path));
            }

            final Reports reports = new Reports();
            final org.agrona.concurrent.ControlledMessageHandler ackAndFill = ackAndFill(venue);
            assertTrue(strat1.offerNewOrder(1, Ascii8.encode("ACC1"), aapl, Side.BUY, OrdType.LIMIT, 10, 1_000_000));
            final long deadline = System.nanoTime() + 10_000_000_000L;
            while (reports.fills < 1)
            {
                assertTrue(System.nanoTime() < deadline, "STRAT1 still served: rejects " + reports.rejects + " (" +
                    RejectReason.name(reports.lastReason) + ")");
                venue.controlledPollOrders(ackAndFill, 10);
                strat1.pollReports(reports, 10);
                Thread.yield();
            }
            assertEquals(0, orderPath.metrics().peerRingsCorrupt());
        }
        finally
        {
            drainer.interrupt();
            drainer.join();
            orderPath.close();
        }
        assertFalse(Files.exists(shmDir.resolve("STRAT1.orders"), java.nio.file.LinkOption.NOFOLLOW_LINKS),
            "the links go with the order path");
    }

    @Test
    void shouldDropTheReportsOfAProducerThatDoesNotReadThemAndDisconnectItWithoutStallingTheVenueForOthers()
        throws Exception
    {
        final OrderPath orderPath = new OrderPath(OrderPathConfig.from(twoStrategiesAndARingVenue(
            "orderpath.dropCopy.ringBytes=" + (1 << 24))));
        orderPath.start();
        final java.util.Queue<String> events = new java.util.concurrent.ConcurrentLinkedQueue<>();
        final Thread drainer = drainer(orderPath, events);
        try (SharedMemoryProducer deaf = SharedMemoryProducer.open(shmDir, "STRAT1");
            SharedMemoryProducer strat2 = SharedMemoryProducer.open(shmDir, "STRAT2");
            com.orderguard.orderpath.shm.SharedMemoryVenue venue =
                com.orderguard.orderpath.shm.SharedMemoryVenue.open(shmDir, "RING"))
        {
            assertTrue(orderPath.open());
            assertTrue(orderPath.awaitCommandApplied(orderPath.lastCommandSeq(), 5_000));
            final long account = Ascii8.encode("ACC1");
            final long aapl = Ascii8.encode("AAPL");
            assertTrue(venue.reference(aapl, 1_000_000));
            final org.agrona.concurrent.ControlledMessageHandler ackAndFill = (type, buffer, index, length) ->
            {
                if (!venue.hasRoom(2))
                {
                    return org.agrona.concurrent.ControlledMessageHandler.Action.ABORT;
                }
                if (com.orderguard.orderpath.protocol.MessageType.NEW_ORDER == type)
                {
                    final long id = buffer.getLong(index + com.orderguard.orderpath.protocol.NewOrderCodec.CL_ORD_ID_OFFSET);
                    venue.ack(id, id);
                    venue.fill(id, id, 10, 1_000_000);
                }
                return org.agrona.concurrent.ControlledMessageHandler.Action.CONTINUE;
            };

            // STRAT1 sends and never reads a report: two per order overflow its 64 KB report ring.
            long deafClOrdId = 1;
            while (deaf.offerNewOrder(deafClOrdId, account, aapl, Side.BUY, OrdType.LIMIT, 10, 1_000_000))
            {
                deafClOrdId++;
            }
            final Reports reports = new Reports();
            long clOrdId = 1;
            final long deadline = System.nanoTime() + 20_000_000_000L;
            while (reports.fills < 2_000)
            {
                assertTrue(System.nanoTime() < deadline, "STRAT2 keeps trading while STRAT1 reads nothing: fills " +
                    reports.fills + ", rejects " + reports.rejects + " (" + RejectReason.name(reports.lastReason) +
                    "), STRAT1 sent " + deafClOrdId + ", dropped " + orderPath.metrics().reportsDropped());
                if (clOrdId - reports.fills - reports.rejects < 50)
                {
                    assertTrue(strat2.offerNewOrder(clOrdId++, account, aapl, Side.BUY, OrdType.LIMIT, 10, 1_000_000));
                }
                venue.controlledPollOrders(ackAndFill, 10);
                strat2.pollReports(reports, 10);
            }
            assertTrue(orderPath.metrics().reportsDropped() > 0, "STRAT1's reports were dropped and counted");
            awaitTrue(() -> events.stream().anyMatch(e -> e.startsWith("SESSION_CLOSED") && e.contains("client=STRAT1") &&
                e.contains("reason=SLOW_CONSUMER")), "STRAT1 disconnected as a slow consumer: " + events);
            reports.reasons.clear(RejectReason.VENUE_DOWN); // the venue (this thread) fell behind STRAT1's flood: fail closed
            assertTrue(reports.reasons.isEmpty(), "STRAT2 refused for nothing else: " + reports.reasons);
        }
        finally
        {
            drainer.interrupt();
            drainer.join();
            orderPath.close();
        }
    }

    /** STRAT1 and STRAT2 trading through 64 KB rings, AAPL routed to venue RING, a ring too; then {@code key=value}s. */
    private Properties twoStrategiesAndARingVenue(final String... settings)
    {
        final Properties p = new Properties();
        p.setProperty("orderpath.gateway.port", "0");
        p.setProperty("orderpath.gateway.transit", "plain"); // no broker session here needs encrypting
        p.setProperty("orderpath.idle", "yield");
        p.setProperty("orderpath.clients", "STRAT1,STRAT2");
        p.setProperty("orderpath.risk.maxOrderQuantity", "1000");
        p.setProperty("orderpath.venue.RING.transport", "shm");
        p.setProperty("orderpath.route.AAPL", "RING");
        p.setProperty("orderpath.shm.dir", shmDir.toString());
        p.setProperty("orderpath.shm.producers", "STRAT1,STRAT2");
        p.setProperty("orderpath.shm.ringBytes", Integer.toString(1 << 16));
        p.setProperty("orderpath.throttle.repeatedOrders.max", "0");
        return OrderPathFixture.with(p, settings);
    }

    /** A ring venue that acknowledges and fills every new order in full at 100.0000. */
    private static org.agrona.concurrent.ControlledMessageHandler ackAndFill(
        final com.orderguard.orderpath.shm.SharedMemoryVenue venue)
    {
        return (type, buffer, index, length) ->
        {
            if (com.orderguard.orderpath.protocol.MessageType.NEW_ORDER == type)
            {
                final long id = buffer.getLong(index + com.orderguard.orderpath.protocol.NewOrderCodec.CL_ORD_ID_OFFSET);
                venue.ack(id, id);
                venue.fill(id, id, 10, 1_000_000);
            }
            return org.agrona.concurrent.ControlledMessageHandler.Action.CONTINUE;
        };
    }

    private static void awaitTrue(final java.util.function.BooleanSupplier condition, final String what)
        throws InterruptedException
    {
        final long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean())
        {
            assertTrue(System.nanoTime() < deadline, what);
            Thread.sleep(1);
        }
    }

    private static Thread drainer(final OrderPath orderPath, final java.util.Queue<String> events)
    {
        final Thread thread = new Thread(() ->
        {
            while (!Thread.currentThread().isInterrupted())
            {
                if (0 == orderPath.pollDropCopy((type, buffer, index, length) ->
                    events.add(OrderEvents.describe(type, buffer, index, length)), 256))
                {
                    Thread.yield();
                }
            }
        }, "drop-copy-drainer");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /**
     * Sends {@code orders} orders from {@code firstClOrdId} on, at most 50 unfinished at a time, and
     * waits until each has finished (a FILL or, under load from the drop copy or the venue, a REJECT).
     * Returns the next free ClOrdID.
     */
    private static long trade(
        final SharedMemoryProducer producer,
        final Reports reports,
        final long account,
        final long symbol,
        final long firstClOrdId,
        final int orders)
    {
        long clOrdId = firstClOrdId;
        int expected = reports.fills + reports.rejects;
        for (int i = 0; i < orders; i++)
        {
            while (!producer.offerNewOrder(clOrdId++, account, symbol, Side.BUY, OrdType.LIMIT, 10, 1_000_000))
            {
                producer.pollReports(reports, 100);
            }
            expected++;
            if (0 == i % 50)
            {
                awaitFinished(producer, reports, expected);
            }
        }
        awaitFinished(producer, reports, expected);
        return clOrdId;
    }

    /** Waits until {@code orders} orders have finished: filled, or rejected. */
    private static void awaitFinished(final SharedMemoryProducer producer, final Reports reports, final int orders)
    {
        final long deadline = System.nanoTime() + 10_000_000_000L;
        while (reports.fills + reports.rejects < orders)
        {
            if (0 == producer.pollReports(reports, 100))
            {
                assertTrue(System.nanoTime() < deadline, "orders finished: " + (reports.fills + reports.rejects) +
                    " of " + orders + ", rejects " + reports.reasons);
                Thread.yield();
            }
        }
    }

    private static Thread drainer(final OrderPath orderPath)
    {
        final Thread thread = new Thread(() ->
        {
            while (!Thread.currentThread().isInterrupted())
            {
                if (0 == orderPath.pollDropCopy((type, buffer, index, length) -> { }, 256))
                {
                    Thread.yield();
                }
            }
        }, "drop-copy-drainer");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static long orderPathThreadId()
    {
        for (final Thread thread : Thread.getAllStackTraces().keySet())
        {
            if (OrderPathAgent.ROLE_NAME.equals(thread.getName()))
            {
                return thread.getId();
            }
        }
        throw new IllegalStateException("no order-path thread");
    }
}
