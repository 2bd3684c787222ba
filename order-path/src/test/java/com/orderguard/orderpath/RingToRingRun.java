package com.orderguard.orderpath;

import com.orderguard.orderpath.protocol.Ascii8;
import com.orderguard.orderpath.protocol.MessageType;
import com.orderguard.orderpath.protocol.NewOrderCodec;
import com.orderguard.orderpath.protocol.OrdType;
import com.orderguard.orderpath.protocol.Side;
import com.orderguard.orderpath.shm.SharedMemoryProducer;
import com.orderguard.orderpath.shm.SharedMemoryVenue;
import org.agrona.concurrent.ControlledMessageHandler;
import org.agrona.concurrent.MessageHandler;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * {@code RingToRingRun SECONDS [idle]}: the order path between a shared-memory producer and a
 * shared-memory venue, both driven by this process's main thread, for {@code SECONDS}; prints
 * {@code ORDER_PATH_TID <tid>} once running and {@code ORDERS <n>} at the end. bin/count-syscalls
 * straces the order-path thread meanwhile to count its system calls per order.
 */
public final class RingToRingRun
{
    private RingToRingRun()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final long seconds = Long.parseLong(args[0]);
        final Path dir = Files.createTempDirectory(Path.of("/dev/shm"), "orderguard-");
        final Properties p = new Properties();
        p.setProperty("orderpath.gateway.port", "0");
        p.setProperty("orderpath.idle", args.length > 1 ? args[1] : "busy-spin");
        p.setProperty("orderpath.clients", "STRAT1");
        p.setProperty("orderpath.gateway.transit", "plain"); // no broker session here needs encrypting
        p.setProperty("orderpath.risk.maxOrderQuantity", "1000");
        p.setProperty("orderpath.risk.priceCollarBps", "500");
        p.setProperty("orderpath.venue.RING.transport", "shm");
        p.setProperty("orderpath.route.AAPL", "RING");
        p.setProperty("orderpath.shm.dir", dir.toString());
        p.setProperty("orderpath.shm.producers", "STRAT1");
        p.setProperty("orderpath.throttle.messagesPerSecond", "100000000");
        p.setProperty("orderpath.throttle.burst", "100000000");
        p.setProperty("orderpath.throttle.repeatedOrders.max", "0");
        p.setProperty("orderpath.dropCopy.ringBytes", Integer.toString(1 << 24));
        try (OrderPath orderPath = new OrderPath(OrderPathConfig.from(p));
            SharedMemoryProducer producer = openProducer(orderPath, dir);
            SharedMemoryVenue venue = SharedMemoryVenue.open(dir, "RING"))
        {
            orderPath.open();
            orderPath.awaitCommandApplied(orderPath.lastCommandSeq(), 5_000);
            final long aapl = Ascii8.encode("AAPL");
            final long account = Ascii8.encode("ACC1");
            venue.reference(aapl, 1_000_000);
            final MessageHandler discard = (type, buffer, index, length) -> { };
            final ControlledMessageHandler fill = (type, buffer, index, length) ->
            {
                if (!venue.hasRoom(2))
                {
                    return ControlledMessageHandler.Action.ABORT;
                }
                if (MessageType.NEW_ORDER == type)
                {
                    final long id = buffer.getLong(index + NewOrderCodec.CL_ORD_ID_OFFSET);
                    venue.ack(id, id);
                    venue.fill(id, id, buffer.getLong(index + NewOrderCodec.QUANTITY_OFFSET), 1_000_000);
                }
                return ControlledMessageHandler.Action.CONTINUE;
            };
            System.out.println("ORDER_PATH_TID " + orderPathTid());
            System.out.flush();
            final long end = System.nanoTime() + seconds * 1_000_000_000L;
            long clOrdId = 1;
            while (System.nanoTime() < end)
            {
                for (int i = 0; i < 32; i++)
                {
                    if (producer.offerNewOrder(clOrdId, account, aapl, Side.BUY, OrdType.LIMIT, 10, 1_000_000))
                    {
                        clOrdId++;
                    }
                }
                venue.controlledPollOrders(fill, 64);
                producer.pollReports(discard, 256);
                orderPath.pollDropCopy(discard, 1024);
            }
            System.out.println("ORDERS " + orderPath.metrics().accepted() + " REJECTED_DROP_COPY_FULL " +
                orderPath.metrics().rejected(RejectReason.DROP_COPY_FULL) + " VENUE_DOWN " +
                orderPath.metrics().rejected(RejectReason.VENUE_DOWN) + " NO_REFERENCE " +
                orderPath.metrics().rejected(RejectReason.NO_REFERENCE_PRICE));
        }
        finally
        {
            try (var files = Files.list(dir))
            {
                files.forEach(f -> f.toFile().delete());
            }
            Files.deleteIfExists(dir);
        }
    }

    private static SharedMemoryProducer openProducer(final OrderPath orderPath, final Path dir)
    {
        orderPath.start();
        return SharedMemoryProducer.open(dir, "STRAT1");
    }

    /** The kernel thread id of the order-path thread, from /proc (Linux). */
    private static String orderPathTid() throws Exception
    {
        try (var tasks = Files.list(Path.of("/proc/self/task")))
        {
            for (final Path task : (Iterable<Path>)tasks::iterator)
            {
                if (OrderPathAgent.ROLE_NAME.equals(Files.readString(task.resolve("comm")).trim()))
                {
                    return task.getFileName().toString();
                }
            }
        }
        return "unknown";
    }
}
