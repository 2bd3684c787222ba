package com.orderguard.orderpath;

import com.orderguard.orderpath.command.CommandRing;
import com.orderguard.orderpath.dropcopy.DropCopy;
import com.orderguard.orderpath.gateway.ClientSession;
import com.orderguard.orderpath.gateway.Gateway;
import com.orderguard.orderpath.order.OpenOrders;
import com.orderguard.orderpath.protocol.Ascii8;
import com.orderguard.orderpath.protocol.ExecType;
import com.orderguard.orderpath.protocol.ExecutionReportCodec;
import com.orderguard.orderpath.protocol.FrameHandler;
import com.orderguard.orderpath.protocol.FramedConnection;
import com.orderguard.orderpath.protocol.HeartbeatCodec;
import com.orderguard.orderpath.protocol.LogonAckCodec;
import com.orderguard.orderpath.protocol.LogonCodec;
import com.orderguard.orderpath.protocol.LogonRejectCodec;
import com.orderguard.orderpath.protocol.LogonRejectReason;
import com.orderguard.orderpath.protocol.MessageType;
import com.orderguard.orderpath.protocol.NewOrderCodec;
import com.orderguard.orderpath.protocol.OrdType;
import com.orderguard.orderpath.risk.MaxQuantityCheck;
import com.orderguard.orderpath.route.RouteTable;
import com.orderguard.orderpath.venue.VenueSession;
import net.openhft.affinity.Affinity;
import net.openhft.affinity.AffinityLock;
import net.openhft.chronicle.bytes.BytesStore;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.ControlledMessageHandler;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The order-path thread's work: the single writer of all order state. Each duty cycle applies
 * pending commands (so they fall strictly between orders), accepts connections, polls every
 * client session and handles each complete frame to the end (decode, check, route, write to the
 * venue), then polls the venues and forwards their reports.
 * <p>
 * What must hold: nothing on the steady-state path allocates (flyweights over preallocated
 * buffers, primitive state, int reject codes, no capturing lambdas); no input ends the loop (a
 * bad frame costs its sender a reject or the session, never the thread); no order reaches a venue
 * unless its ORDER_ROUTED event is already in the drop copy.
 */
final class OrderPathAgent implements Agent
{
    static final String ROLE_NAME = "order-path";

    private static final int CLIENT_RECEIVE_BYTES = 64 * 1024;
    private static final int CLIENT_SEND_BYTES = 256 * 1024;
    private static final int VENUE_RECEIVE_BYTES = 256 * 1024;
    private static final int VENUE_SEND_BYTES = 1024 * 1024;
    private static final int COMMAND_LIMIT = 16;

    private final OrderPathConfig config;
    private final OrderPathMetrics metrics;
    private final CommandRing commands;
    private final DropCopy dropCopy;
    private final Gateway gateway;
    private final MaxQuantityCheck maxQuantityCheck;
    private final RouteTable routes = new RouteTable();
    private final OpenOrders openOrders;
    private final long[] allowedClientIds;
    private final ClientSession[] sessionByClientIndex;
    private final long reconnectIntervalNs;
    private final AtomicBoolean openPublished = new AtomicBoolean();
    private final CountDownLatch started = new CountDownLatch(1);

    private final NewOrderCodec newOrderIn = new NewOrderCodec();
    private final NewOrderCodec newOrderOut = new NewOrderCodec();
    private final LogonCodec logonIn = new LogonCodec();
    private final LogonCodec logonOut = new LogonCodec();
    private final LogonAckCodec logonAckOut = new LogonAckCodec();
    private final LogonRejectCodec logonRejectOut = new LogonRejectCodec();
    private final ExecutionReportCodec executionReportIn = new ExecutionReportCodec();
    private final ExecutionReportCodec executionReportOut = new ExecutionReportCodec();

