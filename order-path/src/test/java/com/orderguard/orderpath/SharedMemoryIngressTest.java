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
                awaitReports(producer, reports, 2);
                assertEquals(1, reports.acks);
                assertEquals(1, reports.fills);

                assertTrue(producer.offerNewOrder(2, account, aapl, Side.BUY, OrdType.LIMIT,
                    OrderPathFixture.MAX_QUANTITY + 1, 1_000_000));
                awaitReports(producer, reports, 3);
                assertEquals(RejectReason.MAX_QUANTITY, reports.lastReason);

                final UnsafeBuffer garbage = new UnsafeBuffer(new byte[40]);
                garbage.putInt(0, 12_345);
                assertTrue(producer.offerRaw(garbage, 0, 40));
                assertTrue(producer.offerNewOrder(3, account, aapl, Side.BUY, OrdType.LIMIT, 10, 1_000_000));
                awaitReports(producer, reports, 5);
                assertEquals(2, reports.acks, "garbage in the ring is skipped, the next order served");

                final com.sun.management.ThreadMXBean threads =
                    (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
                threads.setThreadAllocatedMemoryEnabled(true);
                final long threadId = orderPathThreadId();
                long clOrdId = 10;
                int expected = 5;
                for (int i = 0; i < 20_000; i++)
                {
                    while (!producer.offerNewOrder(clOrdId++, account, aapl, Side.BUY, OrdType.LIMIT, 10, 1_000_000))
                    {
                        producer.pollReports(reports, 100);
                    }
                    expected += 2;
                    if (0 == i % 50)
                    {
                        awaitReports(producer, reports, expected);
                    }
                }
                awaitReports(producer, reports, expected);
                final long before = threads.getThreadAllocatedBytes(threadId);
                for (int i = 0; i < 10_000; i++)
                {
                    while (!producer.offerNewOrder(clOrdId++, account, aapl, Side.BUY, OrdType.LIMIT, 10, 1_000_000))
                    {
                        producer.pollReports(reports, 100);
                    }
                    expected += 2;
                    if (0 == i % 50)
                    {
                        awaitReports(producer, reports, expected);
                    }
                }
                awaitReports(producer, reports, expected);
                assertEquals(0, threads.getThreadAllocatedBytes(threadId) - before,
                    "bytes allocated by the order-path thread for 10,000 shared-memory orders");
            }
            finally
            {
                drainer.interrupt();
                drainer.join();
                orderPath.close();
            }
        }
    }

    private static void awaitReports(final SharedMemoryProducer producer, final Reports reports, final int total)
    {
        final long deadline = System.nanoTime() + 10_000_000_000L;
        while (reports.acks + reports.fills + reports.rejects < total)
        {
            if (0 == producer.pollReports(reports, 100))
            {
                assertTrue(System.nanoTime() < deadline, "reports: " + (reports.acks + reports.fills + reports.rejects) +
                    " of " + total);
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
