package com.orderguard.harness.client;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.time.Duration;

import com.orderguard.orderpath.protocol.ExecutionReportCodec;
import com.orderguard.orderpath.protocol.FrameHandler;
import com.orderguard.orderpath.protocol.FramedConnection;
import com.orderguard.orderpath.protocol.HeartbeatCodec;
import com.orderguard.orderpath.protocol.LogonAckCodec;
import com.orderguard.orderpath.protocol.LogonRejectCodec;
import com.orderguard.orderpath.protocol.MessageType;
import com.orderguard.orderpath.protocol.NewOrderCodec;

import net.openhft.chronicle.bytes.BytesStore;

/**
 * The broker side of the order-entry protocol for load generation: one non-blocking socket, owned
 * by one thread that both sends and reads (on a 2-core box the generator and the reader must share
 * a thread). Orders are pipelined: {@link #offerNewOrder} encodes into the send buffer and never
 * waits for an answer; {@link #poll} writes what is pending, reads what arrived and hands each
 * execution report to a {@link ReportHandler}. Once logged on, nothing is allocated per message
 * and no call blocks.
 * <p>
 * The session rules are the protocol's (docs/order-entry-protocol.md): an HMAC-signed logon first
 * ({@link #logon}), msgSeqNum 1, 2, 3... on every order, a heartbeat when nothing was sent for a
 * second, and the appliance's report sequence checked: a gap fails {@link #poll} with an
 * IOException (a report was lost, the client's view of its orders cannot be trusted).
 * <p>
 * Constructed and used on the same thread (Chronicle checks single-threaded use of the buffers).
 */
public final class PipelinedOrderEntryClient implements AutoCloseable
{
    /** An execution report, decoded in place; called on the polling thread. */
    @FunctionalInterface
    public interface ReportHandler
    {
        void onReport(long clOrdId, int execType, int rejectReason, long quantity, long priceE4, long venueOrderId);
    }

    public static final int CONNECTED = 0;
    public static final int LOGGING_ON = 1;
    public static final int LOGGED_ON = 2;
    public static final int LOGON_REJECTED = 3;
    public static final int CLOSED = 4;

    private static final long HEARTBEAT_INTERVAL_NS = 1_000_000_000L;

    private final FramedConnection connection;
    private final NewOrderCodec newOrder = new NewOrderCodec();
    private final ExecutionReportCodec report = new ExecutionReportCodec();
    private final LogonRejectCodec logonReject = new LogonRejectCodec();
    private final FrameHandler frameHandler = this::onFrame;
    private ReportHandler reportHandler;
    private int state = CONNECTED;
    private int nextSeq = 1;
    private long expectedReportSeq = 1;
    private int logonRejectReason;
    private long lastSendNs;
    private long reportsReceived;
    private String sequenceFailure;

    private PipelinedOrderEntryClient(final SocketChannel channel, final int receiveBytes, final int sendBytes)
    {
        connection = new FramedConnection(receiveBytes, sendBytes);
        connection.attach(channel);
    }

    /**
     * Connects (blocking, then switches the socket to non-blocking) to the appliance's gateway.
     *
     * @param receiveBytes the receive buffer: reports waiting to be read.
     * @param sendBytes    the send buffer: orders encoded and not yet taken by the socket.
     */
    public static PipelinedOrderEntryClient connect(
        final String host, final int port, final int receiveBytes, final int sendBytes) throws IOException
    {
        final SocketChannel channel = SocketChannel.open();
        try
        {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.socket().connect(new InetSocketAddress(host, port), 5_000);
            channel.configureBlocking(false);
            return new PipelinedOrderEntryClient(channel, receiveBytes, sendBytes);
        }
        catch (final IOException ex)
        {
            channel.close();
            throw ex;
        }
    }

    /** Sends the signed logon (see {@link OrderEntryClient#logon(String, byte[])} for what it carries). */
    public void logon(final String clientId, final byte[] hmacKey) throws IOException
    {
        if (CONNECTED != state)
        {
            throw new IllegalStateException("logon is sent once, first (state " + state + ")");
        }
        final byte[] frame = SignedLogon.frame(clientId, hmacKey);
        final long at = connection.claim(frame.length);
        connection.sendStore().write(at, frame);
        connection.commit(frame.length);
        state = LOGGING_ON;
        flushAll();
    }

    /**
     * Polls until the logon is answered.
     *
     * @return true on LogonAck; false on LogonReject ({@link #logonRejectReason()}), a closed connection
     * or no answer within {@code timeout}.
     */
    public boolean awaitLogon(final Duration timeout) throws IOException
    {
        final long deadlineNs = System.nanoTime() + timeout.toNanos();
        try
        {
            while (LOGGING_ON == state && System.nanoTime() - deadlineNs < 0)
            {
                if (0 == poll(null, System.nanoTime()))
                {
                    Thread.onSpinWait();
                }
            }
        }
        catch (final EOFException ex)
        {
            return false;
        }
        return LOGGED_ON == state;
    }

