package com.orderguard.custody;

/**
 * Told when the token stops and starts being able to sign, on the thread that found out (a probe or a
 * failing sign), after custody released its locks, once per transition. The appliance closes intake,
 * raises an alert and sets a metric on {@link #cannotSign}, and reopens on {@link #canSignAgain}.
 * Implementations must be quick and must not throw.
 */
public interface TokenHealthListener
{
    /** The token cannot sign (dead session, token gone, login refused); {@code reason} says what failed. */
    void cannotSign(String reason);

    /** Custody logged in again and the token signs. */
    void canSignAgain();
}
