package com.orderguard.quorum;

import java.util.concurrent.atomic.AtomicLong;

/** A clock the test moves. */
final class ManualClock implements QuorumClock
{
    private final AtomicLong nowMs;

    ManualClock(final long startMs)
    {
        this.nowMs = new AtomicLong(startMs);
    }

    @Override
    public long epochMs()
    {
        return nowMs.get();
    }

    void advanceMs(final long deltaMs)
    {
        nowMs.addAndGet(deltaMs);
    }
}
