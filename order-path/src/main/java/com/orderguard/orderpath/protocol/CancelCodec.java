package com.orderguard.orderpath.protocol;

import net.openhft.chronicle.bytes.BytesStore;

/**
 * Flyweight over a Cancel frame (32 bytes), client → appliance and appliance → venue:
 * <pre>
 *  0 header (8)     8 int64 clOrdId (the cancel's own)     16 int64 origClOrdId (the order to cancel)
 * 24 int32 msgSeqNum     28..31 zero
 * </pre>
 * On the venue leg origClOrdId is the appliance's order id.
 */
public final class CancelCodec
{
    public static final int CL_ORD_ID_OFFSET = 8;
    public static final int ORIG_CL_ORD_ID_OFFSET = 16;
    public static final int MSG_SEQ_NUM_OFFSET = 24;
    public static final int PADDING_OFFSET = 28;
    public static final int LENGTH = 32;

    private BytesStore<?, ?> store;
    private long offset;

    public CancelCodec wrap(final BytesStore<?, ?> store, final long offset)
    {
        this.store = store;
        this.offset = offset;
        return this;
    }

    public CancelCodec wrapAndApplyHeader(final BytesStore<?, ?> store, final long offset)
    {
        wrap(store, offset);
        Frame.writeHeader(store, offset, LENGTH, MessageType.CANCEL);
        store.writeInt(offset + MSG_SEQ_NUM_OFFSET, 0);
        store.writeInt(offset + PADDING_OFFSET, 0);
        return this;
    }

    public long clOrdId()
    {
        return store.readLong(offset + CL_ORD_ID_OFFSET);
    }

    public CancelCodec clOrdId(final long clOrdId)
    {
        store.writeLong(offset + CL_ORD_ID_OFFSET, clOrdId);
        return this;
    }

    public long origClOrdId()
    {
        return store.readLong(offset + ORIG_CL_ORD_ID_OFFSET);
    }

    public CancelCodec origClOrdId(final long origClOrdId)
    {
        store.writeLong(offset + ORIG_CL_ORD_ID_OFFSET, origClOrdId);
        return this;
    }

    public int msgSeqNum()
    {
        return store.readInt(offset + MSG_SEQ_NUM_OFFSET);
    }

    public CancelCodec msgSeqNum(final int msgSeqNum)
    {
        store.writeInt(offset + MSG_SEQ_NUM_OFFSET, msgSeqNum);
        return this;
    }
}
