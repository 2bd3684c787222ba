package com.orderguard.core.cli;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

import com.orderguard.core.audit.Checkpoint;
import com.orderguard.core.audit.CheckpointVerifier;
import com.orderguard.core.audit.JournalExport;
import com.orderguard.core.audit.JournalQuery;
import com.orderguard.core.audit.JournalSearch;
import com.orderguard.core.audit.JournalVerifier;
import com.orderguard.core.audit.RecordKind;
import com.orderguard.core.audit.WitnessLog;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code appliance journal ...}: the auditors' tools for the audit journal. They read files only
 * (no appliance, no HSM): verify needs the journal and, for signatures, the journal's public key;
 * search and export read the journal's clear metadata. Register with
 * {@code subcommands = {..., JournalCommands.class}} in {@link ApplianceCli}.
 */
@Command(name = "journal", mixinStandardHelpOptions = true,
    description = "The audit journal: verify it offline, search it, export it with proofs.",
    subcommands = {JournalCommands.Verify.class, JournalCommands.Search.class, JournalCommands.Export.class,
        JournalCommands.VerifyExport.class})
public final class JournalCommands
{
    /** Exit codes: 0 verified / done, 1 does not verify, 2 usage or I/O error (picocli and ApplianceCli's handler). */
    static final int DOES_NOT_VERIFY = 1;

    @Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Verify a journal offline: every record's checksum and sequence, the Merkle tree, every signed checkpoint " +
            "(with --public-key), and every witnessed checkpoint (with --witness). Names the first bad record and what was done " +
            "to it: MODIFIED, INSERTED, DELETED, REORDERED, TRUNCATED, FORKED or BAD_SIGNATURE.")
    static final class Verify implements Callable<Integer>
    {
        @Parameters(index = "0", description = "the journal directory (or one segment)")
        Path journal;

        @Option(names = "--public-key", description = "the journal's public key, PEM (custody/journal-signing.pub.pem)")
        Path publicKey;

        @Option(names = "--witness", description = "a witness file of checkpoints, one per line (repeatable)")
        List<Path> witnesses = List.of();

        @Option(names = "--quiet", description = "no progress lines")
        boolean quiet;

        @Override
        public Integer call() throws Exception
        {
            final CheckpointVerifier key = publicKey == null ? null : CheckpointVerifier.fromPem(publicKey);
            final List<Checkpoint> witnessed = new java.util.ArrayList<>();
            for (final Path witness : witnesses)
            {
                witnessed.addAll(WitnessLog.read(witness));
            }
            final long start = System.nanoTime();
            final PrintStream err = System.err;
            final JournalVerifier.Report report = JournalVerifier.verify(journal, key, witnessed, count ->
            {
                if (!quiet)
                {
                    final double seconds = (System.nanoTime() - start) / 1e9;
                    err.printf("  ... %,d records verified (%,.0f records/s)%n", count, count / seconds);
                }
            });
            System.out.println(report.describe());
            if (report.ok() && key == null)
            {
                System.out.println("warning: without --public-key the checkpoint signatures were not checked");
            }
            return report.ok() ? 0 : DOES_NOT_VERIFY;
        }
    }

    /** The filters search and export share. */
    static final class Filters
    {
        @Option(names = "--from", description = "from this instant (ISO-8601, e.g. 2026-11-22T09:30:00Z), inclusive")
        Instant from;

        @Option(names = "--to", description = "to this instant, inclusive")
        Instant to;

        @Option(names = "--day", description = "one UTC day, e.g. 2026-11-22 (the daily report)")
        LocalDate day;

        @Option(names = "--kind", split = ",", description = "record kinds: ${COMPLETION-CANDIDATES}")
        Set<RecordKind> kinds = EnumSet.noneOf(RecordKind.class);

        @Option(names = "--actor", description = "the actor: an officer, an ops user, or a broker client id")
        String actor;

        @Option(names = "--order-id", description = "the appliance's order id or the client order id")
        String orderId;

        @Option(names = "--account", description = "the account")
        String account;

        @Option(names = "--symbol", description = "the symbol")
        String symbol;

        JournalQuery query()
        {
            return JournalQuery.of(from, to, day, kinds, actor, orderId, account, symbol);
        }
    }

    @Command(name = "search", mixinStandardHelpOptions = true,
        description = "Print the records that match, one a line (or JSON lines with --json).")
    static final class Search implements Callable<Integer>
    {
        @Parameters(index = "0", description = "the journal directory")
        Path journal;

        @ArgGroup(exclusive = false)
        Filters filters = new Filters();

        @Option(names = "--json", description = "JSON lines instead of text")
        boolean json;

        @Option(names = "--limit", description = "stop after this many matches (default: all)")
        long limit = Long.MAX_VALUE;

        @Override
        public Integer call() throws Exception
        {
            final long[] printed = {0};
            final long matched = JournalSearch.search(journal, filters.query(), view ->
            {
                if (printed[0]++ < limit)
                {
                    System.out.println(json ? view.toJson().encode() : view.describe());
                }
            });
            System.err.printf("%,d records matched%n", matched);
            return 0;
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
        description = "Export the records that match as JSON lines with RFC 6962 inclusion proofs to the latest signed " +
            "checkpoint (the first line), for the regulator's daily report: e.g. 'journal export DIR --day 2026-11-22 --out F'.")
    static final class Export implements Callable<Integer>
    {
        @Parameters(index = "0", description = "the journal directory")
        Path journal;

        @ArgGroup(exclusive = false)
        Filters filters = new Filters();

        @Option(names = "--out", description = "output file (default: standard output)")
        Path out;

        @Override
        public Integer call() throws Exception
        {
            final JournalExport.Summary summary;
            try (Writer writer = out == null ?
                new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8)) :
                Files.newBufferedWriter(out, StandardCharsets.UTF_8))
            {
                summary = JournalExport.export(journal, filters.query(), writer);
            }
            System.err.printf("exported %,d records with proofs to the checkpoint at tree size %,d%s%n", summary.exported(),
                summary.checkpoint().treeSize(), summary.notYetCheckpointed() > 0 ?
                    String.format(" (%,d later matches are not checkpointed yet; export again after the next checkpoint)",
                        summary.notYetCheckpointed()) : "");
            return 0;
        }
    }

    @Command(name = "verify-export", mixinStandardHelpOptions = true,
        description = "Check an export (JSON lines) offline with the journal's public key: the checkpoint's signature and every " +
            "record's inclusion proof. Exit 0: every line proven; 1: a line is not (named).")
    static final class VerifyExport implements Callable<Integer>
    {
        @Parameters(index = "0", description = "the export file")
        Path export;

        @Option(names = "--public-key", required = true, description = "the journal's public key, PEM (custody/journal-signing.pub.pem)")
        Path publicKey;

        @Override
        public Integer call() throws Exception
        {
            final com.orderguard.core.audit.ExportVerifier.Report report;
            try (java.io.BufferedReader lines = Files.newBufferedReader(export, StandardCharsets.UTF_8))
            {
                report = com.orderguard.core.audit.ExportVerifier.verify(lines, CheckpointVerifier.fromPem(publicKey));
            }
            System.out.println(report.describe());
            return report.ok() ? 0 : DOES_NOT_VERIFY;
        }
    }
}
