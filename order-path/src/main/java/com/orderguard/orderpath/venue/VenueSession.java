package com.orderguard.orderpath.venue;

import com.orderguard.orderpath.protocol.FramedConnection;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;

/**
 * The appliance's session to one venue, where the appliance is the client: connect without
 * blocking, log on with the configured client id, trade, and after any loss wait the reconnect
 * interval and start again. Owned by the order-path thread.
 * <p>
 * The venue's address is resolved once, when the session is made at start: a reconnect never asks
 * DNS (a lookup blocks, for seconds when the resolver is down, and the order-path thread must never
 * block), so a venue whose host does not resolve at start stops the start with its name. Connecting
 * allocates a socket; that happens only while the venue is down, never in the steady state.
 */
public final class VenueSession
{
    public static final int DOWN = 0;
    public static final int CONNECTING = 1;
    public static final int LOGGING_ON = 2;
    public static final int UP = 3;

    private final int index;
    private final String name;
    private final long packedName;
    private final String host;
    private final int port;
    private final InetSocketAddress address;
    private final long packedClientId;
    private final FramedConnection connection;
    private int state = DOWN;
    private long nextAttemptNs;
    private int nextOutSeq = 1;
    private long lastSentNs;
    private long lastReceivedNs;

    public VenueSession(
        final int index,
        final String name,
        final long packedName,
        final String host,
        final int port,
        final long packedClientId,
        final FramedConnection connection)
    {
        this.index = index;
        this.name = name;
        this.packedName = packedName;
        this.host = host;
        this.port = port;
        this.packedClientId = packedClientId;
        this.connection = connection;
        this.address = port > 0 ? resolve(name, host, port) : null; // port 0: a ring venue, never connected
    }

    private static InetSocketAddress resolve(final String name, final String host, final int port)
    {
        final InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved())
        {
            throw new IllegalArgumentException("venue " + name + ": host " + host + " does not resolve");
        }
        return address;
    }

    /** The address resolved at start, used by every connect; null for a ring venue. */
    public InetSocketAddress address()
    {
        return address;
    }

    public int index()
    {
        return index;
    }

    public String name()
    {
        return name;
    }

    public long packedName()
    {
        return packedName;
    }

    public long packedClientId()
    {
        return packedClientId;
    }

    public FramedConnection connection()
    {
        return connection;
    }

    public int state()
    {
        return state;
    }

    public void state(final int state)
    {
        this.state = state;
    }

    public boolean isUp()
    {
        return UP == state;
    }

    /** Takes the next msgSeqNum for a message to the venue. */
    public int takeOutSeq()
    {
        return nextOutSeq++;
    }

    public long lastSentNs()
    {
        return lastSentNs;
    }

    public void lastSentNs(final long nowNs)
    {
        lastSentNs = nowNs;
    }

    /** {@link System#nanoTime()} of the last bytes from the venue (or of the connect). */
    public long lastReceivedNs()
    {
        return lastReceivedNs;
    }

    public void lastReceivedNs(final long nowNs)
    {
        lastReceivedNs = nowNs;
    }

    /** Whether a connect attempt is due. */
    public boolean isReconnectDue(final long nowNs)
    {
        return DOWN == state && nowNs - nextAttemptNs >= 0;
    }

    /**
     * Starts a non-blocking connect.
     *
     * @return true when already connected (loopback often is), false when still connecting.
     */
    public boolean startConnect() throws IOException
    {
        final SocketChannel channel = SocketChannel.open();
        try
        {
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            connection.attach(channel);
            nextOutSeq = 1;
            final boolean connected = channel.connect(address);
            state = connected ? LOGGING_ON : CONNECTING;
            return connected;
        }
        catch (final IOException | RuntimeException ex)
        {
            connection.close();
            throw ex;
        }
    }

    /** @return true once the connect has completed. */
    public boolean finishConnect() throws IOException
    {
        if (connection.channel().finishConnect())
        {
            state = LOGGING_ON;
            return true;
        }
        return false;
    }

    /** Closes the socket and schedules the next attempt. */
    public void down(final long nowNs, final long reconnectIntervalNs)
    {
        connection.close();
        state = DOWN;
        nextAttemptNs = nowNs + reconnectIntervalNs;
    }

    public String toString()
    {
        return name + "@" + host + ":" + port;
    }
}
