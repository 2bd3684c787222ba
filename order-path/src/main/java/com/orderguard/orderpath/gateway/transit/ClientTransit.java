package com.orderguard.orderpath.gateway.transit;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * An encrypted session on the broker's side, for clients that hold frames in byte arrays: seals each
 * outgoing frame and opens each incoming one, in the order they cross the socket. Not thread-safe.
 */
public final class ClientTransit
{
    private final TransitKeys keys;
    private final UnsafeBuffer view = new UnsafeBuffer(new byte[0]);

    ClientTransit(final TransitKeys keys)
    {
        this.keys = keys;
    }

    public TransitKeys keys()
    {
        return keys;
    }

    /** A Sealed frame carrying {@code frame[offset, offset+length)} (one whole frame). */
    public byte[] seal(final byte[] frame, final int offset, final int length)
    {
        final byte[] sealed = new byte[length + SessionCipher.OVERHEAD];
        System.arraycopy(frame, offset, sealed, SessionCipher.INNER_OFFSET, length);
        view.wrap(sealed);
        final int sealedLength = keys.sending().seal(view, 0, length);
        if (sealedLength < 0)
        {
            throw new IllegalStateException("cannot seal a " + length + "-byte frame: " + sealedLength);
        }
        return sealed;
    }

    /**
     * Opens the Sealed frame of {@code length} bytes at the start of {@code frame} and moves the frame it
     * carries to the start.
     *
     * @return that frame's length, or a negative SessionCipher.REJECT_* code (the session cannot be trusted).
     */
    public int open(final byte[] frame, final int length)
    {
        view.wrap(frame);
        final int inner = keys.receiving().open(view, 0, length);
        if (inner > 0)
        {
            System.arraycopy(frame, SessionCipher.INNER_OFFSET, frame, 0, inner);
        }
        return inner;
    }
}