    /**
     * Encodes a new order into the send buffer; {@link #poll} sends it.
     *
     * @param account packed ASCII8 ({@code Ascii8.encode}), as is {@code symbol}.
     * @return false when the send buffer is full (the appliance reads too slowly): nothing was encoded.
     */
    public boolean offerNewOrder(
        final long clOrdId,
        final long account,
        final long symbol,
        final int side,
        final int ordType,
        final long quantity,
        final long priceE4)
    {
        if (LOGGED_ON != state)
        {
            throw new IllegalStateException("not logged on (state " + state + ")");
        }
        final long at = connection.claim(NewOrderCodec.LENGTH);
        if (at < 0)
        {
            return false;
        }
        newOrder.wrapAndApplyHeader(connection.sendStore(), at)
            .clOrdId(clOrdId)
            .account(account)
            .symbol(symbol)
            .side(side)
            .ordType(ordType)
            .msgSeqNum(nextSeq++)
            .quantity(quantity)
            .priceE4(priceE4);
        connection.commit(NewOrderCodec.LENGTH);
        return true;
    }

    /**
     * One round of work: writes what the socket takes of the pending orders (and a heartbeat when
     * nothing was sent for a second), reads what arrived, and hands every execution report to
     * {@code handler} (null: reports are checked and dropped).
     *
     * @param nowNs {@link System#nanoTime()}, for the heartbeat.
     * @return frames read plus 1 if bytes were written: 0 means idle.
     * @throws EOFException when the appliance closed the connection.
     * @throws IOException  on a report sequence gap, or a frame that cannot be trusted.
     */
    public int poll(final ReportHandler handler, final long nowNs) throws IOException
    {
        int work = 0;
        if (LOGGED_ON == state && nowNs - lastSendNs >= HEARTBEAT_INTERVAL_NS && 0 == connection.pendingSendBytes())
        {
            final long at = connection.claim(HeartbeatCodec.LENGTH);
            HeartbeatCodec.encode(connection.sendStore(), at);
            connection.commit(HeartbeatCodec.LENGTH);
        }
        final int pending = connection.pendingSendBytes();
        if (pending > 0)
        {
            connection.flush();
            if (connection.pendingSendBytes() < pending)
            {
                lastSendNs = nowNs;
                work++;
            }
        }
        final int read = connection.receive();
        if (read < 0)
        {
            state = CLOSED;
            throw new EOFException("the appliance closed the session");
        }
        if (connection.unreadBytes() > 0)
        {
            reportHandler = handler;
            final int frames = connection.poll(frameHandler);
            reportHandler = null;
            if (null != sequenceFailure)
            {
                state = CLOSED;
                throw new IOException(sequenceFailure);
            }
            if (FramedConnection.CLOSE == frames)
            {
                state = CLOSED;
                throw new IOException("a frame from the appliance could not be trusted");
            }
            work += frames;
        }
        return work;
    }

    private int onFrame(final BytesStore<?, ?> store, final long offset, final int frameLength, final int type)
    {
        switch (type)
        {
            case MessageType.EXECUTION_REPORT:
            {
                if (ExecutionReportCodec.LENGTH != frameLength)
                {
                    return FrameHandler.DISCONNECT;
                }
                final ExecutionReportCodec r = report.wrap(store, offset);
                final long seq = r.msgSeqNum();
                if (seq != expectedReportSeq)
                {
                    sequenceFailure = "report sequence gap: expected " + expectedReportSeq + ", got " + seq;
                    return FrameHandler.DISCONNECT;
                }
                expectedReportSeq++;
                reportsReceived++;
                final ReportHandler handler = reportHandler;
                if (null != handler)
                {
                    handler.onReport(r.clOrdId(), r.execType(), r.rejectReason(), r.filledQty(), r.fillPriceE4(),
                        r.venueOrderId());
                }
                return FrameHandler.CONTINUE;
            }
            case MessageType.LOGON_ACK:
                if (LogonAckCodec.LENGTH != frameLength)
                {
                    return FrameHandler.DISCONNECT;
                }
                state = LOGGED_ON;
                return FrameHandler.CONTINUE;
            case MessageType.LOGON_REJECT:
                if (LogonRejectCodec.LENGTH != frameLength)
                {
                    return FrameHandler.DISCONNECT;
                }
                logonRejectReason = logonReject.wrap(store, offset).reason();
                state = LOGON_REJECTED;
                return FrameHandler.CONTINUE;
            case MessageType.HEARTBEAT:
                return FrameHandler.CONTINUE;
            default:
                return FrameHandler.DISCONNECT;
        }
    }

    private void flushAll() throws IOException
    {
        while (!connection.flush())
        {
            Thread.onSpinWait();
        }
        lastSendNs = System.nanoTime();
    }

    public int state()
    {
        return state;
    }

    /** The {@code LogonRejectReason} code of a refused logon, 0 if none. */
    public int logonRejectReason()
    {
        return logonRejectReason;
    }

    /** The msgSeqNum the next order will carry. */
    public int nextSeq()
    {
        return nextSeq;
    }

    public long reportsReceived()
    {
        return reportsReceived;
    }

    /** Bytes encoded and not yet taken by the socket. */
    public int pendingSendBytes()
    {
        return connection.pendingSendBytes();
    }

    public void close()
    {
        state = CLOSED;
        connection.release();
    }
}