    private final ClientFrameHandler clientFrameHandler = new ClientFrameHandler();
    private final VenueFrameHandler venueFrameHandler = new VenueFrameHandler();
    private final CommandHandler commandHandler = new CommandHandler();

    private VenueSession[] venues = new VenueSession[0];
    private ClientSession currentSession;
    private VenueSession currentVenue;
    private int currentVenueCloseReason;
    private boolean intakeOpen;
    private long nowNs;
    private AffinityLock affinityLock;
    private volatile int cpuId = -1;
    private volatile String affinityDescription = "not started";
    private volatile java.util.BitSet threadAffinity = new java.util.BitSet();
    private volatile Throwable startFailure;

    OrderPathAgent(
        final OrderPathConfig config,
        final OrderPathMetrics metrics,
        final CommandRing commands,
        final DropCopy dropCopy,
        final Gateway gateway)
    {
        this.config = config;
        this.metrics = metrics;
        this.commands = commands;
        this.dropCopy = dropCopy;
        this.gateway = gateway;
        this.maxQuantityCheck = new MaxQuantityCheck(config.maxOrderQuantity());
        this.openOrders = new OpenOrders(config.maxOpenOrders());
        this.reconnectIntervalNs = TimeUnit.MILLISECONDS.toNanos(config.venueReconnectIntervalMs());

        final List<String> clients = config.clients();
        allowedClientIds = new long[clients.size()];
        for (int i = 0; i < allowedClientIds.length; i++)
        {
            allowedClientIds[i] = Ascii8.encode(clients.get(i));
        }
        sessionByClientIndex = new ClientSession[allowedClientIds.length];

        final List<OrderPathConfig.Venue> venueConfigs = config.venues();
        for (final var route : config.routes().entrySet())
        {
            for (int i = 0; i < venueConfigs.size(); i++)
            {
                if (venueConfigs.get(i).name().equals(route.getValue()))
                {
                    routes.add(Ascii8.encode(route.getKey()), i);
                }
            }
        }
    }

    public String roleName()
    {
        return ROLE_NAME;
    }

    /** Pins the thread, then builds every buffer on it, since this thread alone will use them. */
    public void onStart()
    {
        try
        {
            pin();
            gateway.allocateSessions(config.maxSessions(), CLIENT_RECEIVE_BYTES, CLIENT_SEND_BYTES);
            final List<OrderPathConfig.Venue> venueConfigs = config.venues();
            final VenueSession[] venues = new VenueSession[venueConfigs.size()];
            for (int i = 0; i < venues.length; i++)
            {
                final OrderPathConfig.Venue v = venueConfigs.get(i);
                venues[i] = new VenueSession(
                    i, v.name(), Ascii8.encode(v.name()), v.host(), v.port(), Ascii8.encode(v.clientId()),
                    new FramedConnection(VENUE_RECEIVE_BYTES, VENUE_SEND_BYTES));
            }
            this.venues = venues;
            nowNs = System.nanoTime();
        }
        catch (final Throwable t)
        {
            startFailure = t;
            throw t;
        }
        finally
        {
            started.countDown();
        }
    }

    /**
     * Takes a cpu reserved for latency-critical threads (orderpath.cpu = -1) or exactly the
     * configured one. The library falls back to another cpu when the requested one is not
     * reservable; that is not what was configured, so the thread then stays unbound and says so.
     */
    private void pin()
    {
        final int requestedCpu = config.cpu();
        AffinityLock lock = requestedCpu < 0 ? AffinityLock.acquireLock() : AffinityLock.acquireLock(requestedCpu);
        if (lock.isBound() && requestedCpu >= 0 && lock.cpuId() != requestedCpu)
        {
            lock.release();
            lock = null;
        }
        if (null != lock && lock.isBound() && lock.cpuId() >= 0)
        {
            affinityLock = lock;
            cpuId = lock.cpuId();
            threadAffinity = Affinity.getAffinity();
            affinityDescription = ROLE_NAME + " thread pinned to cpu " + cpuId + " (affinity " + threadAffinity + ")";
        }
        else
        {
            affinityLock = lock;
            cpuId = -1;
            threadAffinity = Affinity.getAffinity();
            affinityDescription = ROLE_NAME + " thread unbound: " + (requestedCpu < 0 ? "no cpu free" :
                "cpu " + requestedCpu + " is not free or not reservable (reservable " +
                AffinityLock.RESERVED_AFFINITY + ")");
        }
        System.out.println(affinityDescription);
    }

