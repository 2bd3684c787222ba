package com.orderguard.quorum;

/** The system's wall clock. Expiry is a wall-clock matter: officers read these times. */
public final class SystemQuorumClock implements QuorumClock
{
    public static final SystemQuorumClock INSTANCE = new SystemQuorumClock();

    private SystemQuorumClock()
    {
    }

    @Override
    public long epochMs()
    {
        return System.currentTimeMillis();
    }
}
