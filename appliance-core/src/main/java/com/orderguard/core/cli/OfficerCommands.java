package com.orderguard.core.cli;

import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.concurrent.Callable;

import com.orderguard.core.quorum.HaltAuthority;
import com.orderguard.core.tls.SelfSignedCertificate;
import com.orderguard.quorum.ApprovalSigner;
import com.orderguard.quorum.QuorumRequest;
import com.orderguard.quorum.SignedStatement;
import com.orderguard.quorum.officer.P256;
import com.orderguard.quorum.policy.PolicySet;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The officers' tools: make a signing key, and take part in quorum requests — submit, list, show
 * (the full request, to read before signing), approve, deny, cancel — and halt trading.
 * <p>
 * The CLI signs what it shows: it fetches the request, recomputes its hash from the canonical
 * JSON itself, prints the description, and signs that hash, so a tampered control plane cannot
 * make an officer sign something other than what they were shown.
 */
final class OfficerCommands
{
    private OfficerCommands()
    {
    }

    @Command(name = "officer", description = "Officer keys.", subcommands = OfficerCommands.Keygen.class)
    static final class Officer
    {
    }

    @Command(name = "keygen", description = "Create your EC P-256 signing key — in a PKCS#12 file, or on your own PKCS#11 token " +
        "(--pkcs11-config) where it is generated and stays — and write its public key (PEM) to enrol.")
    static final class Keygen implements Callable<Integer>
    {
        @Option(names = "--officer", required = true, description = "your officer id")
        String officerId;

        @Option(names = "--out", required = true, description = "directory for <id>.pub.pem (and <id>.p12 without --pkcs11-config)")
        Path out;

        @Option(names = "--password-file", required = true,
            description = "file holding the new PKCS#12 password, or your token's PIN ('-' reads standard input)")
        Path passwordFile;

        @Option(names = "--pkcs11-config", description = "SunPKCS11 configuration of your own token: the key is generated in it")
        Path pkcs11Config;

        @Override
        public Integer call() throws Exception
        {
            final char[] password = OfficerKey.readSecret(passwordFile);
            Files.createDirectories(out);
            final KeyPair pair;
            if (pkcs11Config != null)
            {
                final java.security.Provider token = java.security.Security.getProvider("SunPKCS11").configure(pkcs11Config.toString());
                final KeyStore store = KeyStore.getInstance("PKCS11", token);
                store.load(null, password);
                if (store.containsAlias(officerId))
                {
                    throw new IllegalStateException("the token already holds a key '" + officerId + "'; refusing to replace an officer key");
                }
                final KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", token);
                generator.initialize(new ECGenParameterSpec("secp256r1"));
                pair = generator.generateKeyPair();
                // A token keeps a private key as a key-store entry only with a certificate chain.
                store.setKeyEntry(officerId, pair.getPrivate(), null, new Certificate[] {
                    SelfSignedCertificate.create(pair, "OrderGuard officer " + officerId, Duration.ofDays(3650), null, token)});
            }
            else
            {
                final KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
                generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
                pair = generator.generateKeyPair();
                final KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                store.setKeyEntry(officerId, pair.getPrivate(), password, new Certificate[] {
                    SelfSignedCertificate.create(pair, "OrderGuard officer " + officerId, Duration.ofDays(3650), null)});
                final Path p12 = out.resolve(officerId + ".p12");
                if (Files.exists(p12))
                {
                    throw new IllegalStateException(p12 + " exists; refusing to overwrite an officer key");
                }
                try (OutputStream stream = Files.newOutputStream(p12))
                {
                    store.store(stream, password);
                }
            }
            final Path pem = out.resolve(officerId + ".pub.pem");
            Files.writeString(pem, P256.toPem(pair.getPublic()), StandardCharsets.US_ASCII);
            System.out.println("officer " + officerId + ": key " + (pkcs11Config != null ? "on the token (" + pkcs11Config + ")" :
                out.resolve(officerId + ".p12")) + ", public key " + pem + " (fingerprint " + P256.fingerprint(pair.getPublic()) + ")");
            return 0;
        }
    }

