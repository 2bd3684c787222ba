package com.orderguard.quorum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.orderguard.quorum.json.Parameters;
import com.orderguard.quorum.officer.Officer;
import com.orderguard.quorum.officer.OfficerRegistry;
import com.orderguard.quorum.officer.SystemPrincipal;
import com.orderguard.quorum.policy.PolicySet;
import com.orderguard.quorum.policy.QuorumPolicy;

/**
 * The appliance's system principal (reserved role "system") is a powerless initiator: it may submit
 * key.rotate, and nothing it signs ever approves, denies, cancels or counts.
 */
class SystemPrincipalTest
{
    private static final Parameters ROTATE = Parameters.of(Map.of("purpose", "journal-signing", "current", "journal-signing.v1"));

    private final QuorumFixture f = new QuorumFixture();
    private final OfficerRegistry registry;

    SystemPrincipalTest()
    {
        final KeyPair pair = QuorumFixture.p256();
        f.keys.put(SystemPrincipal.ID, pair);
        f.signers.put(SystemPrincipal.ID, new ApprovalSigner(SystemPrincipal.ID, pair.getPrivate()));
        registry = f.registry.register(
            Officer.active(SystemPrincipal.ID, "OrderGuard appliance", Set.of(SystemPrincipal.ROLE), pair.getPublic()));
        f.book.replaceRegistry(registry);
    }

    private QuorumRequest submittedRotation()
    {
        final QuorumRequest request = f.draft("key.rotate", ROTATE, SystemPrincipal.ID);
        final Outcome submitted = f.book.submit(request, f.sign(SystemPrincipal.ID, request, Decision.SUBMIT));
        assertTrue(submitted.isAccepted(), submitted.toString());
        return request;
    }

    @Test
    void shouldTakeKeyRotateSubmittedBySystemPrincipalAndExecuteItOnOfficersApprovals()
    {
        final QuorumRequest request = submittedRotation();
        assertEquals(RequestState.PENDING, f.book.status(request.id()).state());
        assertEquals(SystemPrincipal.ID, f.book.status(request.id()).request().initiatorId());

        assertNull(f.book.approve(request.id(), f.sign("alice", request, Decision.APPROVE)).proof());
        assertNull(f.book.approve(request.id(), f.sign("bob", request, Decision.APPROVE)).proof());
        final ApprovalProof proof = f.book.approve(request.id(), f.sign("carol", request, Decision.APPROVE)).proof();
        assertNotNull(proof);

        assertTrue(proof.verify("key.rotate", ROTATE, f.book.registry(), f.book.policySet(), f.nowMs()).isAccepted());
        assertTrue(f.book.claimExecution(proof).isAccepted());
    }

    @Test
    void shouldRefuseApprovalAndDenialSignedBySystemPrincipalAndWriteNothing()
    {
        final QuorumRequest request = f.draft("key.rotate", ROTATE, "alice");
        assertTrue(f.book.submit(request, f.sign("alice", request, Decision.SUBMIT)).isAccepted());
        final int events = f.sink.size();

        final Outcome approval = f.book.approve(request.id(), f.sign(SystemPrincipal.ID, request, Decision.APPROVE));
        final Outcome denial = f.book.deny(request.id(), f.sign(SystemPrincipal.ID, request, Decision.DENY));

        assertEquals(ReasonCode.SYSTEM_PRINCIPAL, approval.reason(), approval.toString());
        assertEquals(ReasonCode.SYSTEM_PRINCIPAL, denial.reason(), denial.toString());
        assertEquals(events, f.sink.size());
        assertEquals(List.of(), f.book.status(request.id()).approverIds());
        assertEquals(List.of(), f.book.status(request.id()).denierIds());
    }

