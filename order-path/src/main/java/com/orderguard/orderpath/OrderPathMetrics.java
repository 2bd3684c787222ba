package com.orderguard.orderpath;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counters and latency of the order path, written only by the order-path thread with ordered
 * (release) stores and read by any thread (the Prometheus exporter) without locks.
 * <p>
 * Latency is gateway read → venue write done, in nanoseconds, recorded into an HdrHistogram
 * {@link Recorder}: wait-free and allocation-free for the writer; readers take interval
 * histograms. Values above {@link #HIGHEST_TRACKABLE_LATENCY_NS} are recorded as that value
 * (an exception on the hot path would be worse than a clipped outlier).
 */
public final class OrderPathMetrics
{
    public static final long HIGHEST_TRACKABLE_LATENCY_NS = 10_000_000_000L;

    static final int ACCEPTED = RejectReason.COUNT;
    static final int VENUE_ACKS = ACCEPTED + 1;
    static final int FILLS = VENUE_ACKS + 1;
    static final int DROP_COPY_LOST = FILLS + 1;
    static final int VENUES_UP = DROP_COPY_LOST + 1;
    static final int SESSIONS_LOGGED_ON = VENUES_UP + 1;
    static final int UNKNOWN_VENUE_REPORTS = SESSIONS_LOGGED_ON + 1;
    static final int HELD = UNKNOWN_VENUE_REPORTS + 1;
    static final int ROUTE_ALERTS = HELD + 1;
    static final int CANCELS = ROUTE_ALERTS + 1;
    static final int REPLACES = CANCELS + 1;
    static final int SEQUENCE_GAPS = REPLACES + 1;
    static final int SESSION_TIMEOUTS = SEQUENCE_GAPS + 1;
    static final int PEER_RINGS_CORRUPT = SESSION_TIMEOUTS + 1;
    static final int REPORTS_DROPPED = PEER_RINGS_CORRUPT + 1;
    static final int CONNECTIONS_REFUSED = REPORTS_DROPPED + 1;
    private static final int SLOTS = CONNECTIONS_REFUSED + 1;

    private final AtomicLongArray values = new AtomicLongArray(SLOTS);
    private final Recorder latencyRecorder = new Recorder(1, HIGHEST_TRACKABLE_LATENCY_NS, 3);
    private Histogram intervalHistogram;

    /** Public so a benchmark can run an {@link OrderPipeline} on its own; the order path makes its own. */
    public OrderPathMetrics()
    {
    }

    /** Orders that passed every check and were written to a venue. */
    public long accepted()
    {
        return values.get(ACCEPTED);
    }

    /** Orders rejected for {@code reason} (a {@link RejectReason} code); 0 for an unknown code. */
    public long rejected(final int reason)
    {
        return reason >= 0 && reason < RejectReason.COUNT ? values.get(reason) : 0;
    }

    /** Acks received from venues for routed orders. */
    public long venueAcks()
    {
        return values.get(VENUE_ACKS);
    }

    /** Fills received from venues. */
    public long fills()
    {
        return values.get(FILLS);
    }

    /** Lifecycle events that found no room in the drop copy even in its reserve: should stay 0. */
    public long dropCopyLost()
    {
        return values.get(DROP_COPY_LOST);
    }

    /** Venues currently logged on. */
    public long venuesUp()
    {
        return values.get(VENUES_UP);
    }

    /** Client sessions currently logged on. */
    public long sessionsLoggedOn()
    {
        return values.get(SESSIONS_LOGGED_ON);
    }

    /** Venue execution reports naming no open order (ignored, counted). */
    public long unknownVenueReports()
    {
        return values.get(UNKNOWN_VENUE_REPORTS);
    }

    /** Large orders put on hold for a second person's approval. */
    public long held()
    {
        return values.get(HELD);
    }

    /** Orders for a symbol without an approved route: blocked, and an alert raised in the drop copy. */
    public long routeAlerts()
    {
        return values.get(ROUTE_ALERTS);
    }

    /** Orders cancelled at a venue (on request, kill, halt or disconnect). */
    public long cancels()
    {
        return values.get(CANCELS);
    }

    /** Replaces confirmed by a venue. */
    public long replaces()
    {
        return values.get(REPLACES);
    }

    /** Client sessions closed for a sequence gap. */
    public long sequenceGaps()
    {
        return values.get(SEQUENCE_GAPS);
    }

    /** Client sessions closed for silence past orderpath.session.timeoutMs. */
    public long sessionTimeouts()
    {
        return values.get(SESSION_TIMEOUTS);
    }

    /**
     * Shared-memory rings given up because their writer (a strategy process, a venue gateway) broke
     * the ring's framing: a record header that cannot be true. Should stay 0; each one is also a
     * SESSION_CLOSED or VENUE_DISCONNECTED event with reason MALFORMED_FRAME in the drop copy.
     */
    public long peerRingsCorrupt()
    {
        return values.get(PEER_RINGS_CORRUPT);
    }

    /**
     * Execution reports a client could not take (its TCP send buffer or its shared-memory report ring
     * full): dropped, counted here, and that client disconnected as a slow consumer, so the venue and
     * every other client carry on. Each report is in the drop copy regardless.
     */
    public long reportsDropped()
    {
        return values.get(REPORTS_DROPPED);
    }

    /**
     * Broker connections refused before or at logon (bad logon, a message before logon, no logon in
     * time, too many waiting, no free session), as far as their events reached the order path.
     */
    public long connectionsRefused()
    {
        return values.get(CONNECTIONS_REFUSED);
    }

    /**
     * Adds the latencies recorded since the previous call to {@code target}. Any thread; callers
     * are serialised because the recorder hands out one interval at a time.
     */
    public synchronized void addLatencyTo(final Histogram target)
    {
        intervalHistogram = latencyRecorder.getIntervalHistogram(intervalHistogram);
        target.add(intervalHistogram);
    }

    // ---- writer side: order-path thread only ----

    void increment(final int slot)
    {
        values.lazySet(slot, values.getPlain(slot) + 1);
    }

    void add(final int slot, final long delta)
    {
        values.lazySet(slot, values.getPlain(slot) + delta);
    }

    void recordLatency(final long latencyNs)
    {
        latencyRecorder.recordValue(Math.min(Math.max(latencyNs, 1), HIGHEST_TRACKABLE_LATENCY_NS));
    }
}
