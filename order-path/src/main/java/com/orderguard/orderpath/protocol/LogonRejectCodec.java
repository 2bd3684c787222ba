package com.orderguard.orderpath.protocol;

import net.openhft.chronicle.bytes.BytesStore;

/**
 * Flyweight over a LogonReject frame: header, client id (8 ASCII) at 8, int32 reason
 * ({@link LogonRejectReason}) at 16, 4 zero bytes of padding at 20.
 */
public final class LogonRejectCodec
{
    public static final int CLIENT_ID_OFFSET = 8;
    public static final int REASON_OFFSET = 16;
    public static final int PADDING_OFFSET = 20;
    public static final int LENGTH = 24;

    private BytesStore<?, ?> store;
    private long offset;

    public LogonRejectCodec wrap(final BytesStore<?, ?> store, final long offset)
    {
        this.store = store;
        this.offset = offset;
        return this;
    }

    public LogonRejectCodec wrapAndApplyHeader(final BytesStore<?, ?> store, final long offset)
    {
        wrap(store, offset);
        Frame.writeHeader(store, offset, LENGTH, MessageType.LOGON_REJECT);
        store.writeInt(offset + PADDING_OFFSET, 0);
        return this;
    }

    public long clientId()
    {
        return store.readLong(offset + CLIENT_ID_OFFSET);
    }

    public LogonRejectCodec clientId(final long packedClientId)
    {
        store.writeLong(offset + CLIENT_ID_OFFSET, packedClientId);
        return this;
    }

    public int reason()
    {
        return store.readInt(offset + REASON_OFFSET);
    }

    public LogonRejectCodec reason(final int reason)
    {
        store.writeInt(offset + REASON_OFFSET, reason);
        return this;
    }
}
