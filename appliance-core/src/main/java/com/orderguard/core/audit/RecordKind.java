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
    CONTROL_ACCESS(4),
    /** A signed checkpoint of the Merkle tree over every record before it; payload: {@link Checkpoint#encode()}. */
    CHECKPOINT(5),
    /** A quorum request, approval or outcome (issue 5). JSON payload. */
    APPROVAL(6),
    /** A key operation (generation, use for a data key, rotation). JSON payload. */
    KEY_OPERATION(7),
    /** A route, limit or halt change, with before and after state. JSON payload. */
    CONFIG_CHANGE(8),
    /** A surveillance or risk alert. JSON payload. */
    ALERT(9),
    /** An order-path event whose content is sealed with a data key: {@link SealedOrderRecord}. */
    ORDER_PATH_SEALED(10),
    /**
     * The first record of a segment: what the segment before it holds, and where its control
     * records are ({@link SegmentSummary}). Written by the journal writer alone.
     */
    SEGMENT_SUMMARY(11);

    private static final RecordKind[] BY_CODE = new RecordKind[16];

    static
    {
        for (final RecordKind kind : values())
        {
            BY_CODE[kind.code] = kind;
        }
    }

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
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
