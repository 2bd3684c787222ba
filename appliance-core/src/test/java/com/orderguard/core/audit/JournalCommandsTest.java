package com.orderguard.core.audit;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.orderguard.core.cli.JournalCommands;

import picocli.CommandLine;

import static org.junit.jupiter.api.Assertions.*;

/** The auditors' commands, run in-process as an auditor would run them. */
class JournalCommandsTest
{
    @TempDir
    Path dir;

    private final JournalFixture fixture = new JournalFixture();

    private record Run(int exit, String out)
    {
    }

    private static Run run(final String... args)
    {
        final PrintStream original = System.out;
        final ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try
        {
            final int exit = new CommandLine(new JournalCommands()).execute(args);
            return new Run(exit, captured.toString(StandardCharsets.UTF_8));
        }
        finally
        {
            System.setOut(original);
        }
    }

    @Test
    void shouldVerifyWithTheKeyAndWitnessAndNameTamperingWithExitCodeOne() throws Exception
    {
        final Path journal = dir.resolve("journal");
        final List<Checkpoint> witnessed = fixture.write(journal, 500, 100, 1L << 30, 1);
        final Path pem = fixture.writePem(dir);
        final Path witness = dir.resolve("witness.log");
        try (WitnessLog log = new WitnessLog(witness))
        {
            for (final Checkpoint checkpoint : witnessed)
            {
                log.publish(checkpoint);
            }
        }
        final Run good = run("verify", journal.toString(), "--public-key", pem.toString(), "--witness", witness.toString());
        assertEquals(0, good.exit(), good.out());
        assertTrue(good.out().contains("journal verifies: 500 records"), good.out());
        assertTrue(good.out().contains("with valid signatures"), good.out());

        final JournalFixture.Location victim = JournalFixture.locate(journal).get(250);
        JournalFixture.splice(victim.file(), victim.offset(), victim.length(), new byte[0]);
        final Run bad = run("verify", journal.toString(), "--public-key", pem.toString(), "--witness", witness.toString());
        assertEquals(1, bad.exit(), bad.out());
        assertTrue(bad.out().contains("DELETED") && bad.out().contains("sequence " + victim.sequence()), bad.out());

        final Run noKey = run("verify", journal.toString());
        assertEquals(1, noKey.exit());
    }

    @Test
    void shouldSearchAndExport() throws Exception
    {
        final Path journal = dir.resolve("journal");
        fixture.write(journal, 300, 50, 1L << 30, 2);
        final Run search = run("search", journal.toString(), "--kind", "CHECKPOINT", "--json");
        assertEquals(0, search.exit());
        assertEquals(6, search.out().lines().count(), search.out());
        final Path out = dir.resolve("report.jsonl");
        final Run export = run("export", journal.toString(), "--kind", "CONTROL_ACCESS", "--out", out.toString());
        assertEquals(0, export.exit());
        assertTrue(Files.readAllLines(out).get(0).contains("\"type\":\"checkpoint\""));
        assertTrue(Files.readAllLines(out).size() > 50);
    }
}
