package com.orderguard.orderpath.protocol;

/** Execution report types on the wire (ExecutionReport byte 40). */
public final class ExecType
{
    public static final int ACK = 1;
    public static final int REJECT = 2;
    public static final int FILL = 3;

    private ExecType()
    {
    }

    public static boolean isValid(final int execType)
    {
        return ACK == execType || REJECT == execType || FILL == execType;
    }

    public static String name(final int execType)
    {
        switch (execType)
        {
            case ACK: return "ACK";
            case REJECT: return "REJECT";
            case FILL: return "FILL";
            default: return "UNKNOWN";
        }
    }
}
