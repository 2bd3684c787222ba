package com.orderguard.orderpath.protocol;

import net.openhft.chronicle.bytes.BytesStore;

/**
 * Flyweight over a SecureLogon frame (164 bytes): a Logon that opens an encrypted session.
 * <pre>
 *   0 header (8)      8 clientId (8 ASCII)     16 int64 timestampEpochNs     24 int64 nonce
 *  32 client hello (97): ephemeral P-256 point, uncompressed (65) || client nonce (32)
 * 129 zero (3)
 * 132 HMAC-SHA256 (32 bytes) over bytes 0..131 with the client's key
 * </pre>
 * The HMAC authenticates the client and binds its ephemeral key to it; freshness and replay rules are
 * those of the plain Logon. Off the order-path thread (the gateway's establisher reads it).
 */
public final class SecureLogonCodec
{
    public static final int CLIENT_ID_OFFSET = LogonCodec.CLIENT_ID_OFFSET;
    public static final int TIMESTAMP_OFFSET = LogonCodec.TIMESTAMP_OFFSET;
    public static final int NONCE_OFFSET = LogonCodec.NONCE_OFFSET;
    public static final int HELLO_OFFSET = 32;
    public static final int HELLO_LENGTH = 97;
    public static final int HMAC_OFFSET = 132;
    public static final int HMAC_LENGTH = 32;
    /** The HMAC covers bytes [0, SIGNED_LENGTH). */
    public static final int SIGNED_LENGTH = HMAC_OFFSET;
    public static final int LENGTH = 164;

    private SecureLogonCodec()
    {
    }

    /** Copies the client hello out of the frame at {@code offset}. */
    public static byte[] hello(final BytesStore<?, ?> store, final long offset)
    {
        final byte[] hello = new byte[HELLO_LENGTH];
        for (int i = 0; i < HELLO_LENGTH; i++)
        {
            hello[i] = store.readByte(offset + HELLO_OFFSET + i);
        }
        return hello;
    }
}
