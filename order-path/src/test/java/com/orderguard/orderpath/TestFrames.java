package com.orderguard.orderpath;

import com.orderguard.orderpath.protocol.Ascii8;
import com.orderguard.orderpath.protocol.ExecutionReportCodec;
import com.orderguard.orderpath.protocol.Frame;
import com.orderguard.orderpath.protocol.LogonAckCodec;
import com.orderguard.orderpath.protocol.LogonCodec;
import com.orderguard.orderpath.protocol.NewOrderCodec;
import com.orderguard.orderpath.protocol.OrdType;
import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.core.io.SingleThreadedChecked;

import java.io.DataInputStream;
import java.io.IOException;

/** Builds and reads frames for blocking test peers, with the production codecs. */
final class TestFrames
{
    private TestFrames()
    {
    }

    static BytesStore<?, byte[]> store(final byte[] bytes)
    {
        final BytesStore<?, byte[]> store = BytesStore.wrap(bytes);
        ((SingleThreadedChecked)store).singleThreadedCheckDisabled(true);
        return store;
    }

    private static final java.util.concurrent.atomic.AtomicLong LAST_TIMESTAMP = new java.util.concurrent.atomic.AtomicLong();

    /** A logon signed with the fixture's key for the client, stamped now (strictly later than the last). */
    static byte[] logon(final String clientId)
    {
        return logon(clientId, OrderPathFixture.keyOf(clientId), freshTimestamp());
    }

    static long freshTimestamp()
    {
        final long now = System.currentTimeMillis() * 1_000_000L;
        return LAST_TIMESTAMP.updateAndGet(last -> Math.max(last + 1, now));
    }

    static byte[] logon(final String clientId, final byte[] key, final long timestampEpochNs)
    {
        final byte[] frame = new byte[LogonCodec.LENGTH];
        new LogonCodec().wrapAndApplyHeader(store(frame), 0)
            .clientId(Ascii8.encode(clientId))
            .timestampEpochNs(timestampEpochNs)
            .nonce(new java.util.Random().nextLong());
        com.orderguard.orderpath.gateway.LogonAuthenticator.sign(key, frame);
        return frame;
    }

    static byte[] logonAck(final long packedClientId)
    {
        final byte[] frame = new byte[LogonAckCodec.LENGTH];
        new LogonAckCodec().wrapAndApplyHeader(store(frame), 0).clientId(packedClientId);
        return frame;
    }

    static byte[] newOrder(
        final long clOrdId, final String account, final String symbol, final int side, final long quantity, final long priceE4)
    {
        return newOrder(0, clOrdId, account, symbol, side, quantity, priceE4);
    }

    static byte[] newOrder(
        final int msgSeqNum,
        final long clOrdId,
        final String account,
        final String symbol,
        final int side,
        final long quantity,
        final long priceE4)
    {
        final byte[] frame = new byte[NewOrderCodec.LENGTH];
        new NewOrderCodec().wrapAndApplyHeader(store(frame), 0)
            .clOrdId(clOrdId)
            .account(Ascii8.encode(account))
            .symbol(Ascii8.encode(symbol))
            .side(side)
            .ordType(OrdType.LIMIT)
            .msgSeqNum(msgSeqNum)
            .quantity(quantity)
            .priceE4(priceE4);
        return frame;
    }

    static byte[] cancel(final int msgSeqNum, final long clOrdId, final long origClOrdId)
    {
        final byte[] frame = new byte[com.orderguard.orderpath.protocol.CancelCodec.LENGTH];
        new com.orderguard.orderpath.protocol.CancelCodec().wrapAndApplyHeader(store(frame), 0)
            .clOrdId(clOrdId).origClOrdId(origClOrdId).msgSeqNum(msgSeqNum);
        return frame;
    }

    static byte[] replace(final int msgSeqNum, final long clOrdId, final long origClOrdId, final long quantity,
        final long priceE4)
    {
        final byte[] frame = new byte[com.orderguard.orderpath.protocol.ReplaceCodec.LENGTH];
        new com.orderguard.orderpath.protocol.ReplaceCodec().wrapAndApplyHeader(store(frame), 0)
            .clOrdId(clOrdId).origClOrdId(origClOrdId).quantity(quantity).priceE4(priceE4).msgSeqNum(msgSeqNum);
        return frame;
    }

    static byte[] referencePrice(final String symbol, final long priceE4)
    {
        final byte[] frame = new byte[com.orderguard.orderpath.protocol.ReferencePriceCodec.LENGTH];
        new com.orderguard.orderpath.protocol.ReferencePriceCodec().wrapAndApplyHeader(store(frame), 0)
            .symbol(Ascii8.encode(symbol)).priceE4(priceE4);
        return frame;
    }

    static byte[] executionReport(
        final long clOrdId, final long venueOrderId, final int execType, final long filledQty, final long fillPriceE4)
    {
        final byte[] frame = new byte[ExecutionReportCodec.LENGTH];
        new ExecutionReportCodec().wrapAndApplyHeader(store(frame), 0)
            .clOrdId(clOrdId)
            .venueOrderId(venueOrderId)
            .execType(execType)
            .filledQty(filledQty)
            .fillPriceE4(fillPriceE4)
            .rejectReason(0);
        return frame;
    }

    /** Reads one frame into {@code into}; returns its length. */
    static int readFrame(final DataInputStream in, final byte[] into) throws IOException
    {
        in.readFully(into, 0, 4);
        final int length = (into[0] & 0xFF) | (into[1] & 0xFF) << 8 | (into[2] & 0xFF) << 16 | (into[3] & 0xFF) << 24;
        if (!Frame.isPlausibleLength(length))
        {
            throw new IOException("bad frame length " + length);
        }
        in.readFully(into, 4, length - 4);
        return length;
    }
}
