package com.orderguard.orderpath.risk;

import com.orderguard.orderpath.RejectReason;

/**
 * Open plus executed notional may not pass the account's credit limit (the tighter of the global
 * and the account value) nor its firm's (the firm value). Reaching the limit exactly passes. A
 * replace that lowers exposure always passes.
 */
public final class CreditLimitCheck implements RiskCheck
{
    private final ScopedLimits limits;
    private final Exposure exposure;

    public CreditLimitCheck(final ScopedLimits limits, final Exposure exposure)
    {
        this.limits = limits;
        this.exposure = exposure;
    }

    public int check(final OrderRequest order)
    {
        final long delta = order.notionalDeltaCents;
        if (delta <= 0)
        {
            return RejectReason.NONE;
        }
        if (Notional.add(exposure.accountUsed(order.accountIndex), delta) >
            limits.accountBound(RiskLimit.CREDIT_LIMIT_CENTS, order.account))
        {
            return RejectReason.ACCOUNT_CREDIT_LIMIT;
        }
        if (order.firmIndex >= 0 && Notional.add(exposure.firmUsed(order.firmIndex), delta) >
            limits.firmBound(RiskLimit.CREDIT_LIMIT_CENTS, order.firm))
        {
            return RejectReason.FIRM_CREDIT_LIMIT;
        }
        return RejectReason.NONE;
    }
}
