package com.orderguard.core.control;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import com.orderguard.quorum.officer.Officer;
import com.orderguard.quorum.officer.OfficerRegistry;
import com.orderguard.quorum.officer.P256;

/**
 * Login by proof of key: a principal enrolled in the officer registry (an officer, a compliance or
 * ops user: enrolled and given roles only by a quorum) asks for a challenge, signs
 * {@link #loginMessage} with their own EC P-256 key (the one the registry holds: a PKCS#12 file or
 * their own token), and gets a {@link SessionTokens} token. A challenge is random, bound to the
 * principal it was issued to, used once and valid for {@link #CHALLENGE_TTL_MS}; at most
 * {@link #MAX_OPEN_CHALLENGES} are outstanding, so asking for challenges cannot fill memory.
 * The signed text is domain-separated from quorum statements, so a login signature is never an approval.
 */
public final class Logins
{
    public static final long CHALLENGE_TTL_MS = 60_000;
    public static final int MAX_OPEN_CHALLENGES = 1_024;

    private record Challenge(String principal, long expiresAtMs)
    {
    }

    private final Supplier<OfficerRegistry> registry;
    private final SessionTokens tokens;
    private final LongSupplier clockMs;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Challenge> open = new ConcurrentHashMap<>();

    public Logins(final Supplier<OfficerRegistry> registry, final SessionTokens tokens, final LongSupplier clockMs)
    {
        this.registry = registry;
        this.tokens = tokens;
        this.clockMs = clockMs;
    }

    /** The exact bytes a user signs to log in. */
    public static byte[] loginMessage(final String principal, final String challenge)
    {
        return ("orderguard.login.v1\n" + principal + "\n" + challenge + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** A fresh challenge for {@code principal} (issued whether or not the principal exists: that is not revealed here). */
    public String challenge(final String principal)
    {
        final long now = clockMs.getAsLong();
        if (open.size() >= MAX_OPEN_CHALLENGES)
        {
            for (final Iterator<Challenge> it = open.values().iterator(); it.hasNext(); )
            {
                if (it.next().expiresAtMs() <= now)
                {
                    it.remove();
                }
            }
            if (open.size() >= MAX_OPEN_CHALLENGES)
            {
                throw new IllegalStateException("too many open login challenges: try again in a minute");
            }
        }
        final byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        final String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        open.put(challenge, new Challenge(principal, now + CHALLENGE_TTL_MS));
        return challenge;
    }

    /**
     * @return a token for a new session of {@code principal}.
     * @throws SecurityException naming why the login is refused (unknown or revoked principal, unknown, used
     *                           or expired challenge, bad signature).
     */
    public String login(final String principal, final String challenge, final byte[] signature)
    {
        final Challenge issued = challenge == null ? null : open.remove(challenge);
        if (issued == null || !issued.principal().equals(principal))
        {
            throw new SecurityException("BAD_CHALLENGE: not a challenge issued to " + principal + ", or already used");
        }
        if (clockMs.getAsLong() >= issued.expiresAtMs())
        {
            throw new SecurityException("BAD_CHALLENGE: the challenge expired");
        }
        final Officer officer = registry.get().find(principal);
        if (officer == null || !officer.isActive())
        {
            throw new SecurityException("UNKNOWN_PRINCIPAL: " + principal + " is not an active enrolled principal");
        }
        try
        {
            final Signature verifier = Signature.getInstance(P256.SIGNATURE_ALGORITHM);
            verifier.initVerify(officer.publicKey());
            verifier.update(loginMessage(principal, challenge));
            if (signature == null || !verifier.verify(signature))
            {
                throw new SecurityException("BAD_SIGNATURE: the login signature does not verify with " + principal + "'s registered key");
            }
        }
        catch (final GeneralSecurityException ex)
        {
            throw new SecurityException("BAD_SIGNATURE: the login signature does not verify with " + principal + "'s registered key");
        }
        return tokens.issue(principal);
    }

    /**
     * The session behind a token whose principal is still active.
     *
     * @throws SecurityException with the reason code first: BAD_TOKEN, EXPIRED_TOKEN, UNKNOWN_PRINCIPAL.
     */
    public SessionTokens.Session authenticate(final String token)
    {
        final SessionTokens.Session session = tokens.verify(token);
        final Officer officer = registry.get().find(session.principal());
        if (officer == null || !officer.isActive())
        {
            throw new SecurityException("UNKNOWN_PRINCIPAL: " + session.principal() + " is no longer an active principal");
        }
        return session;
    }

    /** Whether {@code principal} holds {@code role} in the registry now (roles are never taken from the token). */
    public boolean holds(final String principal, final String role)
    {
        final Officer officer = registry.get().find(principal);
        return officer != null && officer.isActive() && officer.hasRole(role);
    }
}
