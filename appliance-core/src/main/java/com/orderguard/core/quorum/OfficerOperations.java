package com.orderguard.core.quorum;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import com.orderguard.quorum.json.Parameters;
import com.orderguard.quorum.officer.Officer;
import com.orderguard.quorum.officer.P256;

/**
 * Enrolling and revoking officers after initialisation: quorum operations themselves, so no one
 * officer can add an accomplice or remove a dissenter.
 * <p>
 * "officer.add": {id, displayName, roles: "role[+role]", publicKeyPem} (EC P-256; an id is never
 * reused, a key belongs to one officer). "officer.revoke": {id}: their approvals stop counting and
 * their open requests are cancelled. To re-key an officer, revoke and enrol them under a new id.
 */
public final class OfficerOperations
{
    public static final String ADD = "officer.add";
    public static final String REVOKE = "officer.revoke";

    private OfficerOperations()
    {
    }

    public static List<GatedOperation> all(final java.util.function.Supplier<QuorumService> service)
    {
        return List.of(new Add(service), new Revoke(service));
    }

    private static final class Add implements GatedOperation
    {
        private final java.util.function.Supplier<QuorumService> service;

        Add(final java.util.function.Supplier<QuorumService> service)
        {
            this.service = service;
        }

        @Override
        public String operation()
        {
            return ADD;
        }

        @Override
        public String validate(final Parameters p)
        {
            try
            {
                final Officer officer = officer(p);
                service.get().registry().register(officer);
                return null;
            }
            catch (final IllegalArgumentException | NullPointerException ex)
            {
                return "parameters need id, displayName, roles and an EC P-256 publicKeyPem: " + ex.getMessage();
            }
        }


        @Override
        public String execute(final Parameters p)
        {
            try
            {
                final Officer officer = officer(p);
                service.get().replaceOfficers(service.get().registry().register(officer));
                return "officer " + officer.id() + " enrolled (key " + officer.keyFingerprint() + ")";
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
        }

        private static Officer officer(final Parameters p)
        {
            final Set<String> roles = new TreeSet<>(List.of(String.valueOf(p.get("roles")).split("\\+")));
            final String id = String.valueOf(p.get("id"));
            return Officer.active(id, String.valueOf(p.get("displayName")), roles,
                P256.decodePem(String.valueOf(p.get("publicKeyPem")), "officer " + id));
        }
    }

    private static final class Revoke implements GatedOperation
    {
        private final java.util.function.Supplier<QuorumService> service;

        Revoke(final java.util.function.Supplier<QuorumService> service)
        {
            this.service = service;
        }

        @Override
        public String operation()
        {
            return REVOKE;
        }

        @Override
        public String validate(final Parameters p)
        {
            final Officer officer = service.get().registry().find(String.valueOf(p.get("id")));
            return officer == null ? "no officer " + p.get("id") : officer.isActive() ? null : "officer " + officer.id() + " is already revoked";
        }


        @Override
        public String execute(final Parameters p)
        {
            try
            {
                final String id = String.valueOf(p.get("id"));
                service.get().replaceOfficers(service.get().registry().revoke(id));
                return "officer " + id + " revoked";
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
        }
    }
}
