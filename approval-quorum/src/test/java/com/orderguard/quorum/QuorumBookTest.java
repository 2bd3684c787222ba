package com.orderguard.quorum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.security.Signature;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import com.orderguard.quorum.json.Parameters;
import com.orderguard.quorum.officer.Officer;
import com.orderguard.quorum.policy.QuorumPolicy;

class QuorumBookTest
{
    private final QuorumFixture f = new QuorumFixture();

    /** Asserts a refusal with {@code code} that wrote nothing and left the request's state as it was. */
    private void assertRefusedChangingNothing(final ReasonCode code, final QuorumRequest request, final Outcome outcome,
        final int eventsBefore, final RequestState stateBefore)
    {
        assertEquals(code, outcome.reason(), outcome.toString());
        assertFalse(outcome.isAccepted());
        assertNull(outcome.proof());
        assertFalse(outcome.message().isBlank());
        assertEquals(eventsBefore, f.sink.size(), "a refusal must write no event");
        if (request != null && f.book.status(request.id()) != null)
        {
            assertEquals(stateBefore, f.book.status(request.id()).state());
        }
    }

    @Test
    void shouldApproveExecuteAndCloseRequestOnHappyPath()
    {
        final QuorumRequest request = f.submitted("route.add", QuorumFixture.routeParameters("XLON"), "alice");
        assertEquals(RequestState.PENDING, f.book.status(request.id()).state());

        final Outcome first = f.approve("bob", request);
        assertTrue(first.isAccepted(), first.toString());
        assertNull(first.proof());
        assertEquals(RequestState.PENDING, first.state());

        f.clock.advanceMs(60_000);
        final Outcome second = f.approve("carol", request);
        assertTrue(second.isAccepted(), second.toString());
        assertEquals(RequestState.APPROVED, second.state());
        final ApprovalProof proof = second.proof();
        assertNotNull(proof);
        assertEquals(List.of("bob", "carol"), proof.approvals().stream().map(SignedStatement::officerId).toList());

        final Outcome verified = proof.verify("route.add", QuorumFixture.routeParameters("XLON"), f.registry,
            f.book.policySet(), f.nowMs());
        assertTrue(verified.isAccepted(), verified.toString());

        final Outcome claimed = f.book.claimExecution(proof);
        assertTrue(claimed.isAccepted(), claimed.toString());
        assertEquals(RequestState.EXECUTED, f.book.status(request.id()).state());
        assertEquals(List.of(QuorumEvent.Kind.SUBMITTED, QuorumEvent.Kind.APPROVAL, QuorumEvent.Kind.APPROVAL,
            QuorumEvent.Kind.APPROVED, QuorumEvent.Kind.EXECUTED), f.sink.kinds());
        assertTrue(f.book.openRequests().isEmpty());
    }

    @Test
    void shouldExecuteExactlyOnce()
    {
        final QuorumRequest request = f.submitted("route.add", QuorumFixture.routeParameters("XLON"), "alice");
        f.approve("bob", request);
        final ApprovalProof proof = f.approve("carol", request).proof();
        assertTrue(f.book.claimExecution(proof).isAccepted());
        final int events = f.sink.size();

        assertRefusedChangingNothing(ReasonCode.ALREADY_EXECUTED, request, f.book.claimExecution(proof), events,
            RequestState.EXECUTED);
    }

    @Test
    void shouldRefuseSelfApproval()
    {
        final QuorumRequest request = f.submitted("route.add", QuorumFixture.routeParameters("XLON"), "alice");
        final int events = f.sink.size();

        assertRefusedChangingNothing(ReasonCode.SELF_APPROVAL, request, f.approve("alice", request), events,
            RequestState.PENDING);
        assertRefusedChangingNothing(ReasonCode.SELF_APPROVAL, request, f.deny("alice", request), events,
            RequestState.PENDING);
    }

    @Test
    void shouldCountInitiatorOnlyWhenPolicyExplicitlyAllowsIt()
    {
        final QuorumRequest request = f.submitted("trading.resume", Parameters.of(Map.of("venue", "XLON")), "alice");

        assertTrue(f.approve("alice", request).isAccepted());
        final Outcome second = f.approve("bob", request);

        assertNotNull(second.proof(), second.toString());
        assertTrue(second.proof().verify("trading.resume", Parameters.of(Map.of("venue", "XLON")), f.registry,
            f.book.policySet(), f.nowMs()).isAccepted());
    }

