package com.orderguard.orderpath.gateway;

import com.orderguard.orderpath.gateway.transit.TransitKeys;

import java.nio.channels.SocketChannel;

/**
 * What the {@link SessionEstablisher} hands to the order-path thread: either a connection whose
 * logon has been authenticated (the hot thread then only checks that the client has no other
 * session, answers the logon and serves it), or the one drop-copy event a refused connection is
 * worth (the hot thread writes it: the drop copy has a single producer).
 * <p>
 * Made on the establisher thread, read once on the order-path thread through a
 * {@code OneToOneConcurrentArrayQueue} (which orders the two); the order-path thread allocates
 * nothing to take one.
 *
 * @param channel      the connection (non-blocking), null for a refusal.
 * @param sessionId    process-unique connection id, for the drop copy.
 * @param clientIndex  index of the client in orderpath.clients (established only).
 * @param clientId     packed client id (a refusal: as the logon carried it, or 0).
 * @param eventType    a refusal's drop-copy event (OrderEvents.SESSION_LOGON_REJECTED or SESSION_CLOSED).
 * @param reason       a refusal's LogonRejectReason or DisconnectReason.
 * @param early        bytes the client sent after its logon, to be read before anything else (may be empty).
 * @param logonAnswer  the complete frame that answers the logon (LogonAck, or SecureLogonAck with the
 *                     appliance's signed key-exchange reply); sent by the order-path thread.
 * @param transit      the session's keys, null for a plain session.
 * @param peerHigh     the connection's source address, first eight bytes ({@link com.orderguard.orderpath.PeerAddress}).
 * @param peerLow      its last eight bytes.
 * @param peerPort     its port.
 */
public record Establishment(
    SocketChannel channel,
    int sessionId,
    int clientIndex,
    long clientId,
    int eventType,
    int reason,
    byte[] early,
    byte[] logonAnswer,
    TransitKeys transit,
    long peerHigh,
    long peerLow,
    int peerPort)
{
    private static final byte[] NONE = new byte[0];

    static Establishment established(
        final SocketChannel channel,
        final int sessionId,
        final int clientIndex,
        final long clientId,
        final byte[] early,
        final byte[] logonAnswer,
        final TransitKeys transit,
        final long peerHigh,
        final long peerLow,
        final int peerPort)
    {
        return new Establishment(
            channel, sessionId, clientIndex, clientId, 0, 0, early, logonAnswer, transit, peerHigh, peerLow, peerPort);
    }

    static Establishment refused(
        final int eventType, final int sessionId, final int reason, final long clientId,
        final long peerHigh, final long peerLow, final int peerPort)
    {
        return new Establishment(null, sessionId, -1, clientId, eventType, reason, NONE, NONE, null, peerHigh, peerLow, peerPort);
    }

    public boolean isRefused()
    {
        return null == channel;
    }
}