    /** Waits until {@link #onStart()} has run; rethrows its failure. */
    void awaitStarted(final long timeoutMs) throws InterruptedException
    {
        if (!started.await(timeoutMs, TimeUnit.MILLISECONDS))
        {
            throw new IllegalStateException(ROLE_NAME + " thread did not start within " + timeoutMs + " ms");
        }
        final Throwable failure = startFailure;
        if (null != failure)
        {
            throw new IllegalStateException(ROLE_NAME + " thread failed to start: " + failure, failure);
        }
    }

    int cpuId()
    {
        return cpuId;
    }

    String affinityDescription()
    {
        return affinityDescription;
    }

    java.util.BitSet threadAffinity()
    {
        return (java.util.BitSet)threadAffinity.clone();
    }

    boolean isOpen()
    {
        return openPublished.get();
    }

    public int doWork()
    {
        int work = commands.drain(commandHandler, COMMAND_LIMIT);
        nowNs = System.nanoTime();
        try
        {
            work += gateway.pollAccept();
        }
        catch (final IOException ex)
        {
            work++; // accept failures (fd exhaustion, ...) leave existing sessions untouched
        }

        final ClientSession[] sessions = gateway.sessions();
        for (final ClientSession session : sessions)
        {
            if (session.isActive())
            {
                work += pollClient(session);
            }
        }

        final VenueSession[] venues = this.venues;
        for (final VenueSession venue : venues)
        {
            work += pollVenue(venue);
        }
        return work;
    }

    public void onClose()
    {
        for (final ClientSession session : gateway.sessions())
        {
            if (session.isActive())
            {
                closeClient(session, DisconnectReason.SHUTDOWN);
            }
            session.connection().release();
        }
        for (final VenueSession venue : venues)
        {
            if (VenueSession.DOWN != venue.state())
            {
                venueDown(venue, DisconnectReason.SHUTDOWN);
            }
            venue.connection().release();
        }
        gateway.close();
        if (null != affinityLock)
        {
            affinityLock.release();
            affinityLock = null;
        }
    }

    // ---------------------------------------------------------------------------------------------
    // client sessions
    // ---------------------------------------------------------------------------------------------

    private int pollClient(final ClientSession session)
    {
        final FramedConnection connection = session.connection();
        try
        {
            final int bytes = connection.receive();
            if (bytes < 0)
            {
                closeClient(session, DisconnectReason.PEER_CLOSED);
                return 1;
            }
            int work = 0;
            if (bytes > 0)
            {
                session.readTimeNs(System.nanoTime());
                currentSession = session;
                final int frames = connection.poll(clientFrameHandler);
                currentSession = null;
                if (FramedConnection.CLOSE == frames)
                {
                    final int reason = session.closeReason();
                    closeClient(session, 0 != reason ? reason : DisconnectReason.MALFORMED_FRAME);
                    return 1;
                }
                work += 1 + frames;
            }
            if (connection.pendingSendBytes() > 0)
            {
                connection.flush();
                work++;
            }
            if (session.isCloseAfterFlush() && 0 == connection.pendingSendBytes())
            {
                closeClient(session, DisconnectReason.LOGON_REJECTED);
                work++;
            }
            return work;
        }
        catch (final IOException ex)
        {
            currentSession = null;
            closeClient(session, DisconnectReason.IO_ERROR);
            return 1;
        }
        catch (final RuntimeException ex)
        {
            // A defect, not input: contain it to this session so the loop keeps serving the others.
            currentSession = null;
            closeClient(session, DisconnectReason.IO_ERROR);
            throw ex;
        }
    }

