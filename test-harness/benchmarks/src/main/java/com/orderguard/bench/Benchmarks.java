package com.orderguard.bench;

import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Prints the benchmark figures of docs/benchmarks.md. Run with bin/bench (it builds and passes the
 * JVM flags). Each path is warmed up, then measured open-loop at each rate.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Open-loop latency benchmarks with HdrHistogram, coordinated omission corrected.")
public final class Benchmarks implements Callable<Integer>
{
    @Option(names = "--rates", split = ",", defaultValue = "100000,500000,1000000,2000000",
        description = "messages per second for the ring hop (the TCP echo uses --tcp-rates)")
    List<Long> rates;

    @Option(names = "--tcp-rates", split = ",", defaultValue = "100000,200000,400000",
        description = "orders (and echo messages) per second over TCP loopback")
    List<Long> tcpRates;

    @Option(names = "--only", defaultValue = "all", description = "all | ring | shm | tcp: which paths to run")
    String only;

    @Option(names = "--seconds", defaultValue = "5", description = "measured seconds per rate")
    int seconds;

    @Option(names = "--warmup-seconds", defaultValue = "2")
    int warmupSeconds;

    @Option(names = "--idle", defaultValue = "busy-spin", description = "the order path's idle strategy")
    String idle;

    @Option(names = "--shm-rates", split = ",", defaultValue = "100000,500000,1000000",
        description = "orders per second through the shared-memory order path")
    List<Long> shmRates;

    public static void main(final String[] args)
    {
        System.exit(new CommandLine(new Benchmarks()).execute(args));
    }

    @Override
    public Integer call() throws Exception
    {
        System.out.printf("# %d cpus, %s %s, %s%n", Runtime.getRuntime().availableProcessors(),
            System.getProperty("java.vm.name"), System.getProperty("java.version"), System.getProperty("os.name"));
        final boolean all = "all".equals(only);
        if (all || "ring".equals(only) || "shm".equals(only))
        {
            final RingHopCeiling ring = new RingHopCeiling(1 << 20);
            ring.openLoop(1_000_000, 1_000_000L * warmupSeconds);
            final double burst = ring.burstRate(20_000_000);
            System.out.printf("# bare ring hop burst rate: %.0f msgs/s%n", burst);
            System.out.println(LatencyReport.header());
            for (final long rate : rates)
            {
                final RingHopCeiling.Result result = ring.openLoop(rate, rate * seconds);
                LatencyReport.print(System.out, "ceiling: ring hop 1P1C", rate, result.achievedRate(), result.histogram());
            }
        }
        if (all || "shm".equals(only))
        {
            SharedMemoryPathLatency.openLoop(200_000, 200_000L * warmupSeconds, idle);
            for (final long rate : shmRates)
            {
                final RingHopCeiling.Result result = SharedMemoryPathLatency.openLoop(rate, rate * seconds, idle);
                LatencyReport.print(System.out, "order path: shm in -> venue", rate, result.achievedRate(), result.histogram());
            }
        }
        if (all || "tcp".equals(only))
        {
            System.out.println("# TCP loopback: the echo ceiling and the order path (client -> appliance -> simulator ack " +
                "-> client) at each rate, one after the other in this run; p99 ratio = order path / echo");
            System.out.println(LatencyReport.header());
            TcpEchoCeiling.openLoop(50_000, 50_000L * warmupSeconds);
            TcpOrderPathLatency.openLoop(50_000, 50_000L * warmupSeconds, idle);
            for (final long rate : tcpRates)
            {
                final RingHopCeiling.Result echo = TcpEchoCeiling.openLoop(rate, rate * seconds);
                LatencyReport.print(System.out, "ceiling: TCP echo loopback", rate, echo.achievedRate(), echo.histogram());
                final RingHopCeiling.Result path = TcpOrderPathLatency.openLoop(rate, rate * seconds, idle);
                LatencyReport.print(System.out, "order path: TCP in -> ack", rate, path.achievedRate(), path.histogram());
                System.out.printf("# at %d/s: p50 %.2fx, p99 %.2fx, p99.9 %.2fx the echo's%n", rate,
                    ratio(path, echo, 50), ratio(path, echo, 99), ratio(path, echo, 99.9));
            }
        }
        return 0;
    }

    private static double ratio(final RingHopCeiling.Result path, final RingHopCeiling.Result ceiling, final double percentile)
    {
        return (double)path.histogram().getValueAtPercentile(percentile) /
            Math.max(1, ceiling.histogram().getValueAtPercentile(percentile));
    }
}
