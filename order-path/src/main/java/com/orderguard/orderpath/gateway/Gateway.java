package com.orderguard.orderpath.gateway;

import com.orderguard.orderpath.protocol.FramedConnection;
import org.agrona.concurrent.OneToOneConcurrentArrayQueue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * The listening socket for broker connections, the fixed set of client sessions, and the queue
 * between the two threads that share the gateway: the {@link SessionEstablisher} (accept, logon,
 * key exchange; allowed to allocate and block) puts {@link Establishment}s in, the order-path thread
 * takes them out. A single-producer single-consumer lock-free queue, preallocated, bounded by
 * {@code queueCapacity}: the order-path thread takes one with a volatile read, no lock, no
 * allocation, no system call.
 */
public final class Gateway implements AutoCloseable
{
    private static final long HAND_OFF_TIMEOUT_NS = 1_000_000_000L;

    private final String host;
    private final int port;
    private final OneToOneConcurrentArrayQueue<Establishment> handOffs;
    private ClientSession[] sessions = new ClientSession[0];
    private ServerSocketChannel server;

    public Gateway(final String host, final int port, final int queueCapacity)
    {
        this.host = host;
        this.port = port;
        this.handOffs = new OneToOneConcurrentArrayQueue<>(queueCapacity);
    }

    /** Binds the listening socket; from the starting thread, so bind errors surface to the caller. */
    public InetSocketAddress bind() throws IOException
    {
        server = ServerSocketChannel.open();
        server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        server.bind(new InetSocketAddress(host, port));
        server.configureBlocking(false);
        return (InetSocketAddress)server.getLocalAddress();
    }

    ServerSocketChannel server()
    {
        return server;
    }

    /** Creates the sessions; on the order-path thread, which then owns their buffers. */
    public void allocateSessions(final int count, final int receiveBytes, final int sendBytes)
    {
        sessions = new ClientSession[count];
        for (int i = 0; i < count; i++)
        {
            sessions[i] = new ClientSession(new FramedConnection(receiveBytes, sendBytes));
        }
    }

    public ClientSession[] sessions()
    {
        return sessions;
    }

    /** A session slot not in use, or null when all are (order-path thread). */
    public ClientSession freeSession()
    {
        for (final ClientSession session : sessions)
        {
            if (!session.isActive())
            {
                return session;
            }
        }
        return null;
    }

    /** The next connection or refusal from the establisher, or null (order-path thread; never allocates). */
    public Establishment pollHandOff()
    {
        return handOffs.poll();
    }

    /**
     * Hands an authenticated connection to the order-path thread, waiting while the queue is full (the
     * order-path thread drains it every duty cycle, so a wait is short; the establisher may wait). After a
     * second (the order-path thread is gone) the connection is closed.
     *
     * @return false when the connection was closed instead.
     */
    boolean handOff(final Establishment established)
    {
        final long deadlineNs = System.nanoTime() + HAND_OFF_TIMEOUT_NS;
        while (!handOffs.offer(established))
        {
            if (System.nanoTime() - deadlineNs > 0 || Thread.currentThread().isInterrupted())
            {
                closeQuietly(established.channel());
                return false;
            }
            Thread.yield();
        }
        return true;
    }

    /** Offers a refusal's event; false (the event is dropped and counted by the caller) when the queue is full. */
    boolean offerRefusal(final Establishment refusal)
    {
        return handOffs.offer(refusal);
    }

    /** After both threads stopped: closes connections handed off but never taken. */
    public void closeUntaken()
    {
        Establishment e;
        while (null != (e = handOffs.poll()))
        {
            closeQuietly(e.channel());
        }
    }

    /** Closes a connection nobody will serve; a null channel is nothing to close. */
    public static void closeQuietly(final SocketChannel channel)
    {
        if (null == channel)
        {
            return;
        }
        try
        {
            channel.close();
        }
        catch (final IOException ignore)
        {
            // closing: nothing more to do with it
        }
    }

    /** Closes the listening socket; sessions are closed by their owner. Idempotent. */
    public void close()
    {
        try
        {
            if (null != server)
            {
                server.close();
            }
        }
        catch (final IOException ignore)
        {
            // shutting down
        }
    }
}
