package com.orderguard.orderpath;

import com.orderguard.orderpath.command.CommandRing;
import com.orderguard.orderpath.dropcopy.DropCopy;
import com.orderguard.orderpath.gateway.ClientSession;
import com.orderguard.orderpath.gateway.Establishment;
import com.orderguard.orderpath.gateway.Gateway;
import com.orderguard.orderpath.gateway.transit.SessionCipher;
import com.orderguard.orderpath.gateway.transit.TransitKeys;
import com.orderguard.orderpath.protocol.Frame;
import com.orderguard.orderpath.protocol.Ascii8;
import com.orderguard.orderpath.protocol.CancelCodec;
import com.orderguard.orderpath.protocol.ExecType;
import com.orderguard.orderpath.protocol.ExecutionReportCodec;
import com.orderguard.orderpath.protocol.Frame;
import com.orderguard.orderpath.protocol.FrameHandler;
import com.orderguard.orderpath.protocol.FramedConnection;
import com.orderguard.orderpath.protocol.HeartbeatCodec;
import com.orderguard.orderpath.protocol.LogonAckCodec;
import com.orderguard.orderpath.protocol.LogonCodec;
import com.orderguard.orderpath.protocol.LogonRejectCodec;
import com.orderguard.orderpath.protocol.LogonRejectReason;
import com.orderguard.orderpath.protocol.MessageType;
import com.orderguard.orderpath.protocol.NewOrderCodec;
import com.orderguard.orderpath.protocol.ReferencePriceCodec;
import com.orderguard.orderpath.protocol.ReplaceCodec;
import com.orderguard.orderpath.shm.MappedRing;
import com.orderguard.orderpath.shm.SharedMemoryEgress;
import com.orderguard.orderpath.shm.SharedMemoryPaths;
import com.orderguard.orderpath.shm.UntrustedRingReader;
import com.orderguard.orderpath.venue.VenueSession;
import net.openhft.affinity.Affinity;
import net.openhft.affinity.AffinityLock;
import net.openhft.chronicle.bytes.BytesStore;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.ControlledMessageHandler;
import org.agrona.concurrent.MessageHandler;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The order-path thread's work: the transport around the {@link OrderPipeline}. Each duty cycle
 * first applies pending commands (so they fall strictly between orders), then takes the sessions
 * the gateway's establisher thread authenticated (a lock-free queue: no accept, no epoll, no MAC on
 * this thread), polls every client session and every shared-memory producer and hands each
 * complete frame to the pipeline, then polls the venues and hands their reports to it, then looks
 * after heartbeats, session timeouts and held-order timeouts.
 * <p>
 * The session layer lives here, after the logon: one session per client, sequence numbers
 * (a gap closes the session), heartbeats both ways, cancel on disconnect. The TCP edge busy-polls
 * non-blocking sockets with plain read/write calls and no selector on client sockets, so a
 * user-space network stack preloaded under the JVM (OpenOnload-style) accelerates it unchanged.
 * <p>
 * What must hold: nothing on the steady-state path allocates; no input ends the loop (a bad frame
 * costs its sender a reject or the session, never the thread).
 */
final class OrderPathAgent implements Agent
{
    static final String ROLE_NAME = "order-path";

    private static final int CLIENT_RECEIVE_BYTES = 64 * 1024;
    private static final int CLIENT_SEND_BYTES = 256 * 1024;
    private static final int VENUE_RECEIVE_BYTES = 256 * 1024;
    private static final int VENUE_SEND_BYTES = 1024 * 1024;
    private static final int COMMAND_LIMIT = 16;
    private static final int SHM_LIMIT = 64;
    /** Hand-offs taken per duty cycle, so a burst of logons cannot delay orders for long. */
    private static final int HAND_OFF_LIMIT = 4;

    private final OrderPathConfig config;
    private final OrderPathMetrics metrics;
    private final CommandRing commands;
    private final DropCopy dropCopy;
    private final Gateway gateway;
    private final OrderPipeline pipeline;
    /** The client id of each configured client index: what a lost shared-memory producer is recorded under. */
    private final long[] clientIdByIndex;
    private final ClientSession[] sessionByClientIndex;
    private final SharedMemoryEgress[] shmEgressByClientIndex;
    private final long reconnectIntervalNs;
    private final long heartbeatIntervalNs;
    private final long sessionTimeoutNs;
    private final long venueTimeoutNs;
    private final AtomicBoolean openPublished = new AtomicBoolean();
    private final CountDownLatch started = new CountDownLatch(1);

    private final NewOrderCodec newOrderOut = new NewOrderCodec();
    private final CancelCodec cancelOut = new CancelCodec();
    private final ReplaceCodec replaceOut = new ReplaceCodec();
    private final LogonCodec logonOut = new LogonCodec();
    private final LogonRejectCodec logonRejectOut = new LogonRejectCodec();
    private final ExecutionReportCodec executionReportIn = new ExecutionReportCodec();
    private final ExecutionReportCodec executionReportOut = new ExecutionReportCodec();
    private final ReferencePriceCodec referencePriceIn = new ReferencePriceCodec();

    private final ClientFrameHandler clientFrameHandler = new ClientFrameHandler();
    private final VenueFrameHandler venueFrameHandler = new VenueFrameHandler();
    private final CommandHandler commandHandler = new CommandHandler();
    private final ShmHandler shmHandler = new ShmHandler();
    private final ShmVenueHandler shmVenueHandler = new ShmVenueHandler();

