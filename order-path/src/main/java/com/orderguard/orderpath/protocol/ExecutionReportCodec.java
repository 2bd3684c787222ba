package com.orderguard.orderpath.protocol;

import net.openhft.chronicle.bytes.BytesStore;

/**
 * Flyweight over an ExecutionReport frame (56 bytes):
 * <pre>
 *  0 header (8)            8 int64 clOrdId          16 int64 venueOrderId (0 when none)
 * 24 int64 filledQty      32 int64 fillPriceE4      40 int8 execType      41..43 zero
 * 44 int32 rejectReason (0 unless execType is REJECT)   48 int64 msgSeqNum
 * </pre>
 * msgSeqNum is the sender's sequence number on the session (1, 2, 3... after logon): a receiver
 * that sees a gap has lost a report and must not trust its view of its orders.
 * For CANCELED filledQty is the quantity cancelled; for REPLACED filledQty and fillPriceE4 are the
 * order's new quantity and price.
 * On the appliance → client leg clOrdId is the client's own; on the venue → appliance leg it is
 * the order id the appliance assigned when routing.
 */
public final class ExecutionReportCodec
{
    public static final int CL_ORD_ID_OFFSET = 8;
    public static final int VENUE_ORDER_ID_OFFSET = 16;
    public static final int FILLED_QTY_OFFSET = 24;
    public static final int FILL_PRICE_OFFSET = 32;
    public static final int EXEC_TYPE_OFFSET = 40;
    public static final int PADDING_OFFSET = 41;
    public static final int REJECT_REASON_OFFSET = 44;
    public static final int MSG_SEQ_NUM_OFFSET = 48;
    public static final int LENGTH = 56;

    private BytesStore<?, ?> store;
    private long offset;

    public ExecutionReportCodec wrap(final BytesStore<?, ?> store, final long offset)
    {
        this.store = store;
        this.offset = offset;
        return this;
    }

    public ExecutionReportCodec wrapAndApplyHeader(final BytesStore<?, ?> store, final long offset)
    {
        wrap(store, offset);
        Frame.writeHeader(store, offset, LENGTH, MessageType.EXECUTION_REPORT);
        store.writeByte(offset + PADDING_OFFSET, (byte)0);
        store.writeShort(offset + PADDING_OFFSET + 1, (short)0);
        store.writeLong(offset + MSG_SEQ_NUM_OFFSET, 0);
        return this;
    }

    public long msgSeqNum()
    {
        return store.readLong(offset + MSG_SEQ_NUM_OFFSET);
    }

    public ExecutionReportCodec msgSeqNum(final long msgSeqNum)
    {
        store.writeLong(offset + MSG_SEQ_NUM_OFFSET, msgSeqNum);
        return this;
    }

    public long clOrdId()
    {
        return store.readLong(offset + CL_ORD_ID_OFFSET);
    }

    public ExecutionReportCodec clOrdId(final long clOrdId)
    {
        store.writeLong(offset + CL_ORD_ID_OFFSET, clOrdId);
        return this;
    }

    public long venueOrderId()
    {
        return store.readLong(offset + VENUE_ORDER_ID_OFFSET);
    }

    public ExecutionReportCodec venueOrderId(final long venueOrderId)
    {
        store.writeLong(offset + VENUE_ORDER_ID_OFFSET, venueOrderId);
        return this;
    }

    public long filledQty()
    {
        return store.readLong(offset + FILLED_QTY_OFFSET);
    }

    public ExecutionReportCodec filledQty(final long filledQty)
    {
        store.writeLong(offset + FILLED_QTY_OFFSET, filledQty);
        return this;
    }

    public long fillPriceE4()
    {
        return store.readLong(offset + FILL_PRICE_OFFSET);
    }

    public ExecutionReportCodec fillPriceE4(final long fillPriceE4)
    {
        store.writeLong(offset + FILL_PRICE_OFFSET, fillPriceE4);
        return this;
    }

    public int execType()
    {
        return store.readByte(offset + EXEC_TYPE_OFFSET);
    }

    public ExecutionReportCodec execType(final int execType)
    {
        store.writeByte(offset + EXEC_TYPE_OFFSET, (byte)execType);
        return this;
    }

    public int rejectReason()
    {
        return store.readInt(offset + REJECT_REASON_OFFSET);
    }

    public ExecutionReportCodec rejectReason(final int rejectReason)
    {
        store.writeInt(offset + REJECT_REASON_OFFSET, rejectReason);
        return this;
    }
}