    private void closeClient(final ClientSession session, final int reason)
    {
        if (session.isLoggedOn())
        {
            final int clientIndex = session.clientIndex();
            if (sessionByClientIndex[clientIndex] == session)
            {
                sessionByClientIndex[clientIndex] = null;
            }
            metrics.add(OrderPathMetrics.SESSIONS_LOGGED_ON, -1);
        }
        if (!dropCopy.session(OrderEvents.SESSION_CLOSED, session.sessionId(), reason, session.clientId()))
        {
            metrics.increment(OrderPathMetrics.DROP_COPY_LOST);
        }
        session.close();
    }

    private int onClientFrame(final BytesStore<?, ?> store, final long offset, final int frameLength, final int type)
    {
        final ClientSession session = currentSession;
        if (session.isCloseAfterFlush())
        {
            return FrameHandler.CONTINUE; // logon refused: the rest of what it sent is ignored
        }
        switch (type)
        {
            case MessageType.NEW_ORDER:
                if (frameLength < NewOrderCodec.MIN_LENGTH_WITH_CL_ORD_ID)
                {
                    return FrameHandler.DISCONNECT;
                }
                return onNewOrder(session, store, offset, frameLength);

            case MessageType.LOGON:
                if (LogonCodec.LENGTH != frameLength)
                {
                    return FrameHandler.DISCONNECT;
                }
                return onLogon(session, store, offset);

            case MessageType.HEARTBEAT:
                return HeartbeatCodec.LENGTH == frameLength ? FrameHandler.CONTINUE : FrameHandler.DISCONNECT;

            default:
                return FrameHandler.DISCONNECT;
        }
    }

    private int onLogon(final ClientSession session, final BytesStore<?, ?> store, final long offset)
    {
        final long clientId = logonIn.wrap(store, offset).clientId();
        int rejectReason = 0;
        int clientIndex = ClientSession.NO_CLIENT;
        if (session.isLoggedOn())
        {
            rejectReason = LogonRejectReason.ALREADY_LOGGED_ON;
        }
        else if (!Ascii8.isValid(clientId))
        {
            rejectReason = LogonRejectReason.MALFORMED;
        }
        else
        {
            clientIndex = indexOfClient(clientId);
            if (ClientSession.NO_CLIENT == clientIndex)
            {
                rejectReason = LogonRejectReason.UNKNOWN_CLIENT;
            }
            else if (null != sessionByClientIndex[clientIndex])
            {
                rejectReason = LogonRejectReason.ALREADY_LOGGED_ON;
            }
        }

        final FramedConnection connection = session.connection();
        if (0 != rejectReason)
        {
            if (!dropCopy.session(OrderEvents.SESSION_LOGON_REJECTED, session.sessionId(), rejectReason, clientId))
            {
                metrics.increment(OrderPathMetrics.DROP_COPY_LOST);
            }
            final long at = connection.claim(LogonRejectCodec.LENGTH);
            if (at >= 0)
            {
                logonRejectOut.wrapAndApplyHeader(connection.sendStore(), at).clientId(clientId).reason(rejectReason);
                connection.commit(LogonRejectCodec.LENGTH);
            }
            session.closeAfterFlush();
            return FrameHandler.CONTINUE;
        }

        final long at = connection.claim(LogonAckCodec.LENGTH);
        if (at < 0)
        {
            session.closeReason(DisconnectReason.SLOW_CONSUMER);
            return FrameHandler.DISCONNECT;
        }
        if (!dropCopy.session(OrderEvents.SESSION_LOGON, session.sessionId(), 0, clientId))
        {
            metrics.increment(OrderPathMetrics.DROP_COPY_LOST);
        }
        session.logOn(clientIndex, clientId);
        sessionByClientIndex[clientIndex] = session;
        metrics.increment(OrderPathMetrics.SESSIONS_LOGGED_ON);
        logonAckOut.wrapAndApplyHeader(connection.sendStore(), at).clientId(clientId);
        connection.commit(LogonAckCodec.LENGTH);
        return FrameHandler.CONTINUE;
    }

