package com.orderguard.quorum;

/**
 * Wall-clock time for the quorum, in epoch milliseconds (the unit of every time in requests,
 * statements and events). One interface so that tests move time instead of sleeping, and so that
 * nothing in the module reads the system clock behind the caller's back.
 */
@FunctionalInterface
public interface QuorumClock
{
    long epochMs();
}
