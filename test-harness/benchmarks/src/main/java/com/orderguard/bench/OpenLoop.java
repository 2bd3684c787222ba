package com.orderguard.bench;

/**
 * The schedule of an open-loop load: message {@code i} is due at {@code startNs + i * periodNs},
 * whatever happened to message {@code i − 1}. A sender that falls behind still stamps each message
 * with the time it was due, so the delay it suffered is counted as latency: this is what corrects
 * coordinated omission (a closed-loop tester would quietly send fewer messages during a stall and
 * never see it).
 */
public final class OpenLoop
{
    private final long startNs;
    private final double periodNs;
    private final long count;
    private long next;

    public OpenLoop(final long startNs, final long ratePerSecond, final long count)
    {
        this.startNs = startNs;
        this.periodNs = 1e9 / ratePerSecond;
        this.count = count;
    }

    /** Intended send time of the next message, or Long.MAX_VALUE when all were sent. */
    public long nextDueNs()
    {
        return next < count ? startNs + (long)(next * periodNs) : Long.MAX_VALUE;
    }

    /** Marks the next message as sent. */
    public void advance()
    {
        next++;
    }

    public long sent()
    {
        return next;
    }

    public boolean done()
    {
        return next >= count;
    }
}