    @Command(name = "request", description = "Quorum requests: submit, list, show, approve, deny, cancel.",
        subcommands = {Submit.class, ListRequests.class, Show.class, Approve.class, Deny.class, Cancel.class})
    static final class Request
    {
    }

    @Command(name = "submit", description = "Ask for an operation; you sign the request as its initiator.")
    static final class Submit implements Callable<Integer>
    {
        @CommandLine.Mixin
        ApplianceCli.Target target;

        @CommandLine.Mixin
        OfficerKey key;

        @Option(names = "--op", required = true, description = "operation, e.g. trading.resume, policy.change")
        String operation;

        @Option(names = "--params", defaultValue = "{}", description = "parameters as a JSON object")
        String parameters;

        @Option(names = "--break-glass", description = "decide under the break-glass policy (alerts loudly)")
        boolean breakGlass;

        @Override
        public Integer call() throws Exception
        {
            final PolicySet policies = PolicySet.fromJson(target.get("/v1/quorum/policies").body());
            final long nowMs = System.currentTimeMillis();
            final ApprovalSigner signer = key.signer();
            final QuorumRequest request = QuorumRequest.draft(operation, com.orderguard.quorum.json.Parameters.fromJson(parameters), signer.officerId(),
                breakGlass, policies, nowMs, new SecureRandom());
            System.err.println(request.describe());
            final SignedStatement submission = signer.submit(request, nowMs);
            final HttpResponse<String> response = target.call("POST", "/v1/requests", new JsonObject()
                .put("request", new JsonObject(request.canonicalJson()))
                .put("submission", new JsonObject(submission.toJson())).encode());
            return printResult(target, response, "submitted " + request.id());
        }
    }

    @Command(name = "list", description = "Open requests.")
    static final class ListRequests implements Callable<Integer>
    {
        @CommandLine.Mixin
        ApplianceCli.Target target;

        @Override
        public Integer call() throws Exception
        {
            final HttpResponse<String> response = target.get("/v1/requests");
            final StringBuilder text = new StringBuilder();
            final JsonArray requests = new JsonObject(response.body()).getJsonArray("requests");
            for (final Object entry : requests)
            {
                final JsonObject r = (JsonObject)entry;
                text.append(String.format("%s  %-16s %-9s by %-10s approvals %d/%d%n", r.getString("requestId"),
                    r.getString("operation"), r.getString("state"), r.getString("initiator"),
                    r.getJsonArray("approvers").size(), r.getInteger("requiredApprovals")));
            }
            return target.print(response, requests.isEmpty() ? "no open requests" : text.toString().stripTrailing());
        }
    }

    @Command(name = "show", description = "One request in full: read it before you sign.")
    static final class Show implements Callable<Integer>
    {
        @CommandLine.Mixin
        ApplianceCli.Target target;

        @Parameters(index = "0", description = "request id")
        String requestId;

        @Override
        public Integer call() throws Exception
        {
            final HttpResponse<String> response = target.get("/v1/requests/" + requestId);
            final JsonObject body = new JsonObject(response.body());
            return target.print(response, body.containsKey("description") ?
                body.getString("state") + ", approvals " + body.getJsonArray("approvers") + " of " +
                body.getInteger("requiredApprovals") + "\n" + body.getString("description") : body.getString("error"));
        }
    }

    /** Fetches the request, checks its id is the hash of what came back, shows it, and signs a decision over it. */
    abstract static class Decide implements Callable<Integer>
    {
        @CommandLine.Mixin
        ApplianceCli.Target target;

        @CommandLine.Mixin
        OfficerKey key;

        @Parameters(index = "0", description = "request id")
        String requestId;

        abstract String verb();

        abstract SignedStatement sign(ApprovalSigner signer, QuorumRequest request, long nowMs) throws Exception;