    @Test
    void shouldRefuseSameOfficerApprovingTwice()
    {
        final QuorumRequest request = f.submitted("key.rotate", Parameters.of(Map.of("alias", "journal-signing")), "alice");
        assertTrue(f.approve("bob", request).isAccepted());
        f.clock.advanceMs(1_000);
        final int events = f.sink.size();

        assertRefusedChangingNothing(ReasonCode.DUPLICATE_DECISION, request, f.approve("bob", request), events,
            RequestState.PENDING);
        assertRefusedChangingNothing(ReasonCode.DUPLICATE_DECISION, request, f.deny("bob", request), events,
            RequestState.PENDING);
        assertEquals(List.of("bob"), f.book.status(request.id()).approverIds());
    }

    @Test
    void shouldRefuseApprovalReplayedOntoAnotherRequest()
    {
        final QuorumRequest first = f.submitted("route.add", QuorumFixture.routeParameters("XLON"), "alice");
        final QuorumRequest second = f.submitted("limit.change", Parameters.of(Map.of("maxQuantity", 100L)), "alice");
        final SignedStatement bobsApprovalOfFirst = f.sign("bob", first, Decision.APPROVE);
        final int events = f.sink.size();

        assertRefusedChangingNothing(ReasonCode.WRONG_REQUEST, second, f.book.approve(second.id(), bobsApprovalOfFirst),
            events, RequestState.PENDING);
        assertTrue(f.book.status(second.id()).approverIds().isEmpty());
    }

    @Test
    void shouldRefuseApprovalSignedOverDifferentParameters()
    {
        final QuorumRequest request = f.submitted("route.add", QuorumFixture.routeParameters("XLON"), "alice");
        // bob was shown the same request but with another venue: his signature covers that hash
        final QuorumRequest shown = QuorumRequest.of(request.operation(), QuorumFixture.routeParameters("XPAR"),
            request.initiatorId(), request.createdAtMs(), request.expiresAtMs(), request.policyVersion(), false,
            request.nonce());
        final int events = f.sink.size();

        assertRefusedChangingNothing(ReasonCode.WRONG_REQUEST, request,
            f.book.approve(request.id(), f.sign("bob", shown, Decision.APPROVE)), events, RequestState.PENDING);
    }

    @Test
    void shouldRefuseStatementWhoseHashFieldWasEditedToPointAtThisRequest()
    {
        final QuorumRequest request = f.submitted("route.add", QuorumFixture.routeParameters("XLON"), "alice");
        final QuorumRequest other = f.submitted("limit.change", Parameters.of(Map.of("maxQuantity", 100L)), "alice");
        final SignedStatement original = f.sign("bob", other, Decision.APPROVE);
        final SignedStatement edited = SignedStatement.of(request.id(), Decision.APPROVE, "bob", original.signedAtMs(),
            original.signature());
        final int events = f.sink.size();

        assertRefusedChangingNothing(ReasonCode.BAD_SIGNATURE, request, f.book.approve(request.id(), edited), events,
            RequestState.PENDING);
    }

    @Test
    void shouldRefuseApprovalOfExpiredRequestAndExpireIt()
    {
        final QuorumRequest request = f.submitted("route.add", QuorumFixture.routeParameters("XLON"), "alice");
        final SignedStatement approvalSignedInTime = f.sign("bob", request, Decision.APPROVE);
        f.clock.advanceMs(QuorumPolicy.DEFAULT_TTL_MS);

        final Outcome outcome = f.book.approve(request.id(), approvalSignedInTime);

        assertEquals(ReasonCode.REQUEST_EXPIRED, outcome.reason(), outcome.toString());
        assertEquals(RequestState.EXPIRED, f.book.status(request.id()).state());
        assertEquals(QuorumEvent.Kind.EXPIRED, f.sink.kinds().get(f.sink.size() - 1));
        assertTrue(f.book.status(request.id()).approverIds().isEmpty());
    }

