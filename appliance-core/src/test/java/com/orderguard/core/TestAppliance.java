package com.orderguard.core;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.orderguard.core.cli.ApplianceCli;
import com.orderguard.core.tls.ControlPlaneTls;
import com.orderguard.harness.exchange.ExchangeSimulator;
import com.orderguard.testsupport.SoftHsmFixture;

import io.vertx.core.json.JsonObject;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * An appliance as an operator brings one up: the exchange simulator as its own process, officer
 * keys made with {@code appliance officer keygen}, {@code appliance init} with those officers and
 * a fresh SoftHSM token, then {@code appliance run} — each a separate JVM, as in a rack.
 */
final class TestAppliance implements AutoCloseable
{
    static final String PASSWORD = "officer-test-password";

    final Path work;
    final Path config;
    int controlPort;
    int gatewayPort;
    final long maxQuantity;
    final List<String> shares = new ArrayList<>();
    final Map<String, Path> officerKeystores = new LinkedHashMap<>();
    final Path passwordFile;
    /** BROKER1's logon key: made fresh for each test appliance, never a constant. */
    final byte[] clientKey = new byte[32];
    ChildProcess simulator;
    ChildProcess appliance;
    HttpClient http;

    TestAppliance(final String name, final long maxQuantity, final String... officers) throws Exception
    {
        this(SoftHsmFixture.freshTempDir(name), Map.of(), maxQuantity, officers);
    }

    /**
     * The appliance's gateway-signing public key as init published it: what a broker pins to open an
     * encrypted order-entry session (the gateway's default).
     */
    java.security.PublicKey gatewayKey() throws IOException
    {
        return com.orderguard.orderpath.gateway.transit.ClientHandshake.readPinnedKey(
            work.resolve("data/custody/public-keys/gateway-signing.v1.pub.pem"));
    }

    /**
     * @param work             the working directory (already made)
     * @param presetOfficers   officers whose keys were made elsewhere (their own token): id to public-key PEM
     */
    TestAppliance(final Path work, final Map<String, Path> presetOfficers, final long maxQuantity, final String... officers)
        throws Exception
    {
        this(work, presetOfficers, List.of(), maxQuantity, officers);
    }

    /** @param extraConfig more configuration lines, appended to the test configuration. */
    TestAppliance(final Path work, final Map<String, Path> presetOfficers, final List<String> extraConfig, final long maxQuantity,
        final String... officers) throws Exception
    {
        this.work = work;
        this.maxQuantity = maxQuantity;
        this.passwordFile = work.resolve("officer.pass");
        new java.security.SecureRandom().nextBytes(clientKey);
        Files.writeString(passwordFile, PASSWORD);
        simulator = ChildProcess.start("simulator", work, ExchangeSimulator.class.getName(), "--port", "0");
        final String listening = simulator.awaitLine(line -> line.startsWith("LISTENING "), 30);
        final int venuePort = Integer.parseInt(listening.substring("LISTENING ".length()).trim());
        controlPort = freePort();
        gatewayPort = freePort();
        config = work.resolve("appliance.properties");
        Files.writeString(config, String.join("\n",
            "appliance.dataDir=data",
            "control.host=127.0.0.1",
            "control.port=" + controlPort,
            "custody.seal.shares=5",
            "custody.seal.threshold=3",
            "orderpath.gateway.host=127.0.0.1",
            "orderpath.gateway.port=" + gatewayPort,
            "orderpath.cpu=-1",
            "orderpath.idle=backoff",
            "orderpath.clients=BROKER1",
            "orderpath.client.BROKER1.hmacKey=" + java.util.HexFormat.of().formatHex(clientKey),
            "orderpath.risk.maxOrderQuantity=" + maxQuantity,
            "orderpath.venue.SIM.host=127.0.0.1",
            "orderpath.venue.SIM.port=" + venuePort,
            "orderpath.venue.SIM.client=OGUARD01",
            "orderpath.route.AAPL=SIM",
            "journal.witness.file=witness/checkpoints.log",
            "journal.checkpoint.everyMs=200",
            String.join("\n", extraConfig),
            ""));

        final List<String> init = new ArrayList<>(List.of("init", "--config", config.toString(),
            "--shares-dir", work.resolve("shares").toString(), "--approvals", "2"));
        for (final String officer : officers)
        {
            cli("keygen-" + officer, "officer", "keygen", "--officer", officer, "--out", work.resolve("officers").toString(),
                "--password-file", passwordFile.toString());
            officerKeystores.put(officer, work.resolve("officers/" + officer + ".p12"));
            init.add("--officer");
            init.add("id=" + officer + ",name=Officer " + officer + ",key=" + work.resolve("officers/" + officer + ".pub.pem"));
        }
        for (final Map.Entry<String, Path> preset : presetOfficers.entrySet())
        {
            init.add("--officer");
            init.add("id=" + preset.getKey() + ",name=Officer " + preset.getKey() + ",key=" + preset.getValue());
        }
        cli("init", init.toArray(new String[0]));
        for (int i = 1; i <= 5; i++)
        {
            shares.add(Files.readString(work.resolve("shares/share-" + i + ".txt"), StandardCharsets.US_ASCII).trim());
        }
        start();
        http = HttpClient.newBuilder()
            .sslContext(ControlPlaneTls.trusting(work.resolve("data/tls/" + ControlPlaneTls.CERT_FILE)))
            .connectTimeout(Duration.ofSeconds(5))
            .build();
        awaitControlPlane();
    }

