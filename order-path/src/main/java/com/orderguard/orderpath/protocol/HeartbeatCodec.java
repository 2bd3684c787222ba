package com.orderguard.orderpath.protocol;

import net.openhft.chronicle.bytes.BytesStore;

/** A Heartbeat is a bare header: it proves the peer and the path are alive. */
public final class HeartbeatCodec
{
    public static final int LENGTH = Frame.HEADER_LENGTH;

    private HeartbeatCodec()
    {
    }

    public static int encode(final BytesStore<?, ?> store, final long offset)
    {
        Frame.writeHeader(store, offset, LENGTH, MessageType.HEARTBEAT);
        return LENGTH;
    }
}
