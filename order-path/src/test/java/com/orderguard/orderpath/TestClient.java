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
    private com.orderguard.orderpath.gateway.transit.ClientTransit transit;

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

    static TestClient loggedOnEncrypted(final InetSocketAddress address, final String clientId,
        final java.security.PublicKey gatewayKey) throws Exception
    {
        final TestClient client = new TestClient(address);
        if (!client.secureLogon(clientId, gatewayKey))
        {
            client.close();
            throw new IllegalStateException("secure logon refused for " + clientId);
        }
        return client;
    }

    /**
     * Opens an encrypted session: SecureLogon, then the appliance's signed answer checked against
     * {@code gatewayKey}. True on SecureLogonAck (every later frame is sealed), false on LogonReject or close.
     *
     * @throws java.security.GeneralSecurityException when the answer is not signed by {@code gatewayKey}.
     */
    boolean secureLogon(final String clientId, final java.security.PublicKey gatewayKey) throws Exception
    {
        final com.orderguard.orderpath.gateway.transit.ClientHandshake handshake =
            com.orderguard.orderpath.gateway.transit.ClientHandshake.begin(new java.security.SecureRandom());
        sendRaw(handshake.secureLogon(com.orderguard.orderpath.protocol.Ascii8.encode(clientId), TestFrames.freshTimestamp(),
            new java.util.Random().nextLong(), OrderPathFixture.keyOf(clientId)));
        try
        {
            if (MessageType.SECURE_LOGON_ACK != readType(5_000))
            {
                return false;
            }
        }
        catch (final java.io.EOFException ex)
        {
            return false;
        }
        transit = handshake.finish(java.util.Arrays.copyOf(frame,
            com.orderguard.orderpath.protocol.SecureLogonAckCodec.LENGTH), gatewayKey);
        return true;
    }

    /** The session's frames sealed as the appliance will check them (tests tamper with them). */
    byte[] seal(final byte[] innerFrame)
    {
        return transit.seal(innerFrame, 0, innerFrame.length);
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

    /** Sends one frame, sealed on an encrypted session (raw bytes as they are on a plain one). */
    void send(final byte[] bytes) throws IOException
    {
        sendRaw(null == transit ? bytes : transit.seal(bytes, 0, bytes.length));
    }

    /** Sends bytes exactly as given, whatever the session. */
    void sendRaw(final byte[] bytes) throws IOException
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
            final int length = TestFrames.readFrame(in, frame);
            if (null != transit)
            {
                if (MessageType.SEALED != Frame.messageType(store, 0) || transit.open(frame, length) < 0)
                {
                    throw new IOException("a frame on the encrypted session is not sealed or does not open");
                }
            }
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
