package com.orderguard.harness.client;

import com.orderguard.orderpath.RejectReason;

/**
 * An execution report as the broker sees it: immutable, with the reject reason's name resolved.
 * {@link #toString()} is the one-line form the demo prints, e.g.
 * {@code REJECT clOrdId=2 reason=MAX_QUANTITY}.
 */
public final class ExecutionReport
{
    /** What the report says happened. */
    public enum ExecType
    {
        ACK, REJECT, FILL, CANCELED, REPLACED, HELD, UNKNOWN;

        static ExecType fromCode(final int code)
        {
            switch (code)
            {
                case com.orderguard.orderpath.protocol.ExecType.ACK: return ACK;
                case com.orderguard.orderpath.protocol.ExecType.REJECT: return REJECT;
                case com.orderguard.orderpath.protocol.ExecType.FILL: return FILL;
                case com.orderguard.orderpath.protocol.ExecType.CANCELED: return CANCELED;
                case com.orderguard.orderpath.protocol.ExecType.REPLACED: return REPLACED;
                case com.orderguard.orderpath.protocol.ExecType.HELD: return HELD;
                default: return UNKNOWN;
            }
        }
    }

    private final long clOrdId;
    private final ExecType execType;
    private final int rejectReason;
    private final long filledQty;
    private final long fillPriceE4;
    private final long venueOrderId;

    public ExecutionReport(
        final long clOrdId,
        final ExecType execType,
        final int rejectReason,
        final long filledQty,
        final long fillPriceE4,
        final long venueOrderId)
    {
        this.clOrdId = clOrdId;
        this.execType = execType;
        this.rejectReason = rejectReason;
        this.filledQty = filledQty;
        this.fillPriceE4 = fillPriceE4;
        this.venueOrderId = venueOrderId;
    }

    public long clOrdId()
    {
        return clOrdId;
    }

    public ExecType execType()
    {
        return execType;
    }

    /** A {@code com.orderguard.orderpath.RejectReason} code; 0 (NONE) unless this is a REJECT. */
    public int rejectReason()
    {
        return rejectReason;
    }

    /** The reject reason's name, e.g. "MAX_QUANTITY"; "NONE" unless this is a REJECT. */
    public String rejectReasonName()
    {
        return RejectReason.name(rejectReason);
    }

    public long filledQty()
    {
        return filledQty;
    }

    public long fillPriceE4()
    {
        return fillPriceE4;
    }

    /** The venue's order id; 0 for a reject by the appliance. */
    public long venueOrderId()
    {
        return venueOrderId;
    }

    public String toString()
    {
        switch (execType)
        {
            case ACK:
                return "ACK clOrdId=" + clOrdId + " venueOrderId=" + venueOrderId;
            case REJECT:
                return "REJECT clOrdId=" + clOrdId + " reason=" + rejectReasonName();
            case FILL:
                return "FILL clOrdId=" + clOrdId + " qty=" + filledQty + " price=" + Prices.format(fillPriceE4) +
                    " venueOrderId=" + venueOrderId;
            case CANCELED:
                return "CANCELED clOrdId=" + clOrdId + " qty=" + filledQty;
            case REPLACED:
                return "REPLACED clOrdId=" + clOrdId + " qty=" + filledQty + " price=" + Prices.format(fillPriceE4);
            case HELD:
                return "HELD clOrdId=" + clOrdId + " orderId=" + venueOrderId + " (awaiting a second person's release)";
            default:
                return "UNKNOWN clOrdId=" + clOrdId;
        }
    }
}
