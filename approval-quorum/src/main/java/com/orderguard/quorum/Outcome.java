package com.orderguard.quorum;

/**
 * The answer to every quorum call: accepted or refused, with a reason code and a message. A
 * refusal is an ordinary answer, not an exception, because refusing is this module's job.
 * {@link #proof()} is non-null exactly once per request: on the call whose approval reached the
 * quorum.
 */
public final class Outcome
{
    private final ReasonCode reason;
    private final String message;
    private final String requestId;
    private final RequestState state;
    private final ApprovalProof proof;

    private Outcome(
        final ReasonCode reason,
        final String message,
        final String requestId,
        final RequestState state,
        final ApprovalProof proof)
    {
        this.reason = reason;
        this.message = message;
        this.requestId = requestId;
        this.state = state;
        this.proof = proof;
    }

    static Outcome accepted(final String message, final String requestId, final RequestState state, final ApprovalProof proof)
    {
        return new Outcome(ReasonCode.ACCEPTED, message, requestId, state, proof);
    }

    static Outcome refused(final ReasonCode reason, final String message, final String requestId, final RequestState state)
    {
        if (reason == ReasonCode.ACCEPTED)
        {
            throw new IllegalArgumentException("a refusal needs a refusal reason");
        }
        return new Outcome(reason, message, requestId, state, null);
    }

    public boolean isAccepted()
    {
        return reason == ReasonCode.ACCEPTED;
    }

    public ReasonCode reason()
    {
        return reason;
    }

    public String message()
    {
        return message;
    }

    /** The request concerned, when known (hex request hash). */
    public String requestId()
    {
        return requestId;
    }

    /** The request's state after the call, or null when there is no such request. */
    public RequestState state()
    {
        return state;
    }

    /** The proof to hand to the executing module, on the one call that reached the quorum; else null. */
    public ApprovalProof proof()
    {
        return proof;
    }

    @Override
    public String toString()
    {
        return reason + (state == null ? "" : " [" + state + "]") + ": " + message;
    }
}