    private VenueSession[] venues = new VenueSession[0];
    private MappedRing[] shmOrderRings = new MappedRing[0];
    private UntrustedRingReader[] shmOrderReaders = new UntrustedRingReader[0];
    private boolean[] shmProducerLost = new boolean[0];
    private boolean[] shmSlowConsumerBySource = new boolean[0];
    private boolean shmSlowConsumer;
    private MappedRing[] shmVenueOrderRings = new MappedRing[0];
    private MappedRing[] shmVenueReportRings = new MappedRing[0];
    private UntrustedRingReader[] shmVenueReportReaders = new UntrustedRingReader[0];
    private com.orderguard.orderpath.shm.RingVenueEgress[] shmVenueEgress = new com.orderguard.orderpath.shm.RingVenueEgress[0];
    private MappedRing[] shmReportRings = new MappedRing[0];
    private int[] shmSources = new int[0];
    private ClientSession currentSession;
    /** Duty cycles per call of {@link #doWork}: the runner's own loop runs once per this many (see there). */
    static final int CYCLES_PER_TURN = 64;
    /** The idle strategy between duty cycles, run inside {@link #doWork} (see {@link #runnerIdleStrategy}). */
    private IdleStrategy cycleIdle = new org.agrona.concurrent.NoOpIdleStrategy();
    private VenueSession currentVenue;
    private int currentVenueCloseReason;
    private int currentShmSource;
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
        this.reconnectIntervalNs = TimeUnit.MILLISECONDS.toNanos(config.venueReconnectIntervalMs());
        this.heartbeatIntervalNs = TimeUnit.MILLISECONDS.toNanos(config.heartbeatIntervalMs());
        this.sessionTimeoutNs = TimeUnit.MILLISECONDS.toNanos(config.sessionTimeoutMs());
        this.venueTimeoutNs = TimeUnit.MILLISECONDS.toNanos(config.venueTimeoutMs());

