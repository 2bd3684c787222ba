package com.orderguard.quorum.officer;

import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * A security officer: who they are, which roles they hold, and the P-256 key whose signatures
 * are their approvals. Immutable; a change of state is a new instance in a new registry snapshot.
 * The key is checked to be P-256 here, at registration, so nothing downstream ever meets
 * another curve as a legitimate officer key.
 */
public final class Officer
{
    private static final int MAX_DISPLAY_NAME_CHARS = 128;

    private final String id;
    private final String displayName;
    private final Set<String> roles;
    private final ECPublicKey publicKey;
    private final String keyFingerprint;
    private final OfficerState state;

    private Officer(
        final String id,
        final String displayName,
        final Set<String> roles,
        final ECPublicKey publicKey,
        final String keyFingerprint,
        final OfficerState state)
    {
        this.id = id;
        this.displayName = displayName;
        this.roles = roles;
        this.publicKey = publicKey;
        this.keyFingerprint = keyFingerprint;
        this.state = state;
    }

    /**
     * A new, active officer.
     *
     * @throws IllegalArgumentException for a bad id, display name or role, or a key not on P-256
     */
    public static Officer active(final String id, final String displayName, final Set<String> roles, final PublicKey publicKey)
    {
        Names.require(id, "officer id");
        if (displayName == null || displayName.isBlank() || displayName.length() > MAX_DISPLAY_NAME_CHARS)
        {
            throw new IllegalArgumentException("officer " + id + ": display name must be 1-" + MAX_DISPLAY_NAME_CHARS +
                " characters");
        }
        for (int i = 0; i < displayName.length(); i++)
        {
            if (Character.isISOControl(displayName.charAt(i)) || Character.getType(displayName.charAt(i)) == Character.FORMAT)
            {
                throw new IllegalArgumentException("officer " + id + ": display name has an invisible or control character at " + i);
            }
        }
        final TreeSet<String> roleSet = new TreeSet<>();
        for (final String role : roles)
        {
            roleSet.add(Names.require(role, "officer " + id + " role"));
        }
        final ECPublicKey key = P256.require(publicKey, "officer " + id);
        return new Officer(id, displayName, Collections.unmodifiableSet(roleSet), key, P256.fingerprint(key), OfficerState.ACTIVE);
    }

    /** This officer, revoked. */
    public Officer revoked()
    {
        return new Officer(id, displayName, roles, publicKey, keyFingerprint, OfficerState.REVOKED);
    }

    public String id()
    {
        return id;
    }

    public String displayName()
    {
        return displayName;
    }

    public Set<String> roles()
    {
        return roles;
    }

    public boolean hasRole(final String role)
    {
        return roles.contains(role);
    }

    public ECPublicKey publicKey()
    {
        return publicKey;
    }

    /** SHA-256 of the key's SubjectPublicKeyInfo, hex: what the officer compares with their own. */
    public String keyFingerprint()
    {
        return keyFingerprint;
    }

    public OfficerState state()
    {
        return state;
    }

    public boolean isActive()
    {
        return state == OfficerState.ACTIVE;
    }

    @Override
    public String toString()
    {
        return "Officer{" + id + " '" + displayName + "' roles=" + roles + " " + state + " key=" + keyFingerprint + "}";
    }
}
