package com.orderguard.quorum.officer;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * An immutable, versioned snapshot of the officers. Every change gives a new snapshot with the
 * next version, so a reader holding one sees a consistent set for as long as it holds it.
 * <p>
 * What must hold: an id is never reused (a revoked officer stays in the registry, revoked), and a
 * public key belongs to one officer only, or one person with two ids would count twice towards a
 * quorum.
 */
public final class OfficerRegistry
{
    private static final OfficerRegistry EMPTY = new OfficerRegistry(0, Collections.emptyMap());

    private final long version;
    private final Map<String, Officer> officers;

    private OfficerRegistry(final long version, final Map<String, Officer> officers)
    {
        this.version = version;
        this.officers = officers;
    }

    public static OfficerRegistry empty()
    {
        return EMPTY;
    }

    /** A registry holding {@code officers} at {@code version}, e.g. when loading persisted state. */
    public static OfficerRegistry of(final long version, final Collection<Officer> officers)
    {
        if (version < 0)
        {
            throw new IllegalArgumentException("registry version must be >= 0, was " + version);
        }
        OfficerRegistry registry = EMPTY;
        for (final Officer officer : officers)
        {
            registry = registry.with(officer);
        }
        return new OfficerRegistry(version, registry.officers);
    }

    public long version()
    {
        return version;
    }

    /**
     * The next snapshot with {@code officer} added.
     *
     * @throws IllegalArgumentException when the id is taken (even by a revoked officer), the key
     *                                  is already some officer's, or the officer is not active
     */
    public OfficerRegistry register(final Officer officer)
    {
        if (!officer.isActive())
        {
            throw new IllegalArgumentException("officer " + officer.id() + ": only an active officer can be registered");
        }
        return new OfficerRegistry(version + 1, with(officer).officers);
    }

    /**
     * The next snapshot with {@code officerId} revoked.
     *
     * @throws IllegalArgumentException when unknown or already revoked
     */
    public OfficerRegistry revoke(final String officerId)
    {
        final Officer officer = officers.get(officerId);
        if (officer == null)
        {
            throw new IllegalArgumentException("unknown officer " + officerId);
        }
        if (!officer.isActive())
        {
            throw new IllegalArgumentException("officer " + officerId + " is already revoked");
        }
        final TreeMap<String, Officer> next = new TreeMap<>(officers);
        next.put(officerId, officer.revoked());
        return new OfficerRegistry(version + 1, Collections.unmodifiableMap(next));
    }

    /** The officer with {@code id} (active or revoked), or null. */
    public Officer find(final String id)
    {
        return id == null ? null : officers.get(id);
    }

    /** Every officer, active and revoked, in id order. */
    public Collection<Officer> officers()
    {
        return officers.values();
    }

    public int activeCount()
    {
        int count = 0;
        for (final Officer officer : officers.values())
        {
            if (officer.isActive())
            {
                count++;
            }
        }
        return count;
    }

    private OfficerRegistry with(final Officer officer)
    {
        if (officers.containsKey(officer.id()))
        {
            throw new IllegalArgumentException("officer id " + officer.id() + " is already registered (ids are never reused)");
        }
        for (final Officer existing : officers.values())
        {
            if (existing.keyFingerprint().equals(officer.keyFingerprint()))
            {
                throw new IllegalArgumentException("officer " + officer.id() + ": that public key already belongs to officer " +
                    existing.id());
            }
        }
        final TreeMap<String, Officer> next = new TreeMap<>(officers);
        next.put(officer.id(), officer);
        return new OfficerRegistry(version, Collections.unmodifiableMap(next));
    }

    @Override
    public String toString()
    {
        return "OfficerRegistry{version=" + version + ", officers=" + officers.values() + "}";
    }
}
