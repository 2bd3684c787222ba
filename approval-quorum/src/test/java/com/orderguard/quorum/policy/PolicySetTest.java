package com.orderguard.quorum.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class PolicySetTest
{
    private static QuorumPolicy policy(final String operation, final int threshold)
    {
        return QuorumPolicy.builder(operation).threshold(threshold).eligibleRoles("security-officer").build();
    }

    private static PolicySet set(final long version)
    {
        return PolicySet.builder(version)
            .policy(policy("route.add", 2))
            .policy(policy(QuorumPolicy.KEY_DESTROY, 3))
            .policy(policy(QuorumPolicy.POLICY_CHANGE, 2))
            .breakGlass(policy(QuorumPolicy.BREAK_GLASS, 4))
            .build();
    }

    @Test
    void shouldDefaultToStrictSettings()
    {
        final QuorumPolicy route = policy("route.add", 2);
        final QuorumPolicy destroy = policy(QuorumPolicy.KEY_DESTROY, 3);
        final QuorumPolicy rotate = policy("key.rotate", 3);

        assertFalse(route.initiatorMayApprove(), "the initiator never counts unless switched on");
        assertEquals(1, destroy.denialThreshold(), "one veto stops a key destruction");
        assertEquals(2, route.denialThreshold());
        assertEquals(QuorumPolicy.KEY_CEREMONY, rotate.ceremonyKind());
        assertEquals("", route.ceremonyKind());
        assertEquals(QuorumPolicy.DEFAULT_TTL_MS, route.ttlMs());
    }

    @Test
    void shouldNameTheBadSettingOfAPolicy()
    {
        final IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
            () -> QuorumPolicy.builder("route.add").threshold(0).eligibleRoles("security-officer").build());
        final IllegalArgumentException nobody = assertThrows(IllegalArgumentException.class,
            () -> QuorumPolicy.builder("route.add").threshold(2).build());
        final IllegalArgumentException ttl = assertThrows(IllegalArgumentException.class,
            () -> QuorumPolicy.builder("route.add").threshold(2).eligibleRoles("x").ttlMs(5).build());

        assertEquals("policy route.add: threshold must be in 1..64, was 0", zero.getMessage());
        assertTrue(nobody.getMessage().contains("eligible"), nobody.getMessage());
        assertTrue(ttl.getMessage().contains("ttlMs"), ttl.getMessage());
        assertThrows(IllegalArgumentException.class, () -> QuorumPolicy.builder("Route Add"));
    }

    @Test
    void shouldRequireBreakGlassAboveEveryRegularThreshold()
    {
        final IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> PolicySet.builder(1)
            .policy(policy("route.add", 2))
            .policy(policy(QuorumPolicy.KEY_DESTROY, 3))
            .policy(policy(QuorumPolicy.POLICY_CHANGE, 2))
            .breakGlass(policy(QuorumPolicy.BREAK_GLASS, 3))
            .build());

        assertTrue(error.getMessage().contains("break-glass"), error.getMessage());
    }

    @Test
    void shouldRequireAPolicyChangePolicy()
    {
        assertThrows(IllegalArgumentException.class, () -> PolicySet.builder(1).policy(policy("route.add", 2)).build());
    }

    @Test
    void shouldApplyBreakGlassOnlyToOperationsThatHaveAPolicy()
    {
        final PolicySet set = set(1);

        assertEquals(4, set.policyFor("route.add", true).threshold());
        assertNull(set.policyFor("route.teleport", true));
        assertNull(set.policyFor("route.teleport", false));
    }

    @Test
    void shouldRoundTripThroughCanonicalJson()
    {
        final PolicySet set = set(3);

        final PolicySet copy = PolicySet.fromJson(set.toJson());

        assertEquals(set, copy);
        assertEquals(set.toJson(), copy.toJson());
        assertThrows(IllegalArgumentException.class,
            () -> PolicySet.fromJson(set.toJson().replace("\"version\":3", "\"version\":3,\"extra\":1")));
    }

    @Test
    void shouldDemandTheThresholdOfEveryPolicyAChangeReplaces()
    {
        final PolicySet current = set(1);
        final PolicySet loosenDestroy = PolicySet.builder(2).copyOf(current).replace(policy(QuorumPolicy.KEY_DESTROY, 1)).build();
        final PolicySet addOne = PolicySet.builder(2).copyOf(current).policy(policy("audit.export", 1)).build();
        final PolicySet dropBreakGlass = PolicySet.builder(2).copyOf(current).breakGlass(null).build();

        assertEquals(3, current.requiredApprovals(QuorumPolicy.POLICY_CHANGE, false, loosenDestroy.toParameters()));
        assertEquals(2, current.requiredApprovals(QuorumPolicy.POLICY_CHANGE, false, addOne.toParameters()));
        assertEquals(4, current.requiredApprovals(QuorumPolicy.POLICY_CHANGE, false, dropBreakGlass.toParameters()));
        assertEquals(List.of(QuorumPolicy.KEY_DESTROY), current.changedBy(loosenDestroy));
        assertThrows(IllegalArgumentException.class, () -> current.requiredApprovals(QuorumPolicy.POLICY_CHANGE, false,
            PolicySet.builder(7).copyOf(current).build().toParameters()));
    }
}
