package com.orderguard.orderpath.protocol;

/** Execution report types on the wire (ExecutionReport byte 40). */
public final class ExecType
{
    /** The order was accepted (by the appliance and the venue). */
    public static final int ACK = 1;
    /** The order, cancel or replace was refused; rejectReason says why. */
    public static final int REJECT = 2;
    /** A fill of filledQty at fillPriceE4. */
    public static final int FILL = 3;
    /** The order was cancelled (on request, on disconnect, by a kill or halt); filledQty is the quantity cancelled. */
    public static final int CANCELED = 4;
    /** A replace took effect: clOrdId is the replace's own, filledQty the new quantity, fillPriceE4 the new price. */
    public static final int REPLACED = 5;
    /** A large order is held for a second person's approval; ACK or REJECT follows. */
    public static final int HELD = 6;

    private ExecType()
    {
    }

    public static boolean isValid(final int execType)
    {
        return execType >= ACK && execType <= HELD;
    }

    public static String name(final int execType)
    {
        switch (execType)
        {
            case ACK: return "ACK";
            case REJECT: return "REJECT";
            case FILL: return "FILL";
            case CANCELED: return "CANCELED";
            case REPLACED: return "REPLACED";
            case HELD: return "HELD";
            default: return "UNKNOWN";
        }
    }
}
