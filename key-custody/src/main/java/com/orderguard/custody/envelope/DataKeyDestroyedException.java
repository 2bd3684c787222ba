package com.orderguard.custody.envelope;

import java.security.GeneralSecurityException;

/** The blob's data key was destroyed (or its KEK was): what it protected is unreadable, by design. */
public final class DataKeyDestroyedException extends GeneralSecurityException
{
    private static final long serialVersionUID = 1L;

    public DataKeyDestroyedException(final String message)
    {
        super(message);
    }
}
