package com.orderguard.custody.inventory;

import java.time.Instant;
import java.util.Objects;

/**
 * One key version in the inventory: what it is, where it is in its life, and how to recognise it. Never
 * secret material: the fingerprint of an EC key is the SHA-256 of its public key, of an AES key a key
 * check value computed in the token (see {@code KeyFingerprint}).
 *
 * @param purpose       what it is for; with the version it names the token object ({@link #alias()})
 * @param version       1, 2, ... per purpose, never reused
 * @param algorithm     what the token generated
 * @param state         SP 800-57 state
 * @param createdAt     generated in the token
 * @param activatedAt   became ACTIVE, or null
 * @param expiresAt     rotation due (activation + the purpose's rotation period), or null while not active
 * @param deactivatedAt stopped protecting, or null
 * @param destroyedAt   deleted from the token, or null
 * @param fingerprint   {@code sha256:<hex>} (EC public key) or {@code kcv:<hex>} (AES), lower-case
 */
public record KeyRecord(
    KeyPurpose purpose,
    int version,
    KeyAlgorithm algorithm,
    KeyState state,
    Instant createdAt,
    Instant activatedAt,
    Instant expiresAt,
    Instant deactivatedAt,
    Instant destroyedAt,
    String fingerprint)
{
    public KeyRecord
    {
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(fingerprint, "fingerprint");
        if (version < 1)
        {
            throw new IllegalArgumentException("key version must be 1 or more, was " + version);
        }
    }

    /** The key's id and token alias: {@code <purpose label>.v<version>}, e.g. {@code order-flow-kek.v2}. */
    public String alias()
    {
        return alias(purpose, version);
    }

    public static String alias(final KeyPurpose purpose, final int version)
    {
        return purpose.label() + ".v" + version;
    }

    /** This record in {@code next} state at {@code at}, with the dates SP 800-57 asks for; refuses a transition it forbids. */
    public KeyRecord moveTo(final KeyState next, final Instant at, final Instant newExpiresAt)
    {
        if (!state.canBecome(next))
        {
            throw new IllegalStateException(alias() + " is " + state + " and cannot become " + next);
        }

        return new KeyRecord(purpose, version, algorithm, next, createdAt,
            next == KeyState.ACTIVE ? at : activatedAt,
            next == KeyState.ACTIVE ? newExpiresAt : expiresAt,
            next == KeyState.DEACTIVATED || (next == KeyState.COMPROMISED && null == deactivatedAt) ? at : deactivatedAt,
            next == KeyState.DESTROYED ? at : destroyedAt,
            fingerprint);
    }

    /** This record with another expiry (a changed rotation policy applies to the active key at once). */
    public KeyRecord withExpiresAt(final Instant newExpiresAt)
    {
        return new KeyRecord(purpose, version, algorithm, state, createdAt, activatedAt, newExpiresAt, deactivatedAt,
            destroyedAt, fingerprint);
    }
}
