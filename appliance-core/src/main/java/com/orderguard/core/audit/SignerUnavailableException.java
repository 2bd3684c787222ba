package com.orderguard.core.audit;

/**
 * The checkpoint signer cannot sign right now (the token is gone or its session died) but the
 * fault is being handled elsewhere: the appliance has closed order intake and key custody is
 * recovering. The journal skips this checkpoint instead of failing: records stay durable, and the
 * first checkpoint after recovery covers them. Any other signing failure still fails the journal.
 */
public final class SignerUnavailableException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    public SignerUnavailableException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