    private int indexOfClient(final long clientId)
    {
        final long[] allowed = allowedClientIds;
        for (int i = 0; i < allowed.length; i++)
        {
            if (allowed[i] == clientId)
            {
                return i;
            }
        }
        return ClientSession.NO_CLIENT;
    }

    private int onNewOrder(final ClientSession session, final BytesStore<?, ?> store, final long offset, final int frameLength)
    {
        final NewOrderCodec order = newOrderIn.wrap(store, offset);
        final long clOrdId = order.clOrdId();
        if (NewOrderCodec.LENGTH != frameLength)
        {
            return reject(session, clOrdId, 0, 0, 0, 0, 0, 0, RejectReason.MALFORMED);
        }

        final long account = order.account();
        final long symbol = order.symbol();
        final int side = order.side();
        final int ordType = order.ordType();
        final long quantity = order.quantity();
        final long priceE4 = order.priceE4();

        if (!session.isLoggedOn())
        {
            return reject(session, clOrdId, account, symbol, side, ordType, quantity, priceE4, RejectReason.NOT_LOGGED_ON);
        }
        if (!order.fieldsAreValid())
        {
            return reject(session, clOrdId, account, symbol, side, ordType, quantity, priceE4, RejectReason.MALFORMED);
        }
        if (!intakeOpen)
        {
            return reject(session, clOrdId, account, symbol, side, ordType, quantity, priceE4, RejectReason.SEALED);
        }
        final int riskReason = maxQuantityCheck.check(quantity);
        if (RejectReason.NONE != riskReason)
        {
            return reject(session, clOrdId, account, symbol, side, ordType, quantity, priceE4, riskReason);
        }
        final int venueIndex = routes.venueFor(symbol);
        if (RouteTable.NO_ROUTE == venueIndex)
        {
            return reject(session, clOrdId, account, symbol, side, ordType, quantity, priceE4, RejectReason.NO_ROUTE);
        }
        final VenueSession venue = venues[venueIndex];
        final FramedConnection venueConnection = venue.connection();
        if (!venue.isUp() || !venueConnection.hasRoom(NewOrderCodec.LENGTH))
        {
            return reject(session, clOrdId, account, symbol, side, ordType, quantity, priceE4, RejectReason.VENUE_DOWN);
        }
        if (!openOrders.hasRoomForNext())
        {
            return reject(session, clOrdId, account, symbol, side, ordType, quantity, priceE4, RejectReason.OPEN_ORDERS_FULL);
        }
        final long orderId = openOrders.nextOrderId();
        if (!dropCopy.hasRoomForOrderEvent() || !dropCopy.order(
            OrderEvents.ORDER_ROUTED, orderId, clOrdId, session.clientId(), account, symbol, quantity, priceE4,
            venue.packedName(), side, ordType, RejectReason.NONE))
        {
            return rejectUnrecorded(session, clOrdId);
        }

        openOrders.open(session.clientIndex(), clOrdId, venueIndex, quantity);
        final long at = venueConnection.claim(NewOrderCodec.LENGTH);
        newOrderOut.wrapAndApplyHeader(venueConnection.sendStore(), at)
            .clOrdId(orderId)
            .account(account)
            .symbol(symbol)
            .side(side)
            .ordType(ordType)
            .quantity(quantity)
            .priceE4(priceE4);
        venueConnection.commit(NewOrderCodec.LENGTH);
        metrics.increment(OrderPathMetrics.ACCEPTED);
        try
        {
            venueConnection.flush();
        }
        catch (final IOException ex)
        {
            venueDown(venue, DisconnectReason.IO_ERROR);
        }
        metrics.recordLatency(System.nanoTime() - session.readTimeNs());
        return FrameHandler.CONTINUE;
    }

