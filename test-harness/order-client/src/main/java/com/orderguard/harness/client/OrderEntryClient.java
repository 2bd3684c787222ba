package com.orderguard.harness.client;

import com.orderguard.orderpath.protocol.Ascii8;
import com.orderguard.orderpath.protocol.ExecutionReportCodec;
import com.orderguard.orderpath.protocol.Frame;
import com.orderguard.orderpath.protocol.LogonRejectCodec;
import com.orderguard.orderpath.protocol.MessageType;
import com.orderguard.orderpath.protocol.NewOrderCodec;
import com.orderguard.orderpath.protocol.OrdType;
import net.openhft.chronicle.bytes.BytesStore;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * The broker's trading system, reduced to what tests and the demo need: a blocking client of the
 * order-entry protocol. Not thread-safe (one caller thread); not for latency measurement.
 * <p>
 * It logs on with the client's HMAC key ({@link #logon(String, byte[])}), or opens an encrypted
 * session with it and the appliance's pinned gateway key ({@link #logon(String, byte[], java.security.PublicKey)}:
 * every later frame both ways is sealed, AES-256-GCM), numbers every order,
 * cancel and replace (msgSeqNum 1, 2, 3...), checks the sequence of the reports it receives (a gap
 * fails {@link #awaitReport} with an IOException: a report was lost), and sends a heartbeat from a
 * daemon thread every second so that an idle session is not timed out by the appliance.
 * Reads keep partial frames across timeouts, so a timed-out {@link #awaitReport(Duration)} never
 * desynchronises the stream.
 */
public final class OrderEntryClient implements AutoCloseable
{
    /** How long {@link #logon(String)} waits for the answer. */
    public static final Duration LOGON_TIMEOUT = Duration.ofSeconds(5);

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final byte[] frame = new byte[Frame.MAX_FRAME_LENGTH];
    private final BytesStore<?, byte[]> frameStore = uncheckedStore(frame);
    private int frameFilled;
    private int lastFrameType;
    private int lastLogonRejectReason;
    private int nextSeq = 1;
    private long expectedReportSeq = 1;
    private volatile boolean heartbeating = true;
    /** Set once a logon is accepted: heartbeats start then (none may cross a SecureLogon's key exchange). */
    private volatile boolean loggedOn;
    private volatile com.orderguard.orderpath.gateway.transit.ClientTransit transit;

    private OrderEntryClient(final Socket socket) throws IOException
    {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        final Thread heartbeat = new Thread(this::heartbeat, "order-client-heartbeat");
        heartbeat.setDaemon(true);
        heartbeat.start();
    }

    private void heartbeat()
    {
        final byte[] frame = new byte[com.orderguard.orderpath.protocol.HeartbeatCodec.LENGTH];
        com.orderguard.orderpath.protocol.HeartbeatCodec.encode(uncheckedStore(frame), 0);
        while (heartbeating)
        {
            try
            {
                Thread.sleep(1_000);
                if (heartbeating && loggedOn)
                {
                    sendFrame(frame);
                }
            }
            catch (final InterruptedException | IOException ex)
            {
                return;
            }
        }
    }

    /** Connects (blocking, 5 s timeout) to the appliance's order gateway. */
    public static OrderEntryClient connect(final String host, final int port) throws IOException
    {
        final Socket socket = new Socket();
        try
        {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), 5_000);
            return new OrderEntryClient(socket);
        }
        catch (final IOException ex)
        {
            socket.close();
            throw ex;
        }
    }

    /**
     * Logs on without a key: an unsigned logon (HMAC all zero). The appliance refuses it
     * (BAD_SIGNATURE); only a venue that does not authenticate (the exchange simulator) takes it.
     */
    public boolean logon(final String clientId) throws IOException
    {
        return logon(clientId, null);
    }

    /**
     * Logs on with the client's HMAC-SHA256 key (the bytes of orderpath.client.ID.hmacKey) and waits
     * for the answer. The logon carries the wall-clock time (strictly increasing within this JVM) and
     * a random nonce, so it is fresh and cannot be replayed.
     *
     * @return true on LogonAck; false on LogonReject (see {@link #lastLogonRejectReason()}), when the
     * gateway closes the connection, or when no answer comes within {@link #LOGON_TIMEOUT}.
     */
    public boolean logon(final String clientId, final byte[] hmacKey) throws IOException
    {
        sendRaw(SignedLogon.frame(clientId, hmacKey));
        final long deadlineNs = System.nanoTime() + LOGON_TIMEOUT.toNanos();
        try
        {
            while (true)
            {
                if (!readFrame(deadlineNs))
                {
                    return false;
                }
                if (MessageType.LOGON_ACK == lastFrameType)
                {
                    loggedOn = true;
                    return true;
                }
                if (MessageType.LOGON_REJECT == lastFrameType)
                {
                    lastLogonRejectReason = new LogonRejectCodec().wrap(frameStore, 0).reason();
                    return false;
                }
            }
        }
        catch (final EOFException ex)
        {
            return false;
        }
    }

    /**
     * Opens an encrypted session: a SecureLogon (the client's ephemeral key under its HMAC), then the
     * appliance's answer, whose signature must verify with {@code gatewayKey} (the appliance's
     * gateway-signing public key, exported by its officers and pinned here).
     *
     * @return true on SecureLogonAck; false on LogonReject ({@link #lastLogonRejectReason()}), close or timeout.
     * @throws IOException also when the answer is not signed by {@code gatewayKey}: not the appliance.
     */
    public boolean logon(final String clientId, final byte[] hmacKey, final java.security.PublicKey gatewayKey)
        throws IOException
    {
        final com.orderguard.orderpath.gateway.transit.ClientHandshake handshake;
        try
        {
            handshake = com.orderguard.orderpath.gateway.transit.ClientHandshake.begin(new java.security.SecureRandom());
        }
        catch (final java.security.GeneralSecurityException ex)
        {
            throw new IOException("cannot start the key exchange: " + ex.getMessage(), ex);
        }
        final long now = System.currentTimeMillis() * 1_000_000L;
        sendRaw(handshake.secureLogon(Ascii8.encode(clientId), SignedLogon.LAST_TIMESTAMP.updateAndGet(last -> Math.max(last + 1, now)),
            new java.security.SecureRandom().nextLong(), hmacKey));
        final long deadlineNs = System.nanoTime() + LOGON_TIMEOUT.toNanos();
        try
        {
            while (true)
            {
                if (!readFrame(deadlineNs))
                {
                    return false;
                }
                if (MessageType.SECURE_LOGON_ACK == lastFrameType)
                {
                    try
                    {
                        transit = handshake.finish(java.util.Arrays.copyOf(frame,
                            com.orderguard.orderpath.protocol.SecureLogonAckCodec.LENGTH), gatewayKey);
                        loggedOn = true;
                    }
                    catch (final java.security.GeneralSecurityException ex)
                    {
                        throw new IOException("the gateway's answer does not verify with the pinned gateway key: " +
                            ex.getMessage(), ex);
                    }
                    return true;
                }
                if (MessageType.LOGON_REJECT == lastFrameType)
                {
                    lastLogonRejectReason = new LogonRejectCodec().wrap(frameStore, 0).reason();
                    return false;
                }
            }
        }
        catch (final EOFException ex)
        {
            return false;
        }
    }

    /** Whether the session is encrypted (a SecureLogon was accepted). */
    public boolean isEncrypted()
    {
        return null != transit;
    }

    /** The {@code LogonRejectReason} code of the last refused logon, 0 if none. */
    public int lastLogonRejectReason()
    {
        return lastLogonRejectReason;
    }

    /** Sends a limit order. */
    public void send(
        final long clOrdId,
        final String account,
        final String symbol,
        final Side side,
        final long quantity,
        final long priceE4) throws IOException
    {
        send(clOrdId, account, symbol, side, OrdType.LIMIT, quantity, priceE4);
    }

    /** Sends a market order (no price: the appliance values it at the venue's reference price). */
    public void sendMarket(final long clOrdId, final String account, final String symbol, final Side side,
        final long quantity) throws IOException
    {
        send(clOrdId, account, symbol, side, OrdType.MARKET, quantity, 0);
    }

    private void send(
        final long clOrdId,
        final String account,
        final String symbol,
        final Side side,
        final int ordType,
        final long quantity,
        final long priceE4) throws IOException
    {
        final byte[] order = new byte[NewOrderCodec.LENGTH];
        new NewOrderCodec().wrapAndApplyHeader(uncheckedStore(order), 0)
            .clOrdId(clOrdId)
            .account(Ascii8.encode(account))
            .symbol(Ascii8.encode(symbol))
            .side(side.code())
            .ordType(ordType)
            .msgSeqNum(nextSeq++)
            .quantity(quantity)
            .priceE4(priceE4);
        sendFrame(order);
    }

    /** Asks to cancel order {@code origClOrdId}; {@code clOrdId} is the cancel's own id. */
    public void cancel(final long clOrdId, final long origClOrdId) throws IOException
    {
        final byte[] cancel = new byte[com.orderguard.orderpath.protocol.CancelCodec.LENGTH];
        new com.orderguard.orderpath.protocol.CancelCodec().wrapAndApplyHeader(uncheckedStore(cancel), 0)
            .clOrdId(clOrdId).origClOrdId(origClOrdId).msgSeqNum(nextSeq++);
        sendFrame(cancel);
    }

    /** Asks to change order {@code origClOrdId} to a new total quantity and price; it is {@code clOrdId} from then on. */
    public void replace(final long clOrdId, final long origClOrdId, final long quantity, final long priceE4)
        throws IOException
    {
        final byte[] replace = new byte[com.orderguard.orderpath.protocol.ReplaceCodec.LENGTH];
        new com.orderguard.orderpath.protocol.ReplaceCodec().wrapAndApplyHeader(uncheckedStore(replace), 0)
            .clOrdId(clOrdId).origClOrdId(origClOrdId).quantity(quantity).priceE4(priceE4).msgSeqNum(nextSeq++);
        sendFrame(replace);
    }

    /** Sends one frame, sealed on an encrypted session; sealing and writing are one step (sequence order). */
    private void sendFrame(final byte[] frame) throws IOException
    {
        synchronized (out)
        {
            final com.orderguard.orderpath.gateway.transit.ClientTransit transit = this.transit;
            out.write(null == transit ? frame : transit.seal(frame, 0, frame.length));
            out.flush();
        }
    }

    /** Sends bytes as they are, for bad-input tests. */
    public void sendRaw(final byte[] bytes) throws IOException
    {
        synchronized (out)
        {
            out.write(bytes);
            out.flush();
        }
    }

    /**
     * The next execution report, skipping other messages (heartbeats).
     *
     * @return the report, or null when none arrived within {@code timeout}.
     * @throws EOFException when the gateway closed the connection.
     */
    public ExecutionReport awaitReport(final Duration timeout) throws IOException
    {
        final long deadlineNs = System.nanoTime() + timeout.toNanos();
        while (readFrame(deadlineNs))
        {
            if (MessageType.EXECUTION_REPORT == lastFrameType && ExecutionReportCodec.LENGTH == frameLength())
            {
                final ExecutionReportCodec report = new ExecutionReportCodec().wrap(frameStore, 0);
                if (0 != report.msgSeqNum())
                {
                    if (report.msgSeqNum() != expectedReportSeq)
                    {
                        throw new IOException("report sequence gap: expected " + expectedReportSeq + ", got " +
                            report.msgSeqNum());
                    }
                    expectedReportSeq++;
                }
                return new ExecutionReport(
                    report.clOrdId(),
                    ExecutionReport.ExecType.fromCode(report.execType()),
                    report.rejectReason(),
                    report.filledQty(),
                    report.fillPriceE4(),
                    report.venueOrderId());
            }
        }
        return null;
    }

    public void close() throws IOException
    {
        heartbeating = false;
        socket.close();
    }

    private int frameLength()
    {
        return Frame.frameLength(frameStore, 0);
    }

    /** Completes one frame into {@link #frame}; false on deadline (keeping what was read). */
    private boolean readFrame(final long deadlineNs) throws IOException
    {
        while (true)
        {
            final int needed = frameFilled < Frame.HEADER_LENGTH ? Frame.HEADER_LENGTH : frameLength();
            if (frameFilled >= Frame.HEADER_LENGTH && !Frame.isPlausibleLength(needed))
            {
                throw new IOException("gateway sent a frame of implausible length " + needed);
            }
            if (frameFilled == needed && frameFilled >= Frame.HEADER_LENGTH)
            {
                frameFilled = 0;
                final com.orderguard.orderpath.gateway.transit.ClientTransit transit = this.transit;
                if (null != transit &&
                    (MessageType.SEALED != Frame.messageType(frameStore, 0) || transit.open(frame, needed) < 0))
                {
                    throw new IOException("a frame on the encrypted session is not sealed by the appliance, " +
                        "or was altered, replayed or reordered");
                }
                lastFrameType = Frame.messageType(frameStore, 0);
                return true;
            }
            final long remainingMs = (deadlineNs - System.nanoTime()) / 1_000_000;
            if (remainingMs <= 0)
            {
                return false;
            }
            socket.setSoTimeout((int)Math.min(Integer.MAX_VALUE, remainingMs));
            try
            {
                final int read = in.read(frame, frameFilled, needed - frameFilled);
                if (read < 0)
                {
                    throw new EOFException("gateway closed the connection");
                }
                frameFilled += read;
            }
            catch (final SocketTimeoutException ex)
            {
                return false;
            }
        }
    }

    /** Reads a key file: hex digits (whitespace ignored). The key never appears on a command line. */
    static byte[] readHexKey(final java.nio.file.Path file)
    {
        final String hex;
        try
        {
            hex = java.nio.file.Files.readString(file, java.nio.charset.StandardCharsets.US_ASCII).replaceAll("\\s", "");
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException("cannot read --hmac-key-file " + file + ": " + ex.getMessage());
        }
        if (hex.isEmpty() || hex.length() % 2 != 0 || !hex.matches("[0-9a-fA-F]+"))
        {
            throw new IllegalArgumentException("--hmac-key-file " + file + " must hold an even number of hex digits");
        }
        return java.util.HexFormat.of().parseHex(hex);
    }

    private static java.security.PublicKey readGatewayKey(final java.nio.file.Path pem)
    {
        try
        {
            return com.orderguard.orderpath.gateway.transit.ClientHandshake.readPinnedKey(pem);
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException("--gateway-key: " + ex.getMessage());
        }
    }

    private static BytesStore<?, byte[]> uncheckedStore(final byte[] bytes)
    {
        return SignedLogon.uncheckedStore(bytes);
    }

    /**
     * {@code OrderEntryClient --host H --port P --client ID --account A --symbol S --side BUY|SELL
     * --qty Q --price 101.25 [--clOrdId N] [--timeout-ms T]}: logs on, sends one order, prints each
     * report that arrives within the timeout on its own line. Exit code 0 when a report came,
     * 1 when none came or the logon was refused, 2 on a usage error.
     */
    public static void main(final String[] args)
    {
        System.exit(run(args, System.out, System.err));
    }

    static final String USAGE = "usage: OrderEntryClient --host H --port P --client ID --account A --symbol S " +
        "--side BUY|SELL --qty Q --price 101.25 [--hmac-key-file F (hex key; required by the appliance)] " +
        "[--gateway-key PEM (the appliance's gateway public key: an encrypted session; without it, plain)] " +
        "[--clOrdId N (default 1)] [--timeout-ms T (default 3000)]";

    /** The main's work, returning the exit code; testable without exiting the JVM. */
    static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        String host = "127.0.0.1";
        int port = -1;
        String client = null;
        String account = null;
        String symbol = null;
        Side side = null;
        long quantity = 0;
        long priceE4 = 0;
        long clOrdId = 1;
        long timeoutMs = 3_000;
        byte[] hmacKey = null;
        java.security.PublicKey gatewayKey = null;
        try
        {
            for (int i = 0; i < args.length; i++)
            {
                final String option = args[i];
                if ("--help".equals(option) || "-h".equals(option))
                {
                    out.println(USAGE);
                    return 0;
                }
                if (i + 1 >= args.length)
                {
                    throw new IllegalArgumentException(option + " needs a value");
                }
                final String value = args[++i];
                switch (option)
                {
                    case "--host" -> host = value;
                    case "--port" -> port = Integer.parseInt(value);
                    case "--client" -> client = value;
                    case "--account" -> account = value;
                    case "--symbol" -> symbol = value;
                    case "--side" -> side = Side.valueOf(value.toUpperCase(java.util.Locale.ROOT));
                    case "--qty" -> quantity = Long.parseLong(value);
                    case "--price" -> priceE4 = Prices.parseE4(value);
                    case "--clOrdId" -> clOrdId = Long.parseLong(value);
                    case "--timeout-ms" -> timeoutMs = Long.parseLong(value);
                    case "--hmac-key-file" -> hmacKey = readHexKey(java.nio.file.Path.of(value));
                    case "--gateway-key" -> gatewayKey = readGatewayKey(java.nio.file.Path.of(value));
                    default -> throw new IllegalArgumentException("unknown option " + option);
                }
            }
            if (port < 0 || null == client || null == account || null == symbol || null == side)
            {
                throw new IllegalArgumentException("--port, --client, --account, --symbol and --side are required");
            }
            Ascii8.encode(client);
            Ascii8.encode(account);
            Ascii8.encode(symbol);
        }
        catch (final IllegalArgumentException ex)
        {
            err.println("order-entry-client: " + ex.getMessage());
            err.println(USAGE);
            return 2;
        }

        try (OrderEntryClient session = connect(host, port))
        {
            if (null != gatewayKey && null == hmacKey)
            {
                err.println("order-entry-client: --gateway-key needs --hmac-key-file");
                return 2;
            }
            if (!(null == gatewayKey ? session.logon(client, hmacKey) : session.logon(client, hmacKey, gatewayKey)))
            {
                out.println("LOGON REJECTED client=" + client + " reason=" +
                    com.orderguard.orderpath.protocol.LogonRejectReason.name(session.lastLogonRejectReason()));
                return 1;
            }
            session.send(clOrdId, account, symbol, side, quantity, priceE4);
            final long deadlineNs = System.nanoTime() + Duration.ofMillis(timeoutMs).toNanos();
            int reports = 0;
            long filled = 0;
            while (true)
            {
                final long remainingNs = deadlineNs - System.nanoTime();
                if (remainingNs <= 0)
                {
                    break;
                }
                final ExecutionReport report;
                try
                {
                    report = session.awaitReport(Duration.ofNanos(remainingNs));
                }
                catch (final EOFException ex)
                {
                    out.println("DISCONNECTED by the gateway");
                    break;
                }
                if (null == report)
                {
                    break;
                }
                out.println(report);
                reports++;
                if (ExecutionReport.ExecType.FILL == report.execType())
                {
                    filled += report.filledQty();
                }
                if (ExecutionReport.ExecType.REJECT == report.execType() || filled >= quantity)
                {
                    break; // the order is done
                }
            }
            if (0 == reports)
            {
                out.println("NO REPORT clOrdId=" + clOrdId + " within " + timeoutMs + " ms");
                return 1;
            }
            return 0;
        }
        catch (final IOException ex)
        {
            err.println("order-entry-client: " + ex);
            return 1;
        }
    }
}
