package com.orderguard.orderpath;

import com.orderguard.orderpath.protocol.ExecType;
import com.orderguard.orderpath.protocol.Frame;
import com.orderguard.orderpath.protocol.LogonCodec;
import com.orderguard.orderpath.protocol.MessageType;
import com.orderguard.orderpath.protocol.NewOrderCodec;
import net.openhft.chronicle.bytes.BytesStore;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A blocking venue for order-path tests: accepts the appliance's session, acks every order and
 * (unless ack-only) fills it in full at its limit price. Serves one connection at a time and
 * accepts the next after a disconnect, so reconnection can be tested.
 */
final class TestVenue implements AutoCloseable
{
    /** Orders for this symbol are only acked, even when filling: they rest until cancelled or replaced. */
    static final long RESTING = com.orderguard.orderpath.protocol.Ascii8.encode("RESTING");

    private final ServerSocket server;
    private final boolean fill;
    private final Thread thread;
    private final AtomicLong ordersReceived = new AtomicLong();
    private volatile Socket current;
    private volatile OutputStream currentOut;
    private final AtomicLong cancelsReceived = new AtomicLong();
    private final AtomicLong replacesReceived = new AtomicLong();
    private final java.util.Map<String, Long> references = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile boolean running = true;

    private final boolean heartbeats;

    TestVenue(final boolean fill) throws IOException
    {
        this(fill, true);
    }

    /** @param heartbeats false for a venue that goes silent (to test the order path's venue timeout). */
    TestVenue(final boolean fill, final boolean heartbeats) throws IOException
    {
        this.fill = fill;
        this.heartbeats = heartbeats;
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        thread = new Thread(this::run, "test-venue");
        thread.setDaemon(true);
        thread.start();
        final Thread heartbeat = new Thread(this::heartbeat, "test-venue-heartbeat");
        heartbeat.setDaemon(true);
        heartbeat.start();
    }

    int port()
    {
        return server.getLocalPort();
    }

    InetSocketAddress address()
    {
        return (InetSocketAddress)server.getLocalSocketAddress();
    }

    long ordersReceived()
    {
        return ordersReceived.get();
    }

    long cancelsReceived()
    {
        return cancelsReceived.get();
    }

    long replacesReceived()
    {
        return replacesReceived.get();
    }

    /** Publishes a reference price now (if a session is up) and on every later logon. */
    void reference(final String symbol, final long priceE4) throws IOException
    {
        references.put(symbol, priceE4);
        final OutputStream out = currentOut;
        if (null != out)
        {
            synchronized (out)
            {
                out.write(TestFrames.referencePrice(symbol, priceE4));
                out.flush();
            }
        }
    }

    /** Drops the current session, as a venue failure would. */
    void dropSession() throws IOException
    {
        final Socket socket = current;
        if (null != socket)
        {
            socket.close();
        }
    }

    /** Heartbeats every 200 ms, so the order path's venue timeout never fires in a test that idles. */
    private void heartbeat()
    {
        final byte[] frame = new byte[com.orderguard.orderpath.protocol.HeartbeatCodec.LENGTH];
        com.orderguard.orderpath.protocol.HeartbeatCodec.encode(TestFrames.store(frame), 0);
        while (running)
        {
            try
            {
                Thread.sleep(200);
                final OutputStream out = currentOut;
                if (null != out && heartbeats)
                {
                    synchronized (out)
                    {
                        out.write(frame);
                        out.flush();
                    }
                }
            }
            catch (final InterruptedException ex)
            {
                return;
            }
            catch (final IOException ex)
            {
                // the session is gone; the next one gets heartbeats
            }
        }
    }

    private void run()
    {
        final byte[] frame = new byte[Frame.MAX_FRAME_LENGTH];
        final BytesStore<?, byte[]> store = TestFrames.store(frame);
        final NewOrderCodec order = new NewOrderCodec();
        final LogonCodec logon = new LogonCodec();
        long venueOrderId = 1_000_000;
        while (running)
        {
            try (Socket socket = server.accept())
            {
                current = socket;
                socket.setTcpNoDelay(true);
                final DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
                final OutputStream out = new BufferedOutputStream(socket.getOutputStream());
                currentOut = out;
                while (running)
                {
                    TestFrames.readFrame(in, frame);
                    final int type = Frame.messageType(store, 0);
                    synchronized (out)
                    {
                    if (MessageType.LOGON == type)
                    {
                        out.write(TestFrames.logonAck(logon.wrap(store, 0).clientId()));
                        for (final java.util.Map.Entry<String, Long> e : references.entrySet())
                        {
                            out.write(TestFrames.referencePrice(e.getKey(), e.getValue()));
                        }
                    }
                    else if (MessageType.CANCEL == type)
                    {
                        cancelsReceived.incrementAndGet();
                        final long orderId = store.readLong(com.orderguard.orderpath.protocol.CancelCodec.ORIG_CL_ORD_ID_OFFSET);
                        out.write(TestFrames.executionReport(orderId, 0, ExecType.CANCELED, 0, 0));
                    }
                    else if (MessageType.REPLACE == type)
                    {
                        replacesReceived.incrementAndGet();
                        final com.orderguard.orderpath.protocol.ReplaceCodec replace =
                            new com.orderguard.orderpath.protocol.ReplaceCodec().wrap(store, 0);
                        out.write(TestFrames.executionReport(replace.origClOrdId(), 0, ExecType.REPLACED,
                            replace.quantity(), replace.priceE4()));
                    }
                    else if (MessageType.NEW_ORDER == type)
                    {
                        order.wrap(store, 0);
                        ordersReceived.incrementAndGet();
                        venueOrderId++;
                        out.write(TestFrames.executionReport(order.clOrdId(), venueOrderId, ExecType.ACK, 0, 0));
                        if (fill && RESTING != order.symbol())
                        {
                            out.write(TestFrames.executionReport(
                                order.clOrdId(), venueOrderId, ExecType.FILL, order.quantity(), order.priceE4()));
                        }
                    }
                    if (0 == in.available())
                    {
                        out.flush();
                    }
                    }
                }
            }
            catch (final IOException ex)
            {
                // session over: accept the next one
            }
        }
    }

    public void close() throws IOException
    {
        running = false;
        server.close();
        dropSession();
    }
}
