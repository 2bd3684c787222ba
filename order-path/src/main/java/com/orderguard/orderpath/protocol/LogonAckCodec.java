package com.orderguard.orderpath.protocol;

import net.openhft.chronicle.bytes.BytesStore;

/**
 * Flyweight over a LogonAck frame (type LOGON_ACK): header, then the client id as 8 ASCII bytes at offset 8.
 * Wrap once per frame and read or write in place; never allocates.
 */
public final class LogonAckCodec
{
    public static final int CLIENT_ID_OFFSET = 8;
    public static final int LENGTH = 16;

    private BytesStore<?, ?> store;
    private long offset;

    public LogonAckCodec wrap(final BytesStore<?, ?> store, final long offset)
    {
        this.store = store;
        this.offset = offset;
        return this;
    }

    /** Wraps and writes the header; the caller then sets every field. */
    public LogonAckCodec wrapAndApplyHeader(final BytesStore<?, ?> store, final long offset)
    {
        wrap(store, offset);
        Frame.writeHeader(store, offset, LENGTH, MessageType.LOGON_ACK);
        return this;
    }

    /** Client id packed as by {@link Ascii8}. */
    public long clientId()
    {
        return store.readLong(offset + CLIENT_ID_OFFSET);
    }

    public LogonAckCodec clientId(final long packedClientId)
    {
        store.writeLong(offset + CLIENT_ID_OFFSET, packedClientId);
        return this;
    }
}
