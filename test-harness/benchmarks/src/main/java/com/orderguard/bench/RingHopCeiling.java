package com.orderguard.bench;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.HdrHistogram.Histogram;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * The physical cost of one hop between two threads: an Agrona one-to-one ring, one producer, one
 * consumer, nothing else. The order path's shared-memory ingress adds its work on top of exactly
 * this, so its results read as a ratio to this ceiling measured in the same run.
 */
public final class RingHopCeiling
{
    private static final int MESSAGE_LENGTH = 64;
    private static final int MSG_TYPE = 1;

    private final int capacity;

    public RingHopCeiling(final int capacity)
    {
        this.capacity = capacity;
    }

    /** Open loop at {@code ratePerSecond} for {@code count} messages; returns the latency histogram. */
    public Result openLoop(final long ratePerSecond, final long count) throws InterruptedException
    {
        final OneToOneRingBuffer ring = newRing();
        final Histogram histogram = LatencyReport.newHistogram();
        final long[] received = new long[1];
        final MessageHandler handler = new MessageHandler()
        {
            @Override
            public void onMessage(final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length)
            {
                histogram.recordValue(Math.max(0, System.nanoTime() - buffer.getLong(index, ByteOrder.LITTLE_ENDIAN)));
                received[0]++;
            }
        };
        final Thread consumer = new Thread(() ->
        {
            while (received[0] < count)
            {
                ring.read(handler, 256);
            }
        }, "ring-consumer");
        consumer.start();

        final UnsafeBuffer message = new UnsafeBuffer(ByteBuffer.allocateDirect(MESSAGE_LENGTH));
        final long startNs = System.nanoTime() + 1_000_000;
        final OpenLoop schedule = new OpenLoop(startNs, ratePerSecond, count);
        while (!schedule.done())
        {
            final long dueNs = schedule.nextDueNs();
            while (System.nanoTime() < dueNs)
            {
                Thread.onSpinWait();
            }
            message.putLong(0, dueNs, ByteOrder.LITTLE_ENDIAN);
            while (!ring.write(MSG_TYPE, message, 0, MESSAGE_LENGTH))
            {
                Thread.onSpinWait();
            }
            schedule.advance();
        }
        consumer.join();
        final double seconds = (System.nanoTime() - startNs) / 1e9;
        return new Result(histogram, count / seconds);
    }

    /** Closed burst: how many messages per second one hop carries flat out. */
    public double burstRate(final long count) throws InterruptedException
    {
        final OneToOneRingBuffer ring = newRing();
        final long[] received = new long[1];
        final MessageHandler handler = (msgTypeId, buffer, index, length) -> received[0]++;
        final long[] endNs = new long[1];
        final Thread consumer = new Thread(() ->
        {
            while (received[0] < count)
            {
                ring.read(handler, 256);
            }
            endNs[0] = System.nanoTime();
        }, "ring-consumer");
        consumer.start();
        final UnsafeBuffer message = new UnsafeBuffer(ByteBuffer.allocateDirect(MESSAGE_LENGTH));
        final long startNs = System.nanoTime();
        for (long i = 0; i < count; i++)
        {
            message.putLong(0, i);
            while (!ring.write(MSG_TYPE, message, 0, MESSAGE_LENGTH))
            {
                Thread.onSpinWait();
            }
        }
        consumer.join();
        return count / ((endNs[0] - startNs) / 1e9);
    }

    private OneToOneRingBuffer newRing()
    {
        return new OneToOneRingBuffer(new UnsafeBuffer(
            ByteBuffer.allocateDirect(capacity + RingBufferDescriptor.TRAILER_LENGTH)));
    }

    /** Latencies and the rate actually achieved. */
    public record Result(Histogram histogram, double achievedRate)
    {
    }
}
