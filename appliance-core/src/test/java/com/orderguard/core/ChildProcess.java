package com.orderguard.core;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A JVM child process on this test's classpath and JVM flags, whose output is collected line by
 * line. The appliance, its CLI and the exchange simulator run as separate processes, as they do
 * in a rack; this also gives each its own native environment (SOFTHSM2_CONF is per process).
 */
final class ChildProcess implements AutoCloseable
{
    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final String name;

    private ChildProcess(final String name, final Process process)
    {
        this.name = name;
        this.process = process;
        final Thread pump = new Thread(() ->
        {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)))
            {
                String line;
                while ((line = reader.readLine()) != null)
                {
                    lines.add(line);
                    System.out.println("[" + name + "] " + line);
                }
            }
            catch (final IOException ignore)
            {
                // process gone
            }
        }, name + "-output");
        pump.setDaemon(true);
        pump.start();
    }

    static ChildProcess start(final String name, final Path workDir, final String mainClass, final String... args) throws IOException
    {
        return start(name, workDir, java.util.Map.of(), mainClass, args);
    }

    /** As {@link #start(String, Path, String, String...)}, with extra environment variables (SOFTHSM2_CONF). */
    static ChildProcess start(
        final String name, final Path workDir, final java.util.Map<String, String> env, final String mainClass, final String... args)
        throws IOException
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (final String flag : ManagementFactory.getRuntimeMXBean().getInputArguments())
        {
            if (flag.startsWith("--add-") || flag.startsWith("--enable-native-access"))
            {
                command.add(flag);
            }
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(List.of(args));
        final ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        return new ChildProcess(name, builder.start());
    }

    /** Runs to completion and returns the exit code. */
    int await(final long timeoutSeconds) throws InterruptedException
    {
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS))
        {
            process.destroyForcibly();
            throw new AssertionError(name + " did not finish in " + timeoutSeconds + " s; output: " + lines);
        }
        return process.exitValue();
    }

    /** Waits for a line matching the predicate and returns it. */
    String awaitLine(final Predicate<String> match, final long timeoutSeconds) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (System.nanoTime() < deadline)
        {
            for (final String line : lines)
            {
                if (match.test(line))
                {
                    return line;
                }
            }
            if (!process.isAlive() && lines.stream().noneMatch(match))
            {
                throw new AssertionError(name + " exited (" + process.exitValue() + ") before the expected line; output: " + lines);
            }
            Thread.sleep(20);
        }
        throw new AssertionError(name + ": no expected line in " + timeoutSeconds + " s; output: " + lines);
    }

    List<String> lines()
    {
        return lines;
    }

    String output()
    {
        return String.join("\n", lines);
    }

    long pid()
    {
        return process.pid();
    }

    boolean isAlive()
    {
        return process.isAlive();
    }

    /** SIGKILL, as a crash: no shutdown hook runs. Waits until the process is gone. */
    void kill() throws InterruptedException
    {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM, so shutdown hooks run; then waits. */
    int stop()
    {
        process.destroy();
        try
        {
            if (!process.waitFor(30, TimeUnit.SECONDS))
            {
                process.destroyForcibly();
                process.waitFor();
            }
        }
        catch (final InterruptedException ex)
        {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        return process.exitValue();
    }

    @Override
    public void close()
    {
        if (process.isAlive())
        {
            stop();
        }
    }
}
