package com.orderguard.core.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.orderguard.core.quorum.AuditExport;
import com.orderguard.core.quorum.KeyLifecycleOperations;
import com.orderguard.core.quorum.OfficerOperations;
import com.orderguard.core.quorum.OrderPathOperations;
import com.orderguard.core.quorum.TradingResume;
import com.orderguard.quorum.officer.Officer;
import com.orderguard.quorum.officer.OfficerRegistry;
import com.orderguard.quorum.officer.P256;
import com.orderguard.quorum.officer.SystemPrincipal;
import com.orderguard.quorum.policy.PolicySet;
import com.orderguard.quorum.policy.QuorumPolicy;

/**
 * The first officers and policies, enrolled at initialisation. After this, adding an officer or
 * changing a policy is itself a quorum operation.
 */
final class Enrolment
{
    static final String OFFICER_ROLE = "security-officer";

    private Enrolment()
    {
    }

    /** Parses {@code id=alice,name=Alice Smith,roles=security-officer+compliance,key=alice.pub.pem}. */
    static OfficerRegistry officers(final List<String> specs)
    {
        final List<Officer> officers = new ArrayList<>();
        for (final String spec : specs)
        {
            final Map<String, String> fields = new LinkedHashMap<>();
            for (final String part : spec.split(","))
            {
                final int eq = part.indexOf('=');
                if (eq <= 0)
                {
                    throw new IllegalArgumentException("--officer " + spec + ": expected id=..,name=..,roles=..,key=..");
                }
                fields.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
            }
            final String id = require(fields, "id", spec);
            final Set<String> roles = new TreeSet<>(List.of(fields.getOrDefault("roles", OFFICER_ROLE).split("\\+")));
            if (roles.contains(SystemPrincipal.ROLE) || SystemPrincipal.ID.equals(id))
            {
                throw new IllegalArgumentException("--officer " + spec + ": the id '" + SystemPrincipal.ID + "' and the role '" +
                    SystemPrincipal.ROLE + "' are reserved for the appliance's own principal, which init enrols itself");
            }
            final Path key = Path.of(require(fields, "key", spec));
            try
            {
                officers.add(Officer.active(id, fields.getOrDefault("name", id), roles,
                    P256.decodePem(Files.readString(key, StandardCharsets.US_ASCII), "officer " + id)));
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("officer " + id + ": cannot read " + key, ex);
            }
        }
        return OfficerRegistry.of(1, officers);
    }

    /**
     * The officers with the appliance's own principal added ({@link SystemPrincipal#ID}, role
     * {@link SystemPrincipal#ROLE}, the token's quorum-initiator public key), still version 1: it is
     * enrolled with the first officers, in the same file, and named with its key fingerprint at init.
     */
    static OfficerRegistry withSystemPrincipal(final OfficerRegistry officers, final java.security.PublicKey initiatorKey)
    {
        final List<Officer> all = new ArrayList<>(officers.officers());
        all.add(Officer.active(SystemPrincipal.ID, "OrderGuard appliance (system principal)", Set.of(SystemPrincipal.ROLE),
            initiatorKey));
        return OfficerRegistry.of(officers.version(), all);
    }

    /**
     * m-of-n for every operation this appliance executes, and for changing policy; a break-glass
     * policy at m+1 when there are enough officers for it.
     */
    static PolicySet defaultPolicies(final OfficerRegistry registry, final int approvals)
    {
        final int eligible = (int)registry.officers().stream().filter(o -> o.hasRole(OFFICER_ROLE)).count();
        if (approvals < 1 || approvals > eligible)
        {
            throw new IllegalArgumentException("--approvals " + approvals + " needs between 1 and " + eligible +
                " enrolled officers with the role " + OFFICER_ROLE);
        }
        final PolicySet.Builder builder = PolicySet.builder(1);
        for (final String operation : List.of(QuorumPolicy.POLICY_CHANGE, TradingResume.OPERATION, OrderPathOperations.ROUTE_SET,
            OrderPathOperations.ROUTE_REMOVE, OrderPathOperations.LIMIT_CHANGE))
        {
            builder.policy(QuorumPolicy.builder(operation).threshold(approvals).eligibleRoles(OFFICER_ROLE).build());
        }
        for (final String operation : List.of(OfficerOperations.ADD, OfficerOperations.REVOKE, AuditExport.OPERATION,
            com.orderguard.core.control.AccessRoles.OPERATION))
        {
            builder.policy(QuorumPolicy.builder(operation).threshold(approvals).eligibleRoles(OFFICER_ROLE).build());
        }
        for (final String operation : KeyLifecycleOperations.names())
        {
            builder.policy(QuorumPolicy.builder(operation).threshold(approvals).eligibleRoles(OFFICER_ROLE).build());
        }
        // A held large order needs a second person: one approver who is not the requester.
        builder.policy(QuorumPolicy.builder(OrderPathOperations.ORDER_RELEASE).threshold(1).eligibleRoles(OFFICER_ROLE)
            .ttlMs(600_000).build());
        if (approvals + 1 <= eligible)
        {
            builder.breakGlass(QuorumPolicy.builder(QuorumPolicy.BREAK_GLASS).threshold(approvals + 1)
                .eligibleRoles(OFFICER_ROLE).build());
        }
        return builder.build();
    }

    private static String require(final Map<String, String> fields, final String name, final String spec)
    {
        final String value = fields.get(name);
        if (value == null || value.isEmpty())
        {
            throw new IllegalArgumentException("--officer " + spec + ": '" + name + "' is required");
        }
        return value;
    }
}
