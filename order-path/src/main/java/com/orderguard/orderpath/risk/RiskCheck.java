package com.orderguard.orderpath.risk;

/**
 * One pre-trade control. It reads the order and the risk state and answers with an int: 0
 * ({@code RejectReason.NONE}) to let the order pass, else the reject reason. It must not allocate
 * or throw, and must not change state on a reject: state changes happen once the order is accepted.
 */
@FunctionalInterface
public interface RiskCheck
{
    int check(OrderRequest order);
}
