package com.orderguard.harness.client;

/** Order side as the client library takes it; {@link #code()} is the wire value. */
public enum Side
{
    BUY(com.orderguard.orderpath.protocol.Side.BUY),
    SELL(com.orderguard.orderpath.protocol.Side.SELL);

    private final int code;

    Side(final int code)
    {
        this.code = code;
    }

    public int code()
    {
        return code;
    }
}
