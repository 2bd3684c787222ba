package com.orderguard.orderpath.gateway;

import com.orderguard.orderpath.protocol.FramedConnection;

/**
 * One broker connection to the gateway: its framed connection and logon state. Preallocated and
 * reused for later connections; owned by the order-path thread.
 */
public final class ClientSession
{
    public static final int NO_CLIENT = -1;

    private final FramedConnection connection;
    private int sessionId;
    private int clientIndex = NO_CLIENT;
    private long clientId;
    private boolean loggedOn;
    private boolean closeAfterFlush;
    private int closeReason;
    private long readTimeNs;

    ClientSession(final FramedConnection connection)
    {
        this.connection = connection;
    }

    public FramedConnection connection()
    {
        return connection;
    }

    public boolean isActive()
    {
        return connection.isAttached();
    }

    /** Process-unique id of the current connection, for the drop copy. */
    public int sessionId()
    {
        return sessionId;
    }

    /** Index of the logged-on client id in orderpath.clients, or {@link #NO_CLIENT}. */
    public int clientIndex()
    {
        return clientIndex;
    }

    /** Packed client id once logged on, else 0. */
    public long clientId()
    {
        return clientId;
    }

    public boolean isLoggedOn()
    {
        return loggedOn;
    }

    public void logOn(final int clientIndex, final long clientId)
    {
        this.clientIndex = clientIndex;
        this.clientId = clientId;
        this.loggedOn = true;
    }

    /** Set after a LogonReject: further frames are ignored and the socket closes once the reject is sent. */
    public boolean isCloseAfterFlush()
    {
        return closeAfterFlush;
    }

    public void closeAfterFlush()
    {
        closeAfterFlush = true;
    }

    /** Why a frame handler asked to disconnect, when it is not the frame itself (0 = the frame). */
    public int closeReason()
    {
        return closeReason;
    }

    public void closeReason(final int reason)
    {
        closeReason = reason;
    }

    /** {@link System#nanoTime()} of the read that brought the frames now being handled. */
    public long readTimeNs()
    {
        return readTimeNs;
    }

    public void readTimeNs(final long readTimeNs)
    {
        this.readTimeNs = readTimeNs;
    }

    void attach(final java.nio.channels.SocketChannel channel, final int sessionId)
    {
        reset();
        this.sessionId = sessionId;
        connection.attach(channel);
    }

    /** Closes the socket and forgets the logon; the slot is free again. */
    public void close()
    {
        connection.close();
        reset();
    }

    private void reset()
    {
        clientIndex = NO_CLIENT;
        clientId = 0;
        loggedOn = false;
        closeAfterFlush = false;
        closeReason = 0;
        readTimeNs = 0;
    }
}
