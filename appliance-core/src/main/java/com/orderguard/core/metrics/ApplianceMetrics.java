package com.orderguard.core.metrics;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

import org.HdrHistogram.Histogram;

import com.orderguard.orderpath.OrderPathMetrics;
import com.orderguard.orderpath.RejectReason;
import com.orderguard.orderpath.crypto.JdkCryptoKernels;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.SummaryWithCallback;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Quantile;
import io.prometheus.metrics.model.snapshots.Quantiles;

/**
 * Everything ops scrape from {@code /metrics}, in the Prometheus text format.
 * <p>
 * The order path's numbers are read, not pushed: its single writer keeps plain counters with
 * ordered stores and an HdrHistogram recorder, and the callbacks here read them at scrape time,
 * so observing the order path costs it nothing. Only control-plane events (rare) use ordinary
 * Prometheus counters.
 */
public final class ApplianceMetrics
{
    private static final double NANOS_PER_SECOND = 1e9;
    private static final double[] QUANTILES = {0.5, 0.9, 0.99, 0.999, 0.9999, 1.0};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final Histogram latencyNs = new Histogram(3_600_000_000_000L, 3);
    private final Counter shares;
    private final Counter controlRequests;

    public ApplianceMetrics(
        final OrderPathMetrics orderPath,
        final BooleanSupplier sealed,
        final BooleanSupplier intakeOpen,
        final LongSupplier journalDurableSequence,
        final BooleanSupplier journalFailed,
        final LongSupplier checkpointTreeSize,
        final LongSupplier checkpointEpochNanos,
        final BooleanSupplier hsmCanSign)
    {
        GaugeWithCallback.builder()
            .name("orderguard_crypto_kernel_direct")
            .help("1 where the journal and encrypted sessions call the JDK's AES, GHASH or SHA-256 kernel directly; 0 where " +
                "the JVM flags are missing and they run slower through the public API (alert on 0 after a JDK change)")
            .labelNames("kernel")
            .callback(callback ->
            {
                callback.call(JdkCryptoKernels.hasAes() ? 1 : 0, "aes");
                callback.call(JdkCryptoKernels.hasGhash() ? 1 : 0, "ghash");
                callback.call(JdkCryptoKernels.hasSha256() ? 1 : 0, "sha256");
            })
            .register(registry);
        GaugeWithCallback.builder()
            .name("orderguard_hsm_can_sign")
            .help("0 while the unsealed appliance's token cannot sign (intake is closed until it can)")
            .callback(callback -> callback.call(hsmCanSign.getAsBoolean() ? 1 : 0))
            .register(registry);
        CounterWithCallback.builder()
            .name("orderguard_orders")
            .help("Orders the order path decided on, by result and reject reason")
            .labelNames("result", "reason")
            .callback(callback ->
            {
                callback.call(orderPath.accepted(), "accepted", "");
                for (int reason = 1; reason < RejectReason.COUNT; reason++)
                {
                    callback.call(orderPath.rejected(reason), "rejected", RejectReason.name(reason));
                }
            })
            .register(registry);
        CounterWithCallback.builder()
            .name("orderguard_gateway_connections_refused")
            .help("Broker connections refused before or at logon (bad or late logon, a message before logon, " +
                "too many waiting, no free session), as journaled")
            .callback(callback -> callback.call(orderPath.connectionsRefused()))
            .register(registry);
        CounterWithCallback.builder()
            .name("orderguard_peer_rings_corrupt")
            .help("Shared-memory rings given up because the process writing them broke their framing (should stay 0)")
            .callback(callback -> callback.call(orderPath.peerRingsCorrupt()))
            .register(registry);
        CounterWithCallback.builder()
            .name("orderguard_reports_dropped")
            .help("Execution reports a client could not take (it was disconnected as a slow consumer; each is in the journal)")
            .callback(callback -> callback.call(orderPath.reportsDropped()))
            .register(registry);
        CounterWithCallback.builder()
            .name("orderguard_drop_copy_lost")
            .help("Order-path events that found the drop copy full (the order path fails closed on them; should stay 0)")
            .callback(callback -> callback.call(orderPath.dropCopyLost()))
            .register(registry);
        CounterWithCallback.builder()
            .name("orderguard_venue_acks")
            .help("Acknowledgements received from exchange sessions")
            .callback(callback -> callback.call(orderPath.venueAcks()))
            .register(registry);
        CounterWithCallback.builder()
            .name("orderguard_fills")
            .help("Fills received from exchange sessions")
            .callback(callback -> callback.call(orderPath.fills()))
            .register(registry);
        SummaryWithCallback.builder()
            .name("orderguard_order_path_latency_seconds")
            .help("Order-path latency from gateway read to venue write, since start")
            .callback(callback ->
            {
                synchronized (latencyNs)
                {
                    orderPath.addLatencyTo(latencyNs);
                    final long count = latencyNs.getTotalCount();
                    final Quantiles.Builder quantiles = Quantiles.builder();
                    for (final double q : QUANTILES)
                    {
                        quantiles.quantile(new Quantile(q, count == 0 ? 0.0 :
                            latencyNs.getValueAtPercentile(q * 100.0) / NANOS_PER_SECOND));
                    }
                    callback.call(count, latencyNs.getMean() * count / NANOS_PER_SECOND, quantiles.build());
                }
            })
            .register(registry);
        GaugeWithCallback.builder()
            .name("orderguard_sealed")
            .help("1 while the appliance is sealed (HSM PIN not held, order intake closed)")
            .callback(callback -> callback.call(sealed.getAsBoolean() ? 1 : 0))
            .register(registry);
        GaugeWithCallback.builder()
            .name("orderguard_order_intake_open")
            .help("1 while the order path accepts orders")
            .callback(callback -> callback.call(intakeOpen.getAsBoolean() ? 1 : 0))
            .register(registry);
        GaugeWithCallback.builder()
            .name("orderguard_journal_durable_sequence")
            .help("Sequence number of the last audit record known to be on disk")
            .callback(callback -> callback.call(journalDurableSequence.getAsLong()))
            .register(registry);
        GaugeWithCallback.builder()
            .name("orderguard_journal_failed")
            .help("1 when the audit journal cannot persist and intake is closed because of it")
            .callback(callback -> callback.call(journalFailed.getAsBoolean() ? 1 : 0))
            .register(registry);
        GaugeWithCallback.builder()
            .name("orderguard_journal_checkpoint_tree_size")
            .help("Records covered by the last HSM-signed checkpoint")
            .callback(callback -> callback.call(checkpointTreeSize.getAsLong()))
            .register(registry);
        GaugeWithCallback.builder()
            .name("orderguard_journal_checkpoint_timestamp_seconds")
            .help("When the last HSM-signed checkpoint was made (0: none yet); alert when it lags")
            .callback(callback -> callback.call(checkpointEpochNanos.getAsLong() / 1e9))
            .register(registry);
        shares = Counter.builder()
            .name("orderguard_unseal_shares")
            .help("Unseal shares offered, by outcome")
            .labelNames("outcome")
            .register(registry);
        controlRequests = Counter.builder()
            .name("orderguard_control_requests")
            .help("Control-plane requests by method, route and HTTP status")
            .labelNames("method", "route", "status")
            .register(registry);
        JvmMetrics.builder().register(registry);
    }

    public void shareOffered(final String outcome)
    {
        shares.labelValues(outcome).inc();
    }

    public void controlRequest(final String method, final String route, final int status)
    {
        controlRequests.labelValues(method, route, Integer.toString(status)).inc();
    }

    public String contentType()
    {
        return writer.getContentType();
    }

    public byte[] scrape() throws IOException
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        writer.write(out, registry.scrape());
        return out.toByteArray();
    }
}
