package com.orderguard.core;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.orderguard.core.cli.ApplianceCli;
import com.orderguard.quorum.ApprovalSigner;
import com.orderguard.quorum.QuorumRequest;
import com.orderguard.quorum.json.Parameters;
import com.orderguard.quorum.policy.PolicySet;
import com.orderguard.testsupport.SoftHsmFixture;

import io.vertx.core.json.JsonObject;

import static org.junit.jupiter.api.Assertions.*;

/**
 * An officer whose signing key lives on their own PKCS#11 token (a smart card or YubiKey in
 * life; a SoftHSM token of their own here): the officer CLI generates the key on the token, the
 * appliance enrols its public key, and the CLI approves a request by signing on the token.
 */
class OfficerTokenIT
{
    private static final Pattern REASSIGNED = Pattern.compile("reassigned to slot (\\d+)");
    private static TestAppliance box;
    private static Map<String, String> tokenEnv;
    private static Path providerConfig;
    private static Path pinFile;

    @BeforeAll
    static void makeOfficerTokenAndAppliance() throws Exception
    {
        final Path work = SoftHsmFixture.freshTempDir("officer-token-it");
        final Path tokenDir = Files.createDirectories(work.resolve("tina-token/tokens"));
        final Path conf = work.resolve("tina-token/softhsm2.conf");
        Files.writeString(conf, "directories.tokendir = " + tokenDir + "\nobjectstore.backend = file\nlog.level = ERROR\n");
        tokenEnv = Map.of("SOFTHSM2_CONF", conf.toString());
        final SecureRandom random = new SecureRandom();
        final String pin = HexFormat.of().formatHex(random.generateSeed(8));
        pinFile = work.resolve("tina-token/pin");
        Files.writeString(pinFile, pin);
        final ProcessBuilder init = new ProcessBuilder("softhsm2-util", "--init-token", "--free", "--label", "tina",
            "--so-pin", HexFormat.of().formatHex(random.generateSeed(8)), "--pin", pin).redirectErrorStream(true);
        init.environment().putAll(tokenEnv);
        final Process process = init.start();
        process.getOutputStream().close();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), output);
        final Matcher slot = REASSIGNED.matcher(output);
        assertTrue(slot.find(), output);
        providerConfig = work.resolve("tina-token/sunpkcs11.cfg");
        Files.writeString(providerConfig, String.join("\n",
            "name = TinaToken",
            "library = /usr/lib/softhsm/libsofthsm2.so",
            "slot = " + slot.group(1),
            "attributes(generate, CKO_PRIVATE_KEY, CKK_EC) = {",
            "  CKA_SENSITIVE = true",
            "  CKA_EXTRACTABLE = false",
            "}",
            ""));

        final ChildProcess keygen = ChildProcess.start("tina-keygen", work, tokenEnv, ApplianceCli.class.getName(),
            "officer", "keygen", "--officer", "tina", "--out", work.resolve("officers").toString(),
            "--pkcs11-config", providerConfig.toString(), "--password-file", pinFile.toString());
        assertEquals(0, keygen.await(60), keygen.output());
        assertTrue(keygen.output().contains("on the token"), keygen.output());

        box = new TestAppliance(work, Map.of("tina", work.resolve("officers/tina.pub.pem")), 1_000, "alice", "bob");
        box.unseal();
    }

    @AfterAll
    static void stop()
    {
        if (box != null)
        {
            box.close();
        }
    }

    @Test
    void shouldApproveThroughTheCliWithAKeyThatNeverLeavesTheOfficersToken() throws Exception
    {
        final PolicySet policies = PolicySet.fromJson(box.get("/v1/quorum/policies").body().encode());
        final long nowMs = System.currentTimeMillis();
        final QuorumRequest request = QuorumRequest.draft("limit.change",
            Parameters.fromJson("{\"limit\":\"maxOrderQuantity\",\"scope\":\"global\",\"id\":\"\",\"value\":900}"), "alice", false,
            policies, nowMs, new SecureRandom());
        final TestAppliance.Reply submitted = box.post("/v1/requests", new JsonObject()
            .put("request", new JsonObject(request.canonicalJson()))
            .put("submission", new JsonObject(new ApprovalSigner("alice", box.officerKey("alice")).submit(request, nowMs).toJson())));
        assertEquals(201, submitted.status(), submitted.body().encode());

        final ChildProcess approve = ChildProcess.start("tina-approve", box.work, tokenEnv, ApplianceCli.class.getName(),
            "request", "approve", request.id(), "--config", box.config.toString(), "--officer", "tina",
            "--pkcs11-config", providerConfig.toString(), "--password-file", pinFile.toString());
        assertEquals(0, approve.await(60), approve.output());

        final JsonObject shown = box.get("/v1/requests/" + request.id()).body();
        assertEquals(List.of("tina"), shown.getJsonArray("approvers").getList(), shown.encode());
        final String executed = box.cli("bob-approve", "request", "approve", request.id(), "--config", box.config.toString(),
            "--officer", "bob", "--keystore", box.officerKeystores.get("bob").toString(), "--password-file", box.passwordFile.toString());
        assertTrue(executed.contains("quorum reached, executed"), executed);
    }
}
