package com.orderguard.orderpath.protocol;

import net.openhft.chronicle.bytes.BytesStore;

/**
 * Flyweight over a Replace frame (48 bytes), client → appliance and appliance → venue: change the
 * quantity and price of an open order.
 * <pre>
 *  0 header (8)     8 int64 clOrdId (the replace's own; the order's id from then on)
 * 16 int64 origClOrdId     24 int64 quantity (new total)     32 int64 priceE4 (new)
 * 40 int32 msgSeqNum       44..47 zero
 * </pre>
 * On the venue leg clOrdId and origClOrdId are both the appliance's order id.
 */
public final class ReplaceCodec
{
    public static final int CL_ORD_ID_OFFSET = 8;
    public static final int ORIG_CL_ORD_ID_OFFSET = 16;
    public static final int QUANTITY_OFFSET = 24;
    public static final int PRICE_OFFSET = 32;
    public static final int MSG_SEQ_NUM_OFFSET = 40;
    public static final int PADDING_OFFSET = 44;
    public static final int LENGTH = 48;

    private BytesStore<?, ?> store;
    private long offset;

    public ReplaceCodec wrap(final BytesStore<?, ?> store, final long offset)
    {
        this.store = store;
        this.offset = offset;
        return this;
    }

    public ReplaceCodec wrapAndApplyHeader(final BytesStore<?, ?> store, final long offset)
    {
        wrap(store, offset);
        Frame.writeHeader(store, offset, LENGTH, MessageType.REPLACE);
        store.writeInt(offset + MSG_SEQ_NUM_OFFSET, 0);
        store.writeInt(offset + PADDING_OFFSET, 0);
        return this;
    }

    public long clOrdId()
    {
        return store.readLong(offset + CL_ORD_ID_OFFSET);
    }

    public ReplaceCodec clOrdId(final long clOrdId)
    {
        store.writeLong(offset + CL_ORD_ID_OFFSET, clOrdId);
        return this;
    }

    public long origClOrdId()
    {
        return store.readLong(offset + ORIG_CL_ORD_ID_OFFSET);
    }

    public ReplaceCodec origClOrdId(final long origClOrdId)
    {
        store.writeLong(offset + ORIG_CL_ORD_ID_OFFSET, origClOrdId);
        return this;
    }

    public long quantity()
    {
        return store.readLong(offset + QUANTITY_OFFSET);
    }

    public ReplaceCodec quantity(final long quantity)
    {
        store.writeLong(offset + QUANTITY_OFFSET, quantity);
        return this;
    }

    public long priceE4()
    {
        return store.readLong(offset + PRICE_OFFSET);
    }

    public ReplaceCodec priceE4(final long priceE4)
    {
        store.writeLong(offset + PRICE_OFFSET, priceE4);
        return this;
    }

    public int msgSeqNum()
    {
        return store.readInt(offset + MSG_SEQ_NUM_OFFSET);
    }

    public ReplaceCodec msgSeqNum(final int msgSeqNum)
    {
        store.writeInt(offset + MSG_SEQ_NUM_OFFSET, msgSeqNum);
        return this;
    }
}