    /** Records the reject, then answers it; if it cannot be recorded the answer is DROP_COPY_FULL. */
    private int reject(
        final ClientSession session,
        final long clOrdId,
        final long account,
        final long symbol,
        final int side,
        final int ordType,
        final long quantity,
        final long priceE4,
        final int reason)
    {
        if (!dropCopy.hasRoomForOrderEvent() || !dropCopy.order(
            OrderEvents.ORDER_REJECTED, 0, clOrdId, session.clientId(), account, symbol, quantity, priceE4, 0,
            side, ordType, reason))
        {
            return rejectUnrecorded(session, clOrdId);
        }
        metrics.increment(reason);
        return sendReject(session, clOrdId, reason);
    }

    private int rejectUnrecorded(final ClientSession session, final long clOrdId)
    {
        metrics.increment(RejectReason.DROP_COPY_FULL);
        return sendReject(session, clOrdId, RejectReason.DROP_COPY_FULL);
    }

    private int sendReject(final ClientSession session, final long clOrdId, final int reason)
    {
        final FramedConnection connection = session.connection();
        final long at = connection.claim(ExecutionReportCodec.LENGTH);
        if (at < 0)
        {
            session.closeReason(DisconnectReason.SLOW_CONSUMER);
            return FrameHandler.DISCONNECT;
        }
        executionReportOut.wrapAndApplyHeader(connection.sendStore(), at)
            .clOrdId(clOrdId)
            .venueOrderId(0)
            .filledQty(0)
            .fillPriceE4(0)
            .execType(ExecType.REJECT)
            .rejectReason(reason);
        connection.commit(ExecutionReportCodec.LENGTH);
        return FrameHandler.CONTINUE;
    }

    // ---------------------------------------------------------------------------------------------
    // venue sessions
    // ---------------------------------------------------------------------------------------------

    private int pollVenue(final VenueSession venue)
    {
        final FramedConnection connection = venue.connection();
        try
        {
            switch (venue.state())
            {
                case VenueSession.DOWN:
                    if (!venue.isReconnectDue(nowNs))
                    {
                        return 0;
                    }
                    if (venue.startConnect())
                    {
                        sendVenueLogon(venue);
                    }
                    return 1;

                case VenueSession.CONNECTING:
                    if (venue.finishConnect())
                    {
                        sendVenueLogon(venue);
                        return 1;
                    }
                    return 0;

                default:
                    final int bytes = connection.receive();
                    if (bytes < 0)
                    {
                        venueDown(venue, DisconnectReason.PEER_CLOSED);
                        return 1;
                    }
                    int work = 0;
                    if (bytes > 0 || connection.unreadBytes() > 0)
                    {
                        currentVenue = venue;
                        currentVenueCloseReason = 0;
                        final int frames = connection.poll(venueFrameHandler);
                        currentVenue = null;
                        if (FramedConnection.CLOSE == frames)
                        {
                            venueDown(venue, 0 != currentVenueCloseReason ?
                                currentVenueCloseReason : DisconnectReason.MALFORMED_FRAME);
                            return 1;
                        }
                        work += frames;
                    }
                    if (connection.pendingSendBytes() > 0)
                    {
                        connection.flush();
                        work++;
                    }
                    return work;
            }
        }
        catch (final IOException ex)
        {
            currentVenue = null;
            venueDown(venue, VenueSession.CONNECTING == venue.state() || VenueSession.DOWN == venue.state() ?
                DisconnectReason.CONNECT_FAILED : DisconnectReason.IO_ERROR);
            return 1;
        }
        catch (final RuntimeException ex)
        {
            currentVenue = null;
            venueDown(venue, DisconnectReason.IO_ERROR);
            throw ex;
        }
    }

