package com.orderguard.orderpath.risk;

/**
 * Per-session message throttle, a token bucket: each client may send {@code burst} messages at
 * once and {@code messagesPerSecond} sustained. Kept in nanoseconds of credit so it needs no
 * division per message: one message costs 1e9 / rate ns, the bucket holds burst x that.
 */
public final class MessageThrottle
{
    private final long costNs;
    private final long capacityNs;
    private final long[] creditNs;
    private final long[] lastNs;

    public MessageThrottle(final int sources, final long messagesPerSecond, final long burst)
    {
        costNs = Math.max(1, 1_000_000_000L / messagesPerSecond);
        capacityNs = costNs * burst;
        creditNs = new long[sources];
        lastNs = new long[sources];
        java.util.Arrays.fill(creditNs, capacityNs);
    }

    /** Takes a token for {@code source}; false when its bucket is empty (reject THROTTLED). */
    public boolean tryAcquire(final int source, final long nowNs)
    {
        long credit = creditNs[source];
        final long elapsed = nowNs - lastNs[source];
        lastNs[source] = nowNs;
        if (elapsed > 0)
        {
            credit = elapsed >= capacityNs ? capacityNs : Math.min(capacityNs, credit + elapsed);
        }
        if (credit < costNs)
        {
            creditNs[source] = credit;
            return false;
        }
        creditNs[source] = credit - costNs;
        return true;
    }

    /** A fresh session starts with a full bucket. */
    public void reset(final int source, final long nowNs)
    {
        creditNs[source] = capacityNs;
        lastNs[source] = nowNs;
    }
}
