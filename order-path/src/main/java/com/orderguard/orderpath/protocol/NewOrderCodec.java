package com.orderguard.orderpath.protocol;

import net.openhft.chronicle.bytes.BytesStore;

/**
 * Flyweight over a NewOrder frame (56 bytes):
 * <pre>
 *  0 header (8)          8 int64 clOrdId        16 account (8 ASCII)   24 symbol (8 ASCII)
 * 32 int8 side          33 int8 ordType         34..35 zero            36 int32 msgSeqNum
 * 40 int64 quantity     48 int64 priceE4 (fixed point, 1 = 0.0001; 0 for a MARKET order)
 * </pre>
 * msgSeqNum is the sender's message sequence number on this session (1, 2, 3... after logon,
 * shared with Cancel and Replace); a gap or repeat closes the session.
 * The clOrdId sits first after the header so that a frame with a bad length or bad fields can
 * still be answered with a MALFORMED reject naming it.
 */
public final class NewOrderCodec
{
    public static final int CL_ORD_ID_OFFSET = 8;
    public static final int ACCOUNT_OFFSET = 16;
    public static final int SYMBOL_OFFSET = 24;
    public static final int SIDE_OFFSET = 32;
    public static final int ORD_TYPE_OFFSET = 33;
    public static final int PADDING_OFFSET = 34;
    public static final int MSG_SEQ_NUM_OFFSET = 36;
    public static final int QUANTITY_OFFSET = 40;
    public static final int PRICE_OFFSET = 48;
    public static final int LENGTH = 56;
    /** A frame of at least this length lets a reader find the clOrdId. */
    public static final int MIN_LENGTH_WITH_CL_ORD_ID = CL_ORD_ID_OFFSET + 8;

    private BytesStore<?, ?> store;
    private long offset;

    public NewOrderCodec wrap(final BytesStore<?, ?> store, final long offset)
    {
        this.store = store;
        this.offset = offset;
        return this;
    }

    public NewOrderCodec wrapAndApplyHeader(final BytesStore<?, ?> store, final long offset)
    {
        wrap(store, offset);
        Frame.writeHeader(store, offset, LENGTH, MessageType.NEW_ORDER);
        store.writeShort(offset + PADDING_OFFSET, (short)0);
        store.writeInt(offset + MSG_SEQ_NUM_OFFSET, 0);
        return this;
    }

    public long clOrdId()
    {
        return store.readLong(offset + CL_ORD_ID_OFFSET);
    }

    public NewOrderCodec clOrdId(final long clOrdId)
    {
        store.writeLong(offset + CL_ORD_ID_OFFSET, clOrdId);
        return this;
    }

    public long account()
    {
        return store.readLong(offset + ACCOUNT_OFFSET);
    }

    public NewOrderCodec account(final long packedAccount)
    {
        store.writeLong(offset + ACCOUNT_OFFSET, packedAccount);
        return this;
    }

    public long symbol()
    {
        return store.readLong(offset + SYMBOL_OFFSET);
    }

    public NewOrderCodec symbol(final long packedSymbol)
    {
        store.writeLong(offset + SYMBOL_OFFSET, packedSymbol);
        return this;
    }

    public int side()
    {
        return store.readByte(offset + SIDE_OFFSET);
    }

    public NewOrderCodec side(final int side)
    {
        store.writeByte(offset + SIDE_OFFSET, (byte)side);
        return this;
    }

    public int ordType()
    {
        return store.readByte(offset + ORD_TYPE_OFFSET);
    }

    public NewOrderCodec ordType(final int ordType)
    {
        store.writeByte(offset + ORD_TYPE_OFFSET, (byte)ordType);
        return this;
    }

    public int msgSeqNum()
    {
        return store.readInt(offset + MSG_SEQ_NUM_OFFSET);
    }

    public NewOrderCodec msgSeqNum(final int msgSeqNum)
    {
        store.writeInt(offset + MSG_SEQ_NUM_OFFSET, msgSeqNum);
        return this;
    }

    public long quantity()
    {
        return store.readLong(offset + QUANTITY_OFFSET);
    }

    public NewOrderCodec quantity(final long quantity)
    {
        store.writeLong(offset + QUANTITY_OFFSET, quantity);
        return this;
    }

    public long priceE4()
    {
        return store.readLong(offset + PRICE_OFFSET);
    }

    public NewOrderCodec priceE4(final long priceE4)
    {
        store.writeLong(offset + PRICE_OFFSET, priceE4);
        return this;
    }

    /**
     * Whether every field of the wrapped frame is acceptable: positive quantity, a positive price
     * for a LIMIT order and 0 for a MARKET order, 1..8 printable ASCII account and symbol, a known
     * side and order type. Garbage-free.
     */
    public boolean fieldsAreValid()
    {
        return quantity() > 0 &&
            (OrdType.MARKET == ordType() ? 0 == priceE4() : priceE4() > 0) &&
            Ascii8.isValid(symbol()) &&
            Ascii8.isValid(account()) &&
            Side.isValid(side()) &&
            OrdType.isValid(ordType());
    }
}
