package com.orderguard.core.control;

import java.io.IOException;
import java.util.Set;

import com.orderguard.core.Appliance;
import com.orderguard.core.audit.RecordKind;
import com.orderguard.core.tls.ControlPlaneTls;
import com.orderguard.custody.ShareOutcome;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PfxOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * The HTTPS control plane (TLS 1.3 only). It turns requests into the appliance's acts and back;
 * it holds no state of its own.
 * <p>
 * Every call is journaled — who (source address; later the officer), what, and the result —
 * and the response leaves only after that record is durable. Ops endpoints ({@code /metrics},
 * {@code /v1/health}) still answer when the journal has failed, because that is exactly when
 * ops need to see why; everything else answers 503.
 * <p>
 * Blocking work (the HSM, waiting for the journal) runs on Vert.x worker threads, never on the
 * event loop.
 */
public final class ControlPlane implements AutoCloseable
{
    private static final int MAX_BODY_BYTES = 8 * 1024;

    private static final String ACTOR = "orderguard.actor";
    private static final String SESSION = "orderguard.session";
    /** Who a login said it was, before (or without) proving it: journaled apart from the actor. */
    private static final String CLAIMED = "orderguard.claimed";

    private final Appliance appliance;
    private final Vertx vertx;
    private final SessionTokens tokens;
    private final Logins logins;
    private final ComplianceRoutes compliance;
    private HttpServer server;

