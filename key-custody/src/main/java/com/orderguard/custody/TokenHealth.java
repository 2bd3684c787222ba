package com.orderguard.custody;

/**
 * What {@link KeyCustody#probeToken()} found.
 * <ul>
 * <li>SEALED: no PIN is held; nothing to probe (not a fault: the appliance is closed anyway).</li>
 * <li>CAN_SIGN: the token signed a fresh challenge with the active journal key just now.</li>
 * <li>RECOVERED: it could not, custody logged in again with the PIN it holds, and now it can.</li>
 * <li>CANNOT_SIGN: the token is gone, its session dead and a new login failed: fail closed.</li>
 * </ul>
 */
public enum TokenHealth
{
    SEALED,
    CAN_SIGN,
    RECOVERED,
    CANNOT_SIGN;

    /** Whether the appliance may take orders as far as the token is concerned. */
    public boolean canSign()
    {
        return this == CAN_SIGN || this == RECOVERED;
    }
}