    private void sendVenueLogon(final VenueSession venue) throws IOException
    {
        final FramedConnection connection = venue.connection();
        final long at = connection.claim(LogonCodec.LENGTH);
        logonOut.wrapAndApplyHeader(connection.sendStore(), at).clientId(venue.packedClientId());
        connection.commit(LogonCodec.LENGTH);
        connection.flush();
    }

    private void venueDown(final VenueSession venue, final int reason)
    {
        final int state = venue.state();
        venue.down(nowNs, reconnectIntervalNs);
        if (VenueSession.UP == state)
        {
            metrics.add(OrderPathMetrics.VENUES_UP, -1);
        }
        final int abandoned = openOrders.liveCount() > 0 ? openOrders.abandonVenue(venue.index()) : 0;
        if (VenueSession.UP == state || VenueSession.LOGGING_ON == state || abandoned > 0)
        {
            if (!dropCopy.venue(OrderEvents.VENUE_DISCONNECTED, venue.packedName(), reason, abandoned))
            {
                metrics.increment(OrderPathMetrics.DROP_COPY_LOST);
            }
        }
    }

    private int onVenueFrame(final BytesStore<?, ?> store, final long offset, final int frameLength, final int type)
    {
        final VenueSession venue = currentVenue;
        switch (type)
        {
            case MessageType.EXECUTION_REPORT:
                if (ExecutionReportCodec.LENGTH != frameLength || !venue.isUp())
                {
                    return FrameHandler.DISCONNECT;
                }
                return onVenueReport(venue, executionReportIn.wrap(store, offset));

            case MessageType.LOGON_ACK:
                if (LogonAckCodec.LENGTH != frameLength)
                {
                    return FrameHandler.DISCONNECT;
                }
                if (VenueSession.LOGGING_ON == venue.state())
                {
                    if (!dropCopy.venue(OrderEvents.VENUE_CONNECTED, venue.packedName(), 0, 0))
                    {
                        metrics.increment(OrderPathMetrics.DROP_COPY_LOST);
                    }
                    venue.state(VenueSession.UP);
                    metrics.increment(OrderPathMetrics.VENUES_UP);
                }
                return FrameHandler.CONTINUE;

            case MessageType.LOGON_REJECT:
                currentVenueCloseReason = DisconnectReason.LOGON_REJECTED;
                return FrameHandler.DISCONNECT;

            case MessageType.HEARTBEAT:
                return HeartbeatCodec.LENGTH == frameLength ? FrameHandler.CONTINUE : FrameHandler.DISCONNECT;

            default:
                return FrameHandler.DISCONNECT;
        }
    }

    private int onVenueReport(final VenueSession venue, final ExecutionReportCodec report)
    {
        final long orderId = report.clOrdId();
        final int slot = openOrders.find(orderId);
        final int execType = report.execType();
        if (OpenOrders.NONE == slot || openOrders.venueIndex(slot) != venue.index() || !ExecType.isValid(execType))
        {
            metrics.increment(OrderPathMetrics.UNKNOWN_VENUE_REPORTS);
            return FrameHandler.CONTINUE;
        }
        if (!dropCopy.hasRoomForOrderEvent())
        {
            return FrameHandler.BACK_PRESSURE; // leave it unread until the journal has drained
        }

        final long clOrdId = openOrders.clOrdId(slot);
        final int clientIndex = openOrders.clientIndex(slot);
        final long clientId = allowedClientIds[clientIndex];
        final long venueOrderId = report.venueOrderId();
        final long filledQty = report.filledQty();
        final long fillPriceE4 = report.fillPriceE4();
        int eventType = OrderEvents.VENUE_ACK;
        long leavesQty = openOrders.leavesQty(slot);
        int clientReason = RejectReason.NONE;
        if (ExecType.FILL == execType)
        {
            eventType = OrderEvents.FILL;
            leavesQty = Math.max(0, leavesQty - filledQty);
        }
        else if (ExecType.REJECT == execType)
        {
            eventType = OrderEvents.VENUE_REJECTED;
            leavesQty = 0;
            clientReason = RejectReason.VENUE_REJECTED;
        }
        if (!dropCopy.execution(
            eventType, orderId, clOrdId, clientId, venueOrderId, venue.packedName(), filledQty, fillPriceE4, leavesQty,
            report.rejectReason()))
        {
            return FrameHandler.BACK_PRESSURE;
        }

        switch (execType)
        {
            case ExecType.ACK:
                metrics.increment(OrderPathMetrics.VENUE_ACKS);
                break;
            case ExecType.FILL:
                openOrders.fill(slot, filledQty);
                metrics.increment(OrderPathMetrics.FILLS);
                break;
            default:
                openOrders.close(slot);
                metrics.increment(RejectReason.VENUE_REJECTED);
                break;
        }

        final ClientSession client = sessionByClientIndex[clientIndex];
        if (null != client)
        {
            forward(client, clOrdId, venueOrderId, filledQty, fillPriceE4, execType, clientReason);
        }
        return FrameHandler.CONTINUE;
    }

