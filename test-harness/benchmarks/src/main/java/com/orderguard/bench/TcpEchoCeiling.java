package com.orderguard.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

import org.HdrHistogram.Histogram;

/**
 * The physical cost of a TCP round trip through loopback: a busy-polling echo server and an
 * open-loop client whose sender and receiver share one thread (as they must on a 2-core box).
 * The order path's TCP edge (client → appliance → venue → appliance → client) is read as a ratio
 * to this, measured in the same run.
 */
public final class TcpEchoCeiling
{
    public static final int MESSAGE_LENGTH = 64;

    /** Open loop at the given rate; returns latencies of (echo received − intended send). */
    public static RingHopCeiling.Result openLoop(final long ratePerSecond, final long count) throws IOException, InterruptedException
    {
        try (ServerSocketChannel server = ServerSocketChannel.open())
        {
            server.bind(new InetSocketAddress("127.0.0.1", 0));
            final Thread echo = new Thread(() -> echo(server), "tcp-echo");
            echo.setDaemon(true);
            echo.start();
            try (SocketChannel client = SocketChannel.open(server.getLocalAddress()))
            {
                client.setOption(StandardSocketOptions.TCP_NODELAY, true);
                client.configureBlocking(false);
                final Histogram histogram = LatencyReport.newHistogram();
                final ByteBuffer out = ByteBuffer.allocateDirect(64 * 1024).order(ByteOrder.LITTLE_ENDIAN);
                final ByteBuffer in = ByteBuffer.allocateDirect(64 * 1024).order(ByteOrder.LITTLE_ENDIAN);
                out.flip();
                final long startNs = System.nanoTime() + 1_000_000;
                final OpenLoop schedule = new OpenLoop(startNs, ratePerSecond, count);
                long received = 0;
                while (received < count)
                {
                    final long now = System.nanoTime();
                    if (schedule.nextDueNs() <= now)
                    {
                        out.compact();
                        while (schedule.nextDueNs() <= now && out.remaining() >= MESSAGE_LENGTH)
                        {
                            out.putLong(schedule.nextDueNs());
                            out.position(out.position() + MESSAGE_LENGTH - Long.BYTES);
                            schedule.advance();
                        }
                        out.flip();
                    }
                    if (out.hasRemaining())
                    {
                        client.write(out);
                    }
                    if (client.read(in) > 0)
                    {
                        in.flip();
                        final long arrivedNs = System.nanoTime();
                        while (in.remaining() >= MESSAGE_LENGTH)
                        {
                            final long intendedNs = in.getLong();
                            in.position(in.position() + MESSAGE_LENGTH - Long.BYTES);
                            histogram.recordValue(Math.max(0, arrivedNs - intendedNs));
                            received++;
                        }
                        in.compact();
                    }
                }
                final double seconds = (System.nanoTime() - startNs) / 1e9;
                return new RingHopCeiling.Result(histogram, count / seconds);
            }
        }
    }

    private static void echo(final ServerSocketChannel server)
    {
        try (SocketChannel channel = server.accept())
        {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.configureBlocking(false);
            final ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);
            while (true)
            {
                final int read = channel.read(buffer);
                if (read < 0)
                {
                    return;
                }
                buffer.flip();
                while (buffer.hasRemaining())
                {
                    channel.write(buffer);
                }
                buffer.clear();
            }
        }
        catch (final IOException ignore)
        {
            // client closed: the run is over
        }
    }

    private TcpEchoCeiling()
    {
    }
}
