package com.orderguard.quorum;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import com.orderguard.quorum.json.Parameters;
import com.orderguard.quorum.officer.Officer;
import com.orderguard.quorum.officer.OfficerRegistry;
import com.orderguard.quorum.policy.PolicySet;
import com.orderguard.quorum.policy.QuorumPolicy;

/**
 * A book with six officers and a realistic policy set, all keys made fresh in memory per test.
 * <ul>
 *   <li>alice, bob, carol, dave, erin: role security-officer; frank: role auditor only.</li>
 *   <li>route.add 2-of security-officer; limit.change 2-of; key.rotate and key.destroy 3-of
 *       (key.destroy: one veto); audit.export 1-of auditor or security-officer;
 *       trading.resume 2-of, initiator may approve; policy.change 2-of; break-glass 4-of.</li>
 * </ul>
 */
final class QuorumFixture
{
    static final long T0_MS = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
    static final String OFFICER_ROLE = "security-officer";
    static final String[] OFFICERS = {"alice", "bob", "carol", "dave", "erin", "frank"};

    private static final SecureRandom RANDOM = new SecureRandom();

    final ManualClock clock = new ManualClock(T0_MS);
    final RecordingSink sink = new RecordingSink();
    final Map<String, KeyPair> keys = new HashMap<>();
    final Map<String, ApprovalSigner> signers = new HashMap<>();
    final OfficerRegistry registry;
    final PolicySet policies;
    final QuorumBook book;

    QuorumFixture()
    {
        this(QuorumConfig.defaults());
    }

    QuorumFixture(final QuorumConfig config)
    {
        OfficerRegistry officers = OfficerRegistry.empty();
        for (final String id : OFFICERS)
        {
            final KeyPair pair = p256();
            keys.put(id, pair);
            signers.put(id, new ApprovalSigner(id, pair.getPrivate()));
            final Set<String> roles = "frank".equals(id) ? Set.of("auditor") : Set.of(OFFICER_ROLE);
            officers = officers.register(Officer.active(id, displayName(id), roles, pair.getPublic()));
        }
        this.registry = officers;
        this.policies = standardPolicies(1);
        this.book = new QuorumBook(config, registry, policies, clock, sink);
    }

    static PolicySet standardPolicies(final long version)
    {
        return PolicySet.builder(version)
            .policy(QuorumPolicy.builder("route.add").threshold(2).eligibleRoles(OFFICER_ROLE).build())
            .policy(QuorumPolicy.builder("limit.change").threshold(2).eligibleRoles(OFFICER_ROLE).build())
            .policy(QuorumPolicy.builder("key.rotate").threshold(3).eligibleRoles(OFFICER_ROLE).build())
            .policy(QuorumPolicy.builder(QuorumPolicy.KEY_DESTROY).threshold(3).eligibleRoles(OFFICER_ROLE).build())
            .policy(QuorumPolicy.builder("audit.export").threshold(1).eligibleRoles("auditor", OFFICER_ROLE).build())
            .policy(QuorumPolicy.builder("trading.resume").threshold(2).eligibleRoles(OFFICER_ROLE)
                .initiatorMayApprove(true).build())
            .policy(QuorumPolicy.builder(QuorumPolicy.POLICY_CHANGE).threshold(2).eligibleRoles(OFFICER_ROLE).build())
            .breakGlass(QuorumPolicy.builder(QuorumPolicy.BREAK_GLASS).threshold(4).eligibleRoles(OFFICER_ROLE)
                .ttlMs(900_000).build())
            .build();
    }

    static KeyPair p256()
    {
        return ecKeyPair("secp256r1");
    }

    static KeyPair ecKeyPair(final String curve)
    {
        try
        {
            final KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(curve), RANDOM);
            return generator.generateKeyPair();
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    static String displayName(final String id)
    {
        return Character.toUpperCase(id.charAt(0)) + id.substring(1) + " Officer";
    }

    static Parameters routeParameters(final String venue)
    {
        return Parameters.of(Map.of("routeId", "r-17", "venue", venue, "maxQuantity", 5_000L));
    }

    long nowMs()
    {
        return clock.epochMs();
    }

    QuorumRequest draft(final String operation, final Parameters parameters, final String initiator)
    {
        return QuorumRequest.draft(operation, parameters, initiator, false, book.policySet(), nowMs(), RANDOM);
    }

    QuorumRequest draftBreakGlass(final String operation, final Parameters parameters, final String initiator)
    {
        return QuorumRequest.draft(operation, parameters, initiator, true, book.policySet(), nowMs(), RANDOM);
    }

    SignedStatement sign(final String officer, final QuorumRequest request, final Decision decision)
    {
        return sign(officer, request.id(), decision, nowMs());
    }

    SignedStatement sign(final String officer, final String requestHash, final Decision decision, final long signedAtMs)
    {
        try
        {
            return signers.get(officer).sign(requestHash, decision, signedAtMs);
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    /** Drafts, signs and submits; fails the test unless accepted. */
    QuorumRequest submitted(final String operation, final Parameters parameters, final String initiator)
    {
        final QuorumRequest request = draft(operation, parameters, initiator);
        final Outcome outcome = book.submit(request, sign(initiator, request, Decision.SUBMIT));
        if (!outcome.isAccepted())
        {
            throw new AssertionError("submit refused: " + outcome);
        }
        return request;
    }

    Outcome approve(final String officer, final QuorumRequest request)
    {
        return book.approve(request.id(), sign(officer, request, Decision.APPROVE));
    }

    Outcome deny(final String officer, final QuorumRequest request)
    {
        return book.deny(request.id(), sign(officer, request, Decision.DENY));
    }
}
