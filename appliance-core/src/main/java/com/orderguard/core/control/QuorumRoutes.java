package com.orderguard.core.control;

import java.util.function.Function;

import com.orderguard.core.Appliance;
import com.orderguard.core.quorum.QuorumService;
import com.orderguard.core.quorum.Result;
import com.orderguard.quorum.RequestStatus;
import com.orderguard.quorum.officer.Officer;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The control plane's quorum endpoints, as plain functions from a request body to a reply, so the
 * HTTP layer only routes. Every refusal names its reason code; the HTTP layer journals every call
 * with that reason before answering.
 */
final class QuorumRoutes
{
    /** A reply: HTTP status and JSON body. */
    record Reply(int status, JsonObject body)
    {
    }

    private final Appliance appliance;

    QuorumRoutes(final Appliance appliance)
    {
        this.appliance = appliance;
    }

    private QuorumService quorum()
    {
        return appliance.quorum();
    }

    Reply officers()
    {
        final JsonArray list = new JsonArray();
        for (final Officer officer : quorum().registry().officers())
        {
            list.add(new JsonObject()
                .put("id", officer.id())
                .put("displayName", officer.displayName())
                .put("roles", new JsonArray(officer.roles().stream().sorted().toList()))
                .put("state", officer.state().name())
                .put("fingerprint", officer.keyFingerprint()));
        }
        return new Reply(200, new JsonObject().put("version", quorum().registry().version()).put("officers", list));
    }

    Reply policies()
    {
        return new Reply(200, new JsonObject(quorum().policySet().toJson()));
    }

    Reply list()
    {
        quorum().expireDue();
        final JsonArray list = new JsonArray();
        for (final RequestStatus status : quorum().openRequests())
        {
            list.add(toJson(status));
        }
        return new Reply(200, new JsonObject().put("requests", list).put("executable", new JsonArray(quorum().executable().stream().toList())));
    }

    Reply show(final String requestId)
    {
        quorum().expireDue();
        final RequestStatus status = quorum().status(requestId);
        return status == null ? new Reply(404, error("UNKNOWN_REQUEST", "no request " + requestId)) : new Reply(200, toJson(status));
    }

    Reply submit(final JsonObject body)
    {
        return parsed(body, b -> result(quorum().submit(member(b, "request"), member(b, "submission")), 201));
    }

    Reply approve(final String requestId, final JsonObject body)
    {
        return parsed(body, b ->
        {
            final QuorumService.Decided decided = quorum().approve(requestId, member(b, "statement"));
            final Reply reply = result(decided.approval(), 200);
            if (decided.execution() != null)
            {
                reply.body().put("execution", decided.execution().toJson());
            }
            return reply;
        });
    }

    Reply deny(final String requestId, final JsonObject body)
    {
        return parsed(body, b -> result(quorum().deny(requestId, member(b, "statement")), 200));
    }

    Reply cancel(final String requestId, final JsonObject body)
    {
        return parsed(body, b -> result(quorum().cancel(requestId, member(b, "statement")), 200));
    }

    /** Retries executing approved requests whose precondition was not met when the quorum was reached. */
    Reply execute()
    {
        final JsonArray results = new JsonArray();
        quorum().executeAwaiting().forEach(result -> results.add(result.toJson()));
        return new Reply(200, new JsonObject().put("results", results));
    }

    Reply halt(final JsonObject body, final String source)
    {
        return parsed(body, b ->
        {
            final String refusal = appliance.halt(member(b, "request"), member(b, "submission"), source);
            return refusal == null ? new Reply(200, new JsonObject().put("halted", true)) :
                new Reply(403, error("HALT_REFUSED", refusal));
        });
    }

    private static Reply parsed(final JsonObject body, final Function<JsonObject, Reply> handler)
    {
        if (body == null)
        {
            return new Reply(400, error("MALFORMED", "body must be a JSON object"));
        }
        try
        {
            return handler.apply(body);
        }
        catch (final IllegalArgumentException | ClassCastException | NullPointerException ex)
        {
            return new Reply(400, error("MALFORMED", String.valueOf(ex.getMessage())));
        }
    }

    private static String member(final JsonObject body, final String name)
    {
        final Object value = body.getValue(name);
        if (value instanceof JsonObject)
        {
            return ((JsonObject)value).encode();
        }
        if (value instanceof String)
        {
            return (String)value;
        }
        throw new IllegalArgumentException("missing member '" + name + "' (a JSON object)");
    }

    private static Reply result(final Result result, final int acceptedStatus)
    {
        return new Reply(result.accepted() ? acceptedStatus : statusOf(result.reason()), result.toJson()
            .put("error", result.accepted() ? null : result.reason() + ": " + result.message()));
    }

    private static int statusOf(final String reason)
    {
        switch (reason)
        {
            case "UNKNOWN_REQUEST":
                return 404;
            case "SELF_APPROVAL":
            case "BAD_SIGNATURE":
            case "UNKNOWN_OFFICER":
            case "INELIGIBLE_OFFICER":
            case "OFFICER_REVOKED":
            case "WRONG_REQUEST":
            case "NOT_INITIATOR":
            case "SYSTEM_PRINCIPAL":
                return 403;
            case "MALFORMED":
            case "INVALID_REQUEST":
            case "UNKNOWN_OPERATION":
                return 400;
            default:
                return 409;
        }
    }

    private static JsonObject toJson(final RequestStatus status)
    {
        return new JsonObject()
            .put("requestId", status.request().id())
            .put("operation", status.request().operation())
            .put("state", status.state().name())
            .put("initiator", status.request().initiatorId())
            .put("approvers", new JsonArray(status.approverIds()))
            .put("deniers", new JsonArray(status.denierIds()))
            .put("requiredApprovals", status.requiredApprovals())
            .put("denialThreshold", status.denialThreshold())
            .put("expiresAtMs", status.request().expiresAtMs())
            .put("request", new JsonObject(status.request().canonicalJson()))
            .put("description", status.request().describe());
    }

    static JsonObject error(final String reason, final String message)
    {
        return new JsonObject().put("accepted", false).put("reason", reason).put("error", reason + ": " + message);
    }
}
