package com.orderguard.orderpath.gateway;

import com.orderguard.orderpath.DisconnectReason;
import com.orderguard.orderpath.OrderEvents;
import com.orderguard.orderpath.PeerAddress;
import com.orderguard.orderpath.protocol.Ascii8;
import com.orderguard.orderpath.protocol.Frame;
import com.orderguard.orderpath.protocol.HeartbeatCodec;
import com.orderguard.orderpath.protocol.LogonAckCodec;
import com.orderguard.orderpath.protocol.LogonCodec;
import com.orderguard.orderpath.protocol.LogonRejectCodec;
import com.orderguard.orderpath.protocol.LogonRejectReason;
import com.orderguard.orderpath.protocol.MessageType;
import com.orderguard.orderpath.protocol.SecureLogonAckCodec;
import com.orderguard.orderpath.protocol.SecureLogonCodec;
import com.orderguard.orderpath.gateway.transit.SessionKeyExchange;
import com.orderguard.orderpath.gateway.transit.TranscriptSigner;
import com.orderguard.orderpath.gateway.transit.TransitKeys;
import net.openhft.chronicle.bytes.BytesStore;
import org.agrona.concurrent.Agent;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Session establishment, off the order-path thread: accepts broker connections, reads and
 * authenticates their logon (HMAC, freshness, replay), runs the transit key exchange (one signature
 * by the gateway key in the HSM per session), and hands each authenticated connection to
 * the order-path thread over the gateway's hand-off queue. The order-path thread therefore makes no
 * accept or epoll call and runs no MAC; it only reads and writes established sessions.
 * <p>
 * What holds before a logon, so that a client that never logs on costs little and cannot flood
 * the journal: the only frames read are Heartbeat (ignored; it does not extend the deadline) and
 * the Logon (SecureLogon when the gateway is encrypted, Logon when plain; the other one is refused
 * with a LogonReject); anything else closes the connection at once, unread. A connection without a valid logon
 * within {@code logonTimeoutNs} is closed. At most {@code maxPending} connections wait at once; a
 * connection beyond that is closed on accept. Each refused connection is worth at most one
 * drop-copy event, and at most {@code refusalEventsPerSecond} of those per second reach the journal
 * (the rest are counted in {@link #refusalEventsSuppressed()}); a connection closed without having
 * sent a byte (a port scan, a health check) is counted, not journaled.
 * <p>
 * Runs as its own Agrona agent with a back-off idle strategy, not pinned: this thread may allocate
 * and make system calls (a Selector for accept and for the pending connections).
 */
public final class SessionEstablisher implements Agent
{
    public static final String ROLE_NAME = "gateway-establisher";
    /** Large enough for any frame (Frame.MAX_FRAME_LENGTH) plus what a client may pipeline behind its logon. */
    private static final int PENDING_BUFFER_BYTES = 4 * Frame.MAX_FRAME_LENGTH;
    private static final long ONE_SECOND_NS = TimeUnit.SECONDS.toNanos(1);

    private final Gateway gateway;
    private final LogonAuthenticator authenticator;
    private final long[] allowedClientIds;
    private final boolean[] tcpClient;
    private final long logonTimeoutNs;
    private final int refusalEventsPerSecond;
    private final Pending[] pending;
    private final AtomicLong refusalEventsSuppressed = new AtomicLong();
    private final AtomicLong silentConnections = new AtomicLong();
    private final ByteBuffer rejectFrame = ByteBuffer.allocate(LogonRejectCodec.LENGTH).order(ByteOrder.LITTLE_ENDIAN);
    private final TranscriptSigner signer;
    private final SecureRandom random = new SecureRandom();
    private Selector selector;
    private int nextSessionId = 1;
    private long refusalWindowStartNs;
    private int refusalsInWindow;

    /**
     * @param allowedClientIds packed ids of orderpath.clients, by client index.
     * @param tcpClient        per client index: false for a client that trades through shared memory only.
     * @param signer           signs the key exchange with the gateway key; null = a plain gateway (no transit
     *                         encryption: SecureLogon refused, Logon accepted).
     */
    public SessionEstablisher(
        final Gateway gateway,
        final LogonAuthenticator authenticator,
        final long[] allowedClientIds,
        final boolean[] tcpClient,
        final long logonTimeoutNs,
        final int maxPending,
        final int refusalEventsPerSecond,
        final TranscriptSigner signer)
    {
        this.signer = signer;
        this.gateway = gateway;
        this.authenticator = authenticator;
        this.allowedClientIds = allowedClientIds.clone();
        this.tcpClient = tcpClient.clone();
        this.logonTimeoutNs = logonTimeoutNs;
        this.refusalEventsPerSecond = refusalEventsPerSecond;
        this.pending = new Pending[maxPending];
    }

    public String roleName()
    {
        return ROLE_NAME;
    }

    /** Opens the selector and the pending buffers on this thread (Chronicle stores are single-threaded). */
    public void onStart()
    {
        try
        {
            selector = Selector.open();
            gateway.server().register(selector, SelectionKey.OP_ACCEPT);
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("the gateway cannot watch its listening socket", ex);
        }
        for (int i = 0; i < pending.length; i++)
        {
            pending[i] = new Pending();
        }
    }

    public int doWork() throws IOException
    {
        final long nowNs = System.nanoTime();
        int work = 0;
        if (selector.selectNow() > 0)
        {
            final Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
            while (keys.hasNext())
            {
                final SelectionKey key = keys.next();
                keys.remove();
                if (!key.isValid())
                {
                    continue;
                }
                if (key.isAcceptable())
                {
                    work += accept(nowNs);
                }
                else if (key.isReadable())
                {
                    work += read((Pending)key.attachment(), nowNs);
                }
            }
        }
        for (final Pending p : pending)
        {
            if (null != p.channel && nowNs - p.deadlineNs > 0)
            {
                refuse(p, OrderEvents.SESSION_CLOSED, DisconnectReason.LOGON_TIMEOUT, 0, nowNs);
                work++;
            }
        }
        return work;
    }

    public void onClose()
    {
        for (final Pending p : pending)
        {
            if (null != p && null != p.channel)
            {
                p.close();
            }
        }
        for (final Pending p : pending)
        {
            if (null != p)
            {
                p.store.releaseLast();
            }
        }
        try
        {
            if (null != selector)
            {
                selector.close();
            }
        }
        catch (final IOException ignore)
        {
            // shutting down
        }
        gateway.close();
    }

    /** Refusal events not journaled because more than refusalEventsPerSecond came in one second. */
    public long refusalEventsSuppressed()
    {
        return refusalEventsSuppressed.get();
    }

    /** Connections closed (by the client or the logon deadline) before sending a single byte. */
    public long silentConnections()
    {
        return silentConnections.get();
    }

    private int accept(final long nowNs) throws IOException
    {
        int accepted = 0;
        SocketChannel channel;
        while (null != (channel = gateway.server().accept()))
        {
            accepted++;
            final int sessionId = nextSessionId++;
            final SocketAddress peer = remoteAddress(channel);
            final Pending slot = freeSlot();
            if (null == slot)
            {
                Gateway.closeQuietly(channel);
                offerRefusal(Establishment.refused(OrderEvents.SESSION_CLOSED, sessionId, DisconnectReason.TOO_MANY_PENDING, 0,
                    PeerAddress.high(peer), PeerAddress.low(peer), PeerAddress.port(peer)), nowNs);
                continue;
            }
            try
            {
                channel.configureBlocking(false);
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                slot.key = channel.register(selector, SelectionKey.OP_READ, slot);
            }
            catch (final IOException ex)
            {
                Gateway.closeQuietly(channel);
                continue;
            }
            slot.channel = channel;
            slot.sessionId = sessionId;
            slot.peerHigh = PeerAddress.high(peer);
            slot.peerLow = PeerAddress.low(peer);
            slot.peerPort = PeerAddress.port(peer);
            slot.deadlineNs = nowNs + logonTimeoutNs;
            slot.received = false;
            slot.buffer.clear();
        }
        return accepted;
    }

    private Pending freeSlot()
    {
        for (final Pending p : pending)
        {
            if (null == p.channel)
            {
                return p;
            }
        }
        return null;
    }

    private int read(final Pending p, final long nowNs)
    {
        final int bytes;
        try
        {
            bytes = p.channel.read(p.buffer);
        }
        catch (final IOException ex)
        {
            refuse(p, OrderEvents.SESSION_CLOSED, DisconnectReason.IO_ERROR, 0, nowNs);
            return 1;
        }
        if (bytes < 0)
        {
            refuse(p, OrderEvents.SESSION_CLOSED, DisconnectReason.PEER_CLOSED, 0, nowNs);
            return 1;
        }
        if (bytes > 0)
        {
            p.received = true;
        }
        return judge(p, nowNs);
    }

    /** Reads what came before the logon: heartbeats are skipped; the logon is answered; anything else closes. */
    private int judge(final Pending p, final long nowNs)
    {
        final ByteBuffer buffer = p.buffer;
        int offset = 0;
        while (buffer.position() - offset >= Frame.HEADER_LENGTH)
        {
            final int frameLength = buffer.getInt(offset + Frame.LENGTH_OFFSET);
            final int type = buffer.getShort(offset + Frame.TYPE_OFFSET) & 0xFFFF;
            final int version = buffer.getShort(offset + Frame.VERSION_OFFSET) & 0xFFFF;
            if (!Frame.isPlausibleLength(frameLength) || Frame.VERSION != version)
            {
                refuse(p, OrderEvents.SESSION_CLOSED, DisconnectReason.MALFORMED_FRAME, 0, nowNs);
                return 1;
            }
            if (MessageType.HEARTBEAT == type)
            {
                if (HeartbeatCodec.LENGTH != frameLength)
                {
                    refuse(p, OrderEvents.SESSION_CLOSED, DisconnectReason.MALFORMED_FRAME, 0, nowNs);
                    return 1;
                }
                offset += frameLength;
                continue;
            }
            if (MessageType.LOGON != type && MessageType.SECURE_LOGON != type)
            {
                refuse(p, OrderEvents.SESSION_CLOSED, DisconnectReason.NOT_LOGGED_ON, 0, nowNs);
                return 1;
            }
            if (MessageType.frameLength(type) != frameLength)
            {
                refuse(p, OrderEvents.SESSION_CLOSED, DisconnectReason.MALFORMED_FRAME, 0, nowNs);
                return 1;
            }
            if (buffer.position() - offset < frameLength)
            {
                break;
            }
            logOn(p, offset, MessageType.SECURE_LOGON == type, nowNs);
            return 1;
        }
        if (offset > 0)
        {
            buffer.flip().position(offset);
            buffer.compact();
        }
        return 0;
    }

    private void logOn(final Pending p, final int offset, final boolean secure, final long nowNs)
    {
        final long clientId = p.store.readLong(offset + LogonCodec.CLIENT_ID_OFFSET);
        int reason;
        int clientIndex = -1;
        if (!Ascii8.isValid(clientId))
        {
            reason = LogonRejectReason.MALFORMED;
        }
        else if (secure != (null != signer))
        {
            reason = secure ? LogonRejectReason.TRANSIT_UNAVAILABLE : LogonRejectReason.ENCRYPTION_REQUIRED;
        }
        else
        {
            clientIndex = indexOfClient(clientId);
            reason = clientIndex < 0 || !tcpClient[clientIndex] ? LogonRejectReason.UNKNOWN_CLIENT :
                authenticator.verify(clientIndex, p.store, offset,
                    secure ? SecureLogonCodec.SIGNED_LENGTH : LogonCodec.SIGNED_LENGTH, System.currentTimeMillis() * 1_000_000L);
        }
        byte[] answer = null;
        TransitKeys transit = null;
        if (0 == reason && secure)
        {
            try
            {
                final SessionKeyExchange.ServerResult result =
                    SessionKeyExchange.serverRespond(SecureLogonCodec.hello(p.store, offset), signer, random);
                answer = SecureLogonAckCodec.encode(clientId, result.serverHello());
                transit = result.keys();
            }
            catch (final GeneralSecurityException | RuntimeException ex)
            {
                reason = LogonRejectReason.TRANSIT_UNAVAILABLE; // not a P-256 point, or the HSM cannot sign now
            }
        }
        if (0 != reason)
        {
            rejectFrame.clear();
            header(rejectFrame, LogonRejectCodec.LENGTH, MessageType.LOGON_REJECT);
            rejectFrame.putLong(LogonRejectCodec.CLIENT_ID_OFFSET, clientId);
            rejectFrame.putInt(LogonRejectCodec.REASON_OFFSET, reason).putInt(LogonRejectCodec.PADDING_OFFSET, 0);
            try
            {
                p.channel.write(rejectFrame); // best effort: 24 bytes into an empty socket buffer
            }
            catch (final IOException ignore)
            {
                // the connection is closed below anyway
            }
            refuse(p, OrderEvents.SESSION_LOGON_REJECTED, reason, clientId, nowNs);
            return;
        }

        final int logonEnd = offset + (secure ? SecureLogonCodec.LENGTH : LogonCodec.LENGTH);
        final byte[] early = new byte[p.buffer.position() - logonEnd];
        p.buffer.get(logonEnd, early);
        if (!secure)
        {
            answer = new byte[LogonAckCodec.LENGTH];
            final ByteBuffer ack = ByteBuffer.wrap(answer).order(ByteOrder.LITTLE_ENDIAN);
            header(ack, LogonAckCodec.LENGTH, MessageType.LOGON_ACK);
            ack.putLong(LogonAckCodec.CLIENT_ID_OFFSET, clientId);
        }

        final SocketChannel channel = p.channel;
        p.key.cancel(); // the order-path thread reads it from now on, without a selector
        p.forget();
        gateway.handOff(Establishment.established(
            channel, p.sessionId, clientIndex, clientId, early, answer, transit, p.peerHigh, p.peerLow, p.peerPort));
    }

    /** The connection's source address, or null when the socket no longer knows it (closed under us). */
    private static SocketAddress remoteAddress(final SocketChannel channel)
    {
        try
        {
            return channel.getRemoteAddress();
        }
        catch (final IOException ex)
        {
            return null;
        }
    }

    private static void header(final ByteBuffer frame, final int frameLength, final int type)
    {
        frame.putInt(Frame.LENGTH_OFFSET, frameLength)
            .putShort(Frame.TYPE_OFFSET, (short)type)
            .putShort(Frame.VERSION_OFFSET, (short)Frame.VERSION);
    }

    private int indexOfClient(final long clientId)
    {
        for (int i = 0; i < allowedClientIds.length; i++)
        {
            if (allowedClientIds[i] == clientId)
            {
                return i;
            }
        }
        return -1;
    }

    /** Closes a pending connection; its one event goes to the order path unless it never said anything. */
    private void refuse(final Pending p, final int eventType, final int reason, final long clientId, final long nowNs)
    {
        final boolean silent = !p.received;
        final int sessionId = p.sessionId;
        final long peerHigh = p.peerHigh;
        final long peerLow = p.peerLow;
        final int peerPort = p.peerPort;
        p.close();
        if (silent)
        {
            silentConnections.incrementAndGet();
            return;
        }
        offerRefusal(Establishment.refused(eventType, sessionId, reason, clientId, peerHigh, peerLow, peerPort), nowNs);
    }

    private void offerRefusal(final Establishment refusal, final long nowNs)
    {
        if (nowNs - refusalWindowStartNs >= ONE_SECOND_NS)
        {
            refusalWindowStartNs = nowNs;
            refusalsInWindow = 0;
        }
        if (refusalsInWindow < refusalEventsPerSecond && gateway.offerRefusal(refusal))
        {
            refusalsInWindow++;
            return;
        }
        refusalEventsSuppressed.incrementAndGet();
    }

    /** A connection waiting for its logon, and its receive buffer (preallocated, reused). */
    private static final class Pending
    {
        final ByteBuffer buffer = ByteBuffer.allocateDirect(PENDING_BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        final BytesStore<?, ByteBuffer> store = BytesStore.wrap(buffer);
        SocketChannel channel;
        SelectionKey key;
        int sessionId;
        long peerHigh;
        long peerLow;
        int peerPort;
        long deadlineNs;
        boolean received;

        void close()
        {
            if (null != key)
            {
                key.cancel();
            }
            if (null != channel)
            {
                Gateway.closeQuietly(channel);
            }
            forget();
        }

        void forget()
        {
            channel = null;
            key = null;
            received = false;
            buffer.clear();
        }
    }
}
