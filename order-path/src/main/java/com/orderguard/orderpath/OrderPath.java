package com.orderguard.orderpath;

import com.orderguard.orderpath.command.CommandRing;
import com.orderguard.orderpath.dropcopy.DropCopy;
import com.orderguard.orderpath.dropcopy.DropCopyFile;
import com.orderguard.orderpath.dropcopy.DropCopyReader;
import com.orderguard.orderpath.gateway.Gateway;
import com.orderguard.orderpath.gateway.LogonAuthenticator;
import com.orderguard.orderpath.gateway.SessionEstablisher;
import com.orderguard.orderpath.gateway.transit.TranscriptSigner;
import com.orderguard.orderpath.protocol.Ascii8;
import com.orderguard.orderpath.protocol.Frame;
import org.agrona.CloseHelper;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.OffsetEpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.YieldingIdleStrategy;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * The order path: a gateway for the broker's sessions, one pinned thread ("order-path") that owns
 * every order and checks, routes and records each one, and sessions to the venues.
 * <p>
 * Other threads talk to it only through rings and ordered counters: commands in ({@link #open()},
 * {@link #seal(int)}, limits, routes, halts, kills, held orders), drop-copy events out
 * ({@link #pollDropCopy}), metrics ({@link #metrics()}). Intake starts sealed: no order leaves
 * until {@link #open()} has been applied.
 */
public final class OrderPath implements AutoCloseable
{
    private static final long START_TIMEOUT_MS = 10_000;
    /** The establisher parks at most this long when idle: the worst added delay of a logon. */
    private static final long ESTABLISHER_MAX_PARK_NS = 1_000_000L;

    private final OrderPathConfig config;
    private final OrderPathMetrics metrics = new OrderPathMetrics();
    private final CommandRing commands = new CommandRing();
    private final DropCopy dropCopy;
    /** The drop-copy ring's file and what it held from the last run, or null when the ring is in process memory. */
    private final DropCopyFile.Opened dropCopyFile;
    /** The drop copy's one consumer: the journal's, or {@link #pollDropCopy}'s for a process without one. */
    private final DropCopyReader dropCopyReader;
    private final Gateway gateway;
    private final OrderPathAgent agent;
    private final SessionEstablisher establisher;
    private AgentRunner runner;
    private AgentRunner establisherRunner;
    private InetSocketAddress gatewayAddress;

    /** An order path with a plain gateway: orderpath.gateway.transit must be {@code plain}. */
    public OrderPath(final OrderPathConfig config)
    {
        this(config, null);
    }

    /**
     * @param gatewaySigner signs each session's key exchange with the gateway key in the HSM (key custody's
     *                      {@code sign(KeyPurpose.GATEWAY_SIGNING, ...)}); required when
     *                      orderpath.gateway.transit is {@code encrypted} (the default), unused when plain.
     * @throws IllegalArgumentException when the gateway must encrypt and there is no signer.
     */
    public OrderPath(final OrderPathConfig config, final TranscriptSigner gatewaySigner)
    {
        if (config.transitEncrypted() && null == gatewaySigner)
        {
            throw new IllegalArgumentException(OrderPathConfig.GATEWAY_TRANSIT + "=" + OrderPathConfig.TRANSIT_ENCRYPTED +
                " needs the gateway signing key (a TranscriptSigner); set it to " + OrderPathConfig.TRANSIT_PLAIN +
                " only for a latency benchmark");
        }
        Frame.requireLittleEndian();
        this.config = config;
        final OneToOneRingBuffer ring;
        if (null == config.dropCopyFile())
        {
            ring = new OneToOneRingBuffer(new UnsafeBuffer(
                ByteBuffer.allocateDirect(config.dropCopyRingBytes() + RingBufferDescriptor.TRAILER_LENGTH)));
            dropCopyFile = null;
        }
        else
        {
            // never unmapped: the journal drains it after this order path has closed, until the process ends
            dropCopyFile = DropCopyFile.open(java.nio.file.Path.of(config.dropCopyFile()), config.dropCopyRingBytes());
            ring = dropCopyFile.ring().ring();
        }
        final int lifecycleEvents = 2 * (config.maxSessions() + config.venues().size()) + 8;
        final int reserveBytes = lifecycleEvents * DropCopy.recordBytes(OrderEvents.SESSION_LENGTH);
        dropCopy = new DropCopy(ring, new OffsetEpochNanoClock(), reserveBytes);
        dropCopyReader = new DropCopyReader(ring);
        gateway = new Gateway(config.gatewayHost(), config.gatewayPort(), 2 * config.maxPendingConnections());
        agent = new OrderPathAgent(config, metrics, commands, dropCopy, gateway);
        establisher = newEstablisher(config, gateway, config.transitEncrypted() ? gatewaySigner : null);
    }

    private static SessionEstablisher newEstablisher(
        final OrderPathConfig config, final Gateway gateway, final TranscriptSigner signer)
    {
        final java.util.List<String> clients = config.clients();
        final long[] ids = new long[clients.size()];
        final boolean[] tcp = new boolean[clients.size()];
        final byte[][] keys = new byte[clients.size()][];
        for (int i = 0; i < ids.length; i++)
        {
            ids[i] = Ascii8.encode(clients.get(i));
            tcp[i] = !config.shmProducers().contains(clients.get(i));
            keys[i] = config.clientKey(clients.get(i));
        }
        final LogonAuthenticator authenticator = new LogonAuthenticator(keys,
            java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(config.logonMaxClockSkewMs()));
        return new SessionEstablisher(gateway, authenticator, ids, tcp,
            java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(config.logonTimeoutMs()),
            config.maxPendingConnections(), config.refusalEventsPerSecond(), signer);
    }

    /**
     * Binds the gateway and starts the pinned order-path thread; returns once the thread runs.
     * Venues are connected (and reconnected) by that thread.
     *
     * @throws UncheckedIOException when the gateway cannot bind.
     */
    public synchronized void start()
    {
        if (null != runner)
        {
            throw new IllegalStateException("already started");
        }
        try
        {
            gatewayAddress = gateway.bind();
        }
        catch (final IOException ex)
        {
            gateway.close();
            throw new UncheckedIOException("cannot bind the order gateway to " + config.gatewayHost() + ":" +
                config.gatewayPort(), ex);
        }
        if (!config.transitEncrypted())
        {
            System.err.println("WARNING: " + OrderPathConfig.GATEWAY_TRANSIT + "=" + OrderPathConfig.TRANSIT_PLAIN +
                ": broker order flow crosses the network UNENCRYPTED and unauthenticated after logon. " +
                "For latency benchmarks only; never in production.");
        }
        runner = new AgentRunner(agent.runnerIdleStrategy(idleStrategy(config.idle())), OrderPath::onAgentError, null, agent);
        AgentRunner.startOnThread(runner, OrderPath::newThread);
        try
        {
            agent.awaitStarted(START_TIMEOUT_MS);
            establisherRunner = new AgentRunner(new BackoffIdleStrategy(1, 1, 1_000, ESTABLISHER_MAX_PARK_NS),
                OrderPath::onAgentError, null, establisher);
            AgentRunner.startOnThread(establisherRunner, runnable -> daemon(runnable, SessionEstablisher.ROLE_NAME));
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            close();
            throw new IllegalStateException("interrupted while starting the order path", ex);
        }
        catch (final RuntimeException ex)
        {
            close();
            throw ex;
        }
    }

    /** Where brokers connect; the bound port when orderpath.gateway.port was 0. Null before start. */
    public InetSocketAddress gatewayAddress()
    {
        return gatewayAddress;
    }

    /** Command: open intake (after unseal). False when the command ring is full: retry. */
    public boolean open()
    {
        return commands.open();
    }

    /** Command: close intake; {@code reasonCode} is recorded in the INTAKE_SEALED event. */
    public boolean seal(final int reasonCode)
    {
        return commands.seal(reasonCode);
    }

    // ---- commands: each returns false when the command ring is full (retry); each is applied by the
    // order-path thread between two orders, then its sequence number is published (appliedCommandSeq)
    // and a COMMAND_APPLIED drop-copy event records its result.

    /**
     * Command: set a limit. {@code limit} is a {@link com.orderguard.orderpath.risk.RiskLimit} code,
     * {@code scope} a {@link com.orderguard.orderpath.risk.Scope} code, {@code id} the account, firm or
     * symbol (ignored for GLOBAL), {@code value} &gt; 0 ({@code RiskLimit.UNLIMITED} lifts the limit).
     */
    public boolean setLimit(final int limit, final int scope, final String id, final long value)
    {
        return commands.offer(CommandRing.SET_LIMIT, ((long)limit << 32) | (scope & 0xFFFFFFFFL), packedOrZero(id), value);
    }

    /** Command: approve (add or change) the route of {@code symbol} to configured venue {@code venue}. */
    public boolean setRoute(final String symbol, final String venue)
    {
        return commands.offer(CommandRing.SET_ROUTE, Ascii8.encode(symbol), Ascii8.encode(venue), 0);
    }

    /** Command: remove the route of {@code symbol}; new orders for it are blocked (NO_ROUTE, with an alert). */
    public boolean removeRoute(final String symbol)
    {
        return commands.offer(CommandRing.REMOVE_ROUTE, Ascii8.encode(symbol), 0, 0);
    }

    /** Command: halt one symbol (new orders rejected SYMBOL_HALTED). */
    public boolean haltSymbol(final String symbol)
    {
        return commands.offer(CommandRing.HALT_SYMBOL, Ascii8.encode(symbol), 0, 0);
    }

    /** Command: lift a symbol halt. */
    public boolean resumeSymbol(final String symbol)
    {
        return commands.offer(CommandRing.RESUME_SYMBOL, Ascii8.encode(symbol), 0, 0);
    }

    /**
     * Command: throw a kill switch ({@code scope} GLOBAL, ACCOUNT or FIRM of
     * {@link com.orderguard.orderpath.risk.Scope}; {@code id} ignored for GLOBAL): new orders in the scope
     * are rejected KILL_SWITCH and its open orders are cancelled.
     */
    public boolean kill(final int scope, final String id)
    {
        return commands.offer(CommandRing.KILL, scope, packedOrZero(id), 0);
    }

    /** Command: lift a kill switch. */
    public boolean revive(final int scope, final String id)
    {
        return commands.offer(CommandRing.REVIVE, scope, packedOrZero(id), 0);
    }

    /**
     * Command: halt all trading: new orders are rejected TRADING_HALTED and every open order at every
     * venue is cancelled; the COMMAND_APPLIED event's count says how many.
     */
    public boolean haltAll()
    {
        return commands.offer(CommandRing.HALT_ALL, 0, 0, 0);
    }

    /** Command: lift halt-all (the quorum issue will gate who may). */
    public boolean resume()
    {
        return commands.offer(CommandRing.RESUME, 0, 0, 0);
    }

    /** Command: release a held large order (the order id is in its ORDER_HELD event): it is checked again and routed. */
    public boolean releaseHeldOrder(final long orderId)
    {
        return commands.offer(CommandRing.RELEASE_HELD, orderId, 0, 0);
    }

    /** Command: reject a held large order (HOLD_REJECTED). */
    public boolean rejectHeldOrder(final long orderId)
    {
        return commands.offer(CommandRing.REJECT_HELD, orderId, 0, 0);
    }

    /**
     * The sequence number of the most recent command accepted into the ring, by any thread. A caller
     * that just had a command accepted and reads this gets its own number or a later one; waiting for
     * {@link #appliedCommandSeq()} to reach it proves its command was applied.
     */
    public long lastCommandSeq()
    {
        return commands.lastOfferedSeq();
    }

    /** The sequence number of the last command the order-path thread applied. */
    public long appliedCommandSeq()
    {
        return commands.appliedSeq();
    }

    /**
     * What applied command {@code seq} did: {@code CommandRing.RESULT_APPLIED} (0), or why it changed
     * nothing (RESULT_UNKNOWN_VENUE, RESULT_UNKNOWN_ID, RESULT_TABLE_FULL, RESULT_BAD_ARGUMENT,
     * RESULT_UNKNOWN_ORDER; {@code CommandRing.resultName}); -1 when not applied yet or more than 1024
     * commands ago. A caller should check it after {@link #awaitCommandApplied}: applied is not the
     * same as in force (releasing an order that is no longer held changes nothing).
     */
    public int commandResult(final long seq)
    {
        return commands.result(seq);
    }

    /** Waits (sleeping 1 ms between looks; control plane only) until command {@code seq} has been applied. */
    public boolean awaitCommandApplied(final long seq, final long timeoutMs) throws InterruptedException
    {
        final long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (commands.appliedSeq() < seq)
        {
            if (System.nanoTime() - deadline > 0)
            {
                return false;
            }
            Thread.sleep(1);
        }
        return true;
    }

    private static long packedOrZero(final String id)
    {
        return null == id || id.isEmpty() ? 0 : Ascii8.encode(id);
    }

    /** Whether intake is open, as last applied by the order-path thread. */
    public boolean isOpen()
    {
        return agent.isOpen();
    }

    /**
     * What the drop-copy file held from the last run (events the journal takes first, a cut unfinished
     * record, a release completed), or null when there was nothing or the ring lives in process memory.
     */
    public String dropCopyRecovery()
    {
        return null == dropCopyFile ? null : dropCopyFile.note();
    }

    /**
     * True when the drop copy is a file that outlives the process: then, at every start and before the
     * journal drains it, the journal's side must call {@link DropCopyReader#recover} on
     * {@link #dropCopyReader()} so that each event is journaled once.
     */
    public boolean dropCopyOutlivesProcess()
    {
        return null != dropCopyFile;
    }

    /**
     * After an orderly stop, once the journal has taken every event: removes the drop-copy file
     * ({@link DropCopyFile#removeIfDrained}); a file left by a crash is kept for the next start.
     *
     * @return true when the file was removed.
     */
    public boolean removeDropCopyFileIfDrained()
    {
        return null != dropCopyFile && DropCopyFile.removeIfDrained(dropCopyFile.ring());
    }

    /**
     * Drains up to {@code limit} drop-copy events and frees them at once; for a process with no journal
     * (tests, benchmarks). The journal uses {@link #dropCopyReader()} instead, which frees an event only
     * once the journal file holds it. One consumer thread only, and one of the two ways.
     * Each message's {@code msgTypeId} is an {@link OrderEvents} type and its payload starts with int64 epochNs.
     */
    public int pollDropCopy(final MessageHandler handler, final int limit)
    {
        return dropCopyReader.take(handler, limit);
    }

    /** The drop copy's consumer side, for the journal: hands events over, frees them when told they are in the file. */
    public DropCopyReader dropCopyReader()
    {
        return dropCopyReader;
    }

    public OrderPathMetrics metrics()
    {
        return metrics;
    }

    /** The cpu the order-path thread is pinned to, -1 when unbound. */
    public int cpuId()
    {
        return agent.cpuId();
    }

    /** e.g. "order-path thread pinned to cpu 1 (affinity {1})" or "order-path thread unbound: no cpu free". */
    public String affinityDescription()
    {
        return agent.affinityDescription();
    }

    /** The cpus the order-path thread may run on, as the OS reported them to that thread after pinning. */
    public java.util.BitSet threadAffinity()
    {
        return agent.threadAffinity();
    }

    public OrderPathConfig config()
    {
        return config;
    }

    /**
     * Refusal events the establisher did not journal (more than orderpath.gateway.refusalEventsPerSecond),
     * and connections closed before they sent a byte; both only counted.
     */
    public long refusalEventsSuppressed()
    {
        return establisher.refusalEventsSuppressed();
    }

    public long silentConnections()
    {
        return establisher.silentConnections();
    }

    /**
     * Stops accepting (the establisher closes the listening socket and the connections still waiting for
     * their logon), then the order-path thread (closing sessions and releasing its cpu on it). Idempotent.
     */
    public synchronized void close()
    {
        CloseHelper.close(establisherRunner);
        CloseHelper.close(runner);
        gateway.close();
        gateway.closeUntaken();
    }

    static IdleStrategy idleStrategy(final String name)
    {
        switch (name)
        {
            case OrderPathConfig.IDLE_YIELD:
                return new YieldingIdleStrategy();
            case OrderPathConfig.IDLE_BACKOFF:
                return new BackoffIdleStrategy();
            default:
                return new BusySpinIdleStrategy();
        }
    }

    private static Thread newThread(final Runnable runnable)
    {
        return daemon(runnable, OrderPathAgent.ROLE_NAME);
    }

    private static Thread daemon(final Runnable runnable, final String name)
    {
        final Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }

    private static void onAgentError(final Throwable error)
    {
        System.err.println(Thread.currentThread().getName() + ": contained error, loop continues: " + error);
        error.printStackTrace();
    }
}
