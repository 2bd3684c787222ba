package com.orderguard.custody.seal;

/** A text that is not a share; carries the share number when that part could be read (else -1). */
public final class MalformedShareException extends Exception
{
    private static final long serialVersionUID = 1L;

    private final int shareIndex;

    public MalformedShareException(final String message, final int shareIndex)
    {
        super(message, null, false, false);
        this.shareIndex = shareIndex;
    }

    public int shareIndex()
    {
        return shareIndex;
    }
}
