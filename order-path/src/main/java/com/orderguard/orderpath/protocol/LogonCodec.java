package com.orderguard.orderpath.protocol;

import net.openhft.chronicle.bytes.BytesStore;

/**
 * Flyweight over a Logon frame (64 bytes):
 * <pre>
 *  0 header (8)     8 clientId (8 ASCII)     16 int64 timestampEpochNs     24 int64 nonce
 * 32 HMAC-SHA256 (32 bytes) over bytes 0..31 with the client's key
 * </pre>
 * The appliance accepts a logon only if the HMAC matches the key configured for that client, the
 * timestamp lies within the allowed clock skew of its own clock and is later than that client's
 * last accepted logon (so a captured logon cannot be replayed), and the client has no other session.
 * Wrap once per frame and read or write in place; never allocates.
 */
public final class LogonCodec
{
    public static final int CLIENT_ID_OFFSET = 8;
    public static final int TIMESTAMP_OFFSET = 16;
    public static final int NONCE_OFFSET = 24;
    public static final int HMAC_OFFSET = 32;
    public static final int HMAC_LENGTH = 32;
    /** The HMAC covers bytes [0, SIGNED_LENGTH). */
    public static final int SIGNED_LENGTH = HMAC_OFFSET;
    public static final int LENGTH = 64;

    private BytesStore<?, ?> store;
    private long offset;

    public LogonCodec wrap(final BytesStore<?, ?> store, final long offset)
    {
        this.store = store;
        this.offset = offset;
        return this;
    }

    /** Wraps and writes the header; the caller then sets every field. */
    public LogonCodec wrapAndApplyHeader(final BytesStore<?, ?> store, final long offset)
    {
        wrap(store, offset);
        Frame.writeHeader(store, offset, LENGTH, MessageType.LOGON);
        return this;
    }

    public BytesStore<?, ?> store()
    {
        return store;
    }

    public long offset()
    {
        return offset;
    }

    /** Client id packed as by {@link Ascii8}. */
    public long clientId()
    {
        return store.readLong(offset + CLIENT_ID_OFFSET);
    }

    public LogonCodec clientId(final long packedClientId)
    {
        store.writeLong(offset + CLIENT_ID_OFFSET, packedClientId);
        return this;
    }

    public long timestampEpochNs()
    {
        return store.readLong(offset + TIMESTAMP_OFFSET);
    }

    public LogonCodec timestampEpochNs(final long timestampEpochNs)
    {
        store.writeLong(offset + TIMESTAMP_OFFSET, timestampEpochNs);
        return this;
    }

    public long nonce()
    {
        return store.readLong(offset + NONCE_OFFSET);
    }

    public LogonCodec nonce(final long nonce)
    {
        store.writeLong(offset + NONCE_OFFSET, nonce);
        return this;
    }

    /** Copies the 32 HMAC bytes into {@code into} at 0. */
    public void getHmac(final byte[] into)
    {
        for (int i = 0; i < HMAC_LENGTH; i++)
        {
            into[i] = store.readByte(offset + HMAC_OFFSET + i);
        }
    }

    public LogonCodec hmac(final byte[] hmac)
    {
        for (int i = 0; i < HMAC_LENGTH; i++)
        {
            store.writeByte(offset + HMAC_OFFSET + i, hmac[i]);
        }
        return this;
    }

    /** Copies the signed bytes [0, SIGNED_LENGTH) into {@code into} at 0, for the MAC. */
    public void getSignedBytes(final byte[] into)
    {
        for (int i = 0; i < SIGNED_LENGTH; i++)
        {
            into[i] = store.readByte(offset + i);
        }
    }
}
