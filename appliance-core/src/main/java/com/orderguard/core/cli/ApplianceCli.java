package com.orderguard.core.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;


import com.orderguard.core.Appliance;
import com.orderguard.core.ApplianceConfig;
import com.orderguard.core.audit.JournalReader;
import com.orderguard.core.audit.JournalFormat;
import com.orderguard.core.audit.JournalVerifier;
import com.orderguard.core.audit.RecordKind;
import com.orderguard.core.audit.RecordView;
import com.orderguard.core.control.ControlPlane;
import com.orderguard.core.quorum.QuorumService;
import com.orderguard.core.tls.ControlPlaneTls;
import com.orderguard.custody.KeyCustody;
import com.orderguard.custody.SealInitialisation;
import com.orderguard.quorum.officer.Officer;
import com.orderguard.quorum.officer.OfficerRegistry;
import com.orderguard.quorum.officer.SystemPrincipal;
import com.orderguard.quorum.policy.PolicySet;

import io.vertx.core.json.JsonObject;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The appliance's one command: run it, initialise it, and the officers' and auditors' tools.
 * Officer commands talk to the control plane over HTTPS, pinning the appliance's certificate;
 * shares are read from a file or standard input, never from the command line (which other users
 * of the machine can read in the process list).
 */
@Command(name = "appliance", mixinStandardHelpOptions = true, version = "OrderGuard 0.1.0",
    description = "OrderGuard: a hardened appliance that guards a broker's order flow.",
    subcommands = {
        ApplianceCli.Init.class, ApplianceCli.Run.class, ApplianceCli.Unseal.class, ApplianceCli.Seal.class,
        ApplianceCli.Status.class, ApplianceCli.VerifyJournal.class, ApplianceCli.ShowJournal.class,
        ApplianceCli.SampleConfig.class, OfficerCommands.Officer.class, OfficerCommands.Request.class,
        OfficerCommands.Halt.class, JournalCommands.class, ComplianceCommands.class})
public final class ApplianceCli
{
    public static void main(final String[] args)
    {
        System.exit(run(args));
    }

