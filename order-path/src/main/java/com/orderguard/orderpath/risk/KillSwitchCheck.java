package com.orderguard.orderpath.risk;

import com.orderguard.orderpath.RejectReason;

/** No new order for an account whose own, firm's or the global kill switch is thrown. */
public final class KillSwitchCheck implements RiskCheck
{
    private final KillSwitches kills;

    public KillSwitchCheck(final KillSwitches kills)
    {
        this.kills = kills;
    }

    public int check(final OrderRequest order)
    {
        return kills.isKilled(order.accountIndex, order.firmIndex) ? RejectReason.KILL_SWITCH : RejectReason.NONE;
    }
}
