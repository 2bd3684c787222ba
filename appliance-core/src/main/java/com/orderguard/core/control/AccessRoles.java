package com.orderguard.core.control;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

import com.orderguard.core.quorum.GatedOperation;
import com.orderguard.core.quorum.QuorumService;
import com.orderguard.quorum.json.Parameters;
import com.orderguard.quorum.officer.Officer;
import com.orderguard.quorum.officer.OfficerRegistry;

/**
 * The roles the control plane checks, and "principal.roles" {id, roles: "role[+role]"}: setting an
 * enrolled principal's roles is a quorum operation like enrolling them ("officer.add"), so no one
 * person can give themselves, or an accomplice, the right to read order content.
 * <p>
 * Compliance and ops users are principals in the officer registry like officers, with EC P-256 keys
 * of their own; without the security-officer role they count towards no quorum.
 */
public final class AccessRoles implements GatedOperation
{
    public static final String OPERATION = "principal.roles";
    /** Search the journal's clear metadata. */
    public static final String COMPLIANCE_SEARCH = "compliance.search";
    /** Read decrypted order content (each read is journaled before it happens). */
    public static final String COMPLIANCE_READ_CONTENT = "compliance.read-content";
    /** Export a day of the journal with inclusion proofs. */
    public static final String COMPLIANCE_EXPORT = "compliance.export";
    /** Halt trading (besides officers). */
    public static final String OPS_HALT = "ops.halt";

    private final Supplier<QuorumService> service;

    public AccessRoles(final Supplier<QuorumService> service)
    {
        this.service = service;
    }

    @Override
    public String operation()
    {
        return OPERATION;
    }

    @Override
    public String validate(final Parameters parameters)
    {
        try
        {
            next(parameters);
            return null;
        }
        catch (final IllegalArgumentException | NullPointerException ex)
        {
            return "parameters need id (an active principal) and roles (role[+role]): " + ex.getMessage();
        }
    }

    @Override
    public String execute(final Parameters parameters)
    {
        try
        {
            final OfficerRegistry next = next(parameters);
            service.get().replaceOfficers(next);
            final Officer changed = next.find(String.valueOf(parameters.get("id")));
            return "principal " + changed.id() + " now holds " + String.join("+", changed.roles());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private OfficerRegistry next(final Parameters parameters)
    {
        final OfficerRegistry registry = service.get().registry();
        final String id = String.valueOf(parameters.get("id"));
        final Officer current = registry.find(id);
        if (current == null || !current.isActive())
        {
            throw new IllegalArgumentException("no active principal " + id);
        }
        final Set<String> roles = new TreeSet<>(List.of(String.valueOf(parameters.get("roles")).split("\\+")));
        final List<Officer> officers = new ArrayList<>();
        for (final Officer officer : registry.officers())
        {
            officers.add(officer.id().equals(id) ? Officer.active(id, officer.displayName(), roles, officer.publicKey()) : officer);
        }
        return OfficerRegistry.of(registry.version() + 1, officers);
    }
}
