package com.orderguard.core.quorum;

import com.orderguard.quorum.ApprovalProof;

/**
 * A gated operation whose executing module verifies the approval proof and claims its one
 * execution itself (key custody does: it trusts no caller, not even the appliance). The service
 * hands it the proof untouched.
 */
public interface SelfVerifyingOperation extends GatedOperation
{
    /**
     * Verifies, claims and carries out; a refusal is thrown by the module and reported by the service.
     *
     * @return a one-line description of what was done
     */
    String execute(ApprovalProof proof) throws Exception;
}
