package com.orderguard.quorum;

/**
 * What an officer's signed statement says about a request. APPROVE and DENY are the approvers';
 * SUBMIT and CANCEL are the initiator's, signed too, so that who started a request is proven by
 * their key and not merely asserted by whoever relayed it (an unproven initiator would let an
 * approver pose as someone else's second pair of eyes).
 */
public enum Decision
{
    SUBMIT,
    APPROVE,
    DENY,
    CANCEL
}
