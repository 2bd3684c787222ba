package com.orderguard.orderpath.protocol;

import net.openhft.chronicle.bytes.BytesStore;

/**
 * Flyweight over a ReferencePrice frame (24 bytes), venue → appliance: the venue's market-data
 * reference for a symbol (last sale or mid), which the price collar and market-order notional use.
 * <pre>
 *  0 header (8)     8 symbol (8 ASCII)     16 int64 priceE4 (&gt; 0)
 * </pre>
 */
public final class ReferencePriceCodec
{
    public static final int SYMBOL_OFFSET = 8;
    public static final int PRICE_OFFSET = 16;
    public static final int LENGTH = 24;

    private BytesStore<?, ?> store;
    private long offset;

    public ReferencePriceCodec wrap(final BytesStore<?, ?> store, final long offset)
    {
        this.store = store;
        this.offset = offset;
        return this;
    }

    public ReferencePriceCodec wrapAndApplyHeader(final BytesStore<?, ?> store, final long offset)
    {
        wrap(store, offset);
        Frame.writeHeader(store, offset, LENGTH, MessageType.REFERENCE_PRICE);
        return this;
    }

    public long symbol()
    {
        return store.readLong(offset + SYMBOL_OFFSET);
    }

    public ReferencePriceCodec symbol(final long packedSymbol)
    {
        store.writeLong(offset + SYMBOL_OFFSET, packedSymbol);
        return this;
    }

    public long priceE4()
    {
        return store.readLong(offset + PRICE_OFFSET);
    }

    public ReferencePriceCodec priceE4(final long priceE4)
    {
        store.writeLong(offset + PRICE_OFFSET, priceE4);
        return this;
    }
}
