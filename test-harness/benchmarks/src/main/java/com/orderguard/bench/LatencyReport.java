package com.orderguard.bench;

import java.io.PrintStream;

import org.HdrHistogram.Histogram;

/**
 * One line of results: the percentiles of (arrival time − intended send time), in microseconds,
 * with the rate that was asked for and the rate that was achieved.
 */
public final class LatencyReport
{
    /** Up to an hour at three significant digits: a stall, even of a saturated run, shows as itself. */
    public static Histogram newHistogram()
    {
        return new Histogram(3_600_000_000_000L, 3);
    }

    public static String header()
    {
        return String.format("%-28s %12s %12s %10s %10s %10s %10s %10s %10s",
            "path", "target/s", "achieved/s", "p50 us", "p99 us", "p99.9 us", "p99.99 us", "max us", "count");
    }

    public static String line(final String path, final long targetRate, final double achievedRate, final Histogram h)
    {
        return String.format("%-28s %12d %12.0f %10.3f %10.3f %10.3f %10.3f %10.3f %10d",
            path, targetRate, achievedRate,
            h.getValueAtPercentile(50) / 1e3, h.getValueAtPercentile(99) / 1e3, h.getValueAtPercentile(99.9) / 1e3,
            h.getValueAtPercentile(99.99) / 1e3, h.getMaxValue() / 1e3, h.getTotalCount());
    }

    public static void print(final PrintStream out, final String path, final long targetRate, final double achievedRate, final Histogram h)
    {
        out.println(line(path, targetRate, achievedRate, h));
        out.flush();
    }

    private LatencyReport()
    {
    }
}
