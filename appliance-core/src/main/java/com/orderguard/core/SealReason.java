package com.orderguard.core;

/** Why order intake was closed: the reason code the order path records with its INTAKE_SEALED event. */
public final class SealReason
{
    /** The appliance started; it always starts sealed. */
    public static final int BOOT = 1;
    /** An officer sealed it through the control plane or the CLI. */
    public static final int OFFICER = 2;
    /** The audit journal could not persist a record: fail closed. */
    public static final int JOURNAL_FAILED = 3;
    /** Orderly shutdown. */
    public static final int SHUTDOWN = 4;
    /** An officer halted trading; a quorum's trading.resume reopens intake. */
    public static final int HALT = 5;
    /** The token cannot sign; intake reopens by itself when it can. */
    public static final int HSM_FAULT = 6;

    private SealReason()
    {
    }
}