    void start() throws Exception
    {
        for (int attempt = 1; ; attempt++)
        {
            appliance = ChildProcess.start("appliance", work, ApplianceCli.class.getName(), "run", "--config", config.toString());
            try
            {
                appliance.awaitLine(line -> line.startsWith("READY "), 60);
                break;
            }
            catch (final AssertionError ex)
            {
                // freePort() only found ports free a moment ago; another process may have taken one since
                if (attempt == 3 || !String.valueOf(ex.getMessage()).contains("Address already in use"))
                {
                    throw ex;
                }
                final String old = Files.readString(config);
                controlPort = freePort();
                gatewayPort = freePort();
                Files.writeString(config, old
                    .replaceAll("(?m)^control\\.port=.*$", "control.port=" + controlPort)
                    .replaceAll("(?m)^orderpath\\.gateway\\.port=.*$", "orderpath.gateway.port=" + gatewayPort));
            }
        }
        if (http != null)
        {
            awaitControlPlane(); // a restart
        }
    }

    /** kill -9: nothing of the appliance's own runs after it. */
    void kill() throws InterruptedException
    {
        appliance.kill();
    }

    /** SIGTERM and wait: the shutdown hook journals the stop. */
    int stop()
    {
        return appliance.stop();
    }

    /** Runs the appliance CLI in its own JVM to completion; asserts it exited 0 and returns its output. */
    String cli(final String name, final String... args) throws Exception
    {
        final ChildProcess process = ChildProcess.start(name, work, ApplianceCli.class.getName(), args);
        assertEquals(0, process.await(120), process.output());
        return process.output();
    }

    /** Runs the appliance CLI and returns its exit code and output. */
    ChildProcess cliExpectingFailure(final String name, final String... args) throws Exception
    {
        final ChildProcess process = ChildProcess.start(name, work, ApplianceCli.class.getName(), args);
        process.await(120);
        return process;
    }

    void unseal() throws Exception
    {
        for (int i = 0; i < 3; i++)
        {
            post("/v1/unseal", new JsonObject().put("share", shares.get(i)));
        }
        assertEquals("OPEN", get("/v1/health").body().getString("state"));
    }

    /**
     * A just-started JVM on a loaded 2-core box can take longer than the client's 5 s connect timeout
     * for its first TLS handshakes: retry the health endpoint (for up to a minute) before any test talks to it.
     */
    void awaitControlPlane() throws Exception
    {
        final long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true)
        {
            try
            {
                get("/v1/health");
                return;
            }
            catch (final java.net.http.HttpTimeoutException ex)
            {
                if (System.nanoTime() > deadline)
                {
                    throw ex;
                }
            }
        }
    }

    PrivateKey officerKey(final String officer) throws Exception
    {
        final KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(officerKeystores.get(officer)))
        {
            store.load(in, PASSWORD.toCharArray());
        }
        return (PrivateKey)store.getKey(officer, PASSWORD.toCharArray());
    }

    record Reply(int status, JsonObject body)
    {
    }

    /**
     * {@code initiator} submits {@code operation} with {@code parameters}; each of {@code approvers} approves;
     * returns the last approval's reply (with the execution once the quorum is reached).
     */
    JsonObject quorum(final String operation, final String parameters, final String initiator, final String... approvers)
        throws Exception
    {
        final com.orderguard.quorum.policy.PolicySet policies =
            com.orderguard.quorum.policy.PolicySet.fromJson(get("/v1/quorum/policies").body().encode());
        final com.orderguard.quorum.QuorumRequest request = com.orderguard.quorum.QuorumRequest.draft(operation,
            com.orderguard.quorum.json.Parameters.fromJson(parameters), initiator, false, policies, System.currentTimeMillis(),
            new java.security.SecureRandom());
        final Reply submitted = post("/v1/requests", new JsonObject().put("request", new JsonObject(request.canonicalJson()))
            .put("submission", new JsonObject(signer(initiator).submit(request, System.currentTimeMillis()).toJson())));
        assertEquals(201, submitted.status(), submitted.body().encode());
        JsonObject last = submitted.body();
        for (final String approver : approvers)
        {
            final Reply approved = post("/v1/requests/" + request.id() + "/approve", new JsonObject().put("statement",
                new JsonObject(signer(approver).approve(request, System.currentTimeMillis()).toJson())));
            assertEquals(200, approved.status(), approved.body().encode());
            last = approved.body();
        }
        return last;
    }

    com.orderguard.quorum.ApprovalSigner signer(final String officer) throws Exception
    {
        return new com.orderguard.quorum.ApprovalSigner(officer, officerKey(officer));
    }

    Reply post(final String path, final JsonObject body) throws Exception
    {
        final HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url(path)))
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), new JsonObject(response.body()));
    }

    Reply get(final String path) throws Exception
    {
        final HttpResponse<String> response = http.send(
            HttpRequest.newBuilder(URI.create(url(path))).GET().build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), new JsonObject(response.body()));
    }

    String getText(final String path) throws Exception
    {
        final HttpResponse<String> response = http.send(
            HttpRequest.newBuilder(URI.create(url(path))).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }

    String url(final String path)
    {
        return "https://127.0.0.1:" + controlPort + path;
    }

    Path journal()
    {
        return work.resolve("data/journal");
    }

    static int freePort() throws IOException
    {
        try (ServerSocket socket = new ServerSocket(0))
        {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close()
    {
        if (appliance != null)
        {
            appliance.close();
        }
        if (simulator != null)
        {
            simulator.close();
        }
    }
}
