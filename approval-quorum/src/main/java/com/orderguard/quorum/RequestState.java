package com.orderguard.quorum;

/**
 * PENDING -> APPROVED -> EXECUTED (exactly once), or PENDING/APPROVED -> DENIED, EXPIRED,
 * CANCELLED. Every state but PENDING and APPROVED is final, and only APPROVED may execute.
 */
public enum RequestState
{
    PENDING,
    APPROVED,
    EXECUTED,
    DENIED,
    EXPIRED,
    CANCELLED;

    /** In flight: still able to reach EXECUTED. */
    public boolean isOpen()
    {
        return this == PENDING || this == APPROVED;
    }
}