    @Test
    void shouldNeverCountSystemPrincipalEvenWhenPolicyNamesItOrItsRole()
    {
        final PolicySet naming = PolicySet.builder(1)
            .policy(QuorumPolicy.builder("key.rotate").threshold(1).eligibleOfficers(SystemPrincipal.ID)
                .eligibleRoles(SystemPrincipal.ROLE, QuorumFixture.OFFICER_ROLE).initiatorMayApprove(true).build())
            .policy(QuorumPolicy.builder(QuorumPolicy.POLICY_CHANGE).threshold(2).eligibleRoles(QuorumFixture.OFFICER_ROLE).build())
            .build();
        final QuorumBook book = new QuorumBook(QuorumConfig.defaults(), registry, naming, f.clock, f.sink);
        final QuorumRequest request = QuorumRequest.draft("key.rotate", ROTATE, SystemPrincipal.ID, false, naming, f.nowMs(),
            new java.security.SecureRandom());
        assertTrue(book.submit(request, f.sign(SystemPrincipal.ID, request, Decision.SUBMIT)).isAccepted());

        final SignedStatement own = f.sign(SystemPrincipal.ID, request, Decision.APPROVE);
        assertEquals(ReasonCode.SYSTEM_PRINCIPAL, book.approve(request.id(), own).reason());
        assertEquals(RequestState.PENDING, book.status(request.id()).state());

        // a proof carrying its approval is refused as a whole by the executing module
        final ApprovalProof forged = ApprovalProof.of(request, f.sign(SystemPrincipal.ID, request, Decision.SUBMIT), List.of(own));
        assertEquals(ReasonCode.SYSTEM_PRINCIPAL, forged.verify("key.rotate", ROTATE, registry, naming, f.nowMs()).reason());
    }

    @Test
    void shouldRefuseSystemSubmissionOfAnyOtherOperationOrUnderBreakGlass()
    {
        final int events = f.sink.size();
        for (final String operation : List.of("route.add", "limit.change", QuorumPolicy.KEY_DESTROY, "audit.export",
            "trading.resume", QuorumPolicy.POLICY_CHANGE))
        {
            final QuorumRequest request = f.draft(operation, QuorumFixture.routeParameters("XLON"), SystemPrincipal.ID);
            final Outcome outcome = f.book.submit(request, f.sign(SystemPrincipal.ID, request, Decision.SUBMIT));
            assertEquals(ReasonCode.SYSTEM_PRINCIPAL, outcome.reason(), operation + ": " + outcome);
            assertNull(f.book.status(request.id()), operation);
        }
        final QuorumRequest breakGlass = f.draftBreakGlass("key.rotate", ROTATE, SystemPrincipal.ID);
        assertEquals(ReasonCode.SYSTEM_PRINCIPAL,
            f.book.submit(breakGlass, f.sign(SystemPrincipal.ID, breakGlass, Decision.SUBMIT)).reason());
        assertEquals(events, f.sink.size(), "a refusal must write no event");
    }

    @Test
    void shouldRefuseProofOfAnotherOperationInitiatedBySystemPrincipal()
    {
        final Parameters route = QuorumFixture.routeParameters("XLON");
        final QuorumRequest request = f.draft("route.add", route, SystemPrincipal.ID);
        final ApprovalProof proof = ApprovalProof.of(request, f.sign(SystemPrincipal.ID, request, Decision.SUBMIT),
            List.of(f.sign("alice", request, Decision.APPROVE), f.sign("bob", request, Decision.APPROVE)));

        assertEquals(ReasonCode.SYSTEM_PRINCIPAL, proof.verify("route.add", route, registry, f.policies, f.nowMs()).reason());
    }

    @Test
    void shouldRefuseCancelBySystemPrincipal()
    {
        final QuorumRequest request = submittedRotation();
        final int events = f.sink.size();

        final Outcome outcome = f.book.cancel(request.id(), f.sign(SystemPrincipal.ID, request, Decision.CANCEL));

        assertEquals(ReasonCode.SYSTEM_PRINCIPAL, outcome.reason(), outcome.toString());
        assertEquals(RequestState.PENDING, f.book.status(request.id()).state());
        assertEquals(events, f.sink.size());
    }
}
