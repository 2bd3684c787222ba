package com.orderguard.orderpath.shm;

import com.orderguard.orderpath.OrderPipeline;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;

/**
 * Reports to rings, one per source (client index): the shared-memory path's egress, for a pipeline
 * driven without the agent (benchmarks, tests). A report for a source without a ring is dropped;
 * a full ring drops the report and counts it ({@link #dropped()}).
 */
public final class RingReportEgress implements OrderPipeline.ReportEgress
{
    private final SharedMemoryEgress[] bySource;
    private long dropped;

    /** @param ringsBySource a ring per client index, null where a client has none. */
    public RingReportEgress(final OneToOneRingBuffer... ringsBySource)
    {
        bySource = new SharedMemoryEgress[ringsBySource.length];
        for (int i = 0; i < ringsBySource.length; i++)
        {
            bySource[i] = null == ringsBySource[i] ? null : new SharedMemoryEgress(ringsBySource[i]);
        }
    }

    public void report(
        final int source,
        final long clOrdId,
        final long venueOrderId,
        final long quantity,
        final long priceE4,
        final int execType,
        final int reason)
    {
        final SharedMemoryEgress egress = source < bySource.length ? bySource[source] : null;
        if (null == egress || !egress.report(clOrdId, venueOrderId, quantity, priceE4, execType, reason))
        {
            dropped++;
        }
    }

    public long dropped()
    {
        return dropped;
    }
}
