package com.orderguard.quorum.officer;

/** An officer's standing. Revocation is final: a revoked id is never reused or reactivated. */
public enum OfficerState
{
    ACTIVE,
    REVOKED
}
