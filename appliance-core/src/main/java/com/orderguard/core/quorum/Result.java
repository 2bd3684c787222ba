package com.orderguard.core.quorum;

import com.orderguard.quorum.Outcome;

import io.vertx.core.json.JsonObject;

/**
 * What a quorum call came to, as the control plane and CLI show it: the book's outcome, or a
 * refusal by the appliance itself (an operation it cannot execute, a precondition not met).
 */
public record Result(boolean accepted, String reason, String message, String requestId, String state)
{
    public static Result of(final Outcome outcome)
    {
        return new Result(outcome.isAccepted(), outcome.reason().name(), outcome.message(), outcome.requestId(),
            outcome.state() == null ? null : outcome.state().name());
    }

    public static Result refused(final String reason, final String message, final String requestId)
    {
        return new Result(false, reason, message, requestId, null);
    }

    public JsonObject toJson()
    {
        return new JsonObject()
            .put("accepted", accepted)
            .put("reason", reason)
            .put("message", message)
            .put("requestId", requestId)
            .put("state", state);
    }
}