    @Test
    void shouldRefuseApprovalSignedOutsideRequestWindow()
    {
        final QuorumRequest request = f.submitted("route.add", QuorumFixture.routeParameters("XLON"), "alice");
        final int events = f.sink.size();

        final SignedStatement predated = f.sign("bob", request.id(), Decision.APPROVE, request.createdAtMs() - 1);
        assertRefusedChangingNothing(ReasonCode.STATEMENT_EXPIRED, request, f.book.approve(request.id(), predated),
            events, RequestState.PENDING);

        final SignedStatement afterExpiry = f.sign("bob", request.id(), Decision.APPROVE, request.expiresAtMs());
        assertRefusedChangingNothing(ReasonCode.STATEMENT_EXPIRED, request, f.book.approve(request.id(), afterExpiry),
            events, RequestState.PENDING);

        final SignedStatement futureDated = f.sign("bob", request.id(), Decision.APPROVE, f.nowMs() + 600_000);
        assertRefusedChangingNothing(ReasonCode.STATEMENT_EXPIRED, request, f.book.approve(request.id(), futureDated),
            events, RequestState.PENDING);
    }

    @Test
    void shouldRefuseApprovalByRevokedOfficer()
    {
        final QuorumRequest request = f.submitted("route.add", QuorumFixture.routeParameters("XLON"), "alice");
        f.book.replaceRegistry(f.registry.revoke("bob"));
        final int events = f.sink.size();

        assertRefusedChangingNothing(ReasonCode.OFFICER_REVOKED, request, f.approve("bob", request), events,
            RequestState.PENDING);
    }

    @Test
    void shouldStopCountingApprovalOfOfficerRevokedAfterApproving()
    {
        final QuorumRequest request = f.submitted("route.add", QuorumFixture.routeParameters("XLON"), "alice");
        assertTrue(f.approve("bob", request).isAccepted());
        f.book.replaceRegistry(f.book.registry().revoke("bob"));

        final Outcome carol = f.approve("carol", request);

        assertTrue(carol.isAccepted());
        assertNull(carol.proof(), "bob's approval no longer counts: 1 of 2");
        assertNotNull(f.approve("dave", request).proof());
    }

    @Test
    void shouldCancelOpenRequestsOfRevokedInitiator()
    {
        final QuorumRequest request = f.submitted("route.add", QuorumFixture.routeParameters("XLON"), "alice");

        f.book.replaceRegistry(f.registry.revoke("alice"));

        assertEquals(RequestState.CANCELLED, f.book.status(request.id()).state());
        assertEquals(ReasonCode.REQUEST_CLOSED, f.approve("bob", request).reason());
    }

    @Test
    void shouldRefuseForgedSignature() throws Exception
    {
        final QuorumRequest request = f.submitted("route.add", QuorumFixture.routeParameters("XLON"), "alice");
        final KeyPair mallory = QuorumFixture.p256();
        final SignedStatement forged = new ApprovalSigner("bob", mallory.getPrivate()) // mallory claims to be bob
            .sign(request.id(), Decision.APPROVE, f.nowMs());
        final SignedStatement garbage = SignedStatement.of(request.id(), Decision.APPROVE, "bob", f.nowMs(), new byte[64]);
        final int events = f.sink.size();

        assertRefusedChangingNothing(ReasonCode.BAD_SIGNATURE, request, f.book.approve(request.id(), forged), events,
            RequestState.PENDING);
        assertRefusedChangingNothing(ReasonCode.BAD_SIGNATURE, request, f.book.approve(request.id(), garbage), events,
            RequestState.PENDING);
    }

    @Test
    void shouldRefusePsychicSignatureWithZeroComponents()
    {
        final QuorumRequest request = f.submitted("route.add", QuorumFixture.routeParameters("XLON"), "alice");
        final byte[] zeroRs = {0x30, 0x06, 0x02, 0x01, 0x00, 0x02, 0x01, 0x00};
        final int events = f.sink.size();

        final Outcome outcome = f.book.approve(request.id(),
            SignedStatement.of(request.id(), Decision.APPROVE, "bob", f.nowMs(), zeroRs));

        assertRefusedChangingNothing(ReasonCode.BAD_SIGNATURE, request, outcome, events, RequestState.PENDING);
    }

