package com.orderguard.custody.lifecycle;

/**
 * A key lifecycle act refused before anything changed: no quorum attached, no proof, or a proof that
 * does not verify for exactly this act now ({@link #reason()} is the approval-quorum ReasonCode name,
 * or NO_QUORUM / NO_PROOF), or the act's claim in the quorum book was refused (already executed).
 */
public final class ApprovalRefusedException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final String reason;

    public ApprovalRefusedException(final String reason, final String message)
    {
        super(message);
        this.reason = reason;
    }

    public String reason()
    {
        return reason;
    }
}
