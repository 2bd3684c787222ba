package com.orderguard.orderpath;

import com.orderguard.orderpath.command.CommandRing;
import com.orderguard.orderpath.dropcopy.DropCopy;
import com.orderguard.orderpath.gateway.Gateway;
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
 * Other threads talk to it only through rings and ordered counters: commands in
 * ({@link #open()}, {@link #seal(int)}), drop-copy events out ({@link #pollDropCopy}), metrics
 * ({@link #metrics()}). Intake starts sealed: no order leaves until {@link #open()} has been applied.
 */
public final class OrderPath implements AutoCloseable
{
    private static final long START_TIMEOUT_MS = 10_000;

    private final OrderPathConfig config;
    private final OrderPathMetrics metrics = new OrderPathMetrics();
    private final CommandRing commands = new CommandRing();
    private final DropCopy dropCopy;
    private final Gateway gateway;
    private final OrderPathAgent agent;
    private AgentRunner runner;
    private InetSocketAddress gatewayAddress;

    public OrderPath(final OrderPathConfig config)
    {
        Frame.requireLittleEndian();
        this.config = config;
        final OneToOneRingBuffer ring = new OneToOneRingBuffer(new UnsafeBuffer(
            ByteBuffer.allocateDirect(config.dropCopyRingBytes() + RingBufferDescriptor.TRAILER_LENGTH)));
        final int lifecycleEvents = 2 * (config.maxSessions() + config.venues().size()) + 8;
        final int reserveBytes = lifecycleEvents * DropCopy.recordBytes(OrderEvents.SESSION_LENGTH);
        dropCopy = new DropCopy(ring, new OffsetEpochNanoClock(), reserveBytes);
        gateway = new Gateway(config.gatewayHost(), config.gatewayPort());
        agent = new OrderPathAgent(config, metrics, commands, dropCopy, gateway);
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
        runner = new AgentRunner(idleStrategy(config.idle()), OrderPath::onAgentError, null, agent);
        AgentRunner.startOnThread(runner, OrderPath::newThread);
        try
        {
            agent.awaitStarted(START_TIMEOUT_MS);
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

    /** Whether intake is open, as last applied by the order-path thread. */
    public boolean isOpen()
    {
        return agent.isOpen();
    }

    /**
     * Drains up to {@code limit} drop-copy events; one consumer thread only. Each message's
     * {@code msgTypeId} is an {@link OrderEvents} type and its payload starts with int64 epochNs.
     */
    public int pollDropCopy(final MessageHandler handler, final int limit)
    {
        return dropCopy.poll(handler, limit);
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

    /** Stops the thread (closing sessions and releasing its cpu on it), then the gateway. Idempotent. */
    public synchronized void close()
    {
        CloseHelper.close(runner);
        gateway.close();
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
        final Thread thread = new Thread(runnable, OrderPathAgent.ROLE_NAME);
        thread.setDaemon(true);
        return thread;
    }

    private static void onAgentError(final Throwable error)
    {
        System.err.println(OrderPathAgent.ROLE_NAME + ": contained error, loop continues: " + error);
        error.printStackTrace();
    }
}
