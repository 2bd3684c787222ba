package com.orderguard.orderpath.risk;

import com.orderguard.orderpath.RejectReason;

/** No order in a halted symbol. */
public final class SymbolHaltCheck implements RiskCheck
{
    private final SymbolTable symbols;

    public SymbolHaltCheck(final SymbolTable symbols)
    {
        this.symbols = symbols;
    }

    public int check(final OrderRequest order)
    {
        return symbols.isHalted(order.symbolIndex) ? RejectReason.SYMBOL_HALTED : RejectReason.NONE;
    }
}
