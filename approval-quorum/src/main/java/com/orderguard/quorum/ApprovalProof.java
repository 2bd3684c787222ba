package com.orderguard.quorum;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.orderguard.quorum.json.CanonicalJson;
import com.orderguard.quorum.json.JsonFields;
import com.orderguard.quorum.json.Parameters;
import com.orderguard.quorum.officer.Officer;
import com.orderguard.quorum.officer.OfficerRegistry;
import com.orderguard.quorum.policy.PolicySet;
import com.orderguard.quorum.policy.QuorumPolicy;

/**
 * Evidence that a request reached its quorum: the request, the initiator's signed submission and
 * the approvals. It is only evidence: the executing module calls {@link #verify} with the
 * operation and parameters it is about to carry out and its own registry and policies, and acts
 * only on ACCEPTED. Whoever handed the proof over is not trusted; and after verifying, the module
 * claims the execution in the book ({@code QuorumBook.claimExecution}) so that it happens once.
 */
public final class ApprovalProof
{
    private final QuorumRequest request;
    private final SignedStatement submission;
    private final List<SignedStatement> approvals;

    private ApprovalProof(final QuorumRequest request, final SignedStatement submission, final List<SignedStatement> approvals)
    {
        this.request = java.util.Objects.requireNonNull(request, "request");
        this.submission = java.util.Objects.requireNonNull(submission, "submission");
        this.approvals = Collections.unmodifiableList(new ArrayList<>(approvals));
    }

    public static ApprovalProof of(
        final QuorumRequest request, final SignedStatement submission, final List<SignedStatement> approvals)
    {
        return new ApprovalProof(request, submission, approvals);
    }

    public static ApprovalProof fromJson(final String json)
    {
        return fromTree(CanonicalJson.parse(json));
    }

    public static ApprovalProof fromTree(final Object tree)
    {
        final JsonFields fields = JsonFields.of(tree, "proof");
        final ArrayList<SignedStatement> approvals = new ArrayList<>();
        for (final Object approval : fields.array("approvals"))
        {
            approvals.add(SignedStatement.fromTree(approval));
        }
        final ApprovalProof proof = new ApprovalProof(
            QuorumRequest.fromTree(fields.value("request")), SignedStatement.fromTree(fields.value("submission")), approvals);
        fields.requireNoOthers();
        return proof;
    }

    public Map<String, Object> toTree()
    {
        final TreeMap<String, Object> tree = new TreeMap<>();
        tree.put("request", request.toTree());
        tree.put("submission", submission.toTree());
        final ArrayList<Object> approvalTrees = new ArrayList<>();
        for (final SignedStatement approval : approvals)
        {
            approvalTrees.add(approval.toTree());
        }
        tree.put("approvals", approvalTrees);
        return tree;
    }

    public String toJson()
    {
        return CanonicalJson.write(toTree());
    }

    public QuorumRequest request()
    {
        return request;
    }

    public String requestId()
    {
        return request.id();
    }

    /** The initiator's signed SUBMIT. */
    public SignedStatement submission()
    {
        return submission;
    }

    public List<SignedStatement> approvals()
    {
        return approvals;
    }

    /** True when the request was decided under the break-glass policy: raise the alert when acting on it. */
    public boolean isBreakGlass()
    {
        return request.isBreakGlass();
    }