    private void forward(
        final ClientSession client,
        final long clOrdId,
        final long venueOrderId,
        final long filledQty,
        final long fillPriceE4,
        final int execType,
        final int reason)
    {
        final FramedConnection connection = client.connection();
        final long at = connection.claim(ExecutionReportCodec.LENGTH);
        if (at < 0)
        {
            closeClient(client, DisconnectReason.SLOW_CONSUMER);
            return;
        }
        executionReportOut.wrapAndApplyHeader(connection.sendStore(), at)
            .clOrdId(clOrdId)
            .venueOrderId(venueOrderId)
            .filledQty(filledQty)
            .fillPriceE4(fillPriceE4)
            .execType(execType)
            .rejectReason(reason);
        connection.commit(ExecutionReportCodec.LENGTH);
        try
        {
            connection.flush();
        }
        catch (final IOException ex)
        {
            closeClient(client, DisconnectReason.IO_ERROR);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // commands
    // ---------------------------------------------------------------------------------------------

    private ControlledMessageHandler.Action onCommand(final int type, final DirectBuffer buffer, final int index)
    {
        switch (type)
        {
            case CommandRing.OPEN:
                // Opening must be on record before the first order can pass: stay sealed until it is.
                if (!dropCopy.intake(OrderEvents.INTAKE_OPENED, 0))
                {
                    return ControlledMessageHandler.Action.ABORT;
                }
                intakeOpen = true;
                openPublished.lazySet(true);
                return ControlledMessageHandler.Action.CONTINUE;

            case CommandRing.SEAL:
                // Sealing takes effect at once, recorded or not; it is retried until it is recorded.
                intakeOpen = false;
                openPublished.lazySet(false);
                if (!dropCopy.intake(OrderEvents.INTAKE_SEALED, buffer.getInt(index + CommandRing.SEAL_REASON_OFFSET)))
                {
                    return ControlledMessageHandler.Action.ABORT;
                }
                return ControlledMessageHandler.Action.CONTINUE;

            default:
                return ControlledMessageHandler.Action.CONTINUE;
        }
    }

    private final class ClientFrameHandler implements FrameHandler
    {
        public int onFrame(final BytesStore<?, ?> store, final long offset, final int frameLength, final int type)
        {
            return onClientFrame(store, offset, frameLength, type);
        }
    }

    private final class VenueFrameHandler implements FrameHandler
    {
        public int onFrame(final BytesStore<?, ?> store, final long offset, final int frameLength, final int type)
        {
            return onVenueFrame(store, offset, frameLength, type);
        }
    }

    private final class CommandHandler implements ControlledMessageHandler
    {
        public Action onMessage(final int msgTypeId, final org.agrona.MutableDirectBuffer buffer, final int index, final int length)
        {
            return onCommand(msgTypeId, buffer, index);
        }
    }
}
