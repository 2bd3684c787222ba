package com.orderguard.orderpath.protocol;

import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.core.io.SingleThreadedChecked;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SocketChannel;

/**
 * One non-blocking TCP connection speaking the framed protocol, with a preallocated receive
 * buffer and send buffer in direct memory, each wrapped once as a Chronicle {@link BytesStore}
 * for in-place decoding and encoding. Reused across connections: {@link #attach(SocketChannel)}
 * resets it, nothing is allocated per message.
 * <p>
 * Not thread-safe: owned by one thread (the order-path thread on the appliance, the simulator's
 * thread in the harness), which must also be the thread that constructs it, because Chronicle
 * checks that a store is used by a single thread.
 */
public final class FramedConnection
{
    /** {@link #poll(FrameHandler)} result: the connection must be closed. */
    public static final int CLOSE = -1;

    private final ByteBuffer receiveBuffer;
    private final ByteBuffer sendBuffer;
    private final BytesStore<?, ByteBuffer> receiveStore;
    private final BytesStore<?, ByteBuffer> sendStore;
    private final org.agrona.concurrent.UnsafeBuffer receiveView;
    private final org.agrona.concurrent.UnsafeBuffer sendView;
    private SocketChannel channel;
    private boolean released;

    public FramedConnection(final int receiveBytes, final int sendBytes)
    {
        receiveBuffer = ByteBuffer.allocateDirect(receiveBytes).order(ByteOrder.LITTLE_ENDIAN);
        sendBuffer = ByteBuffer.allocateDirect(sendBytes).order(ByteOrder.LITTLE_ENDIAN);
        receiveStore = BytesStore.wrap(receiveBuffer);
        sendStore = BytesStore.wrap(sendBuffer);
        receiveView = new org.agrona.concurrent.UnsafeBuffer(receiveBuffer);
        sendView = new org.agrona.concurrent.UnsafeBuffer(sendBuffer);
    }

    /** The receive buffer, writable: an encrypted session opens a sealed frame in place. */
    public org.agrona.MutableDirectBuffer receiveMutableView()
    {
        return receiveView;
    }

    /** The send buffer as an Agrona buffer at the same offsets as {@link #sendStore()}: a frame is sealed in place. */
    public org.agrona.MutableDirectBuffer sendView()
    {
        return sendView;
    }

    /**
     * The receive buffer as an Agrona {@link org.agrona.DirectBuffer}, made once: offsets handed to
     * a {@link FrameHandler} are valid in it too, so a frame can be decoded by code written against
     * Agrona buffers (the shared-memory path's) without a copy.
     */
    public org.agrona.DirectBuffer receiveView()
    {
        return receiveView;
    }

    /** Starts using this connection for {@code channel}, which must be non-blocking. */
    public void attach(final SocketChannel channel)
    {
        this.channel = channel;
        receiveBuffer.clear();
        sendBuffer.clear();
    }

    /**
     * Puts bytes already read from this connection's socket by another reader (the thread that
     * established the session) in front of whatever the socket brings next. Call right after
     * {@link #attach(SocketChannel)}; copies, never allocates.
     */
    public void preload(final byte[] bytes)
    {
        receiveBuffer.put(bytes);
    }

    public boolean isAttached()
    {
        return null != channel;
    }

    public SocketChannel channel()
    {
        return channel;
    }

    /**
     * Reads what the socket has.
     *
     * @return bytes read, 0 when none, -1 when the peer closed.
     */
    public int receive() throws IOException
    {
        return channel.read(receiveBuffer);
    }

    /**
     * Hands every complete frame received so far to {@code handler}, then keeps any partial frame
     * for the next poll.
     *
     * @return frames consumed, or {@link #CLOSE} when a header could not be trusted or the handler
     * asked to disconnect.
     */
    public int poll(final FrameHandler handler)
    {
        final int limit = receiveBuffer.position();
        int offset = 0;
        int frames = 0;
        int result = FrameHandler.CONTINUE;
        while (limit - offset >= Frame.HEADER_LENGTH)
        {
            final int frameLength = Frame.frameLength(receiveStore, offset);
            if (!Frame.isPlausibleLength(frameLength) || Frame.VERSION != Frame.version(receiveStore, offset))
            {
                result = FrameHandler.DISCONNECT;
                break;
            }
            if (limit - offset < frameLength)
            {
                break;
            }
            result = handler.onFrame(receiveStore, offset, frameLength, Frame.messageType(receiveStore, offset));
            if (FrameHandler.CONTINUE != result)
            {
                break;
            }
            offset += frameLength;
            frames++;
        }
        if (FrameHandler.DISCONNECT == result)
        {
            return CLOSE;
        }
        if (offset > 0)
        {
            receiveBuffer.flip();
            receiveBuffer.position(offset);
            receiveBuffer.compact();
        }
        return frames;
    }

    /** Bytes received and not yet consumed by {@link #poll(FrameHandler)}. */
    public int unreadBytes()
    {
        return receiveBuffer.position();
    }

    /** The send buffer, for encoding at the offset {@link #claim(int)} returned. */
    public BytesStore<?, ?> sendStore()
    {
        return sendStore;
    }

    /**
     * Reserves {@code length} bytes at the end of the send buffer.
     *
     * @return the offset to encode at, or -1 when the buffer lacks room (the peer reads too slowly).
     */
    public long claim(final int length)
    {
        return sendBuffer.remaining() >= length ? sendBuffer.position() : -1;
    }

    /** Whether {@code length} more bytes fit in the send buffer now. */
    public boolean hasRoom(final int length)
    {
        return sendBuffer.remaining() >= length;
    }

    /** Marks {@code length} bytes from the last claim as ready to send. */
    public void commit(final int length)
    {
        sendBuffer.position(sendBuffer.position() + length);
    }

    /**
     * Writes as much of the pending bytes as the socket takes now.
     *
     * @return true when nothing is left pending.
     */
    public boolean flush() throws IOException
    {
        if (0 == sendBuffer.position())
        {
            return true;
        }
        sendBuffer.flip();
        channel.write(sendBuffer);
        final boolean done = !sendBuffer.hasRemaining();
        sendBuffer.compact();
        return done;
    }

    public int pendingSendBytes()
    {
        return sendBuffer.position();
    }

    /** Closes the socket quietly and detaches; the buffers stay for the next connection. */
    public void close()
    {
        final SocketChannel channel = this.channel;
        this.channel = null;
        if (null != channel)
        {
            try
            {
                channel.close();
            }
            catch (final IOException ignore)
            {
                // closing: nothing more to do with this socket
            }
        }
        receiveBuffer.clear();
        sendBuffer.clear();
    }

    /**
     * Lets the calling thread become the single thread that uses this connection (Chronicle checks
     * single-threaded use): call once when handing the connection to its owning thread.
     */
    public void adoptByCurrentThread()
    {
        if (receiveStore instanceof SingleThreadedChecked)
        {
            ((SingleThreadedChecked)receiveStore).singleThreadedCheckReset();
        }
        if (sendStore instanceof SingleThreadedChecked)
        {
            ((SingleThreadedChecked)sendStore).singleThreadedCheckReset();
        }
    }

    /** Closes and frees the Chronicle stores; the connection cannot be used afterwards. Idempotent. */
    public void release()
    {
        close();
        if (!released)
        {
            released = true;
            receiveStore.releaseLast();
            sendStore.releaseLast();
        }
    }
}