    /**
     * Re-checks everything, trusting nothing in the proof: the request is exactly
     * {@code operation} with {@code parameters}; it was made under {@code policySet} and has not
     * expired at {@code nowMs}; the initiator signed its submission; every approval is a valid
     * signature of that request by a distinct, active, eligible officer who is not the initiator
     * (unless the policy allows it) and not a system principal (which may initiate only what
     * {@code SystemPrincipal} allows), signed within the request's window; and there are enough of
     * them (for a policy change: the threshold of the strictest policy it replaces).
     * Any single bad approval refuses the whole proof.
     */
    public Outcome verify(
        final String operation,
        final Parameters parameters,
        final OfficerRegistry registry,
        final PolicySet policySet,
        final long nowMs)
    {
        final String id = request.id();
        if (!request.operation().equals(operation))
        {
            return Outcome.refused(ReasonCode.PARAMETERS_MISMATCH, "proof approves operation " + request.operation() +
                ", not " + operation, id, null);
        }
        if (!request.parameters().equals(parameters))
        {
            return Outcome.refused(ReasonCode.PARAMETERS_MISMATCH, "proof approves parameters " +
                CanonicalJson.printable(request.parameters().canonicalJson()) + ", not " +
                CanonicalJson.printable(parameters.canonicalJson()), id, null);
        }
        if (request.policyVersion() != policySet.version())
        {
            return Outcome.refused(ReasonCode.POLICY_STALE, "request was made under policy set v" + request.policyVersion() +
                ", v" + policySet.version() + " is in force", id, null);
        }
        if (nowMs >= request.expiresAtMs())
        {
            return Outcome.refused(ReasonCode.REQUEST_EXPIRED, "request expired at " + request.expiresAtMs() + " ms", id, null);
        }
        final QuorumPolicy policy = policySet.policyFor(operation, request.isBreakGlass());
        if (policy == null)
        {
            return Outcome.refused(ReasonCode.UNKNOWN_OPERATION, "policy set v" + policySet.version() + " has no " +
                (request.isBreakGlass() ? "break-glass " : "") + "policy for " + operation, id, null);
        }
        Outcome refusal = StatementRules.checkBinding(request, submission, Decision.SUBMIT, null);
        if (refusal != null)
        {
            return refusal;
        }
        if (!submission.officerId().equals(request.initiatorId()))
        {
            return Outcome.refused(ReasonCode.NOT_INITIATOR, "submission was signed by " + submission.officerId() +
                ", not by the initiator " + request.initiatorId(), id, null);
        }
        refusal = checkSigner(submission, registry);
        if (refusal == null)
        {
            refusal = StatementRules.checkInitiator(request, registry.find(submission.officerId()), null);
        }
        if (refusal != null)
        {
            return refusal;
        }
        final int required;
        try
        {
            required = policySet.requiredApprovals(operation, request.isBreakGlass(), parameters);
        }
        catch (final IllegalArgumentException ex)
        {
            return Outcome.refused(ReasonCode.INVALID_POLICY_CHANGE, ex.getMessage(), id, null);
        }
        final Set<String> approvers = new HashSet<>();
        for (final SignedStatement approval : approvals)
        {
            refusal = StatementRules.checkBinding(request, approval, Decision.APPROVE, null);
            if (refusal == null)
            {
                refusal = checkSigner(approval, registry);
            }
            if (refusal == null)
            {
                refusal = StatementRules.checkDecider(request, policy, registry.find(approval.officerId()), null);
            }
            if (refusal != null)
            {
                return refusal;
            }
            if (!approvers.add(approval.officerId()))
            {
                return Outcome.refused(ReasonCode.DUPLICATE_DECISION, "officer " + approval.officerId() +
                    " approves more than once in this proof", id, null);
            }
        }
        if (approvers.size() < required)
        {
            return Outcome.refused(ReasonCode.THRESHOLD_NOT_MET, approvers.size() + " valid approval(s) " + approvers +
                ", " + required + " required for " + operation + (request.isBreakGlass() ? " under break-glass" : "") +
                " by policy set v" + policySet.version(), id, null);
        }
        return Outcome.accepted("proof verified: " + operation + " approved by " + approvers.size() + " of " + required +
            " required" + (request.isBreakGlass() ? " (BREAK-GLASS)" : ""), id, null, this);
    }

    private Outcome checkSigner(final SignedStatement statement, final OfficerRegistry registry)
    {
        final Officer officer = registry.find(statement.officerId());
        final boolean signatureValid = officer != null && statement.verifySignature(officer.publicKey());
        return StatementRules.checkSigner(request, statement, officer, signatureValid, null);
    }

    @Override
    public String toString()
    {
        return "ApprovalProof{" + request + ", approvals=" + approvals + "}";
    }
}