    public static int run(final String... args)
    {
        return new CommandLine(new ApplianceCli())
            .setExecutionExceptionHandler((ex, commandLine, parseResult) ->
            {
                commandLine.getErr().println("error: " + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
                return 2;
            })
            .execute(args);
    }

    @Command(name = "sample-config", description = "Print a complete sample configuration (the demo's) to standard output.")
    static final class SampleConfig implements Callable<Integer>
    {
        @Option(names = "--data-dir", defaultValue = "data", description = "appliance.dataDir")
        String dataDir;

        @Option(names = "--control-port", defaultValue = "8443")
        int controlPort;

        @Option(names = "--gateway-port", defaultValue = "9001")
        int gatewayPort;

        @Option(names = "--venue-port", defaultValue = "9101")
        int venuePort;

        @Option(names = "--idle", defaultValue = "busy-spin", description = "busy-spin, yield or backoff")
        String idle;

        @Override
        public Integer call() throws Exception
        {
            try (var in = ApplianceCli.class.getResourceAsStream("/com/orderguard/core/sample.properties"))
            {
                final String template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                System.out.print(template
                    .replace("${dataDir}", dataDir)
                    .replace("${controlPort}", Integer.toString(controlPort))
                    .replace("${gatewayPort}", Integer.toString(gatewayPort))
                    .replace("${venuePort}", Integer.toString(venuePort))
                    .replace("${idle}", idle)
                    .replace("${hmacKey.BROKER1}", randomKeyHex())
                    .replace("${hmacKey.BROKER2}", randomKeyHex()));
            }
            return 0;
        }
    }

    static String randomKeyHex()
    {
        final byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        return java.util.HexFormat.of().formatHex(key);
    }

    @Command(name = "init", description = "Create the HSM token and its keys, split the unseal secret into officer shares, create the control-plane TLS identity.")
    static final class Init implements Callable<Integer>
    {
        @Option(names = "--config", required = true, description = "appliance configuration file")
        Path config;

        @Option(names = "--officer", required = true, arity = "1..*",
            description = "enrol an officer: id=ID,name=NAME,roles=ROLE[+ROLE],key=PUBLIC_KEY.pem (repeat; see 'officer keygen')")
        List<String> officers;

        @Option(names = "--approvals", defaultValue = "2",
            description = "approvals each gated operation needs (m of the n enrolled officers); break-glass needs m+1")
        int approvals;

        @Option(names = "--shares-dir", required = true,
            description = "directory to write one file per share into (mode 0600); hand each to one officer and delete it")
        Path sharesDir;

        @Override
        public Integer call() throws Exception
        {
            final ApplianceConfig cfg = ApplianceConfig.load(config);
            final OfficerRegistry officerRegistry = Enrolment.officers(officers);
            final PolicySet policies = Enrolment.defaultPolicies(officerRegistry, approvals);
            if (Files.exists(cfg.quorumDir().resolve(QuorumService.OFFICERS_FILE)))
            {
                throw new IllegalStateException("officers are already enrolled in " + cfg.quorumDir());
            }
            final SealInitialisation init = KeyCustody.initialise(cfg.custody());
            // The appliance's own principal: enrolled with the first officers, its key born in the token just now.
            final OfficerRegistry registry;
            try (KeyCustody custody = new KeyCustody(cfg.custody()))
            {
                registry = Enrolment.withSystemPrincipal(officerRegistry,
                    custody.activePublicKey(com.orderguard.custody.inventory.KeyPurpose.QUORUM_INITIATOR));
            }
            QuorumService.enrol(cfg.quorumDir(), registry, policies);
            ControlPlaneTls.create(cfg.tlsDir(), cfg.controlHost());
            Files.createDirectories(sharesDir);
            final List<String> shares = init.shareTexts();
            for (int i = 0; i < shares.size(); i++)
            {
                final Path file = sharesDir.resolve("share-" + (i + 1) + ".txt");
                Files.deleteIfExists(file);
                try
                {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                }
                catch (final UnsupportedOperationException ex)
                {
                    Files.createFile(file);
                }
                Files.writeString(file, shares.get(i) + System.lineSeparator(), StandardCharsets.US_ASCII);
            }
            System.out.printf("initialised: seal set %s, %d shares, any %d unseal%n",
                init.sealSetId(), init.shares(), init.threshold());
            System.out.println("  token and custody state: " + cfg.custody().dir());
            System.out.println("  shares written to:       " + sharesDir + " (one file per officer; move each to its officer and delete)");
            System.out.println("  control-plane cert:      " + cfg.tlsDir().resolve(ControlPlaneTls.CERT_FILE));
            System.out.println("  officers enrolled:       " + officerRegistry.officers().size() + "; gated operations need " +
                approvals + " approvals (" + cfg.quorumDir() + ")");
            final Officer system = registry.find(SystemPrincipal.ID);
            System.out.println("  system principal:        " + system.id() + " (role " + SystemPrincipal.ROLE + ", may only submit " +
                SystemPrincipal.MAY_SUBMIT + ", never approves), key quorum-initiator.v1 " + system.keyFingerprint());
            return 0;
        }
    }

    @Command(name = "run", description = "Run the appliance. It starts sealed: officers unseal it with their shares.")
    static final class Run implements Callable<Integer>
    {
        @Option(names = "--config", required = true, description = "appliance configuration file")
        Path config;

        @Override
        public Integer call() throws Exception
        {
            final ApplianceConfig cfg = ApplianceConfig.load(config);
            final Appliance appliance = Appliance.start(cfg);
            final ControlPlane controlPlane = new ControlPlane(appliance);
            final int port;
            try
            {
                port = controlPlane.start(cfg.controlHost(), cfg.controlPort());
            }
            catch (final IOException ex)
            {
                appliance.close();
                throw ex;
            }
            final CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() ->
            {
                controlPlane.close();
                appliance.close();
                stopped.countDown();
            }, "shutdown"));
            final JsonObject status = appliance.status();
            final PrintStream out = System.out;
            out.println("OrderGuard appliance started SEALED");
            out.println("  control plane: https://" + cfg.controlHost() + ":" + port + "  (health /v1/health, metrics /metrics)");
            out.println("  order entry:   tcp://" + status.getJsonObject("orderPath").getString("gateway"));
            out.println("  order path:    " + status.getJsonObject("orderPath").getString("affinity"));
            out.println("  journal:       " + status.getJsonObject("journal").getString("directory"));
            out.println("  seal:          " + appliance.sealStatus().getInteger("threshold") + " of " +
                appliance.sealStatus().getInteger("shares") + " shares unseal (set " + appliance.sealStatus().getString("sealSetId") + ")");
            out.println("READY " + port);
            out.flush();
            stopped.await();
            return 0;
        }
    }

    /** Where and how to reach a running appliance's control plane. */
    static final class Target
    {
        @Option(names = "--config", description = "appliance configuration file (gives the URL and certificate)")
        Path config;

        @Option(names = "--url", description = "control plane URL, e.g. https://127.0.0.1:8443")
        String url;

        @Option(names = "--cacert", description = "the appliance's control-plane certificate (PEM) to pin")
        Path cacert;

        @Option(names = "--output", defaultValue = "text", description = "text or json")
        String output;

        HttpResponse<String> get(final String path) throws Exception
        {
            return call("GET", path, null);
        }

        HttpResponse<String> call(final String method, final String path, final String body) throws Exception
        {
            return call(method, path, body, null);
        }

        /** @param bearerToken a session token from {@code compliance login}, or null. */
        HttpResponse<String> call(final String method, final String path, final String body, final String bearerToken) throws Exception
        {
            String base = url;
            Path cert = cacert;
            if (config != null)
            {
                final ApplianceConfig cfg = ApplianceConfig.load(config);
                if (base == null)
                {
                    base = "https://" + cfg.controlHost() + ":" + cfg.controlPort();
                }
                if (cert == null)
                {
                    cert = cfg.tlsDir().resolve(ControlPlaneTls.CERT_FILE);
                }
            }
            if (base == null || cert == null)
            {
                throw new IllegalArgumentException("say where the appliance is: --config FILE, or --url and --cacert");
            }
            final HttpClient client = HttpClient.newBuilder()
                .sslContext(ControlPlaneTls.trusting(cert))
                .connectTimeout(Duration.ofSeconds(5))
                .build();
            final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(120));
            if (bearerToken != null)
            {
                request.header("Authorization", "Bearer " + bearerToken);
            }
            if (body == null)
            {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            }
            else
            {
                request.header("content-type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
            }
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }

        int print(final HttpResponse<String> response, final String textLine)
        {
            if ("json".equals(output))
            {
                System.out.println(response.body());
            }
            else
            {
                System.out.println(textLine);
            }
            return response.statusCode() / 100 == 2 ? 0 : 1;
        }
    }

    /** An officer's share: read from a file or standard input, never from the command line. */
    static final class ShareFile
    {
        @Option(names = "--share-file", required = true, description = "file holding your share, or - for standard input")
        Path shareFile;

        /** Posts {"share": ...} to {@code path} and returns the reply's JSON with the response. */
        HttpResponse<String> post(final Target target, final String path) throws Exception
        {
            final String text = shareFile.toString().equals("-") ?
                new String(System.in.readAllBytes(), StandardCharsets.US_ASCII) :
                Files.readString(shareFile, StandardCharsets.US_ASCII);
            return target.call("POST", path, new JsonObject().put("share", text.trim()).encode());
        }
    }

    @Command(name = "unseal", description = "Give one unseal share to a running appliance.")
    static final class Unseal implements Callable<Integer>
    {
        @CommandLine.Mixin
        Target target;

        @CommandLine.Mixin
        ShareFile share;

        @Override
        public Integer call() throws Exception
        {
            final HttpResponse<String> response = share.post(target, "/v1/unseal");
            final JsonObject json = new JsonObject(response.body());
            return target.print(response, !json.containsKey("outcome") ? "refused: " + json.getString("error") :
                json.getString("outcome") + ": " + json.getString("message"));
        }
    }

    @Command(name = "seal", description = "Seal a running appliance: intake stops, the HSM PIN is wiped. Needs a valid share.")
    static final class Seal implements Callable<Integer>
    {
        @CommandLine.Mixin
        Target target;

        @CommandLine.Mixin
        ShareFile share;

        @Override
        public Integer call() throws Exception
        {
            final HttpResponse<String> response = share.post(target, "/v1/seal");
            final JsonObject json = new JsonObject(response.body());
            return target.print(response, json.containsKey("error") ? json.getString("error") : "sealed");
        }
    }

    @Command(name = "status", description = "Show a running appliance's health and seal state.")
    static final class Status implements Callable<Integer>
    {
        @CommandLine.Mixin
        Target target;

        @Override
        public Integer call() throws Exception
        {
            final HttpResponse<String> response = target.call("GET", "/v1/health", null);
            return target.print(response, new JsonObject(response.body()).encodePrettily());
        }
    }

    @Command(name = "verify-journal", description = "Verify an audit journal offline: walks the hash chain and names the first bad record.")
    static final class VerifyJournal implements Callable<Integer>
    {
        @Parameters(index = "0", description = "journal file or the directory holding it")
        Path journal;

        @Override
        public Integer call() throws Exception
        {
            final JournalVerifier.Report report = JournalVerifier.verify(journal,
                count -> System.err.println("  ... " + count + " records verified"));
            System.out.println(report.describe());
            return report.ok() ? 0 : 1;
        }
    }

    @Command(name = "show-journal", description = "Print an audit journal's records, one line each (verifying as it goes).")
    static final class ShowJournal implements Callable<Integer>
    {
        @Parameters(index = "0", description = "journal file or the directory holding it")
        Path journal;

        @Override
        public Integer call() throws Exception
        {
            final Path file = Files.isDirectory(journal) ? journal.resolve(JournalFormat.FILE_NAME) : journal;
            try (JournalReader reader = new JournalReader(file))
            {
                JournalReader.Status status;
                while ((status = reader.next()) == JournalReader.Status.RECORD)
                {
                    // the same reading of a record as search gives: checkpoints as JSON, sealed order
                    // events by their clear metadata only (their content needs the permitted read path)
                    final RecordView record = RecordView.of(reader);
                    final Instant time = Instant.ofEpochSecond(0, reader.epochNanos());
                    final String detail = record.kind() != RecordKind.ORDER_PATH_SEALED ? record.detail() :
                        record.detail() + labelled(" order ", record.orderId()) + labelled(" client ", record.actor()) +
                        labelled(" account ", record.account()) + labelled(" symbol ", record.symbol()) +
                        labelled(" from ", record.source());
                    System.out.printf("%6d %s %-14s %s%n", reader.sequence(), time, record.kind(), detail);
                }
                if (status != JournalReader.Status.END)
                {
                    System.out.println("STOPPED: " + status + ": " + reader.problem());
                    return 1;
                }
            }
            return 0;
        }

        private static String labelled(final String label, final String value)
        {
            return value == null ? "" : label + value;
        }
    }
}
