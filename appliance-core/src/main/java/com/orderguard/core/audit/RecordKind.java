package com.orderguard.core.audit;

/**
 * What a journal record is about. The numeric codes are part of the file format: never reuse or
 * renumber one.
 */
public enum RecordKind
{
    /** An event from the order path's drop copy; subtype is the order-path event type, payload its bytes. */
    ORDER_PATH(1),
    /** The appliance started, stopped, recovered its journal, failed closed. JSON payload. */
    LIFECYCLE(2),
    /** A share given or refused, unsealed, sealed. JSON payload; never the share itself. */
    SEAL(3),
    /** A control-plane call: who, from where, what, with what result. JSON payload. */
    CONTROL_ACCESS(4);

    private final short code;

    RecordKind(final int code)
    {
        this.code = (short)code;
    }

    public short code()
    {
        return code;
    }

    /** @return the kind for a code, or null when the code is not one this version knows. */
    public static RecordKind fromCode(final int code)
    {
        for (final RecordKind kind : values())
        {
            if (kind.code == code)
            {
                return kind;
            }
        }
        return null;
    }
}
