package com.orderguard.orderpath.gateway;

import com.orderguard.orderpath.protocol.FramedConnection;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * The listening side for broker connections and the fixed set of client sessions.
 * <p>
 * Accepting is gated by {@link Selector#selectNow()} on a selector that holds only the server
 * socket: the JDK's {@code ServerSocketChannel.accept()} allocates on every call, even when no
 * connection is pending, so polling it directly would make the steady state produce garbage.
 * {@code selectNow()} with nothing ready does not allocate. Client sockets themselves are read
 * by direct non-blocking polling, no selector.
 */
public final class Gateway implements AutoCloseable
{
    private final String host;
    private final int port;
    private ClientSession[] sessions = new ClientSession[0];
    private ServerSocketChannel server;
    private Selector acceptSelector;
    private int nextSessionId = 1;

    public Gateway(final String host, final int port)
    {
        this.host = host;
        this.port = port;
    }

    /** Binds the listening socket; from the starting thread, so bind errors surface to the caller. */
    public InetSocketAddress bind() throws IOException
    {
        server = ServerSocketChannel.open();
        server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        server.bind(new InetSocketAddress(host, port));
        server.configureBlocking(false);
        acceptSelector = Selector.open();
        server.register(acceptSelector, SelectionKey.OP_ACCEPT);
        return (InetSocketAddress)server.getLocalAddress();
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

    /**
     * Accepts pending connections into free sessions; a connection finding no free session is
     * closed at once.
     *
     * @return connections accepted or refused.
     */
    public int pollAccept(final long nowNs) throws IOException
    {
        if (0 == acceptSelector.selectNow())
        {
            return 0;
        }
        acceptSelector.selectedKeys().clear();
        int accepted = 0;
        SocketChannel channel;
        while (null != (channel = server.accept()))
        {
            accepted++;
            final ClientSession session = freeSession();
            if (null == session)
            {
                channel.close();
                continue;
            }
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            session.attach(channel, nextSessionId++, nowNs);
        }
        return accepted;
    }

    private ClientSession freeSession()
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

    /** Closes the listening socket and the selector; sessions are closed by their owner. */
    public void close()
    {
        try
        {
            if (null != acceptSelector)
            {
                acceptSelector.close();
            }
        }
        catch (final IOException ignore)
        {
            // shutting down
        }
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
