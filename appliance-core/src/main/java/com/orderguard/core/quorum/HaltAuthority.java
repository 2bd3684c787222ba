package com.orderguard.core.quorum;

import com.orderguard.quorum.Decision;
import com.orderguard.quorum.QuorumClock;
import com.orderguard.quorum.QuorumRequest;
import com.orderguard.quorum.SignedStatement;
import com.orderguard.quorum.officer.Officer;
import com.orderguard.quorum.officer.OfficerRegistry;

/**
 * Halting trading is one officer's emergency right: no quorum, but still a signed, named act.
 * The officer signs a SUBMIT statement over a "trading.halt" request; this checks that the
 * officer is enrolled and active, the signature is theirs, the statement names exactly this
 * request, and both are within their time window. A replayed halt can only halt again — the safe
 * direction — and is journaled like any other.
 */
public final class HaltAuthority
{
    public static final String OPERATION = "trading.halt";
    private static final long MAX_SKEW_MS = 30_000;

    private HaltAuthority()
    {
    }

    /** @return null when the halt is authentic, else why it is refused. */
    public static String check(
        final QuorumRequest request, final SignedStatement statement, final OfficerRegistry registry, final QuorumClock clock)
    {
        if (!OPERATION.equals(request.operation()))
        {
            return "a halt must be a " + OPERATION + " request, was " + request.operation();
        }
        if (statement.decision() != Decision.SUBMIT || !statement.officerId().equals(request.initiatorId()))
        {
            return "a halt must carry its initiator's SUBMIT statement";
        }
        if (!statement.requestHash().equals(request.id()))
        {
            return "the statement was signed over another request (hash mismatch)";
        }
        final Officer officer = registry.find(statement.officerId());
        if (officer == null)
        {
            return "unknown officer " + statement.officerId();
        }
        if (!officer.isActive())
        {
            return "officer " + officer.id() + " is revoked";
        }
        if (com.orderguard.quorum.officer.SystemPrincipal.is(officer))
        {
            return "the system principal " + officer.id() + " may not halt trading: it may only initiate " +
                com.orderguard.quorum.officer.SystemPrincipal.MAY_SUBMIT;
        }
        if (!statement.verifySignature(officer.publicKey()))
        {
            return "the signature does not verify with officer " + officer.id() + "'s registered key";
        }
        final long nowMs = clock.epochMs();
        if (nowMs < request.createdAtMs() - MAX_SKEW_MS || nowMs >= request.expiresAtMs() ||
            statement.signedAtMs() > nowMs + MAX_SKEW_MS || statement.signedAtMs() < request.createdAtMs())
        {
            return "the halt request is outside its time window";
        }
        return null;
    }
}
