package com.orderguard.harness.exchange;

import com.orderguard.orderpath.RejectReason;
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
import com.orderguard.orderpath.protocol.Side;
import net.openhft.chronicle.bytes.BytesStore;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Iterator;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A venue for tests and the demo: takes the appliance's venue sessions on the order-entry
 * protocol, accepts any logon (it does not check the HMAC), publishes its reference prices
 * (market data for the appliance's price collar) after each logon and whenever one is set, acks
 * every new order with a venue order id and, unless ack-only, fills it in full at its limit price
 * (a market order at the reference price). Ack-only orders rest until cancelled or replaced; a
 * session that drops takes its resting orders with it (cancel on disconnect). One line per event
 * goes to the log.
 * <p>
 * Not a latency reference: one selector thread that sleeps when idle, so it leaves the cpu to the
 * order path it is testing. Orders that fail validation (the appliance should never send them)
 * are rejected with MALFORMED, and orders before logon with NOT_LOGGED_ON.
 */
public final class ExchangeSimulator implements AutoCloseable
{
    private static final int RECEIVE_BYTES = 256 * 1024;
    private static final int SEND_BYTES = 1024 * 1024;

    private final String host;
    private final int requestedPort;
    private final boolean fill;
    private final PrintStream log;
    private final AtomicLong ordersReceived = new AtomicLong();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final NewOrderCodec newOrder = new NewOrderCodec();
    private final LogonCodec logon = new LogonCodec();
    private final LogonAckCodec logonAck = new LogonAckCodec();
    private final LogonRejectCodec logonReject = new LogonRejectCodec();
    private final ExecutionReportCodec report = new ExecutionReportCodec();
    private final com.orderguard.orderpath.protocol.CancelCodec cancel = new com.orderguard.orderpath.protocol.CancelCodec();
    private final com.orderguard.orderpath.protocol.ReplaceCodec replace =
        new com.orderguard.orderpath.protocol.ReplaceCodec();
    private final com.orderguard.orderpath.protocol.ReferencePriceCodec referencePrice =
        new com.orderguard.orderpath.protocol.ReferencePriceCodec();
    private final java.util.concurrent.ConcurrentHashMap<String, Long> references = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.ConcurrentLinkedQueue<String> referencesToPublish =
        new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final AtomicLong cancelsReceived = new AtomicLong();
    private final java.util.concurrent.atomic.AtomicInteger restingOrders = new java.util.concurrent.atomic.AtomicInteger();
    private final StringBuilder line = new StringBuilder(160);
    private ServerSocketChannel server;
    private Selector selector;
    private Thread thread;
    private volatile boolean running;
    private long nextVenueOrderId = 1;

    /** A simulator on loopback that prints its order lines to standard output. */
    public ExchangeSimulator(final int port, final boolean fill)
    {
        this("127.0.0.1", port, fill, System.out);
    }

    /**
     * @param host where to listen.
     * @param port 0 for an ephemeral port, see {@link #port()}.
     * @param fill true to ack then fill every order, false to ack only.
     * @param log  where the per-order lines go.
     */
    public ExchangeSimulator(final String host, final int port, final boolean fill, final PrintStream log)
    {
        this.host = host;
        this.requestedPort = port;
        this.fill = fill;
        this.log = log;
    }

    /** Binds (so {@link #port()} is known on return) and starts the simulator's thread. */
    public synchronized ExchangeSimulator start()
    {
        if (null != thread)
        {
            throw new IllegalStateException("already started");
        }
        try
        {
            server = ServerSocketChannel.open();
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            server.bind(new InetSocketAddress(host, requestedPort));
            server.configureBlocking(false);
            selector = Selector.open();
            server.register(selector, SelectionKey.OP_ACCEPT);
        }
        catch (final IOException ex)
        {
            closeQuietly();
            throw new UncheckedIOException("cannot listen on " + host + ":" + requestedPort, ex);
        }
        running = true;
        thread = new Thread(this::run, "exchange-simulator");
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    /** The bound port. */
    public int port()
    {
        return server.socket().getLocalPort();
    }

    /** New orders received over all sessions. */
    public long ordersReceived()
    {
        return ordersReceived.get();
    }

    public boolean isFill()
    {
        return fill;
    }

    /** Cancels received over all sessions. */
    public long cancelsReceived()
    {
        return cancelsReceived.get();
    }

    /** Orders resting now (ack-only mode), over all sessions. */
    public int restingOrders()
    {
        return restingOrders.get();
    }

    /**
     * Sets a symbol's reference price (priceE4 &gt; 0) and publishes it to every logged-on session;
     * any thread.
     */
    public void reference(final String symbol, final long priceE4)
    {
        Ascii8.encode(symbol);
        if (priceE4 <= 0)
        {
            throw new IllegalArgumentException("a reference price must be > 0, was " + priceE4);
        }
        references.put(symbol, priceE4);
        referencesToPublish.add(symbol);
        final Selector selector = this.selector;
        if (null != selector)
        {
            selector.wakeup();
        }
    }

    /** Waits until the simulator stops (on {@link #close()}). */
    public void awaitStop() throws InterruptedException
    {
        stopped.await();
    }

    public void close()
    {
        final Thread thread;
        synchronized (this)
        {
            running = false;
            thread = this.thread;
            if (null != selector)
            {
                selector.wakeup();
            }
        }
        if (null != thread && Thread.currentThread() != thread)
        {
            try
            {
                thread.join(5_000);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
        if (null == thread)
        {
            closeQuietly();
        }
    }

    private void run()
    {
        try
        {
            while (running)
            {
                selector.select(100);
                publishReferences();
                heartbeat();
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
                        accept();
                    }
                    else if (key.isReadable())
                    {
                        serve(key);
                    }
                }
            }
        }
        catch (final IOException ex)
        {
            log.println("SIMULATOR STOPPED: " + ex);
        }
        finally
        {
            for (final SelectionKey key : selector.keys())
            {
                if (key.attachment() instanceof Session)
                {
                    ((Session)key.attachment()).connection.release();
                }
            }
            closeQuietly();
            stopped.countDown();
        }
    }

    private long nextHeartbeatNs = System.nanoTime();

    /** A heartbeat to every logged-on session once a second: the appliance drops a venue silent for long. */
    private void heartbeat() throws IOException
    {
        if (System.nanoTime() - nextHeartbeatNs < 0)
        {
            return;
        }
        nextHeartbeatNs = System.nanoTime() + 1_000_000_000L;
        for (final SelectionKey key : selector.keys())
        {
            if (key.isValid() && key.attachment() instanceof Session && ((Session)key.attachment()).loggedOn)
            {
                final FramedConnection connection = ((Session)key.attachment()).connection;
                final long at = connection.claim(HeartbeatCodec.LENGTH);
                if (at >= 0)
                {
                    HeartbeatCodec.encode(connection.sendStore(), at);
                    connection.commit(HeartbeatCodec.LENGTH);
                    try
                    {
                        connection.flush();
                    }
                    catch (final IOException ex)
                    {
                        // the next read finds the session gone and drops it
                    }
                }
            }
        }
    }

    private void publishReferences() throws IOException
    {
        String symbol;
        while (null != (symbol = referencesToPublish.poll()))
        {
            for (final SelectionKey key : selector.keys())
            {
                if (key.isValid() && key.attachment() instanceof Session && ((Session)key.attachment()).loggedOn)
                {
                    final Session session = (Session)key.attachment();
                    sendReference(session, symbol, references.get(symbol));
                    session.connection.flush();
                }
            }
        }
    }

    private void sendReference(final Session session, final String symbol, final long priceE4)
    {
        final FramedConnection connection = session.connection;
        final long at = connection.claim(com.orderguard.orderpath.protocol.ReferencePriceCodec.LENGTH);
        if (at >= 0)
        {
            referencePrice.wrapAndApplyHeader(connection.sendStore(), at).symbol(Ascii8.encode(symbol)).priceE4(priceE4);
            connection.commit(com.orderguard.orderpath.protocol.ReferencePriceCodec.LENGTH);
        }
    }

    private void accept() throws IOException
    {
        SocketChannel channel;
        while (null != (channel = server.accept()))
        {
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            final Session session = new Session(new FramedConnection(RECEIVE_BYTES, SEND_BYTES));
            session.connection.attach(channel);
            channel.register(selector, SelectionKey.OP_READ, session);
        }
    }

    private void serve(final SelectionKey key)
    {
        final Session session = (Session)key.attachment();
        final FramedConnection connection = session.connection;
        try
        {
            final int bytes = connection.receive();
            if (bytes < 0 || FramedConnection.CLOSE == connection.poll(session))
            {
                drop(key, session, bytes < 0 ? "closed by peer" : "bad frame");
                return;
            }
            while (!connection.flush())
            {
                Thread.onSpinWait(); // the appliance reads continuously; a full socket buffer drains quickly
            }
        }
        catch (final IOException ex)
        {
            drop(key, session, ex.toString());
        }
    }

    private void drop(final SelectionKey key, final Session session, final String why)
    {
        key.cancel();
        restingOrders.addAndGet(-session.resting.size());
        session.resting.clear();
        log.println("SESSION CLOSED client=" + Ascii8.decode(session.clientId) + " (" + why + ")");
        log.flush();
        session.connection.release();
    }

    private void closeQuietly()
    {
        try
        {
            if (null != selector)
            {
                selector.close();
            }
            if (null != server)
            {
                server.close();
            }
        }
        catch (final IOException ignore)
        {
            // stopping
        }
    }

    private int onFrame(final Session session, final BytesStore<?, ?> store, final long offset, final int length, final int type)
    {
        final FramedConnection connection = session.connection;
        switch (type)
        {
            case MessageType.LOGON:
            {
                if (LogonCodec.LENGTH != length)
                {
                    return FrameHandler.DISCONNECT;
                }
                final long clientId = logon.wrap(store, offset).clientId();
                if (!Ascii8.isValid(clientId))
                {
                    final long at = connection.claim(LogonRejectCodec.LENGTH);
                    logonReject.wrapAndApplyHeader(connection.sendStore(), at).clientId(clientId)
                        .reason(LogonRejectReason.MALFORMED);
                    connection.commit(LogonRejectCodec.LENGTH);
                    return FrameHandler.CONTINUE;
                }
                session.clientId = clientId;
                session.loggedOn = true;
                final long at = connection.claim(LogonAckCodec.LENGTH);
                logonAck.wrapAndApplyHeader(connection.sendStore(), at).clientId(clientId);
                connection.commit(LogonAckCodec.LENGTH);
                for (final java.util.Map.Entry<String, Long> e : references.entrySet())
                {
                    sendReference(session, e.getKey(), e.getValue());
                }
                log.println("LOGON client=" + Ascii8.decode(clientId));
                log.flush();
                return FrameHandler.CONTINUE;
            }

            case MessageType.NEW_ORDER:
            {
                if (NewOrderCodec.LENGTH != length)
                {
                    return FrameHandler.DISCONNECT;
                }
                onNewOrder(session, newOrder.wrap(store, offset));
                return FrameHandler.CONTINUE;
            }

            case MessageType.CANCEL:
            {
                if (com.orderguard.orderpath.protocol.CancelCodec.LENGTH != length)
                {
                    return FrameHandler.DISCONNECT;
                }
                cancel.wrap(store, offset);
                cancelsReceived.incrementAndGet();
                final long orderId = cancel.origClOrdId();
                final long[] order = session.resting.remove(orderId);
                line.setLength(0);
                line.append("CANCEL client=");
                Ascii8.appendTo(session.clientId, line).append(" clOrdId=").append(orderId);
                if (null == order)
                {
                    send(session, orderId, 0, ExecType.REJECT, 0, 0, RejectReason.UNKNOWN_ORDER);
                    line.append(" -> REJECTED UNKNOWN_ORDER");
                }
                else
                {
                    restingOrders.decrementAndGet();
                    send(session, orderId, order[2], ExecType.CANCELED, order[0], 0, RejectReason.NONE);
                    line.append(" -> CANCELED qty=").append(order[0]);
                }
                log.println(line);
                log.flush();
                return FrameHandler.CONTINUE;
            }

            case MessageType.REPLACE:
            {
                if (com.orderguard.orderpath.protocol.ReplaceCodec.LENGTH != length)
                {
                    return FrameHandler.DISCONNECT;
                }
                replace.wrap(store, offset);
                final long orderId = replace.origClOrdId();
                final long[] order = session.resting.get(orderId);
                line.setLength(0);
                line.append("REPLACE client=");
                Ascii8.appendTo(session.clientId, line).append(" clOrdId=").append(orderId);
                if (null == order || replace.quantity() <= 0)
                {
                    send(session, orderId, 0, ExecType.REJECT, 0, 0, RejectReason.UNKNOWN_ORDER);
                    line.append(" -> REJECTED");
                }
                else
                {
                    order[0] = replace.quantity();
                    order[1] = replace.priceE4();
                    send(session, orderId, order[2], ExecType.REPLACED, order[0], order[1], RejectReason.NONE);
                    line.append(" -> REPLACED qty=").append(order[0]).append(" price=");
                    appendPrice(order[1], line);
                }
                log.println(line);
                log.flush();
                return FrameHandler.CONTINUE;
            }

            case MessageType.HEARTBEAT:
                return HeartbeatCodec.LENGTH == length ? FrameHandler.CONTINUE : FrameHandler.DISCONNECT;

            default:
                return FrameHandler.DISCONNECT;
        }
    }

    private void onNewOrder(final Session session, final NewOrderCodec order)
    {
        ordersReceived.incrementAndGet();
        line.setLength(0);
        line.append("ORDER client=");
        Ascii8.appendTo(session.clientId, line).append(" clOrdId=").append(order.clOrdId()).append(" account=");
        Ascii8.appendTo(order.account(), line).append(" symbol=");
        Ascii8.appendTo(order.symbol(), line).append(" side=").append(Side.name(order.side()))
            .append(" qty=").append(order.quantity()).append(" price=");
        appendPrice(order.priceE4(), line);

        final int rejectReason = !session.loggedOn ? RejectReason.NOT_LOGGED_ON :
            !order.fieldsAreValid() ? RejectReason.MALFORMED : RejectReason.NONE;
        if (RejectReason.NONE != rejectReason)
        {
            send(session, order.clOrdId(), 0, ExecType.REJECT, 0, 0, rejectReason);
            line.append(" -> REJECTED ").append(RejectReason.name(rejectReason));
        }
        else
        {
            final long venueOrderId = nextVenueOrderId++;
            send(session, order.clOrdId(), venueOrderId, ExecType.ACK, 0, 0, RejectReason.NONE);
            line.append(" venueOrderId=").append(venueOrderId);
            final long fillPrice = com.orderguard.orderpath.protocol.OrdType.MARKET == order.ordType() ?
                references.getOrDefault(Ascii8.decode(order.symbol()), 0L) : order.priceE4();
            if (fill && fillPrice > 0)
            {
                send(session, order.clOrdId(), venueOrderId, ExecType.FILL, order.quantity(), fillPrice,
                    RejectReason.NONE);
                line.append(" -> FILLED");
            }
            else
            {
                session.resting.put(order.clOrdId(), new long[] {order.quantity(), order.priceE4(), venueOrderId});
                restingOrders.incrementAndGet();
                line.append(" -> ACKED (resting)");
            }
        }
        log.println(line);
        log.flush();
    }

    private void send(
        final Session session,
        final long clOrdId,
        final long venueOrderId,
        final int execType,
        final long filledQty,
        final long fillPriceE4,
        final int rejectReason)
    {
        final FramedConnection connection = session.connection;
        long at = connection.claim(ExecutionReportCodec.LENGTH);
        while (at < 0)
        {
            try
            {
                connection.flush();
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
            at = connection.claim(ExecutionReportCodec.LENGTH);
        }
        report.wrapAndApplyHeader(connection.sendStore(), at)
            .clOrdId(clOrdId)
            .venueOrderId(venueOrderId)
            .filledQty(filledQty)
            .fillPriceE4(fillPriceE4)
            .execType(execType)
            .rejectReason(rejectReason)
            .msgSeqNum(session.nextSeq++);
        connection.commit(ExecutionReportCodec.LENGTH);
    }

    /** Appends a priceE4 as a decimal with four places, e.g. 1012500 → 101.2500. */
    static StringBuilder appendPrice(final long priceE4, final StringBuilder out)
    {
        final long abs = Math.abs(priceE4);
        if (priceE4 < 0)
        {
            out.append('-');
        }
        out.append(abs / 10_000).append('.');
        final long fraction = abs % 10_000;
        for (long scale = 1_000; scale > 0; scale /= 10)
        {
            out.append((char)('0' + (fraction / scale) % 10));
        }
        return out;
    }

    private final class Session implements FrameHandler
    {
        private final FramedConnection connection;
        private long clientId;
        private boolean loggedOn;
        private long nextSeq = 1;
        private final java.util.HashMap<Long, long[]> resting = new java.util.HashMap<>();

        Session(final FramedConnection connection)
        {
            this.connection = connection;
        }

        public int onFrame(final BytesStore<?, ?> store, final long offset, final int frameLength, final int type)
        {
            return ExchangeSimulator.this.onFrame(this, store, offset, frameLength, type);
        }
    }

    /**
     * {@code ExchangeSimulator [--host H] [--port P] [--fill | --ack-only] [--reference SYMBOL=PRICE]...}: prints
     * {@code LISTENING <port>} as its first line, then one line per order, until killed.
     */
    public static void main(final String[] args) throws InterruptedException
    {
        String host = "127.0.0.1";
        int port = 0;
        boolean fill = true;
        final java.util.Map<String, Long> references = new java.util.LinkedHashMap<>();
        for (int i = 0; i < args.length; i++)
        {
            switch (args[i])
            {
                case "--host" -> host = value(args, ++i, "--host");
                case "--port" -> port = parsePort(value(args, ++i, "--port"));
                case "--fill" -> fill = true;
                case "--ack-only" -> fill = false;
                case "--reference" ->
                {
                    final String value = value(args, ++i, "--reference");
                    final int eq = value.indexOf('=');
                    try
                    {
                        references.put(value.substring(0, Math.max(0, eq)), parsePriceE4(value.substring(eq + 1)));
                        Ascii8.encode(value.substring(0, Math.max(0, eq)));
                    }
                    catch (final RuntimeException ex)
                    {
                        usageError("--reference must be SYMBOL=PRICE, e.g. AAPL=189.50, was " + value);
                    }
                }
                case "--help", "-h" ->
                {
                    System.out.println(USAGE);
                    return;
                }
                default -> usageError("unknown option " + args[i]);
            }
        }
        final ExchangeSimulator simulator = new ExchangeSimulator(host, port, fill, System.out);
        references.forEach(simulator::reference);
        try
        {
            simulator.start();
        }
        catch (final UncheckedIOException ex)
        {
            System.err.println("exchange-simulator: " + ex.getMessage() + ": " + ex.getCause());
            System.exit(1);
        }
        System.out.println("LISTENING " + simulator.port());
        System.out.flush();
        Runtime.getRuntime().addShutdownHook(new Thread(simulator::close, "exchange-simulator-stop"));
        simulator.awaitStop();
    }

    private static final String USAGE =
        "usage: ExchangeSimulator [--host H] [--port P (0 = ephemeral, default)] [--fill (default) | --ack-only] " +
        "[--reference SYMBOL=PRICE (market data for the price collar; repeatable)]";

    /** "189.50" → 1895000; at most four decimals, positive. */
    static long parsePriceE4(final String text)
    {
        final java.math.BigDecimal price = new java.math.BigDecimal(text.trim());
        final long priceE4 = price.movePointRight(4).longValueExact();
        if (priceE4 <= 0)
        {
            throw new IllegalArgumentException("price must be > 0");
        }
        return priceE4;
    }

    private static String value(final String[] args, final int i, final String option)
    {
        if (i >= args.length)
        {
            usageError(option + " needs a value");
        }
        return args[i];
    }

    private static int parsePort(final String text)
    {
        try
        {
            final int port = Integer.parseInt(text);
            if (port < 0 || port > 65535)
            {
                usageError("--port must be 0..65535, was " + text);
            }
            return port;
        }
        catch (final NumberFormatException ex)
        {
            usageError("--port must be a number, was " + text);
            return -1;
        }
    }

    private static void usageError(final String message)
    {
        System.err.println("exchange-simulator: " + message);
        System.err.println(USAGE);
        System.exit(2);
    }
}
