package com.orderguard.core.audit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.*;

/**
 * kill -9 at random points under load: a child JVM ({@link CrashWriter}) journals order events
 * and control records; after a random number of acknowledgements it is killed with SIGKILL and
 * restarted on the same journal, several times. Afterwards every acknowledged control record is
 * in the journal at the sequence it was acknowledged with, and the journal verifies with the
 * public key against the witness file.
 */
class JournalCrashIT
{
    private static final long SEED = Long.getLong("crash.seed", 9L);

    @TempDir
    Path work;

    @Test
    void shouldLoseNothingAcknowledgedAndVerifyAfterRepeatedKillMinusNine() throws Exception
    {
        final Random random = new Random(SEED);
        final Map<Long, String> acknowledged = new HashMap<>();
        for (int crash = 0; crash < 4; crash++)
        {
            final int killAfter = 1 + random.nextInt(300);
            final Process child = start();
            int acks = 0;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8)))
            {
                String line;
                while ((line = out.readLine()) != null)
                {
                    assertFalse(line.startsWith("FAILED"), line);
                    if (line.startsWith("ACK "))
                    {
                        final String[] parts = line.split(" ");
                        acknowledged.put(Long.parseLong(parts[1]), parts[2]);
                        if (++acks == killAfter)
                        {
                            child.destroyForcibly(); // SIGKILL: no shutdown hook, no close, no flush
                            break;
                        }
                    }
                }
            }
            finally
            {
                child.destroyForcibly();
                assertTrue(child.waitFor(60, TimeUnit.SECONDS));
            }
            assertTrue(acks > 0, "the child acknowledged nothing before it died");
        }

        // What a restart does first: reopen (cutting a torn tail), then the full offline verification.
        try (JournalWriter reopened = JournalWriter.open(work.resolve("journal"), 64 * 1024))
        {
            assertTrue(reopened.lastSequence() >= acknowledged.keySet().stream().mapToLong(Long::longValue).max().orElseThrow());
        }
        final JournalVerifier.Report report = JournalVerifier.verify(work.resolve("journal"),
            CheckpointVerifier.fromPem(work.resolve("journal-signing.pub.pem")), WitnessLog.read(work.resolve("witness.log")), null);
        assertTrue(report.ok(), report.describe());
        assertTrue(report.checkpointsVerified() > 0, report.describe());

        final Map<Long, String> found = new HashMap<>();
        try (JournalReader reader = new JournalReader(work.resolve("journal")))
        {
            while (reader.next() == JournalReader.Status.RECORD)
            {
                if (reader.kindCode() == RecordKind.CONTROL_ACCESS.code())
                {
                    final String payload = new String(reader.payloadCopy(), StandardCharsets.UTF_8);
                    found.put(reader.sequence(), payload);
                }
            }
        }
        // An acknowledgement carries the durable sequence at commit: the record is at or before it.
        final List<String> missing = new ArrayList<>();
        for (final String control : acknowledged.values())
        {
            if (found.values().stream().noneMatch(p -> p.contains("\"" + control + "\"")))
            {
                missing.add(control);
            }
        }
        assertEquals(List.of(), missing, "acknowledged control records missing after kill -9");
    }

    private Process start() throws IOException
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
        command.add("-Xmx256m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(CrashWriter.class.getName());
        command.add(work.toString());
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }
}
