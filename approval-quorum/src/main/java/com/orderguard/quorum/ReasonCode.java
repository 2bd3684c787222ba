package com.orderguard.quorum;

/**
 * Why the quorum accepted or refused something. A refusal changes nothing; the code is stable for
 * machines (HTTP mapping, metrics), the message beside it is for the officer.
 */
public enum ReasonCode
{
    /** Done as asked. */
    ACCEPTED,
    /** The request itself is not acceptable: times, size, or form. */
    INVALID_REQUEST,
    /** The statement's decision is not the one this call takes (e.g. a DENY sent to approve). */
    WRONG_DECISION,
    /** The statement was signed for another request: replayed, or signed over different parameters. */
    WRONG_REQUEST,
    UNKNOWN_REQUEST,
    /** A request with this hash was already submitted. */
    DUPLICATE_REQUEST,
    /** No policy allows this operation (or no break-glass policy exists). */
    UNKNOWN_OPERATION,
    /** The request was made under a policy set that is no longer in force. */
    POLICY_STALE,
    UNKNOWN_OFFICER,
    /** The signature does not verify with the officer's registered P-256 key (forged, altered, other curve). */
    BAD_SIGNATURE,
    OFFICER_REVOKED,
    /** The officer is neither named nor holds a role in the policy. */
    INELIGIBLE_OFFICER,
    /** The initiator tried to approve or deny their own request under a policy that does not allow it. */
    SELF_APPROVAL,
    /** Only the initiator may submit or cancel their request. */
    NOT_INITIATOR,
    /** The statement was signed outside the request's window (before creation, after expiry, or in the future). */
    STATEMENT_EXPIRED,
    /** This officer has already approved or denied this request. */
    DUPLICATE_DECISION,
    REQUEST_EXPIRED,
    /** The request was denied or cancelled: it can never execute. */
    REQUEST_CLOSED,
    /** The quorum is already reached; further approvals add nothing. */
    ALREADY_APPROVED,
    /** The request has executed; it is closed for good. */
    ALREADY_EXECUTED,
    /** Execution was claimed for a request that has not reached its quorum. */
    NOT_APPROVED,
    /** Another request of the same ceremony kind (e.g. a key operation) is in flight. */
    CEREMONY_IN_FLIGHT,
    /** The book's limit of open requests is reached. */
    TOO_MANY_OPEN,
    /** A policy.change whose proposed set is malformed or not the next version. */
    INVALID_POLICY_CHANGE,
    /** Not enough valid approvals (for a policy change: of the strictest policy it replaces). */
    THRESHOLD_NOT_MET,
    /** The executing module's operation or parameters differ from what was approved. */
    PARAMETERS_MISMATCH,
    /**
     * The appliance's system principal tried what it may never do: approve, deny, cancel, or submit an
     * operation other than those it may initiate (see {@code SystemPrincipal}).
     */
    SYSTEM_PRINCIPAL
}
