package com.orderguard.orderpath.protocol;

import net.openhft.chronicle.bytes.BytesStore;

/**
 * Receives complete frames from a {@link FramedConnection}. The header has been checked (plausible
 * length, version); the type and body are the handler's to judge.
 */
@FunctionalInterface
public interface FrameHandler
{
    /** The frame was consumed; go on with the next. */
    int CONTINUE = 0;
    /** Stop here and leave this frame unread, e.g. while the drop copy has no room: retried next poll. */
    int BACK_PRESSURE = 1;
    /** Stop and close the connection: the peer can no longer be trusted to frame. */
    int DISCONNECT = 2;

    /**
     * @param store       the receive buffer.
     * @param offset      where the frame starts (its header).
     * @param frameLength the declared and complete length of the frame.
     * @param type        its message type.
     * @return {@link #CONTINUE}, {@link #BACK_PRESSURE} or {@link #DISCONNECT}.
     */
    int onFrame(BytesStore<?, ?> store, long offset, int frameLength, int type);
}
