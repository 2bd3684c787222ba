package com.orderguard.quorum;

import java.time.Instant;

import com.orderguard.quorum.officer.Officer;
import com.orderguard.quorum.officer.SystemPrincipal;
import com.orderguard.quorum.policy.QuorumPolicy;

/**
 * The checks of one signed statement against its request, shared by the book (when the statement
 * arrives) and by {@link ApprovalProof#verify} (when the executing module re-checks), so the two
 * can never drift apart.
 */
final class StatementRules
{
    private StatementRules()
    {
    }

    /**
     * The statement's binding: the decision this step takes, the request it names.
     *
     * @return null when it binds to {@code request} with {@code expected}, else the refusal
     */
    static Outcome checkBinding(
        final QuorumRequest request, final SignedStatement statement, final Decision expected, final RequestState state)
    {
        if (statement.decision() != expected)
        {
            return Outcome.refused(ReasonCode.WRONG_DECISION, "statement says " + statement.decision() + " where " +
                expected + " was expected", request.id(), state);
        }
        if (!statement.requestHash().equals(request.id()))
        {
            return Outcome.refused(ReasonCode.WRONG_REQUEST, statement.officerId() + " signed request " +
                statement.requestHash() + ", not " + request.id() + " (replayed from another request, or signed over" +
                " different parameters)", request.id(), state);
        }
        return null;
    }

    /**
     * The signer: known, signature valid with their registered key, active, and signed inside
     * the request's window [createdAtMs, expiresAtMs).
     *
     * @param officer        the statement's officer in the registry in force, or null
     * @param signatureValid whether the signature verified with that officer's key
     */
    static Outcome checkSigner(
        final QuorumRequest request,
        final SignedStatement statement,
        final Officer officer,
        final boolean signatureValid,
        final RequestState state)
    {
        if (officer == null)
        {
            return Outcome.refused(ReasonCode.UNKNOWN_OFFICER, "no officer " + statement.officerId() + " is registered",
                request.id(), state);
        }
        if (!signatureValid)
        {
            final String shape = statement.signatureShapeProblem();
            return Outcome.refused(ReasonCode.BAD_SIGNATURE, "signature of " + statement.decision() + " by " +
                officer.id() + " does not verify with their registered P-256 key " + officer.keyFingerprint() +
                (shape == null ? "" : " (" + shape + ")"), request.id(), state);
        }
        if (!officer.isActive())
        {
            return Outcome.refused(ReasonCode.OFFICER_REVOKED, "officer " + officer.id() + " is revoked", request.id(), state);
        }
        if (statement.signedAtMs() < request.createdAtMs() || statement.signedAtMs() >= request.expiresAtMs())
        {
            return Outcome.refused(ReasonCode.STATEMENT_EXPIRED, statement.decision() + " by " + officer.id() +
                " was signed at " + Instant.ofEpochMilli(statement.signedAtMs()) + ", outside the request's window " +
                Instant.ofEpochMilli(request.createdAtMs()) + " .. " + Instant.ofEpochMilli(request.expiresAtMs()),
                request.id(), state);
        }
        return null;
    }

    /**
     * The initiator: a system principal may submit only the operations it is allowed to, and never
     * under break-glass. Every officer may initiate anything else.
     */
    static Outcome checkInitiator(final QuorumRequest request, final Officer officer, final RequestState state)
    {
        if (SystemPrincipal.is(officer) &&
            (request.isBreakGlass() || !SystemPrincipal.MAY_SUBMIT.contains(request.operation())))
        {
            return Outcome.refused(ReasonCode.SYSTEM_PRINCIPAL, "the system principal " + officer.id() + " may initiate only " +
                SystemPrincipal.MAY_SUBMIT + " (never under break-glass), not " + request.operation() +
                (request.isBreakGlass() ? " under break-glass" : ""), request.id(), state);
        }
        return null;
    }

    /**
     * The decider (approver or denier): never a system principal, whatever the policy names; not
     * the initiator unless the policy allows it; and eligible.
     */
    static Outcome checkDecider(
        final QuorumRequest request, final QuorumPolicy policy, final Officer officer, final RequestState state)
    {
        if (SystemPrincipal.is(officer))
        {
            return Outcome.refused(ReasonCode.SYSTEM_PRINCIPAL, "the system principal " + officer.id() +
                " may never approve or deny: it does not count towards any quorum", request.id(), state);
        }
        if (officer.id().equals(request.initiatorId()) && !policy.initiatorMayApprove())
        {
            return Outcome.refused(ReasonCode.SELF_APPROVAL, officer.id() + " initiated this request and may not decide" +
                " it: policy " + policy.operation() + " needs others' approval (cancel it instead)", request.id(), state);
        }
        if (!policy.isEligible(officer))
        {
            return Outcome.refused(ReasonCode.INELIGIBLE_OFFICER, "officer " + officer.id() + " " + officer.roles() +
                " is not eligible under policy " + policy.operation() + " (officers " + policy.eligibleOfficerIds() +
                ", roles " + policy.eligibleRoles() + ")", request.id(), state);
        }
        return null;
    }
}
