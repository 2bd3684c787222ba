package com.orderguard.quorum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.orderguard.quorum.json.Parameters;
import com.orderguard.quorum.policy.PolicySet;
import com.orderguard.quorum.policy.QuorumPolicy;

/** The executing module's side: a proof is re-checked from scratch, whoever handed it over. */
class ApprovalProofTest
{
    private final QuorumFixture f = new QuorumFixture();
    private final Parameters parameters = QuorumFixture.routeParameters("XLON");
    private QuorumRequest request;
    private ApprovalProof proof;

    @BeforeEach
    void reachQuorum()
    {
        request = f.submitted("route.add", parameters, "alice");
        f.approve("bob", request);
        proof = f.approve("carol", request).proof();
    }

    private Outcome verify(final ApprovalProof candidate)
    {
        return candidate.verify("route.add", parameters, f.book.registry(), f.book.policySet(), f.nowMs());
    }

    private ApprovalProof withApprovals(final SignedStatement... approvals)
    {
        return ApprovalProof.of(request, proof.submission(), List.of(approvals));
    }

    @Test
    void shouldVerifyProofHandedOutByTheBook()
    {
        assertTrue(verify(proof).isAccepted());
    }

    @Test
    void shouldVerifyProofThatTravelledAsJson()
    {
        assertTrue(verify(ApprovalProof.fromJson(proof.toJson())).isAccepted());
    }

    @Test
    void shouldRefuseWhenExecutingOtherParametersThanApproved()
    {
        final Outcome outcome = proof.verify("route.add", QuorumFixture.routeParameters("XPAR"), f.registry,
            f.policies, f.nowMs());

        assertEquals(ReasonCode.PARAMETERS_MISMATCH, outcome.reason(), outcome.toString());
    }

    @Test
    void shouldRefuseWhenExecutingAnotherOperation()
    {
        assertEquals(ReasonCode.PARAMETERS_MISMATCH,
            proof.verify("limit.change", parameters, f.registry, f.policies, f.nowMs()).reason());
    }

    @Test
    void shouldRefuseProofWhoseRequestWasAlteredAfterApproval()
    {
        final QuorumRequest altered = QuorumRequest.of("route.add", QuorumFixture.routeParameters("XPAR"), "alice",
            request.createdAtMs(), request.expiresAtMs(), request.policyVersion(), false, request.nonce());
        final ApprovalProof forged = ApprovalProof.of(altered, proof.submission(), proof.approvals());

        final Outcome outcome = forged.verify("route.add", QuorumFixture.routeParameters("XPAR"), f.registry, f.policies,
            f.nowMs());

        assertEquals(ReasonCode.WRONG_REQUEST, outcome.reason(), outcome.toString());
    }

    @Test
    void shouldRefuseApprovalTakenFromAnotherRequest()
    {
        final QuorumRequest other = f.submitted("route.add", QuorumFixture.routeParameters("XAMS"), "alice");

        final Outcome outcome = verify(withApprovals(proof.approvals().get(0), f.sign("dave", other, Decision.APPROVE)));

        assertEquals(ReasonCode.WRONG_REQUEST, outcome.reason(), outcome.toString());
    }

    @Test
    void shouldRefuseTheSameApproverCountedTwice()
    {
        f.clock.advanceMs(1_000);
        final Outcome outcome = verify(withApprovals(f.sign("bob", request, Decision.APPROVE),
            f.sign("bob", request.id(), Decision.APPROVE, f.nowMs() - 500)));

        assertEquals(ReasonCode.DUPLICATE_DECISION, outcome.reason(), outcome.toString());
    }

    @Test
    void shouldRefuseTooFewApprovals()
    {
        assertEquals(ReasonCode.THRESHOLD_NOT_MET, verify(withApprovals(proof.approvals().get(0))).reason());
    }

    @Test
    void shouldRefuseInitiatorApprovingOwnRequest()
    {
        assertEquals(ReasonCode.SELF_APPROVAL,
            verify(withApprovals(proof.approvals().get(0), f.sign("alice", request, Decision.APPROVE))).reason());
    }

    @Test
    void shouldRefuseIneligibleApprover()
    {
        assertEquals(ReasonCode.INELIGIBLE_OFFICER,
            verify(withApprovals(proof.approvals().get(0), f.sign("frank", request, Decision.APPROVE))).reason());
    }