        final int clients = config.clients().size();
        clientIdByIndex = new long[clients];
        for (int i = 0; i < clients; i++)
        {
            clientIdByIndex[i] = Ascii8.encode(config.clients().get(i));
        }
        sessionByClientIndex = new ClientSession[clients];
        shmEgressByClientIndex = new SharedMemoryEgress[clients];
        pipeline = new OrderPipeline(config, metrics, dropCopy, commands, new Venues(), new Reports());
    }

    OrderPipeline pipeline()
    {
        return pipeline;
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
            shmVenueOrderRings = new MappedRing[venues.length];
            shmVenueReportRings = new MappedRing[venues.length];
            shmVenueReportReaders = new UntrustedRingReader[venues.length];
            shmVenueEgress = new com.orderguard.orderpath.shm.RingVenueEgress[venues.length];
            for (int i = 0; i < venues.length; i++)
            {
                final OrderPathConfig.Venue v = venueConfigs.get(i);
                if (v.isShm())
                {
                    final Path dir = Path.of(config.shmDir());
                    shmVenueOrderRings[i] = peerRing(SharedMemoryPaths.venueOrders(dir, v.name()));
                    shmVenueReportRings[i] = peerRing(SharedMemoryPaths.venueReports(dir, v.name()));
                    shmVenueReportReaders[i] = new UntrustedRingReader(shmVenueReportRings[i].ring());
                    shmVenueEgress[i] = new com.orderguard.orderpath.shm.RingVenueEgress(shmVenueOrderRings[i].ring());
                    venues[i] = new VenueSession(i, v.name(), Ascii8.encode(v.name()), "", 0, 0,
                        new FramedConnection(64, 64));
                    venues[i].state(VenueSession.UP); // a mapped ring is always there: no connect, no logon
                    metrics.increment(OrderPathMetrics.VENUES_UP);
                    if (!dropCopy.venue(OrderEvents.VENUE_CONNECTED, venues[i].packedName(), 0, 0))
                    {
                        metrics.increment(OrderPathMetrics.DROP_COPY_LOST);
                    }
                }
                else
                {
                    venues[i] = new VenueSession(
                        i, v.name(), Ascii8.encode(v.name()), v.host(), v.port(), Ascii8.encode(v.clientId()),
                        new FramedConnection(VENUE_RECEIVE_BYTES, VENUE_SEND_BYTES));
                }
            }
            this.venues = venues;
            openSharedMemory();
            nowNs = System.nanoTime();
            pipeline.tick(nowNs);
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

    private void openSharedMemory()
    {
        final List<String> producers = config.shmProducers();
        if (producers.isEmpty())
        {
            return;
        }
        final Path dir = Path.of(config.shmDir());
        shmOrderRings = new MappedRing[producers.size()];
        shmOrderReaders = new UntrustedRingReader[producers.size()];
        shmProducerLost = new boolean[producers.size()];
        shmSlowConsumerBySource = new boolean[config.clients().size()];
        shmReportRings = new MappedRing[producers.size()];
        shmSources = new int[producers.size()];
        for (int i = 0; i < producers.size(); i++)
        {
            final String producer = producers.get(i);
            shmSources[i] = config.clients().indexOf(producer);
            shmOrderRings[i] = peerRing(SharedMemoryPaths.orders(dir, producer));
            shmOrderReaders[i] = new UntrustedRingReader(shmOrderRings[i].ring());
            shmReportRings[i] = peerRing(SharedMemoryPaths.reports(dir, producer));
            shmEgressByClientIndex[shmSources[i]] = new SharedMemoryEgress(shmReportRings[i].ring());
        }
    }

    /** A ring shared with a peer process: in sealed memory, so the peer cannot cut it short under our mapping. */
    private MappedRing peerRing(final Path path)
    {
        return MappedRing.createSealed(path, config.shmRingBytes());
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

    /**
     * {@link #CYCLES_PER_TURN} duty cycles, each followed by the idle strategy. Should a mapped ring's
     * file be cut short under the mapping (peers cannot do that to their sealed rings; only a process
     * of the appliance's own user could, to a plain file such as the drop copy's), the next load or
     * store there faults and the JVM throws {@link InternalError} asynchronously, at whatever safepoint
     * poll this thread reaches next: in a duty cycle, on the way back from a yield or park, or at a
     * loop's back edge. So the cycles and the idling run in one loop inside one try, whose back edge is
     * inside it too; Agrona's runner, which would rethrow an Error and end the thread, runs its own loop
     * (and its poll) only once per turn.
     */
    public int doWork()
    {
        int work = 0;
        try
        {
            for (int i = 0; i < CYCLES_PER_TURN; i++)
            {
                final int cycle = dutyCycle();
                work += cycle;
                cycleIdle.idle(cycle);
            }
            return work;
        }
        catch (final InternalError ex)
        {
            return work + onMappedRingFault(ex);
        }
    }

    /**
     * Hands the agent the idle strategy to run between its duty cycles (inside {@link #doWork}) and
     * returns the one its runner must use: none, since the agent idles itself.
     */
    IdleStrategy runnerIdleStrategy(final IdleStrategy betweenCycles)
    {
        this.cycleIdle = betweenCycles;
        return new org.agrona.concurrent.NoOpIdleStrategy();
    }

    /**
     * Finds the rings whose files were cut short (a system call per ring: this path runs only after a
     * fault) and marks them so their memory is never touched again; the next cycle then loses each
     * such producer or venue as it loses a corrupt ring. With no mapped ring at all the fault is a
     * defect: reported to the runner's error handler as an exception (the loop goes on).
     * <p>
     * Peer rings are sealed ({@link MappedRing#createSealed}) and cannot be cut, so this is defence in
     * depth, not a path a peer can drive. Why plain files were given up for them: the error is
     * asynchronous, so a second fault from the same cut could be delivered anywhere later, even inside
     * the cleaner that unmaps a ring at close, where the JDK answers any throwable with
     * {@code System.exit(1)} (seen in a repeated test run).
     */
    private int onMappedRingFault(final InternalError fault)
    {
        currentSession = null;
        currentVenue = null;
        for (int attempt = 0; attempt < 4; attempt++)
        {
            try
            {
                return markCutRings(fault);
            }
            catch (final InternalError again)
            {
                // a further fault from the same cut, delivered now: look again
            }
        }
        return 1;
    }

    private int markCutRings(final InternalError fault)
    {
        int found = 0;
        int mapped = shmOrderRings.length;
        for (int i = 0; i < shmOrderRings.length; i++)
        {
            if (shmOrderRings[i].isCutShort() || shmReportRings[i].isCutShort()) // lost or not: one cut can fault twice
            {
                shmOrderReaders[i].markUnmapped();
                shmEgressByClientIndex[shmSources[i]].broken();
                found++;
            }
        }
        for (int i = 0; i < shmVenueOrderRings.length; i++)
        {
            mapped += null != shmVenueOrderRings[i] ? 1 : 0;
            if (null != shmVenueOrderRings[i] &&
                (shmVenueOrderRings[i].isCutShort() || shmVenueReportRings[i].isCutShort()))
            {
                shmVenueReportReaders[i].markUnmapped();
                shmVenueEgress[i].broken(0);
                found++;
            }
        }
        if (0 == found)
        {
            if (0 == mapped)
            {
                throw new IllegalStateException("unsafe memory fault with no mapped ring", fault); // a defect
            }
            // A file cut and grown back before we looked: the memory is whole again, the loop goes on.
            System.err.println(ROLE_NAME + ": fault in a mapped ring whose file is whole again, loop continues: " + fault);
            return 1;
        }
        return found;
    }

    private int dutyCycle()
    {
        int work = commands.drain(commandHandler, COMMAND_LIMIT);
        nowNs = System.nanoTime();
        pipeline.tick(nowNs);
        Establishment established;
        for (int i = 0; i < HAND_OFF_LIMIT && null != (established = gateway.pollHandOff()); i++)
        {
            adopt(established);
            work++;
        }

        final ClientSession[] sessions = gateway.sessions();
        for (final ClientSession session : sessions)
        {
            if (session.isActive())
            {
                work += pollClient(session);
            }
        }

        final UntrustedRingReader[] shmOrderReaders = this.shmOrderReaders;
        for (int i = 0; i < shmOrderReaders.length; i++)
        {
            if (shmProducerLost[i])
            {
                continue;
            }
            currentShmSource = shmSources[i];
            pipeline.source(currentShmSource);
            work += shmOrderReaders[i].controlledRead(shmHandler, SHM_LIMIT);
            if (shmOrderReaders[i].isCorrupt())
            {
                loseShmProducer(i, DisconnectReason.MALFORMED_FRAME);
                work++;
            }
        }

        final VenueSession[] venues = this.venues;
        for (final VenueSession venue : venues)
        {
            final UntrustedRingReader shmReports = shmVenueReportReaders[venue.index()];
            if (null != shmReports)
            {
                if (venue.isUp())
                {
                    currentVenue = venue;
                    work += shmReports.controlledRead(shmVenueHandler, SHM_LIMIT);
                    currentVenue = null;
                    if (shmReports.isCorrupt() || shmVenueEgress[venue.index()].isBroken(0))
                    {
                        metrics.increment(OrderPathMetrics.PEER_RINGS_CORRUPT);
                        venueDown(venue, DisconnectReason.MALFORMED_FRAME); // for good: the ring is not read again
                        work++;
                    }
                }
            }
            else
            {
                work += pollVenue(venue);
            }
        }

        if (shmSlowConsumer)
        {
            work += disconnectSlowShmConsumers();
        }

        for (final ClientSession session : sessions)
        {
            if (session.isActive())
            {
                work += keepAlive(session);
            }
        }
        return work;
    }

    /** Producers whose report ring overflowed are disconnected, outside the pipeline call that found it. */
    private int disconnectSlowShmConsumers()
    {
        shmSlowConsumer = false;
        int work = 0;
        for (int i = 0; i < shmSources.length; i++)
        {
            if (shmSlowConsumerBySource[shmSources[i]])
            {
                shmSlowConsumerBySource[shmSources[i]] = false;
                loseShmProducer(i, DisconnectReason.SLOW_CONSUMER);
                work++;
            }
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
            if (VenueSession.DOWN != venue.state() && null == shmVenueEgress[venue.index()])
            {
                venueDown(venue, DisconnectReason.SHUTDOWN);
            }
            venue.connection().release();
        }
        for (final MappedRing ring : shmOrderRings)
        {
            if (null != ring) // a start that failed part way made only some
            {
                ring.close();
            }
        }
        for (final MappedRing ring : shmVenueOrderRings)
        {
            if (null != ring)
            {
                ring.close();
            }
        }
        for (final MappedRing ring : shmVenueReportRings)
        {
            if (null != ring)
            {
                ring.close();
            }
        }
        for (final MappedRing ring : shmReportRings)
        {
            if (null != ring)
            {
                ring.close();
            }
        }
        if (null != affinityLock)
        {
            affinityLock.release();
            affinityLock = null;
        }
    }

    /**
     * A shared-memory producer is treated like a TCP session that had to be closed: its ring is not
     * read again (until the order path restarts), the loss is recorded and counted, and its open
     * orders are cancelled (cancel on disconnect). Every other ring and session carries on.
     */
    private void loseShmProducer(final int producer, final int reason)
    {
        if (shmProducerLost[producer])
        {
            return;
        }
        shmProducerLost[producer] = true;
        if (DisconnectReason.MALFORMED_FRAME == reason)
        {
            metrics.increment(OrderPathMetrics.PEER_RINGS_CORRUPT);
        }
        final int source = shmSources[producer];
        if (!dropCopy.session(OrderEvents.SESSION_CLOSED, 0, reason, clientIdByIndex[source], 0, 0, 0))
        {
            metrics.increment(OrderPathMetrics.DROP_COPY_LOST);
        }
        pipeline.onSourceDisconnected(source);
    }

    // ---------------------------------------------------------------------------------------------
    // client sessions
    // ---------------------------------------------------------------------------------------------

    private int pollClient(final ClientSession session)
    {
        final FramedConnection connection = session.connection();
        try
        {
            if (session.isClosePending())
            {
                closeClient(session, session.closeReason());
                return 1;
            }
            final int bytes = connection.receive();
            if (bytes < 0)
            {
                closeClient(session, DisconnectReason.PEER_CLOSED);
                return 1;
            }
            int work = 0;
            if (bytes > 0 || session.takeUnreadEarly())
            {
                session.readTimeNs(System.nanoTime());
                session.lastReceivedNs(nowNs);
                currentSession = session;
                final int frames = connection.poll(clientFrameHandler);
                currentSession = null;
                if (FramedConnection.CLOSE == frames || session.isClosePending())
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
                closeClient(session, 0 != session.closeReason() ? session.closeReason() : DisconnectReason.LOGON_REJECTED);
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

    /** Heartbeats to an idle logged-on session; closes a session silent past the timeout. */
    private int keepAlive(final ClientSession session)
    {
        if (session.isClosePending())
        {
            closeClient(session, session.closeReason());
            return 1;
        }
        if (nowNs - session.lastReceivedNs() > sessionTimeoutNs)
        {
            metrics.increment(OrderPathMetrics.SESSION_TIMEOUTS);
            closeClient(session, DisconnectReason.TIMEOUT);
            return 1;
        }
        final FramedConnection connection = session.connection();
        if (session.isLoggedOn() && nowNs - session.lastSentNs() > heartbeatIntervalNs)
        {
            final long at = claimOut(session, HeartbeatCodec.LENGTH);
            if (at >= 0)
            {
                HeartbeatCodec.encode(connection.sendStore(), at);
                commitOut(session, HeartbeatCodec.LENGTH);
                session.lastSentNs(nowNs);
            }
        }
        if (connection.pendingSendBytes() > 0)
        {
            try
            {
                connection.flush();
            }
            catch (final IOException ex)
            {
                closeClient(session, DisconnectReason.IO_ERROR);
            }
            return 1;
        }
        return 0;
    }

    private void closeClient(final ClientSession session, final int reason)
    {
        final int sessionId = session.sessionId();
        final long clientId = session.clientId();
        final boolean loggedOn = session.isLoggedOn();
        final int clientIndex = session.clientIndex();
        if (loggedOn)
        {
            if (sessionByClientIndex[clientIndex] == session)
            {
                sessionByClientIndex[clientIndex] = null; // reports for its cancelled orders have nowhere to go
            }
            metrics.add(OrderPathMetrics.SESSIONS_LOGGED_ON, -1);
        }
        if (!dropCopy.session(OrderEvents.SESSION_CLOSED, sessionId, reason, clientId,
            session.peerHigh(), session.peerLow(), session.peerPort()))
        {
            metrics.increment(OrderPathMetrics.DROP_COPY_LOST);
        }
        session.close();
        if (loggedOn)
        {
            pipeline.onSourceDisconnected(clientIndex);
        }
    }

    private int onClientFrame(final BytesStore<?, ?> store, final long offset, final int frameLength, final int type)
    {
        final ClientSession session = currentSession;
        if (session.isCloseAfterFlush())
        {
            return FrameHandler.CONTINUE; // logon refused: the rest of what it sent is ignored
        }
        final TransitKeys transit = session.transit();
        if (null == transit)
        {
            return onOpenClientFrame(session, store, offset, frameLength, type);
        }
        // An encrypted session: every frame must be a Sealed one that opens with the next sequence number.
        if (MessageType.SEALED != type)
        {
            session.closeReason(DisconnectReason.TRANSIT_AUTHENTICATION);
            return FrameHandler.DISCONNECT;
        }
        final int innerLength = transit.receiving().open(session.connection().receiveMutableView(), (int)offset, frameLength);
        if (innerLength < 0)
        {
            session.closeReason(DisconnectReason.TRANSIT_AUTHENTICATION);
            return FrameHandler.DISCONNECT;
        }
        final long inner = offset + SessionCipher.INNER_OFFSET;
        if (Frame.frameLength(store, inner) != innerLength || Frame.VERSION != Frame.version(store, inner) ||
            MessageType.SEALED == Frame.messageType(store, inner))
        {
            return FrameHandler.DISCONNECT; // authentic but not a frame: the client is broken
        }
        final int result = onOpenClientFrame(session, store, inner, innerLength, Frame.messageType(store, inner));
        // An opened frame cannot be read twice (its sequence number is spent): no back pressure on it.
        return FrameHandler.BACK_PRESSURE == result ? FrameHandler.DISCONNECT : result;
    }

    /** A frame in clear: from a plain session, or the opened inner frame of a Sealed one. */
    private int onOpenClientFrame(
        final ClientSession session, final BytesStore<?, ?> store, final long offset, final int frameLength, final int type)
    {
        switch (type)
        {
            case MessageType.NEW_ORDER:
            case MessageType.CANCEL:
            case MessageType.REPLACE:
                return onApplicationMessage(session, store, offset, frameLength, type);

            case MessageType.LOGON:
                if (LogonCodec.LENGTH != frameLength)
                {
                    return FrameHandler.DISCONNECT;
                }
                return refuseLogon(session, store.readLong(offset + LogonCodec.CLIENT_ID_OFFSET),
                    LogonRejectReason.ALREADY_LOGGED_ON);

            case MessageType.HEARTBEAT:
                return HeartbeatCodec.LENGTH == frameLength ? FrameHandler.CONTINUE : FrameHandler.DISCONNECT;

            default:
                return FrameHandler.DISCONNECT;
        }
    }

    private int onApplicationMessage(
        final ClientSession session, final BytesStore<?, ?> store, final long offset, final int frameLength, final int type)
    {
        final DirectBuffer buffer = session.connection().receiveView();
        final int at = (int)offset;
        if (MessageType.NEW_ORDER == type && frameLength < NewOrderCodec.MIN_LENGTH_WITH_CL_ORD_ID)
        {
            return FrameHandler.DISCONNECT;
        }
        if (MessageType.NEW_ORDER != type && MessageType.frameLength(type) != frameLength)
        {
            return FrameHandler.DISCONNECT;
        }
        final int clientIndex = session.clientIndex();
        if (NewOrderCodec.LENGTH == frameLength || MessageType.NEW_ORDER != type)
        {
            final int seq = buffer.getInt(at + seqOffset(type));
            if (seq != session.expectedSeq())
            {
                metrics.increment(OrderPathMetrics.SEQUENCE_GAPS);
                metrics.increment(RejectReason.SEQUENCE_GAP);
                sendUnsessionedReject(session, buffer.getLong(at + 8), RejectReason.SEQUENCE_GAP);
                session.closeReason(DisconnectReason.SEQUENCE_GAP);
                session.closeAfterFlush(); // the reject goes out first; nothing after the gap is read
                return FrameHandler.CONTINUE;
            }
            session.expectedSeq(seq + 1);
        }
        pipeline.onMessage(clientIndex, buffer, at, frameLength);
        if (session.isClosePending())
        {
            return FrameHandler.DISCONNECT;
        }
        return FrameHandler.CONTINUE;
    }

    private static int seqOffset(final int type)
    {
        switch (type)
        {
            case MessageType.CANCEL: return CancelCodec.MSG_SEQ_NUM_OFFSET;
            case MessageType.REPLACE: return ReplaceCodec.MSG_SEQ_NUM_OFFSET;
            default: return NewOrderCodec.MSG_SEQ_NUM_OFFSET;
        }
    }

    private int sendUnsessionedReject(final ClientSession session, final long clOrdId, final int reason)
    {
        if (!dropCopy.hasRoomForOrderEvent() || !dropCopy.order(OrderEvents.ORDER_REJECTED, 0, clOrdId,
            session.clientId(), 0, 0, 0, 0, 0, 0, 0, reason))
        {
            metrics.increment(RejectReason.DROP_COPY_FULL);
            return writeReport(session, clOrdId, 0, 0, 0, ExecType.REJECT, RejectReason.DROP_COPY_FULL) ?
                FrameHandler.CONTINUE : FrameHandler.DISCONNECT;
        }
        if (RejectReason.SEQUENCE_GAP != reason)
        {
            metrics.increment(reason);
        }
        return writeReport(session, clOrdId, 0, 0, 0, ExecType.REJECT, reason) ?
            FrameHandler.CONTINUE : FrameHandler.DISCONNECT;
    }

    /**
     * Takes a connection the establisher authenticated (or the event of one it refused). The client
     * may have only one session: a second one is refused here, where the sessions are known.
     * Allocates nothing; the socket calls are the ones any session costs.
     */
    private void adopt(final Establishment established)
    {
        if (established.isRefused())
        {
            metrics.increment(OrderPathMetrics.CONNECTIONS_REFUSED);
            if (!dropCopy.session(established.eventType(), established.sessionId(), established.reason(),
                established.clientId(), established.peerHigh(), established.peerLow(), established.peerPort()))
            {
                metrics.increment(OrderPathMetrics.DROP_COPY_LOST);
            }
            return;
        }
        final ClientSession session = gateway.freeSession();
        if (null == session)
        {
            Gateway.closeQuietly(established.channel());
            metrics.increment(OrderPathMetrics.CONNECTIONS_REFUSED);
            if (!dropCopy.session(OrderEvents.SESSION_CLOSED, established.sessionId(), DisconnectReason.NO_FREE_SESSION,
                established.clientId(), established.peerHigh(), established.peerLow(), established.peerPort()))
            {
                metrics.increment(OrderPathMetrics.DROP_COPY_LOST);
            }
            return;
        }
        session.attach(established, nowNs);
        final int clientIndex = established.clientIndex();
        final long clientId = established.clientId();
        final ClientSession existing = sessionByClientIndex[clientIndex];
        if (null != existing)
        {
            // A client reconnecting often logs on again before this thread has read its old socket's close:
            // read it now (one read, only on this rare path), so a session already gone does not refuse the new one.
            pollClient(existing);
        }
        if (null != sessionByClientIndex[clientIndex])
        {
            refuseLogon(session, clientId, LogonRejectReason.ALREADY_LOGGED_ON);
            return;
        }
        final FramedConnection connection = session.connection();
        final byte[] answer = established.logonAnswer();
        final long at = connection.claim(answer.length);
        connection.sendStore().write(at, answer, 0, answer.length);
        connection.commit(answer.length);
        if (!dropCopy.session(OrderEvents.SESSION_LOGON, session.sessionId(), 0, clientId,
            session.peerHigh(), session.peerLow(), session.peerPort()))
        {
            metrics.increment(OrderPathMetrics.DROP_COPY_LOST);
        }
        session.logOn(clientIndex, clientId);
        session.transit(established.transit()); // the answer went in clear; everything after it is sealed
        sessionByClientIndex[clientIndex] = session;
        metrics.increment(OrderPathMetrics.SESSIONS_LOGGED_ON);
        session.lastSentNs(nowNs);
    }

    /** Answers a logon this session may not make with a LogonReject, then closes it once that is sent. */
    private int refuseLogon(final ClientSession session, final long clientId, final int reason)
    {
        if (!dropCopy.session(OrderEvents.SESSION_LOGON_REJECTED, session.sessionId(), reason, clientId,
            session.peerHigh(), session.peerLow(), session.peerPort()))
        {
            metrics.increment(OrderPathMetrics.DROP_COPY_LOST);
        }
        final FramedConnection connection = session.connection();
        final long at = claimOut(session, LogonRejectCodec.LENGTH);
        if (at >= 0)
        {
            logonRejectOut.wrapAndApplyHeader(connection.sendStore(), at).clientId(clientId).reason(reason);
            commitOut(session, LogonRejectCodec.LENGTH);
        }
        session.closeAfterFlush();
        return FrameHandler.CONTINUE;
    }

    /**
     * Reserves room for a frame of {@code length} bytes to a client: where to encode it (inside the room
     * for its Sealed envelope on an encrypted session), or -1 when the send buffer is full.
     */
    private static long claimOut(final ClientSession session, final int length)
    {
        final FramedConnection connection = session.connection();
        if (null == session.transit())
        {
            return connection.claim(length);
        }
        final long at = connection.claim(length + SessionCipher.OVERHEAD);
        return at < 0 ? -1 : at + SessionCipher.INNER_OFFSET;
    }

    /** Commits the frame encoded at {@link #claimOut}'s offset, sealing it in place on an encrypted session. */
    private static void commitOut(final ClientSession session, final int length)
    {
        final FramedConnection connection = session.connection();
        final TransitKeys transit = session.transit();
        if (null == transit)
        {
            connection.commit(length);
            return;
        }
        final int sealed = transit.sending().seal(connection.sendView(), connection.pendingSendBytes(), length);
        if (sealed < 0)
        {
            session.closePending(DisconnectReason.TRANSIT_AUTHENTICATION); // sequence exhausted: the session must end
            return;
        }
        connection.commit(sealed);
    }

    /** Encodes a report to a session; false (and the session marked for closing) when it cannot take it. */
    private boolean writeReport(
        final ClientSession session,
        final long clOrdId,
        final long venueOrderId,
        final long quantity,
        final long priceE4,
        final int execType,
        final int reason)
    {
        final FramedConnection connection = session.connection();
        final long at = claimOut(session, ExecutionReportCodec.LENGTH);
        if (at < 0)
        {
            metrics.increment(OrderPathMetrics.REPORTS_DROPPED);
            session.closePending(DisconnectReason.SLOW_CONSUMER);
            return false;
        }
        executionReportOut.wrapAndApplyHeader(connection.sendStore(), at)
            .clOrdId(clOrdId)
            .venueOrderId(venueOrderId)
            .filledQty(quantity)
            .fillPriceE4(priceE4)
            .execType(execType)
            .rejectReason(reason)
            .msgSeqNum(session.isLoggedOn() ? session.takeOutSeq() : 0);
        commitOut(session, ExecutionReportCodec.LENGTH);
        session.lastSentNs(nowNs);
        return true;
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
                    venue.lastReceivedNs(nowNs);
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
                    if (bytes > 0)
                    {
                        venue.lastReceivedNs(nowNs);
                    }
                    else if (venueTimeoutNs > 0 && nowNs - venue.lastReceivedNs() > venueTimeoutNs &&
                        !holdsCompleteFrame(connection))
                    {
                        venueDown(venue, DisconnectReason.TIMEOUT); // silent: it may be gone without a FIN
                        return 1;
                    }
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
                    if (venue.isUp() && nowNs - venue.lastSentNs() > heartbeatIntervalNs)
                    {
                        final long at = connection.claim(HeartbeatCodec.LENGTH);
                        if (at >= 0)
                        {
                            HeartbeatCodec.encode(connection.sendStore(), at);
                            connection.commit(HeartbeatCodec.LENGTH);
                            venue.lastSentNs(nowNs);
                        }
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

    /**
     * Whether a whole frame sits received but unread: we chose not to read it (the drop copy had no
     * room), so the venue is not silent and must not be timed out for it.
     */
    private static boolean holdsCompleteFrame(final FramedConnection connection)
    {
        final int unread = connection.unreadBytes();
        return unread >= Frame.HEADER_LENGTH &&
            unread >= connection.receiveView().getInt(Frame.LENGTH_OFFSET);
    }

    private void sendVenueLogon(final VenueSession venue) throws IOException
    {
        final FramedConnection connection = venue.connection();
        final long at = connection.claim(LogonCodec.LENGTH);
        logonOut.wrapAndApplyHeader(connection.sendStore(), at)
            .clientId(venue.packedClientId())
            .timestampEpochNs(System.currentTimeMillis() * 1_000_000L)
            .nonce(System.nanoTime());
        for (int i = 0; i < LogonCodec.HMAC_LENGTH; i += 8)
        {
            connection.sendStore().writeLong(at + LogonCodec.HMAC_OFFSET + i, 0L); // venues here take unsigned logons
        }
        connection.commit(LogonCodec.LENGTH);
        connection.flush();
        venue.lastSentNs(nowNs);
    }

    private void venueDown(final VenueSession venue, final int reason)
    {
        final int state = venue.state();
        venue.down(nowNs, reconnectIntervalNs);
        if (VenueSession.UP == state)
        {
            metrics.add(OrderPathMetrics.VENUES_UP, -1);
        }
        final int abandoned = pipeline.onVenueDown(venue.index());
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
            {
                if (ExecutionReportCodec.LENGTH != frameLength || !venue.isUp())
                {
                    return FrameHandler.DISCONNECT;
                }
                final ExecutionReportCodec report = executionReportIn.wrap(store, offset);
                final int result = pipeline.onVenueReport(venue.index(), report.clOrdId(), report.venueOrderId(),
                    report.execType(), report.filledQty(), report.fillPriceE4(), report.rejectReason());
                return OrderPipeline.BACK_PRESSURE == result ? FrameHandler.BACK_PRESSURE : FrameHandler.CONTINUE;
            }

            case MessageType.REFERENCE_PRICE:
            {
                if (ReferencePriceCodec.LENGTH != frameLength || !venue.isUp())
                {
                    return FrameHandler.DISCONNECT;
                }
                final ReferencePriceCodec price = referencePriceIn.wrap(store, offset);
                pipeline.onReferencePrice(venue.index(), price.symbol(), price.priceE4());
                return FrameHandler.CONTINUE;
            }

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

    // ---------------------------------------------------------------------------------------------
    // egress implementations
    // ---------------------------------------------------------------------------------------------

    private final class Venues implements OrderPipeline.VenueEgress
    {
        public boolean canSend(final int venueIndex, final int bytes)
        {
            final com.orderguard.orderpath.shm.RingVenueEgress shm = shmVenueEgress[venueIndex];
            if (null != shm)
            {
                return venues[venueIndex].isUp() && shm.canSend(0, bytes);
            }
            final VenueSession venue = venues[venueIndex];
            return venue.isUp() && venue.connection().hasRoom(bytes);
        }

        public void newOrder(
            final int venueIndex,
            final long orderId,
            final long account,
            final long symbol,
            final int side,
            final int ordType,
            final long quantity,
            final long priceE4)
        {
            final com.orderguard.orderpath.shm.RingVenueEgress shm = shmVenueEgress[venueIndex];
            if (null != shm)
            {
                shm.newOrder(0, orderId, account, symbol, side, ordType, quantity, priceE4);
                return;
            }
            final VenueSession venue = venues[venueIndex];
            final FramedConnection connection = venue.connection();
            final long at = connection.claim(NewOrderCodec.LENGTH);
            newOrderOut.wrapAndApplyHeader(connection.sendStore(), at)
                .clOrdId(orderId)
                .account(account)
                .symbol(symbol)
                .side(side)
                .ordType(ordType)
                .msgSeqNum(venue.takeOutSeq())
                .quantity(quantity)
                .priceE4(priceE4);
            connection.commit(NewOrderCodec.LENGTH);
            queued(venue);
            final ClientSession session = currentSession;
            if (null != session)
            {
                metrics.recordLatency(System.nanoTime() - session.readTimeNs());
            }
        }

        public void cancel(final int venueIndex, final long orderId)
        {
            final com.orderguard.orderpath.shm.RingVenueEgress shm = shmVenueEgress[venueIndex];
            if (null != shm)
            {
                shm.cancel(0, orderId);
                return;
            }
            final VenueSession venue = venues[venueIndex];
            final FramedConnection connection = venue.connection();
            final long at = connection.claim(CancelCodec.LENGTH);
            cancelOut.wrapAndApplyHeader(connection.sendStore(), at)
                .clOrdId(orderId)
                .origClOrdId(orderId)
                .msgSeqNum(venue.takeOutSeq());
            connection.commit(CancelCodec.LENGTH);
            queued(venue);
        }

        public void replace(final int venueIndex, final long orderId, final long quantity, final long priceE4)
        {
            final com.orderguard.orderpath.shm.RingVenueEgress shm = shmVenueEgress[venueIndex];
            if (null != shm)
            {
                shm.replace(0, orderId, quantity, priceE4);
                return;
            }
            final VenueSession venue = venues[venueIndex];
            final FramedConnection connection = venue.connection();
            final long at = connection.claim(ReplaceCodec.LENGTH);
            replaceOut.wrapAndApplyHeader(connection.sendStore(), at)
                .clOrdId(orderId)
                .origClOrdId(orderId)
                .quantity(quantity)
                .priceE4(priceE4)
                .msgSeqNum(venue.takeOutSeq());
            connection.commit(ReplaceCodec.LENGTH);
            queued(venue);
        }

        /**
         * A message waits in the venue's send buffer; {@link #pollVenue} writes everything pending,
         * later in this same duty cycle (after the client sessions and rings), in one write: a batch
         * of orders read from a client leaves in one system call (2–5 µs on a VM), not one per order.
         */
        private void queued(final VenueSession venue)
        {
            venue.lastSentNs(nowNs);
        }
    }

    private final class Reports implements OrderPipeline.ReportEgress
    {
        public void report(
            final int source,
            final long clOrdId,
            final long venueOrderId,
            final long quantity,
            final long priceE4,
            final int execType,
            final int reason)
        {
            final ClientSession session = sessionByClientIndex[source];
            if (null != session)
            {
                writeReport(session, clOrdId, venueOrderId, quantity, priceE4, execType, reason);
                return;
            }
            final SharedMemoryEgress shm = shmEgressByClientIndex[source];
            if (null != shm && !shm.report(clOrdId, venueOrderId, quantity, priceE4, execType, reason))
            {
                // The producer does not read its reports: its loss, not the venue's nor the other clients'.
                metrics.increment(OrderPathMetrics.REPORTS_DROPPED);
                shmSlowConsumer = true;
                shmSlowConsumerBySource[source] = true;
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // commands
    // ---------------------------------------------------------------------------------------------

    private ControlledMessageHandler.Action onCommand(final int type, final DirectBuffer buffer, final int index)
    {
        dropCopy.time(System.nanoTime()); // commands come before the cycle's clock read: stamp them with their own
        final boolean applied = pipeline.onCommand(type, buffer, index);
        openPublished.lazySet(pipeline.isIntakeOpen());
        return applied ? ControlledMessageHandler.Action.CONTINUE : ControlledMessageHandler.Action.ABORT;
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
        public Action onMessage(final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length)
        {
            return onCommand(msgTypeId, buffer, index);
        }
    }

    /**
     * Frames from a shared-memory venue: ExecutionReport and ReferencePrice, read in place. A report
     * the drop copy cannot record yet stays in the ring (ABORT) and is read again next cycle; a frame
     * that is neither is counted and skipped.
     */
    private final class ShmVenueHandler implements ControlledMessageHandler
    {
        public Action onMessage(final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length)
        {
            final VenueSession venue = currentVenue;
            if (MessageType.EXECUTION_REPORT == msgTypeId && ExecutionReportCodec.LENGTH == length)
            {
                final int result = pipeline.onVenueReport(venue.index(),
                    buffer.getLong(index + ExecutionReportCodec.CL_ORD_ID_OFFSET),
                    buffer.getLong(index + ExecutionReportCodec.VENUE_ORDER_ID_OFFSET),
                    buffer.getByte(index + ExecutionReportCodec.EXEC_TYPE_OFFSET),
                    buffer.getLong(index + ExecutionReportCodec.FILLED_QTY_OFFSET),
                    buffer.getLong(index + ExecutionReportCodec.FILL_PRICE_OFFSET),
                    buffer.getInt(index + ExecutionReportCodec.REJECT_REASON_OFFSET));
                return OrderPipeline.BACK_PRESSURE == result ? Action.ABORT : Action.CONTINUE;
            }
            if (MessageType.REFERENCE_PRICE == msgTypeId && ReferencePriceCodec.LENGTH == length)
            {
                pipeline.onReferencePrice(venue.index(), buffer.getLong(index + ReferencePriceCodec.SYMBOL_OFFSET),
                    buffer.getLong(index + ReferencePriceCodec.PRICE_OFFSET));
                return Action.CONTINUE;
            }
            metrics.increment(OrderPathMetrics.UNKNOWN_VENUE_REPORTS);
            return Action.CONTINUE;
        }
    }

    /** Shared-memory frames: a frame that cannot be trusted is counted and skipped (the ring keeps framing). */
    private final class ShmHandler implements ControlledMessageHandler
    {
        public Action onMessage(final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length)
        {
            if (!shmEgressByClientIndex[currentShmSource].hasRoom(1))
            {
                return Action.ABORT; // the producer does not read its reports: its orders wait (back pressure)
            }
            if (OrderPipeline.DISCONNECT == pipeline.onMessage(currentShmSource, buffer, index, length))
            {
                metrics.increment(RejectReason.MALFORMED);
            }
            return Action.CONTINUE;
        }
    }
}
