package com.orderguard.orderpath.gateway;

import com.orderguard.orderpath.gateway.transit.TransitKeys;
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
    private long peerHigh;
    private long peerLow;
    private int peerPort;
    private int clientIndex = NO_CLIENT;
    private long clientId;
    private boolean loggedOn;
    private boolean closeAfterFlush;
    private int closeReason;
    private long readTimeNs;
    private int expectedSeq;
    private long nextOutSeq;
    private long lastReceivedNs;
    private long lastSentNs;
    private boolean closePending;
    private boolean unreadEarly;
    private TransitKeys transit;

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

    /** The connection's source address, first eight bytes ({@link com.orderguard.orderpath.PeerAddress}). */
    public long peerHigh()
    {
        return peerHigh;
    }

    public long peerLow()
    {
        return peerLow;
    }

    public int peerPort()
    {
        return peerPort;
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

    /** The msgSeqNum the next sequenced message from the client must carry. */
    public int expectedSeq()
    {
        return expectedSeq;
    }

    public void expectedSeq(final int expectedSeq)
    {
        this.expectedSeq = expectedSeq;
    }

    /** Takes the next outbound sequence number (1, 2, 3... after logon). */
    public long takeOutSeq()
    {
        return nextOutSeq++;
    }

    /** {@link System#nanoTime()} of the last bytes from the client. */
    public long lastReceivedNs()
    {
        return lastReceivedNs;
    }

    public void lastReceivedNs(final long nowNs)
    {
        lastReceivedNs = nowNs;
    }

    /** {@link System#nanoTime()} of the last frame sent to the client. */
    public long lastSentNs()
    {
        return lastSentNs;
    }

    public void lastSentNs(final long nowNs)
    {
        lastSentNs = nowNs;
    }

    /** Set when a report could not be queued (slow consumer): the owner closes the session at its next step. */
    public boolean isClosePending()
    {
        return closePending;
    }

    public void closePending(final int reason)
    {
        closePending = true;
        closeReason = reason;
    }

    /**
     * Takes an authenticated connection from the establisher into this free slot: its socket, its id, the
     * bytes the client sent behind its logon (read before anything else). Logged on by {@link #logOn}
     * once the owner has checked the client has no other session. Order-path thread; allocates nothing.
     */
    public void attach(final Establishment established, final long nowNs)
    {
        reset();
        lastReceivedNs = nowNs;
        lastSentNs = nowNs;
        this.sessionId = established.sessionId();
        this.peerHigh = established.peerHigh();
        this.peerLow = established.peerLow();
        this.peerPort = established.peerPort();
        connection.attach(established.channel());
        connection.preload(established.early());
        unreadEarly = established.early().length > 0;
    }

    /**
     * The session's transit keys once its SecureLogonAck is queued: from then on every frame in both
     * directions is sealed. Null for a plain session.
     */
    public TransitKeys transit()
    {
        return transit;
    }

    public void transit(final TransitKeys transit)
    {
        this.transit = transit;
    }

    /** Whether bytes the client sent right behind its logon wait to be read (taken once). */
    public boolean takeUnreadEarly()
    {
        final boolean unread = unreadEarly;
        unreadEarly = false;
        return unread;
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
        expectedSeq = 1;
        nextOutSeq = 1;
        closePending = false;
        unreadEarly = false;
        transit = null;
    }
}