    @Test
    void shouldRefuseTamperedSignature()
    {
        final SignedStatement genuine = proof.approvals().get(1);
        final byte[] signature = genuine.signature();
        signature[signature.length - 1] ^= 1;
        final SignedStatement tampered = SignedStatement.of(genuine.requestHash(), genuine.decision(), genuine.officerId(),
            genuine.signedAtMs(), signature);

        assertEquals(ReasonCode.BAD_SIGNATURE, verify(withApprovals(proof.approvals().get(0), tampered)).reason());
    }

    @Test
    void shouldRefuseDenialPassedOffAsApproval()
    {
        assertEquals(ReasonCode.WRONG_DECISION,
            verify(withApprovals(proof.approvals().get(0), f.sign("dave", request, Decision.DENY))).reason());
    }

    @Test
    void shouldRefuseSubmissionNotByTheInitiator()
    {
        final ApprovalProof forged = ApprovalProof.of(request, f.sign("dave", request, Decision.SUBMIT), proof.approvals());

        assertEquals(ReasonCode.NOT_INITIATOR, verify(forged).reason());
    }

    @Test
    void shouldRefuseApproverRevokedSinceApproving()
    {
        final Outcome outcome = proof.verify("route.add", parameters, f.registry.revoke("carol"), f.policies, f.nowMs());

        assertEquals(ReasonCode.OFFICER_REVOKED, outcome.reason(), outcome.toString());
    }

    @Test
    void shouldRefuseApproverUnknownToTheExecutingModule()
    {
        final List<SignedStatement> approvals = new ArrayList<>(proof.approvals());
        approvals.add(new ApprovalSignerFixture("mallory").sign(request));

        assertEquals(ReasonCode.UNKNOWN_OFFICER, verify(ApprovalProof.of(request, proof.submission(), approvals)).reason());
    }

    @Test
    void shouldRefuseExpiredProof()
    {
        assertEquals(ReasonCode.REQUEST_EXPIRED,
            proof.verify("route.add", parameters, f.registry, f.policies, request.expiresAtMs()).reason());
    }

    @Test
    void shouldRefuseProofMadeUnderAnotherPolicySet()
    {
        final PolicySet next = PolicySet.builder(2).copyOf(f.policies).build();

        assertEquals(ReasonCode.POLICY_STALE, proof.verify("route.add", parameters, f.registry, next, f.nowMs()).reason());
    }

    @Test
    void shouldRefuseWhenExecutingModulesPolicyNoLongerAllowsTheOperation()
    {
        final PolicySet withoutRoutes = PolicySet.builder(1).copyOf(f.policies).remove("route.add").build();

        assertEquals(ReasonCode.UNKNOWN_OPERATION,
            proof.verify("route.add", parameters, f.registry, withoutRoutes, f.nowMs()).reason());
    }

    @Test
    void shouldHoldTheExecutingModuleToItsOwnThreshold()
    {
        final PolicySet stricter = PolicySet.builder(1).copyOf(f.policies)
            .replace(QuorumPolicy.builder("route.add").threshold(3).eligibleRoles(QuorumFixture.OFFICER_ROLE).build())
            .build();

        assertEquals(ReasonCode.THRESHOLD_NOT_MET,
            proof.verify("route.add", parameters, f.registry, stricter, f.nowMs()).reason());
    }

    @Test
    void shouldRefuseWholeProofWhenOneOfManyApprovalsIsBad()
    {
        final ApprovalProof padded = withApprovals(proof.approvals().get(0), proof.approvals().get(1),
            f.sign("frank", request, Decision.APPROVE));

        assertEquals(ReasonCode.INELIGIBLE_OFFICER, verify(padded).reason());
    }

    /** A signer whose officer id the registry does not know. */
    private final class ApprovalSignerFixture
    {
        private final ApprovalSigner signer;

        ApprovalSignerFixture(final String id)
        {
            signer = new ApprovalSigner(id, QuorumFixture.p256().getPrivate());
        }

        SignedStatement sign(final QuorumRequest target)
        {
            try
            {
                return signer.approve(target, f.nowMs());
            }
            catch (final java.security.GeneralSecurityException ex)
            {
                throw new IllegalStateException(ex);
            }
        }
    }
}
