package com.orderguard.quorum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.orderguard.quorum.json.Parameters;
import com.orderguard.quorum.policy.PolicySet;
import com.orderguard.quorum.policy.QuorumPolicy;

/** Policies change only by a quorum of the policy in force, and never more cheaply than they were guarded. */
class PolicyChangeTest
{
    private final QuorumFixture f = new QuorumFixture();

    private PolicySet proposal(final QuorumPolicy replacement)
    {
        return PolicySet.builder(f.policies.version() + 1).copyOf(f.policies).replace(replacement).build();
    }

    private static QuorumPolicy keyDestroy(final int threshold)
    {
        return QuorumPolicy.builder(QuorumPolicy.KEY_DESTROY).threshold(threshold)
            .eligibleRoles(QuorumFixture.OFFICER_ROLE).build();
    }

    private static QuorumPolicy limitChange(final int threshold)
    {
        return QuorumPolicy.builder("limit.change").threshold(threshold).eligibleRoles(QuorumFixture.OFFICER_ROLE).build();
    }

    @Test
    void shouldInstallStricterPolicyWithQuorumOfPolicyChange()
    {
        final PolicySet next = proposal(QuorumPolicy.builder("route.add").threshold(3)
            .eligibleRoles(QuorumFixture.OFFICER_ROLE).build());
        final QuorumRequest change = f.submitted(QuorumPolicy.POLICY_CHANGE, next.toParameters(), "alice");
        f.approve("bob", change);
        final ApprovalProof proof = f.approve("carol", change).proof();
        assertNotNull(proof);

        final Outcome applied = f.book.applyPolicyChange(proof);

        assertTrue(applied.isAccepted(), applied.toString());
        assertEquals(next, f.book.policySet());
        assertEquals(3, f.book.policySet().policy("route.add").threshold());
        final QuorumEvent executed = f.sink.events().get(f.sink.size() - 1);
        assertEquals(QuorumEvent.Kind.EXECUTED, executed.kind());
        assertTrue(executed.isPolicyChange());
        assertEquals(ReasonCode.ALREADY_EXECUTED, f.book.applyPolicyChange(proof).reason());
    }

    @Test
    void shouldRequireThresholdOfThePolicyItReplaces()
    {
        final PolicySet loosened = proposal(keyDestroy(1));
        final QuorumRequest change = f.submitted(QuorumPolicy.POLICY_CHANGE, loosened.toParameters(), "alice");
        assertEquals(3, f.book.status(change.id()).requiredApprovals(), "key.destroy was 3-of-n: loosening it takes 3");

        f.approve("bob", change);
        final Outcome second = f.approve("carol", change);
        assertNull(second.proof(), "policy.change's own 2 approvals are not enough");

        final ApprovalProof twoOnly = ApprovalProof.of(change, f.sign("alice", change, Decision.SUBMIT),
            List.of(f.sign("bob", change, Decision.APPROVE), f.sign("carol", change, Decision.APPROVE)));
        final int events = f.sink.size();
        final Outcome refused = f.book.applyPolicyChange(twoOnly);
        assertEquals(ReasonCode.NOT_APPROVED, refused.reason(), refused.toString());
        assertEquals(ReasonCode.THRESHOLD_NOT_MET, twoOnly.verify(QuorumPolicy.POLICY_CHANGE, loosened.toParameters(),
            f.registry, f.policies, f.nowMs()).reason());
        assertEquals(events, f.sink.size());
        assertEquals(f.policies, f.book.policySet());

        final ApprovalProof proof = f.approve("dave", change).proof();
        assertNotNull(proof);
        assertTrue(f.book.applyPolicyChange(proof).isAccepted());
        assertEquals(1, f.book.policySet().policy(QuorumPolicy.KEY_DESTROY).threshold());
    }

    @Test
    void shouldRequireBreakGlassThresholdToRemoveBreakGlass()
    {
        final PolicySet withoutBreakGlass = PolicySet.builder(2).copyOf(f.policies).breakGlass(null).build();

        final QuorumRequest change = f.submitted(QuorumPolicy.POLICY_CHANGE, withoutBreakGlass.toParameters(), "alice");

        assertEquals(4, f.book.status(change.id()).requiredApprovals());
    }

    @Test
    void shouldRefusePolicyChangeThatIsNotTheNextVersionOrMalformed()
    {
        final PolicySet skipping = PolicySet.builder(5).copyOf(f.policies).build();
        final QuorumRequest skip = f.draft(QuorumPolicy.POLICY_CHANGE, skipping.toParameters(), "alice");
        final QuorumRequest junk = f.draft(QuorumPolicy.POLICY_CHANGE, Parameters.of(Map.of("version", 2L)), "alice");

        assertEquals(ReasonCode.INVALID_POLICY_CHANGE, f.book.submit(skip, f.sign("alice", skip, Decision.SUBMIT)).reason());
        assertEquals(ReasonCode.INVALID_POLICY_CHANGE, f.book.submit(junk, f.sign("alice", junk, Decision.SUBMIT)).reason());
        assertEquals(0, f.sink.size());
    }

    @Test
    void shouldCancelOpenRequestsMadeUnderTheReplacedPolicySet()
    {
        final QuorumRequest route = f.submitted("route.add", QuorumFixture.routeParameters("XLON"), "erin");
        f.approve("bob", route);
        final QuorumRequest change = f.submitted(QuorumPolicy.POLICY_CHANGE, proposal(limitChange(3)).toParameters(), "alice");
        f.approve("bob", change);

        assertTrue(f.book.applyPolicyChange(f.approve("carol", change).proof()).isAccepted());

        assertEquals(RequestState.CANCELLED, f.book.status(route.id()).state());
        assertEquals(ReasonCode.REQUEST_CLOSED, f.approve("carol", route).reason());
        final QuorumRequest again = f.draft("route.add", QuorumFixture.routeParameters("XLON"), "erin");
        assertEquals(2, again.policyVersion());
    }

    @Test
    void shouldRefuseToRunPolicyChangeThroughClaimExecution()
    {
        final QuorumRequest change = f.submitted(QuorumPolicy.POLICY_CHANGE,
            proposal(limitChange(3)).toParameters(), "alice");
        f.approve("bob", change);
        final ApprovalProof proof = f.approve("carol", change).proof();

        assertEquals(ReasonCode.INVALID_POLICY_CHANGE, f.book.claimExecution(proof).reason());
        assertEquals(RequestState.APPROVED, f.book.status(change.id()).state());
    }

    @Test
    void shouldKeepInstalledPolicyAcrossRestart()
    {
        final PolicySet next = proposal(limitChange(3));
        final QuorumRequest change = f.submitted(QuorumPolicy.POLICY_CHANGE, next.toParameters(), "alice");
        f.approve("bob", change);
        assertTrue(f.book.applyPolicyChange(f.approve("carol", change).proof()).isAccepted());

        final QuorumBook restarted = new QuorumBook(QuorumConfig.defaults(), f.registry, f.policies, f.clock,
            new RecordingSink());
        restarted.replay(f.sink.viaJson());

        assertEquals(next, restarted.policySet());
        assertEquals(RequestState.EXECUTED, restarted.status(change.id()).state());
    }
}
