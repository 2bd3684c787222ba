package com.orderguard.custody;

/**
 * What became of one offered share. {@code shareIndex} is the share's number (1..n) where it could be
 * read, -1 where not; {@code given} the shares counted in the current ceremony after this one;
 * {@code message} says it for an officer, naming the share, and never quotes the share text.
 */
public record ShareOutcome(ShareOutcome.Status status, int shareIndex, int given, int threshold, String message)
{
    public enum Status
    {
        /** Authentic and counted; more are needed. (From checkShare: authentic, not counted.) */
        ACCEPTED,
        /** Authentic, the k-th: the token is logged in and its keys proved usable. */
        UNSEALED,
        /** Not a share text at all. */
        REFUSED_MALFORMED,
        /** A share of another seal set (another appliance, or an older initialisation). */
        REFUSED_OTHER_SET,
        /** This set's share number, but not the bytes issued for it: altered or mistyped. */
        REFUSED_TAMPERED,
        /** Already given in this ceremony. */
        REFUSED_REPEATED,
        /** Not needed: custody is unsealed. */
        REFUSED_ALREADY_UNSEALED,
        /** A share number this seal set does not have (outside 1..n). */
        REFUSED_NO_INDEX,
        /** k authentic shares, but unsealing failed (the token refused the PIN, or its keys did not prove usable); the ceremony starts again. */
        FAILED_LOGIN,
        /** The k-th confirmed share of a re-key: the token's PIN is the new set's; the old shares open nothing. */
        REKEYED,
        /** A re-key share offered when no re-key is pending. */
        REFUSED_NO_REKEY
    }

    /** Any REFUSED_* or FAILED_LOGIN. */
    public boolean refused()
    {
        return status != Status.ACCEPTED && status != Status.UNSEALED && status != Status.REKEYED;
    }
}
