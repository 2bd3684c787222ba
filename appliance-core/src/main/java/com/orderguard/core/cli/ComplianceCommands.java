package com.orderguard.core.cli;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import com.orderguard.core.control.Logins;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code appliance compliance ...}: the compliance staff's tools against the running appliance,
 * over its HTTPS control plane. {@code login} signs a challenge with your own key (PKCS#12 or your
 * token) and writes the session token to an owner-only file; the other commands send it. Every
 * call, allowed or refused, is journaled by the appliance with your id, session and address.
 * (Offline, over a copy of the journal directory, use {@code appliance journal search/export}.)
 */
@Command(name = "compliance", mixinStandardHelpOptions = true,
    description = "Log in, search the journal, read order content, export a day with proofs (against the running appliance).",
    subcommands = {ComplianceCommands.Login.class, ComplianceCommands.Search.class, ComplianceCommands.Read.class,
        ComplianceCommands.Export.class})
public final class ComplianceCommands
{
    /** Where the session token is. */
    static final class TokenFile
    {
        @Option(names = "--token-file", required = true, description = "the session token file 'compliance login' wrote")
        Path tokenFile;

        String token() throws java.io.IOException
        {
            return Files.readString(tokenFile, StandardCharsets.US_ASCII).trim();
        }
    }

    @Command(name = "login", mixinStandardHelpOptions = true,
        description = "Sign a fresh challenge with your key and keep the session token (owner-only file).")
    static final class Login implements Callable<Integer>
    {
        @CommandLine.Mixin
        ApplianceCli.Target target;

        @CommandLine.Mixin
        OfficerKey key;

        @Option(names = "--token-out", required = true, description = "where to write the session token")
        Path tokenOut;

        @Override
        public Integer call() throws Exception
        {
            final HttpResponse<String> issued = target.call("POST", "/v1/login/challenge",
                new JsonObject().put("principal", key.officerId).encode());
            if (issued.statusCode() != 200)
            {
                return target.print(issued, "refused: " + new JsonObject(issued.body()).getString("error"));
            }
            final String challenge = new JsonObject(issued.body()).getString("challenge");
            final byte[] signature = key.signLogin(Logins.loginMessage(key.officerId, challenge));
            final HttpResponse<String> response = target.call("POST", "/v1/login", new JsonObject().put("principal", key.officerId)
                .put("challenge", challenge).put("signature", Base64.getEncoder().encodeToString(signature)).encode());
            final JsonObject body = new JsonObject(response.body());
            if (response.statusCode() != 200)
            {
                return target.print(response, "refused: " + body.getString("error"));
            }
            Files.deleteIfExists(tokenOut);
            Files.createFile(tokenOut, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tokenOut, body.getString("token"), StandardCharsets.US_ASCII);
            body.remove("token");
            System.out.println("json".equals(target.output) ? body.encode() :
                "logged in as " + key.officerId + ", session " + body.getString("session") + " until " +
                    java.time.Instant.ofEpochMilli(body.getLong("expiresAtMs")) + "; token in " + tokenOut);
            return 0;
        }
    }

    @Command(name = "search", mixinStandardHelpOptions = true,
        description = "Search the journal's clear metadata (role compliance.search); follows every page.")
    static final class Search implements Callable<Integer>
    {
        @CommandLine.Mixin
        ApplianceCli.Target target;

        @CommandLine.Mixin
        TokenFile token;

        @CommandLine.ArgGroup(exclusive = false)
        JournalCommands.Filters filters = new JournalCommands.Filters();

        @Option(names = "--page-size", defaultValue = "500", description = "records per request (1..1000)")
        int pageSize;

        @Override
        public Integer call() throws Exception
        {
            final Map<String, String> params = new LinkedHashMap<>();
            put(params, "from", filters.from);
            put(params, "to", filters.to);
            put(params, "day", filters.day);
            if (!filters.kinds.isEmpty())
            {
                params.put("kind", filters.kinds.stream().map(Enum::name).collect(Collectors.joining(",")));
            }
            put(params, "actor", filters.actor);
            put(params, "orderId", filters.orderId);
            put(params, "account", filters.account);
            put(params, "symbol", filters.symbol);
            params.put("limit", Integer.toString(pageSize));
            long total = 0;
            Object next = null;
            do
            {
                if (next != null)
                {
                    params.put("after", String.valueOf(next));
                }
                final HttpResponse<String> response = target.call("GET", "/v1/journal/search?" + query(params), null, token.token());
                final JsonObject body = new JsonObject(response.body());
                if (response.statusCode() != 200)
                {
                    return target.print(response, "refused: " + body.getString("error"));
                }
                final JsonArray records = body.getJsonArray("records");
                for (int i = 0; i < records.size(); i++)
                {
                    final JsonObject record = records.getJsonObject(i);
                    System.out.println("json".equals(target.output) ? record.encode() : String.format("%8d %s %-17s %s %s",
                        record.getLong("sequence"), record.getString("time"), record.getString("kind"),
                        record.getString("actor", "-"), record.getString("detail")));
                }
                total += records.size();
                next = body.getValue("next");
            }
            while (next != null);
            System.err.printf("%,d records matched%n", total);
            return 0;
        }
    }

    @Command(name = "read", mixinStandardHelpOptions = true,
        description = "Read one sealed order record's content (role compliance.read-content); the read is journaled before it happens.")
    static final class Read implements Callable<Integer>
    {
        @CommandLine.Mixin
        ApplianceCli.Target target;

        @CommandLine.Mixin
        TokenFile token;

        @Parameters(index = "0", description = "the record's sequence number (from a search)")
        long sequence;

        @Override
        public Integer call() throws Exception
        {
            final HttpResponse<String> response = target.call("GET", "/v1/journal/records/" + sequence + "/content", null, token.token());
            final JsonObject body = new JsonObject(response.body());
            return target.print(response, response.statusCode() == 200 ? sequence + " " + body.getString("event") :
                "refused: " + body.getString("error"));
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
        description = "Export one UTC day as JSON lines with inclusion proofs to the latest signed checkpoint (role compliance.export); " +
            "check it offline with 'appliance journal verify-export'.")
    static final class Export implements Callable<Integer>
    {
        @CommandLine.Mixin
        ApplianceCli.Target target;

        @CommandLine.Mixin
        TokenFile token;

        @Option(names = "--day", required = true, description = "the UTC day, e.g. 2026-11-22")
        java.time.LocalDate day;

        @Option(names = "--out", required = true, description = "the JSON-lines file to write")
        Path out;

        @Override
        public Integer call() throws Exception
        {
            final HttpResponse<String> response = target.call("GET", "/v1/journal/export?day=" + day, null, token.token());
            if (response.statusCode() != 200)
            {
                return target.print(response, "refused: " + new JsonObject(response.body()).getString("error"));
            }
            Files.writeString(out, response.body(), StandardCharsets.UTF_8);
            System.out.println("exported " + Math.max(0, response.body().lines().count() - 1) + " records of " + day + " to " + out);
            return 0;
        }
    }

    private static void put(final Map<String, String> params, final String name, final Object value)
    {
        if (value != null)
        {
            params.put(name, value.toString());
        }
    }

    private static String query(final Map<String, String> params)
    {
        return params.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    }
}