    public ControlPlane(final Appliance appliance)
    {
        this.appliance = appliance;
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(4));
        this.tokens = new SessionTokens(appliance::signControlToken, appliance::activeControlTokenKey, appliance::controlTokenPublicKey,
            appliance::controlTokenKeyVerifies, System::currentTimeMillis, appliance.config().sessionTtlSeconds() * 1_000L);
        this.logins = new Logins(() -> appliance.quorum().registry(), tokens, System::currentTimeMillis);
        this.compliance = new ComplianceRoutes(appliance);
    }

    /** Binds and serves; returns the bound port. */
    public int start(final String host, final int port) throws IOException
    {
        final var tlsDir = appliance.config().tlsDir();
        final HttpServerOptions options = new HttpServerOptions()
            .setHost(host)
            .setPort(port)
            .setSsl(true)
            .setKeyCertOptions(new PfxOptions()
                .setPath(ControlPlaneTls.keystore(tlsDir).toString())
                .setPassword(ControlPlaneTls.password(tlsDir)))
            .setEnabledSecureTransportProtocols(Set.of("TLSv1.3"));

        final Router router = Router.router(vertx);
        router.route().handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
        router.get("/metrics").handler(this::metrics);
        router.get("/v1/health").handler(ctx -> respond(ctx, "/v1/health", 200, appliance.status(), true));
        router.get("/v1/seal").handler(ctx -> respond(ctx, "/v1/seal", 200, appliance.sealStatus(), false));
        router.post("/v1/unseal").handler(this::unseal);
        router.post("/v1/seal").handler(this::seal);
        final QuorumRoutes quorum = new QuorumRoutes(appliance);
        router.get("/v1/openapi.yaml").handler(this::openApi);
        router.get("/v1/quorum/officers").handler(ctx -> blocking(ctx, "/v1/quorum/officers", quorum::officers));
        router.get("/v1/quorum/policies").handler(ctx -> blocking(ctx, "/v1/quorum/policies", quorum::policies));
        router.get("/v1/requests").handler(ctx -> blocking(ctx, "/v1/requests", quorum::list));
        router.post("/v1/requests").handler(ctx -> blocking(ctx, "/v1/requests",
            () -> signedBy(ctx, "submission", () -> quorum.submit(jsonBody(ctx)))));
        router.post("/v1/requests/execute").handler(ctx -> blocking(ctx, "/v1/requests/execute", quorum::execute));
        router.get("/v1/requests/:id").handler(ctx -> blocking(ctx, "/v1/requests/:id", () -> quorum.show(ctx.pathParam("id"))));
        router.post("/v1/requests/:id/approve").handler(ctx -> blocking(ctx, "/v1/requests/:id/approve",
            () -> signedBy(ctx, "statement", () -> quorum.approve(ctx.pathParam("id"), jsonBody(ctx)))));
        router.post("/v1/requests/:id/deny").handler(ctx -> blocking(ctx, "/v1/requests/:id/deny",
            () -> signedBy(ctx, "statement", () -> quorum.deny(ctx.pathParam("id"), jsonBody(ctx)))));
        router.post("/v1/requests/:id/cancel").handler(ctx -> blocking(ctx, "/v1/requests/:id/cancel",
            () -> signedBy(ctx, "statement", () -> quorum.cancel(ctx.pathParam("id"), jsonBody(ctx)))));
        router.post("/v1/halt").handler(ctx -> blocking(ctx, "/v1/halt",
            () -> signedBy(ctx, "submission", () -> quorum.halt(jsonBody(ctx), source(ctx)))));
        router.get("/v1/keys").handler(ctx -> blocking(ctx, "/v1/keys", this::keys));
        router.get("/v1/journal/checkpoint").handler(ctx -> blocking(ctx, "/v1/journal/checkpoint", this::checkpoint));
        router.get("/v1/journal/inclusion").handler(ctx -> blocking(ctx, "/v1/journal/inclusion", () -> proof(ctx, true)));
        router.get("/v1/journal/consistency").handler(ctx -> blocking(ctx, "/v1/journal/consistency", () -> proof(ctx, false)));
        router.post("/v1/login/challenge").handler(ctx -> blocking(ctx, "/v1/login/challenge", () -> challenge(jsonBody(ctx))));
        router.post("/v1/login").handler(ctx -> blocking(ctx, "/v1/login", () -> login(ctx, jsonBody(ctx))));
        router.get("/v1/journal/search").handler(ctx -> authorised(ctx, "/v1/journal/search", AccessRoles.COMPLIANCE_SEARCH,
            session -> compliance.search(ctx.queryParams())));
        router.get("/v1/journal/records/:seq/content").handler(ctx -> authorised(ctx, "/v1/journal/records/:seq/content", null,
            session -> compliance.content(ctx.pathParam("seq"), session, source(ctx),
                logins.holds(session.principal(), AccessRoles.COMPLIANCE_READ_CONTENT))));
        router.get("/v1/journal/export").handler(this::export);
        router.route().last().handler(ctx -> respond(ctx, "unknown", 404,
            error("no such endpoint: " + ctx.request().method() + " " + ctx.request().path()), false));

        try
        {
            server = vertx.createHttpServer(options).requestHandler(router)
                .listen().toCompletionStage().toCompletableFuture().get();
        }
        catch (final Exception ex)
        {
            throw new IOException("control plane cannot listen on " + host + ":" + port + ": " + ex.getMessage(), ex);
        }
        return server.actualPort();
    }

    /** Quorum work touches the journal (durable appends) and verifies signatures: never on the event loop. */
    private void blocking(final RoutingContext ctx, final String route, final java.util.function.Supplier<QuorumRoutes.Reply> work)
    {
        vertx.executeBlocking(work::get).onComplete(result ->
        {
            if (result.succeeded())
            {
                respond(ctx, route, result.result().status(), result.result().body(), false);
            }
            else
            {
                respond(ctx, route, 500, error("failed: " + result.cause()), false);
            }
        });
    }

    /** The key inventory (never secret material) and the keys due for rotation. */
    private QuorumRoutes.Reply keys()
    {
        final io.vertx.core.json.JsonArray keys = new io.vertx.core.json.JsonArray();
        appliance.keyInventory().forEach(key -> keys.add(keyJson(key)));
        final io.vertx.core.json.JsonArray due = new io.vertx.core.json.JsonArray();
        appliance.keysDueForRotation().forEach(key -> due.add(key.alias()));
        return new QuorumRoutes.Reply(200, new JsonObject().put("keys", keys).put("dueForRotation", due));
    }

    private static JsonObject keyJson(final com.orderguard.custody.inventory.KeyRecord key)
    {
        return new JsonObject()
            .put("key", key.alias())
            .put("purpose", key.purpose().label())
            .put("version", key.version())
            .put("algorithm", key.algorithm().name())
            .put("state", key.state().name())
            .put("createdAt", String.valueOf(key.createdAt()))
            .put("activatedAt", key.activatedAt() == null ? null : key.activatedAt().toString())
            .put("expiresAt", key.expiresAt() == null ? null : key.expiresAt().toString())
            .put("fingerprint", key.fingerprint());
    }

    /** The latest signed checkpoint: what an outside witness fetches and keeps. */
    private QuorumRoutes.Reply checkpoint()
    {
        final var checkpoint = appliance.lastCheckpoint();
        return checkpoint == null ? new QuorumRoutes.Reply(404, error("no signed checkpoint yet (the appliance signs once unsealed)")) :
            new QuorumRoutes.Reply(200, new JsonObject(checkpoint.toJson()));
    }

    /** Inclusion (?seq=&size=) or consistency (?from=&to=) proofs: hashes only, no record content. */
    private QuorumRoutes.Reply proof(final RoutingContext ctx, final boolean inclusion)
    {
        try
        {
            final var dir = appliance.journal().directory();
            final byte[][] path;
            if (inclusion)
            {
                path = com.orderguard.core.audit.JournalProofs.inclusion(dir,
                    Long.parseLong(ctx.queryParams().get("seq")), Long.parseLong(ctx.queryParams().get("size")));
            }
            else
            {
                path = com.orderguard.core.audit.JournalProofs.consistency(dir,
                    Long.parseLong(ctx.queryParams().get("from")), Long.parseLong(ctx.queryParams().get("to")));
            }
            final io.vertx.core.json.JsonArray hashes = new io.vertx.core.json.JsonArray();
            for (final byte[] hash : path)
            {
                hashes.add(java.util.Base64.getEncoder().encodeToString(hash));
            }
            return new QuorumRoutes.Reply(200, new JsonObject().put("proof", hashes));
        }
        catch (final NumberFormatException | NullPointerException ex)
        {
            return new QuorumRoutes.Reply(400, error(inclusion ? "give ?seq=N&size=M" : "give ?from=N&to=M"));
        }
        catch (final IOException | IllegalArgumentException ex)
        {
            return new QuorumRoutes.Reply(400, error(ex.getMessage()));
        }
    }

    /** POST /v1/login/challenge {principal}: a one-time challenge to sign. */
    private QuorumRoutes.Reply challenge(final JsonObject body)
    {
        final String principal = body == null ? null : body.getValue("principal") instanceof String p ? p : null;
        if (principal == null)
        {
            return new QuorumRoutes.Reply(400, QuorumRoutes.error("MALFORMED", "body must be {\"principal\": \"id\"}"));
        }
        try
        {
            return new QuorumRoutes.Reply(200, new JsonObject().put("principal", principal).put("challenge", logins.challenge(principal))
                .put("signs", "orderguard.login.v1\\n<principal>\\n<challenge>\\n (UTF-8, SHA256withECDSA, DER, base64)")
                .put("expiresInMs", Logins.CHALLENGE_TTL_MS));
        }
        catch (final IllegalStateException ex)
        {
            return new QuorumRoutes.Reply(429, QuorumRoutes.error("TOO_MANY_CHALLENGES", ex.getMessage()));
        }
    }

    /** POST /v1/login {principal, challenge, signature}: a session token (one HSM signature). */
    private QuorumRoutes.Reply login(final RoutingContext ctx, final JsonObject body)
    {
        final String principal = body == null ? null : body.getValue("principal") instanceof String p ? p : null;
        final String challenge = body == null ? null : body.getValue("challenge") instanceof String c ? c : null;
        final String signature = body == null ? null : body.getValue("signature") instanceof String g ? g : null;
        if (principal == null || challenge == null || signature == null)
        {
            return new QuorumRoutes.Reply(400, QuorumRoutes.error("MALFORMED", "body must be {principal, challenge, signature}"));
        }
        ctx.put(CLAIMED, principal);
        try
        {
            final String token = logins.login(principal, challenge, java.util.Base64.getDecoder().decode(signature));
            final SessionTokens.Session session = tokens.verify(token);
            ctx.put(ACTOR, principal);
            ctx.put(SESSION, session.sessionId());
            return new QuorumRoutes.Reply(200, new JsonObject().put("token", token).put("principal", principal)
                .put("session", session.sessionId()).put("expiresAtMs", session.expiresAtMs()));
        }
        catch (final IllegalArgumentException ex)
        {
            return new QuorumRoutes.Reply(400, QuorumRoutes.error("MALFORMED", "signature must be base64 DER"));
        }
        catch (final SecurityException ex)
        {
            return new QuorumRoutes.Reply(401, refusal(ex));
        }
        catch (final IllegalStateException ex)
        {
            return new QuorumRoutes.Reply(503, QuorumRoutes.error("NO_TOKEN_KEY", ex.getMessage()));
        }
    }

    /**
     * On a worker thread (custody's key states are read under its lock): authenticates the bearer
     * token (in the JCE, no HSM call), checks {@code role} (null: the route decides), records actor
     * and session for the access record, then runs {@code work}.
     */
    private void authorised(final RoutingContext ctx, final String route, final String role,
        final java.util.function.Function<SessionTokens.Session, QuorumRoutes.Reply> work)
    {
        final String header = ctx.request().getHeader("Authorization");
        blocking(ctx, route, () ->
        {
            final Object checked = check(ctx, header, role);
            return checked instanceof QuorumRoutes.Reply refused ? refused : work.apply((SessionTokens.Session)checked);
        });
    }

    /** The caller's session, or the 401/403 reply refusing it (journaled like every answer). */
    private Object check(final RoutingContext ctx, final String header, final String role)
    {
        try
        {
            if (header == null || !header.startsWith("Bearer "))
            {
                throw new SecurityException("BAD_TOKEN: this endpoint needs Authorization: Bearer <token> (POST /v1/login)");
            }
            final SessionTokens.Session session = logins.authenticate(header.substring("Bearer ".length()).trim());
            ctx.put(ACTOR, session.principal());
            ctx.put(SESSION, session.sessionId());
            if (role != null && !logins.holds(session.principal(), role))
            {
                return new QuorumRoutes.Reply(403, QuorumRoutes.error("MISSING_ROLE", session.principal() + " does not hold " + role));
            }
            return session;
        }
        catch (final SecurityException ex)
        {
            return new QuorumRoutes.Reply(401, refusal(ex));
        }
    }

    /** GET /v1/journal/export?day=YYYY-MM-DD: JSON lines with proofs; the access is durable before a byte leaves. */
    private void export(final RoutingContext ctx)
    {
        final String route = "/v1/journal/export";
        final String header = ctx.request().getHeader("Authorization");
        vertx.executeBlocking(() ->
        {
            final Object checked = check(ctx, header, AccessRoles.COMPLIANCE_EXPORT);
            return checked instanceof QuorumRoutes.Reply ? checked :
                compliance.export(ctx.queryParams(), appliance.config().dataDir().resolve("exports"));
        }).onComplete(made ->
            {
                if (made.failed())
                {
                    respond(ctx, route, 400, QuorumRoutes.error("EXPORT_FAILED", String.valueOf(made.cause().getMessage())), false);
                    return;
                }
                if (made.result() instanceof QuorumRoutes.Reply refused)
                {
                    respond(ctx, route, refused.status(), refused.body(), false);
                    return;
                }
                final java.nio.file.Path file = (java.nio.file.Path)made.result();
                final JsonObject access = accessRecord(ctx, 200).put("day", ctx.queryParams().get("day")).put("file", file.toString());
                Future.fromCompletionStage(appliance.audit(RecordKind.CONTROL_ACCESS, 200, access), vertx.getOrCreateContext())
                    .onComplete(durable ->
                    {
                        if (durable.failed())
                        {
                            deleteQuietly(file);
                            appliance.metrics().controlRequest("GET", route, 503);
                            ctx.response().setStatusCode(503).putHeader("content-type", "application/json")
                                .end(error("refused: the audit journal cannot record this export").toBuffer());
                            return;
                        }
                        appliance.metrics().controlRequest("GET", route, 200);
                        ctx.response().putHeader("content-type", "application/x-ndjson").sendFile(file.toString())
                            .onComplete(sent -> deleteQuietly(file));
                    });
            });
    }

    private static void deleteQuietly(final java.nio.file.Path file)
    {
        try
        {
            java.nio.file.Files.deleteIfExists(file);
        }
        catch (final IOException ex)
        {
            System.err.println("could not delete export " + file + ": " + ex.getMessage());
        }
    }

    /** A refusal whose message starts with its reason code ("BAD_TOKEN: ..."). */
    private static JsonObject refusal(final SecurityException ex)
    {
        final String message = String.valueOf(ex.getMessage());
        final int colon = message.indexOf(':');
        return QuorumRoutes.error(colon > 0 ? message.substring(0, colon) : "REFUSED", colon > 0 ? message.substring(colon + 1).trim() : message);
    }

    /**
     * Quorum calls carry no session: each is a statement or submission its officer signed. The access
     * record names the officer the signed part claims ({@code claimedActor}) and, once the quorum has
     * accepted it (its signature verified against that officer's enrolled key), as the {@code actor}.
     */
    private static QuorumRoutes.Reply signedBy(
        final RoutingContext ctx, final String member, final java.util.function.Supplier<QuorumRoutes.Reply> call)
    {
        final String officer = officerNamed(jsonBody(ctx), member);
        if (officer != null)
        {
            ctx.put(CLAIMED, officer);
        }
        final QuorumRoutes.Reply reply = call.get();
        if (officer != null && reply.status() >= 200 && reply.status() < 300)
        {
            ctx.put(ACTOR, officer);
        }
        return reply;
    }

    /** The officerId of a signed statement or submission (an object or its JSON text), or null. */
    private static String officerNamed(final JsonObject body, final String member)
    {
        if (body == null)
        {
            return null;
        }
        try
        {
            final Object value = body.getValue(member);
            final JsonObject signed = value instanceof JsonObject object ? object :
                value instanceof String text ? new JsonObject(text) : null;
            return signed != null && signed.getValue("officerId") instanceof String officer && officer.length() <= 128 ? officer : null;
        }
        catch (final RuntimeException ex)
        {
            return null; // not JSON: the call itself will be refused as malformed
        }
    }

    private static JsonObject jsonBody(final RoutingContext ctx)
    {
        try
        {
            return ctx.body().asJsonObject();
        }
        catch (final DecodeException ex)
        {
            return null;
        }
    }

    private void openApi(final RoutingContext ctx)
    {
        try (var in = ControlPlane.class.getResourceAsStream("/com/orderguard/core/openapi.yaml"))
        {
            respond(ctx, "/v1/openapi.yaml", 200, "application/yaml", Buffer.buffer(in.readAllBytes()), true);
        }
        catch (final IOException | NullPointerException ex)
        {
            respond(ctx, "/v1/openapi.yaml", 500, error("OpenAPI document missing: " + ex), true);
        }
    }

    private void metrics(final RoutingContext ctx)
    {
        vertx.executeBlocking(appliance.metrics()::scrape).onComplete(result ->
        {
            if (result.succeeded())
            {
                respond(ctx, "/metrics", 200, appliance.metrics().contentType(), Buffer.buffer(result.result()), true);
            }
            else
            {
                respond(ctx, "/metrics", 500, error("scrape failed: " + result.cause()), true);
            }
        });
    }

    private void unseal(final RoutingContext ctx)
    {
        final String share = shareOf(ctx, "/v1/unseal");
        if (share == null)
        {
            return;
        }
        final String source = source(ctx);
        vertx.executeBlocking(() -> appliance.offerShare(share, source)).onComplete(result ->
        {
            if (result.failed())
            {
                respond(ctx, "/v1/unseal", 500, error("unseal failed: " + result.cause()), false);
                return;
            }
            final ShareOutcome outcome = result.result();
            final JsonObject body = new JsonObject()
                .put("outcome", outcome.status().name())
                .put("shareIndex", outcome.shareIndex())
                .put("given", outcome.given())
                .put("threshold", outcome.threshold())
                .put("message", outcome.message())
                .put("sealed", appliance.sealStatus().getBoolean("sealed"));
            if (outcome.refused())
            {
                body.put("error", outcome.message());
            }
            respond(ctx, "/v1/unseal", statusOf(outcome.status()), body, false);
        });
    }

    private void seal(final RoutingContext ctx)
    {
        final String share = shareOf(ctx, "/v1/seal");
        if (share == null)
        {
            return;
        }
        final String source = source(ctx);
        vertx.executeBlocking(() ->
        {
            final String refusal = appliance.seal(share, source);
            return refusal == null ? "" : refusal;
        }).onComplete(result ->
        {
            if (result.failed())
            {
                respond(ctx, "/v1/seal", 500, error("seal failed: " + result.cause()), false);
            }
            else if (result.result().isEmpty())
            {
                respond(ctx, "/v1/seal", 200, new JsonObject().put("sealed", true), false);
            }
            else
            {
                respond(ctx, "/v1/seal", 403, error("seal refused: " + result.result()), false);
            }
        });
    }

    private String shareOf(final RoutingContext ctx, final String route)
    {
        final JsonObject body;
        try
        {
            body = ctx.body().asJsonObject();
        }
        catch (final DecodeException ex)
        {
            respond(ctx, route, 400, error("body must be JSON {\"share\": \"...\"}"), false);
            return null;
        }
        final Object share = body == null ? null : body.getValue("share");
        if (!(share instanceof String) || ((String)share).isBlank())
        {
            respond(ctx, route, 400, error("body must be JSON {\"share\": \"...\"}"), false);
            return null;
        }
        return ((String)share).trim();
    }

    private static int statusOf(final ShareOutcome.Status status)
    {
        switch (status)
        {
            case ACCEPTED:
            case UNSEALED:
                return 200;
            case REFUSED_MALFORMED:
            case REFUSED_NO_INDEX:
                return 400;
            case REFUSED_OTHER_SET:
            case REFUSED_TAMPERED:
                return 403;
            case REFUSED_REPEATED:
            case REFUSED_ALREADY_UNSEALED:
                return 409;
            default:
                return 502;
        }
    }

    /**
     * Journals the call, then answers. When the journal cannot take the record, sensitive
     * endpoints answer 503 instead of their result.
     */
    private void respond(final RoutingContext ctx, final String route, final int status, final JsonObject body, final boolean opsEndpoint)
    {
        respond(ctx, route, status, "application/json", body.toBuffer(), opsEndpoint);
    }

    private void respond(
        final RoutingContext ctx, final String route, final int status, final String contentType, final Buffer body,
        final boolean opsEndpoint)
    {
        final JsonObject access = accessRecord(ctx, status);
        if (status >= 400 && "application/json".equals(contentType))
        {
            final JsonObject refusal = new JsonObject(body);
            access.put("reason", refusal.getValue("reason")).put("detail", refusal.getValue("error"));
        }
        Future.fromCompletionStage(appliance.audit(RecordKind.CONTROL_ACCESS, status, access), vertx.getOrCreateContext())
            .onComplete(durable ->
            {
                int finalStatus = status;
                String finalType = contentType;
                Buffer finalBody = body;
                if (durable.failed() && !opsEndpoint)
                {
                    finalStatus = 503;
                    finalType = "application/json";
                    finalBody = error("refused: the audit journal cannot record this call (" +
                        durable.cause().getMessage() + ")").toBuffer();
                }
                appliance.metrics().controlRequest(ctx.request().method().name(), route, finalStatus);
                ctx.response().setStatusCode(finalStatus).putHeader("content-type", finalType).end(finalBody);
            });
    }

    /** Who (actor and session once authenticated), from where, what, with what result. */
    private static JsonObject accessRecord(final RoutingContext ctx, final int status)
    {
        return new JsonObject()
            .put("actor", ctx.get(ACTOR))
            .put("session", ctx.get(SESSION))
            .put("claimedActor", ctx.get(ACTOR) == null ? ctx.get(CLAIMED) : null)
            .put("method", ctx.request().method().name())
            .put("path", ctx.request().path())
            .put("source", source(ctx))
            .put("status", status);
    }

    private static String source(final RoutingContext ctx)
    {
        return ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().toString();
    }

    private static JsonObject error(final String message)
    {
        return new JsonObject().put("error", message);
    }

    @Override
    public void close()
    {
        try
        {
            vertx.close().toCompletionStage().toCompletableFuture().get();
        }
        catch (final Exception ex)
        {
            System.err.println("control plane did not close cleanly: " + ex);
        }
    }
}