    @Test
    void shouldRefuseSignatureMadeWithKeyOnAnotherCurve() throws Exception
    {
        final QuorumRequest request = f.submitted("route.add", QuorumFixture.routeParameters("XLON"), "alice");
        final KeyPair p384 = QuorumFixture.ecKeyPair("secp384r1");
        final long signedAtMs = f.nowMs();
        final Signature signer = Signature.getInstance("SHA384withECDSA");
        signer.initSign(p384.getPrivate());
        signer.update(SignedStatement.statementJson(request.id(), Decision.APPROVE, "bob", signedAtMs)
            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        final SignedStatement wrongCurve = SignedStatement.of(request.id(), Decision.APPROVE, "bob", signedAtMs, signer.sign());
        final int events = f.sink.size();

        final Outcome outcome = f.book.approve(request.id(), wrongCurve);

        assertRefusedChangingNothing(ReasonCode.BAD_SIGNATURE, request, outcome, events, RequestState.PENDING);
    }

    @Test
    void shouldRefuseApprovalAfterExecution()
    {
        final QuorumRequest request = f.submitted("route.add", QuorumFixture.routeParameters("XLON"), "alice");
        f.approve("bob", request);
        assertTrue(f.book.claimExecution(f.approve("carol", request).proof()).isAccepted());
        final int events = f.sink.size();

        assertRefusedChangingNothing(ReasonCode.ALREADY_EXECUTED, request, f.approve("dave", request), events,
            RequestState.EXECUTED);
    }

    @Test
    void shouldRefuseApprovalOnceQuorumIsReached()
    {
        final QuorumRequest request = f.submitted("route.add", QuorumFixture.routeParameters("XLON"), "alice");
        f.approve("bob", request);
        f.approve("carol", request);
        final int events = f.sink.size();

        assertRefusedChangingNothing(ReasonCode.ALREADY_APPROVED, request, f.approve("dave", request), events,
            RequestState.APPROVED);
    }

    @Test
    void shouldRefuseUnknownOfficer() throws Exception
    {
        final QuorumRequest request = f.submitted("route.add", QuorumFixture.routeParameters("XLON"), "alice");
        final SignedStatement stranger = new ApprovalSigner("mallory", QuorumFixture.p256().getPrivate())
            .sign(request.id(), Decision.APPROVE, f.nowMs());
        final int events = f.sink.size();

        assertRefusedChangingNothing(ReasonCode.UNKNOWN_OFFICER, request, f.book.approve(request.id(), stranger), events,
            RequestState.PENDING);
    }

    @Test
    void shouldRefuseIneligibleOfficer()
    {
        final QuorumRequest request = f.submitted("route.add", QuorumFixture.routeParameters("XLON"), "alice");
        final int events = f.sink.size();

        assertRefusedChangingNothing(ReasonCode.INELIGIBLE_OFFICER, request, f.approve("frank", request), events,
            RequestState.PENDING);
    }

    @Test
    void shouldRefuseUnknownRequestAndWrongDecision()
    {
        final QuorumRequest request = f.submitted("route.add", QuorumFixture.routeParameters("XLON"), "alice");
        final int events = f.sink.size();

        assertRefusedChangingNothing(ReasonCode.WRONG_DECISION, request,
            f.book.approve(request.id(), f.sign("bob", request, Decision.DENY)), events, RequestState.PENDING);
        final String unknown = "0".repeat(64);
        assertRefusedChangingNothing(ReasonCode.UNKNOWN_REQUEST, null,
            f.book.approve(unknown, f.sign("bob", unknown, Decision.APPROVE, f.nowMs())), events, null);
    }

    @Test
    void shouldDenyKeyDestructionOnSingleVeto()
    {
        final QuorumRequest request = f.submitted(QuorumPolicy.KEY_DESTROY, Parameters.of(Map.of("alias", "old-kek")), "alice");
        f.approve("bob", request);
        f.approve("carol", request);

        final Outcome veto = f.deny("dave", request);

        assertTrue(veto.isAccepted());
        assertEquals(RequestState.DENIED, veto.state());
        assertEquals(ReasonCode.REQUEST_CLOSED, f.approve("erin", request).reason(), "a denied request never executes");
    }

    @Test
    void shouldDenyOtherOperationsOnlyWhenDenialsReachTheThreshold()
    {
        final QuorumRequest request = f.submitted("route.add", QuorumFixture.routeParameters("XLON"), "alice");

        assertEquals(RequestState.PENDING, f.deny("bob", request).state());
        assertEquals(RequestState.DENIED, f.deny("carol", request).state());
        assertEquals(QuorumEvent.Kind.DENIED, f.sink.kinds().get(f.sink.size() - 1));
    }

    @Test
    void shouldLetOnlyTheInitiatorCancel()
    {
        final QuorumRequest request = f.submitted("route.add", QuorumFixture.routeParameters("XLON"), "alice");
        final int events = f.sink.size();

        assertRefusedChangingNothing(ReasonCode.NOT_INITIATOR, request,
            f.book.cancel(request.id(), f.sign("bob", request, Decision.CANCEL)), events, RequestState.PENDING);

        final Outcome cancelled = f.book.cancel(request.id(), f.sign("alice", request, Decision.CANCEL));
        assertTrue(cancelled.isAccepted(), cancelled.toString());
        assertEquals(RequestState.CANCELLED, f.book.status(request.id()).state());
    }

    @Test
    void shouldNeverExecuteRequestCancelledAfterApproval()
    {
        final QuorumRequest request = f.submitted("route.add", QuorumFixture.routeParameters("XLON"), "alice");
        f.approve("bob", request);
        final ApprovalProof proof = f.approve("carol", request).proof();

        assertTrue(f.book.cancel(request.id(), f.sign("alice", request, Decision.CANCEL)).isAccepted());

        assertEquals(ReasonCode.REQUEST_CLOSED, f.book.claimExecution(proof).reason());
    }

    @Test
    void shouldRefuseToExecuteRequestWithoutQuorum()
    {
        final QuorumRequest request = f.submitted("route.add", QuorumFixture.routeParameters("XLON"), "alice");
        f.approve("bob", request);
        final ApprovalProof partial = ApprovalProof.of(request, f.sign("alice", request, Decision.SUBMIT),
            List.of(f.sign("bob", request, Decision.APPROVE)));

        assertEquals(ReasonCode.NOT_APPROVED, f.book.claimExecution(partial).reason());
    }

    @Test
    void shouldRefuseToExecuteApprovedRequestAfterItExpires()
    {
        final QuorumRequest request = f.submitted("route.add", QuorumFixture.routeParameters("XLON"), "alice");
        f.approve("bob", request);
        final ApprovalProof proof = f.approve("carol", request).proof();
        f.clock.advanceMs(QuorumPolicy.DEFAULT_TTL_MS);

        assertEquals(ReasonCode.REQUEST_EXPIRED, f.book.claimExecution(proof).reason());
        assertEquals(RequestState.EXPIRED, f.book.status(request.id()).state());
    }

    @Test
    void shouldExpireDueRequestsOnSweep()
    {
        final QuorumRequest request = f.submitted("route.add", QuorumFixture.routeParameters("XLON"), "alice");
        f.clock.advanceMs(QuorumPolicy.DEFAULT_TTL_MS - 1);
        assertEquals(0, f.book.expireDue());

        f.clock.advanceMs(1);

        assertEquals(1, f.book.expireDue());
        assertEquals(RequestState.EXPIRED, f.book.status(request.id()).state());
    }

    @Test
    void shouldAllowOnlyOneKeyCeremonyInFlight()
    {
        final QuorumRequest rotate = f.submitted("key.rotate", Parameters.of(Map.of("alias", "journal-signing")), "alice");
        final QuorumRequest destroy = f.draft(QuorumPolicy.KEY_DESTROY, Parameters.of(Map.of("alias", "old")), "bob");
        final int events = f.sink.size();

        assertRefusedChangingNothing(ReasonCode.CEREMONY_IN_FLIGHT, destroy,
            f.book.submit(destroy, f.sign("bob", destroy, Decision.SUBMIT)), events, null);
        assertTrue(f.submitted("route.add", QuorumFixture.routeParameters("XLON"), "bob").id().length() == 64,
            "other operations are not held up by a key ceremony");

        assertTrue(f.book.cancel(rotate.id(), f.sign("alice", rotate, Decision.CANCEL)).isAccepted());
        assertTrue(f.book.submit(destroy, f.sign("bob", destroy, Decision.SUBMIT)).isAccepted());
    }

    @Test
    void shouldRefuseSubmissionNotSignedByTheInitiator()
    {
        final QuorumRequest request = f.draft("route.add", QuorumFixture.routeParameters("XLON"), "alice");
        final SignedStatement bobPosingAsSubmitter = f.sign("bob", request, Decision.SUBMIT);
        final SignedStatement forgedByMallory = SignedStatement.of(request.id(), Decision.SUBMIT, "alice", f.nowMs(),
            f.sign("bob", request, Decision.SUBMIT).signature());

        assertRefusedChangingNothing(ReasonCode.NOT_INITIATOR, request, f.book.submit(request, bobPosingAsSubmitter), 0, null);
        assertRefusedChangingNothing(ReasonCode.BAD_SIGNATURE, request, f.book.submit(request, forgedByMallory), 0, null);
        assertNull(f.book.status(request.id()));
    }

    @Test
    void shouldRefuseTheSameRequestSubmittedTwice()
    {
        final QuorumRequest request = f.submitted("route.add", QuorumFixture.routeParameters("XLON"), "alice");
        final int events = f.sink.size();

        assertRefusedChangingNothing(ReasonCode.DUPLICATE_REQUEST, request,
            f.book.submit(request, f.sign("alice", request, Decision.SUBMIT)), events, RequestState.PENDING);
    }

    @Test
    void shouldRefuseRequestForUnknownOperationOrStalePolicyOrWithBadTimes()
    {
        final SignedStatementFactory sign = (request) -> f.sign("alice", request, Decision.SUBMIT);
        final QuorumRequest unknownOperation = QuorumRequest.of("route.teleport", Parameters.empty(), "alice", f.nowMs(),
            f.nowMs() + 60_000, 1, false, "0".repeat(32));
        final QuorumRequest stale = QuorumRequest.of("route.add", Parameters.empty(), "alice", f.nowMs(),
            f.nowMs() + 60_000, 7, false, "0".repeat(32));
        final QuorumRequest tooLong = QuorumRequest.of("route.add", Parameters.empty(), "alice", f.nowMs(),
            f.nowMs() + QuorumPolicy.DEFAULT_TTL_MS + 1, 1, false, "0".repeat(32));
        final QuorumRequest backdated = QuorumRequest.of("route.add", Parameters.empty(), "alice", f.nowMs() - 600_000,
            f.nowMs() + 60_000, 1, false, "0".repeat(32));

        assertEquals(ReasonCode.UNKNOWN_OPERATION, f.book.submit(unknownOperation, sign.of(unknownOperation)).reason());
        assertEquals(ReasonCode.POLICY_STALE, f.book.submit(stale, sign.of(stale)).reason());
        assertEquals(ReasonCode.INVALID_REQUEST, f.book.submit(tooLong, sign.of(tooLong)).reason());
        final SignedStatement backdatedSubmission = f.sign("alice", backdated.id(), Decision.SUBMIT, backdated.createdAtMs());
        assertEquals(ReasonCode.INVALID_REQUEST, f.book.submit(backdated, backdatedSubmission).reason());
        assertEquals(0, f.sink.size());
    }

    @Test
    void shouldRefuseParametersLargerThanConfigured()
    {
        final Properties properties = new Properties();
        properties.setProperty("quorum.maxParametersChars", "32");
        final QuorumFixture small = new QuorumFixture(QuorumConfig.from(properties));
        final QuorumRequest request = small.draft("route.add", Parameters.of(Map.of("note", "x".repeat(40))), "alice");

        assertEquals(ReasonCode.INVALID_REQUEST, small.book.submit(request, small.sign("alice", request, Decision.SUBMIT)).reason());
    }

    @Test
    void shouldRefuseSubmissionsBeyondOpenLimit()
    {
        final Properties properties = new Properties();
        properties.setProperty("quorum.maxOpenRequests", "2");
        final QuorumFixture small = new QuorumFixture(QuorumConfig.from(properties));
        small.submitted("route.add", QuorumFixture.routeParameters("XLON"), "alice");
        small.submitted("route.add", QuorumFixture.routeParameters("XPAR"), "alice");
        final QuorumRequest third = small.draft("route.add", QuorumFixture.routeParameters("XAMS"), "alice");

        assertEquals(ReasonCode.TOO_MANY_OPEN, small.book.submit(third, small.sign("alice", third, Decision.SUBMIT)).reason());
    }

    @Test
    void shouldFlagEveryUseOfBreakGlass()
    {
        final QuorumRequest request = f.draftBreakGlass("route.add", QuorumFixture.routeParameters("XLON"), "alice");
        final Outcome submitted = f.book.submit(request, f.sign("alice", request, Decision.SUBMIT));
        assertTrue(submitted.isAccepted(), submitted.toString());
        assertTrue(f.sink.events().get(0).isAlert());
        assertEquals(QuorumEvent.Kind.BREAK_GLASS, f.sink.events().get(0).kind());

        assertNull(f.approve("bob", request).proof());
        assertNull(f.approve("carol", request).proof(), "2 approvals satisfy route.add but not break-glass");
        assertNull(f.approve("dave", request).proof());
        final ApprovalProof proof = f.approve("erin", request).proof();
        assertNotNull(proof);
        assertTrue(proof.isBreakGlass());

        assertTrue(f.book.claimExecution(proof).isAccepted());
        final List<QuorumEvent> events = f.sink.events();
        assertEquals(2, events.stream().filter(QuorumEvent::isAlert).count(), "flagged at submission and at execution");
        assertEquals(QuorumEvent.Kind.BREAK_GLASS, events.get(events.size() - 2).kind());
    }

    @Test
    void shouldDescribeEveryFieldToApprovers()
    {
        final Parameters parameters = Parameters.fromJson("{\"venue\":\"XL\u041eN\",\"maxQuantity\":5000,\"routeId\":\"r-17\"}");
        final QuorumRequest request = f.draft("route.add", parameters, "alice");

        final String text = request.describe();

        assertTrue(text.contains(request.id()), text);
        assertTrue(text.contains("route.add"), text);
        assertTrue(text.contains("alice"), text);
        assertTrue(text.contains("2026-01-01T00:00:00Z"), text);
        assertTrue(text.contains("\"maxQuantity\": 5000"), text);
        assertTrue(text.contains("\"venue\": \"XL\\u041eN\""), "a Cyrillic O must not pass for a Latin one: " + text);
        assertTrue(text.contains(request.nonce()), text);
        assertTrue(text.contains("version 1"), text);
    }

    @Test
    void shouldListOpenRequestsWithTheirProgress()
    {
        final QuorumRequest request = f.submitted("key.rotate", Parameters.of(Map.of("alias", "kek")), "alice");
        f.approve("bob", request);

        final RequestStatus status = f.book.openRequests().get(0);

        assertEquals(request, status.request());
        assertEquals(List.of("bob"), status.approverIds());
        assertEquals(3, status.requiredApprovals());
        assertEquals(3, status.denialThreshold());
    }

    @Test
    void shouldWriteNothingAndChangeNothingWhenSinkFails()
    {
        final QuorumBook failing = new QuorumBook(QuorumConfig.defaults(), f.registry, f.policies, f.clock,
            event -> { throw new IllegalStateException("journal full"); });
        final QuorumRequest request = f.draft("route.add", QuorumFixture.routeParameters("XLON"), "alice");

        final SignedStatement submission = f.sign("alice", request, Decision.SUBMIT);

        final IllegalStateException error = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
            () -> failing.submit(request, submission));

        assertEquals("journal full", error.getMessage());

        assertNull(failing.status(request.id()));
        assertTrue(failing.openRequests().isEmpty());
    }

    @Test
    void shouldCheckOfficerKeyIsP256WhenRegistering()
    {
        final KeyPair p384 = QuorumFixture.ecKeyPair("secp384r1");

        final IllegalArgumentException error = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
            () -> Officer.active("zoe", "Zoe", java.util.Set.of("security-officer"), p384.getPublic()));

        assertTrue(error.getMessage().contains("P-256"), error.getMessage());
    }

    @FunctionalInterface
    private interface SignedStatementFactory
    {
        SignedStatement of(QuorumRequest request);
    }
}
