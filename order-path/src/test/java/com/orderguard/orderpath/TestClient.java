package com.orderguard.orderpath;

import com.orderguard.orderpath.protocol.ExecutionReportCodec;
import com.orderguard.orderpath.protocol.Frame;
import com.orderguard.orderpath.protocol.MessageType;
import com.orderguard.orderpath.protocol.Side;
import net.openhft.chronicle.bytes.BytesStore;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;

/** A blocking broker-side peer for order-path tests (the real client library lives in the harness). */
final class TestClient implements AutoCloseable
{
    record Report(long clOrdId, int execType, int rejectReason, long venueOrderId, long filledQty, long fillPriceE4)
    {
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final byte[] frame = new byte[Frame.MAX_FRAME_LENGTH];
    private final BytesStore<?, byte[]> store = TestFrames.store(frame);
    private final ExecutionReportCodec report = new ExecutionReportCodec();
    private int nextSeq = 1;

    TestClient(final InetSocketAddress address) throws IOException
    {
        socket = new Socket(address.getAddress(), address.getPort());
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(5_000);
        in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
        out = socket.getOutputStream();
    }

    static TestClient loggedOn(final InetSocketAddress address, final String clientId) throws IOException
    {
        final TestClient client = new TestClient(address);
        if (!client.logon(clientId))
        {
            client.close();
            throw new IllegalStateException("logon refused for " + clientId);
        }
        return client;
    }

    /** True on LogonAck, false on LogonReject or when the gateway closes. */
    boolean logon(final String clientId) throws IOException
    {
        send(TestFrames.logon(clientId));
        try
        {
            final int type = readType(5_000);
            return MessageType.LOGON_ACK == type;
        }
        catch (final java.io.EOFException ex)
        {
            return false;
        }
    }

    void send(final byte[] bytes) throws IOException
    {
        out.write(bytes);
        out.flush();
    }

    void order(final long clOrdId, final String symbol, final long quantity, final long priceE4) throws IOException
    {
        send(newOrderFrame(clOrdId, symbol, quantity, priceE4));
    }

    /** The next sequenced NewOrder frame (takes a sequence number). */
    byte[] newOrderFrame(final long clOrdId, final String symbol, final long quantity, final long priceE4)
    {
        return TestFrames.newOrder(nextSeq++, clOrdId, "ACC1", symbol, Side.BUY, quantity, priceE4);
    }

    void cancel(final long clOrdId, final long origClOrdId) throws IOException
    {
        send(TestFrames.cancel(nextSeq++, clOrdId, origClOrdId));
    }

    void replace(final long clOrdId, final long origClOrdId, final long quantity, final long priceE4) throws IOException
    {
        send(TestFrames.replace(nextSeq++, clOrdId, origClOrdId, quantity, priceE4));
    }

    /** Takes a sequence number without sending (to make a gap). */
    int takeSeq()
    {
        return nextSeq++;
    }

    /** The next execution report, skipping heartbeats; null on timeout; EOFException when closed. */
    Report await(final int timeoutMs) throws IOException
    {
        while (true)
        {
            final int type = readType(timeoutMs);
            if (-1 == type)
            {
                return null;
            }
            if (MessageType.EXECUTION_REPORT == type)
            {
                report.wrap(store, 0);
                return new Report(report.clOrdId(), report.execType(), report.rejectReason(), report.venueOrderId(),
                    report.filledQty(), report.fillPriceE4());
            }
        }
    }

    /** The type of the next frame of any kind; -1 on timeout. */
    int nextFrameType(final int timeoutMs) throws IOException
    {
        return readType(timeoutMs);
    }

    /** Whether the gateway closes this connection within {@code timeoutMs}, ignoring frames sent before. */
    boolean closedByPeer(final int timeoutMs) throws IOException
    {
        final long deadline = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < deadline)
        {
            try
            {
                readType(timeoutMs);
            }
            catch (final java.io.EOFException | java.net.SocketException ex)
            {
                return true;
            }
        }
        return false;
    }

    private int readType(final int timeoutMs) throws IOException
    {
        socket.setSoTimeout(timeoutMs);
        try
        {
            TestFrames.readFrame(in, frame);
            return Frame.messageType(store, 0);
        }
        catch (final SocketTimeoutException ex)
        {
            return -1;
        }
    }

    public void close() throws IOException
    {
        socket.close();
    }
}
