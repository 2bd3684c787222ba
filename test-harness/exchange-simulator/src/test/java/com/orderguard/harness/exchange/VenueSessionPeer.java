package com.orderguard.harness.exchange;

import com.orderguard.orderpath.protocol.Ascii8;
import com.orderguard.orderpath.protocol.ExecutionReportCodec;
import com.orderguard.orderpath.protocol.Frame;
import com.orderguard.orderpath.protocol.LogonCodec;
import com.orderguard.orderpath.protocol.NewOrderCodec;
import com.orderguard.orderpath.protocol.OrdType;
import com.orderguard.orderpath.protocol.Side;
import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.core.io.SingleThreadedChecked;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * Plays the appliance's side of a venue session, blocking, for simulator tests; and, logged on with
 * a key, a broker's side of an appliance session (numbered messages, heartbeats and market data skipped).
 */
final class VenueSessionPeer implements AutoCloseable
{
    record Report(long clOrdId, int execType, long venueOrderId, long filledQty, long fillPriceE4, int rejectReason)
    {
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final byte[] frame = new byte[Frame.MAX_FRAME_LENGTH];
    private final BytesStore<?, byte[]> store = store(frame);
    private int nextSeq = 1;

    VenueSessionPeer(final int port) throws IOException
    {
        socket = new Socket("127.0.0.1", port);
        socket.setTcpNoDelay(true);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    private static BytesStore<?, byte[]> store(final byte[] bytes)
    {
        final BytesStore<?, byte[]> store = BytesStore.wrap(bytes);
        ((SingleThreadedChecked)store).singleThreadedCheckDisabled(true);
        return store;
    }

    /** Returns the message type of the answer. */
    int logon(final String clientId) throws IOException
    {
        final byte[] logon = new byte[LogonCodec.LENGTH];
        new LogonCodec().wrapAndApplyHeader(store(logon), 0).clientId(Ascii8.encode(clientId));
        out.write(logon);
        return readType(5_000);
    }

    /** A signed, fresh logon, as a broker logs on to the appliance; returns the answer's message type. */
    int logon(final String clientId, final byte[] key) throws IOException
    {
        final byte[] logon = new byte[LogonCodec.LENGTH];
        new LogonCodec().wrapAndApplyHeader(store(logon), 0).clientId(Ascii8.encode(clientId))
            .timestampEpochNs(System.currentTimeMillis() * 1_000_000L).nonce(System.nanoTime());
        com.orderguard.orderpath.gateway.LogonAuthenticator.sign(key, logon);
        out.write(logon);
        return readType(5_000);
    }

    void order(final long clOrdId, final String symbol, final long quantity, final long priceE4) throws IOException
    {
        final byte[] order = new byte[NewOrderCodec.LENGTH];
        new NewOrderCodec().wrapAndApplyHeader(store(order), 0)
            .clOrdId(clOrdId).account(Ascii8.encode("ACC1")).symbol(Ascii8.encode(symbol)).side(Side.SELL)
            .ordType(OrdType.LIMIT).msgSeqNum(nextSeq++).quantity(quantity).priceE4(priceE4);
        out.write(order);
    }

    /** Next report (skipping heartbeats and reference prices), or null on timeout. */
    Report await(final int timeoutMs) throws IOException
    {
        int type;
        do
        {
            type = readType(timeoutMs);
        }
        while (com.orderguard.orderpath.protocol.MessageType.HEARTBEAT == type ||
            com.orderguard.orderpath.protocol.MessageType.REFERENCE_PRICE == type);
        if (-1 == type)
        {
            return null;
        }
        final ExecutionReportCodec report = new ExecutionReportCodec().wrap(store, 0);
        return new Report(report.clOrdId(), report.execType(), report.venueOrderId(), report.filledQty(),
            report.fillPriceE4(), report.rejectReason());
    }

    private int readType(final int timeoutMs) throws IOException
    {
        socket.setSoTimeout(timeoutMs);
        try
        {
            in.readFully(frame, 0, 4);
            final int length = Frame.frameLength(store, 0);
            in.readFully(frame, 4, length - 4);
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
