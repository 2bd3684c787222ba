package com.orderguard.custody.inventory;

/**
 * A key's state as NIST SP 800-57 Part 1 (section 7) names them, and the transitions it allows.
 * <ul>
 * <li>PRE_ACTIVE: generated, not yet to be used.</li>
 * <li>ACTIVE: used to protect (encrypt/wrap, sign) and to process (decrypt/unwrap, verify).</li>
 * <li>DEACTIVATED: never protects again; still processes (old journal decrypts, old signatures verify).</li>
 * <li>COMPROMISED: never protects again; processes only under a quorum's explicit decision (not offered here).</li>
 * <li>DESTROYED: gone from the token; what it protected is unreadable. Terminal.</li>
 * </ul>
 */
public enum KeyState
{
    PRE_ACTIVE,
    ACTIVE,
    DEACTIVATED,
    COMPROMISED,
    DESTROYED;

    /** Whether SP 800-57 allows going from this state to {@code next}. */
    public boolean canBecome(final KeyState next)
    {
        switch (this)
        {
            case PRE_ACTIVE:
                return next == ACTIVE || next == COMPROMISED || next == DESTROYED;
            case ACTIVE:
                return next == DEACTIVATED || next == COMPROMISED;
            case DEACTIVATED:
                return next == COMPROMISED || next == DESTROYED;
            case COMPROMISED:
                return next == DESTROYED;
            case DESTROYED:
            default:
                return false;
        }
    }

    /** May protect new data (encrypt, wrap, sign). */
    public boolean protects()
    {
        return this == ACTIVE;
    }

    /** May process old data (decrypt, unwrap, verify). */
    public boolean processes()
    {
        return this == ACTIVE || this == DEACTIVATED;
    }
}