        @Override
        public Integer call() throws Exception
        {
            final HttpResponse<String> shown = target.get("/v1/requests/" + requestId);
            if (shown.statusCode() != 200)
            {
                return target.print(shown, new JsonObject(shown.body()).getString("error"));
            }
            final QuorumRequest request = QuorumRequest.fromJson(new JsonObject(shown.body()).getJsonObject("request").encode());
            if (!request.id().equals(requestId))
            {
                throw new IllegalStateException("the appliance returned a request whose hash is " + request.id() +
                    ", not " + requestId + ": refusing to sign");
            }
            System.err.println(request.describe());
            final SignedStatement statement = sign(key.signer(), request, System.currentTimeMillis());
            final HttpResponse<String> response = target.call("POST", "/v1/requests/" + requestId + "/" + verb(),
                new JsonObject().put("statement", new JsonObject(statement.toJson())).encode());
            return printResult(target, response, verb() + " recorded for " + requestId);
        }
    }

    @Command(name = "approve", description = "Sign your approval of a request.")
    static final class Approve extends Decide
    {
        @Override
        String verb()
        {
            return "approve";
        }

        @Override
        SignedStatement sign(final ApprovalSigner signer, final QuorumRequest request, final long nowMs) throws Exception
        {
            return signer.approve(request, nowMs);
        }
    }

    @Command(name = "deny", description = "Sign your denial (a veto where the policy says so).")
    static final class Deny extends Decide
    {
        @Override
        String verb()
        {
            return "deny";
        }

        @Override
        SignedStatement sign(final ApprovalSigner signer, final QuorumRequest request, final long nowMs) throws Exception
        {
            return signer.deny(request, nowMs);
        }
    }

    @Command(name = "cancel", description = "Withdraw your own request.")
    static final class Cancel extends Decide
    {
        @Override
        String verb()
        {
            return "cancel";
        }

        @Override
        SignedStatement sign(final ApprovalSigner signer, final QuorumRequest request, final long nowMs) throws Exception
        {
            return signer.cancel(request, nowMs);
        }
    }

    @Command(name = "halt", description = "Halt trading now (one officer's emergency right). Resuming needs a quorum: request submit --op trading.resume.")
    static final class Halt implements Callable<Integer>
    {
        @CommandLine.Mixin
        ApplianceCli.Target target;

        @CommandLine.Mixin
        OfficerKey key;

        @Option(names = "--reason", required = true, description = "why, for the journal")
        String reason;

        @Override
        public Integer call() throws Exception
        {
            final PolicySet policies = PolicySet.fromJson(target.get("/v1/quorum/policies").body());
            final long nowMs = System.currentTimeMillis();
            final ApprovalSigner signer = key.signer();
            final byte[] nonce = new byte[16];
            new SecureRandom().nextBytes(nonce);
            final QuorumRequest request = QuorumRequest.of(HaltAuthority.OPERATION,
                com.orderguard.quorum.json.Parameters.fromJson(new JsonObject().put("reason", reason).encode()), signer.officerId(), nowMs,
                nowMs + 300_000, policies.version(), false, java.util.HexFormat.of().formatHex(nonce));
            final SignedStatement submission = signer.submit(request, nowMs);
            final HttpResponse<String> response = target.call("POST", "/v1/halt", new JsonObject()
                .put("request", new JsonObject(request.canonicalJson()))
                .put("submission", new JsonObject(submission.toJson())).encode());
            return printResult(target, response, "trading halted");
        }
    }

    private static int printResult(final ApplianceCli.Target target, final HttpResponse<String> response, final String success)
    {
        final JsonObject body = new JsonObject(response.body());
        final boolean ok = response.statusCode() / 100 == 2;
        String line = ok ? success : "refused: " + body.getString("error");
        if (body.containsKey("execution"))
        {
            final JsonObject execution = body.getJsonObject("execution");
            line += execution.getBoolean("accepted") ? "; quorum reached, executed: " + execution.getString("message") :
                "; quorum reached, NOT executed: " + execution.getString("reason") + ": " + execution.getString("message");
        }
        return target.print(response, line);
    }
}
