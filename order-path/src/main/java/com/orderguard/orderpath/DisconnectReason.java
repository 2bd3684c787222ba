package com.orderguard.orderpath;

/**
 * Why the order path closed a client or venue session; carried in SESSION_CLOSED and
 * VENUE_DISCONNECTED drop-copy events. Append, never renumber.
 */
public final class DisconnectReason
{
    /** The peer closed the connection. */
    public static final int PEER_CLOSED = 1;
    /** A socket read or write failed. */
    public static final int IO_ERROR = 2;
    /** The peer sent a frame whose length, version or type cannot be trusted to keep framing. */
    public static final int MALFORMED_FRAME = 3;
    /** The peer does not read fast enough: its send buffer is full. */
    public static final int SLOW_CONSUMER = 4;
    /** The Logon was refused. */
    public static final int LOGON_REJECTED = 5;
    /** The order path is shutting down. */
    public static final int SHUTDOWN = 6;
    /** A venue could not be connected to. */
    public static final int CONNECT_FAILED = 7;
    /** A sequenced message carried the wrong msgSeqNum: a message was lost or repeated. */
    public static final int SEQUENCE_GAP = 8;
    /** Nothing arrived within orderpath.session.timeoutMs (heartbeats included). */
    public static final int TIMEOUT = 9;
    /** Before logon: a message other than Logon or Heartbeat (an order, a cancel, ...). Nothing of it is read. */
    public static final int NOT_LOGGED_ON = 10;
    /** Before logon: no valid Logon within orderpath.gateway.logonTimeoutMs. */
    public static final int LOGON_TIMEOUT = 11;
    /** orderpath.gateway.maxPendingConnections connections were already waiting for their logon. */
    public static final int TOO_MANY_PENDING = 12;
    /** Every one of orderpath.gateway.maxSessions sessions was in use when the logon completed. */
    public static final int NO_FREE_SESSION = 13;
    /** A sealed frame failed authentication (altered, replayed, reordered, or not sealed when it must be). */
    public static final int TRANSIT_AUTHENTICATION = 14;

    private DisconnectReason()
    {
    }

    public static String name(final int reason)
    {
        switch (reason)
        {
            case PEER_CLOSED: return "PEER_CLOSED";
            case IO_ERROR: return "IO_ERROR";
            case MALFORMED_FRAME: return "MALFORMED_FRAME";
            case SLOW_CONSUMER: return "SLOW_CONSUMER";
            case LOGON_REJECTED: return "LOGON_REJECTED";
            case SHUTDOWN: return "SHUTDOWN";
            case CONNECT_FAILED: return "CONNECT_FAILED";
            case SEQUENCE_GAP: return "SEQUENCE_GAP";
            case TIMEOUT: return "TIMEOUT";
            case NOT_LOGGED_ON: return "NOT_LOGGED_ON";
            case LOGON_TIMEOUT: return "LOGON_TIMEOUT";
            case TOO_MANY_PENDING: return "TOO_MANY_PENDING";
            case NO_FREE_SESSION: return "NO_FREE_SESSION";
            case TRANSIT_AUTHENTICATION: return "TRANSIT_AUTHENTICATION";
            default: return "UNKNOWN";
        }
    }
}
