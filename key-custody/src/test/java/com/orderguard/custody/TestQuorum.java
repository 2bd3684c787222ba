package com.orderguard.custody;

import com.orderguard.custody.lifecycle.KeyOperations;
import com.orderguard.quorum.ApprovalProof;
import com.orderguard.quorum.ApprovalSigner;
import com.orderguard.quorum.Outcome;
import com.orderguard.quorum.QuorumBook;
import com.orderguard.quorum.QuorumConfig;
import com.orderguard.quorum.QuorumRequest;
import com.orderguard.quorum.json.Parameters;
import com.orderguard.quorum.officer.Officer;
import com.orderguard.quorum.officer.OfficerRegistry;
import com.orderguard.quorum.policy.PolicySet;
import com.orderguard.quorum.policy.QuorumPolicy;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real quorum book for key custody's tests: officers alice, bob and carol (security-officer), each
 * key.* and seal.rekey operation 2-of-3 with the initiator not counting. Officer keys are made in memory:
 * they stand for the officers' own devices, not for the appliance's HSM.
 */
final class TestQuorum
{
    static final String ROLE = "security-officer";
    private static final String[] OPERATIONS = {KeyOperations.GENERATE, KeyOperations.ACTIVATE, KeyOperations.ROTATE,
        KeyOperations.DEACTIVATE, KeyOperations.DESTROY, KeyOperations.ROTATION_POLICY, KeyOperations.EXPORT_PUBLIC_KEY,
        KeyOperations.DESTROY_DATA_KEY, KeyOperations.REKEY_SEAL};

    final QuorumBook book;
    final PolicySet policies;
    final Clock clock;
    private final Map<String, ApprovalSigner> signers = new LinkedHashMap<>();
    private final SecureRandom random = new SecureRandom();

    TestQuorum(final Clock clock) throws Exception
    {
        this.clock = clock;
        OfficerRegistry registry = OfficerRegistry.empty();
        final KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        for (final String id : new String[] {"alice", "bob", "carol"})
        {
            final KeyPair pair = ec.generateKeyPair();
            signers.put(id, new ApprovalSigner(id, pair.getPrivate()));
            registry = registry.register(Officer.active(id, id, Set.of(ROLE), pair.getPublic()));
        }
        final PolicySet.Builder builder = PolicySet.builder(1);
        for (final String operation : OPERATIONS)
        {
            builder.policy(QuorumPolicy.builder(operation).threshold(2).eligibleRoles(ROLE).build());
        }
        builder.policy(QuorumPolicy.builder(QuorumPolicy.POLICY_CHANGE).threshold(2).eligibleRoles(ROLE).build());
        this.policies = builder.build();
        this.book = new QuorumBook(QuorumConfig.defaults(), registry, policies, clock::millis, event -> { });
    }

    /** alice asks, bob and carol approve: the proof for exactly {@code operation} with {@code parameters}. */
    ApprovalProof approve(final String operation, final Parameters parameters) throws Exception
    {
        final long now = clock.millis();
        final QuorumRequest request = QuorumRequest.draft(operation, parameters, "alice", false, policies, now, random);
        final Outcome submitted = book.submit(request, signers.get("alice").submit(request, now));
        assertTrue(submitted.isAccepted(), submitted.toString());
        book.approve(request.id(), signers.get("bob").approve(request, now));
        final Outcome approved = book.approve(request.id(), signers.get("carol").approve(request, now));
        assertNotNull(approved.proof(), approved.toString());
        return approved.proof();
    }
}
