package com.orderguard.custody.envelope;

/** A data key's life: ACTIVE (encrypts, in the process that made it), RETIRED (decrypts only), DESTROYED (its wrapped form deleted). */
public enum DataKeyState
{
    ACTIVE,
    RETIRED,
    DESTROYED
}
