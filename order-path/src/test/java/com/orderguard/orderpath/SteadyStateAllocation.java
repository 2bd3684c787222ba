package com.orderguard.orderpath;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The one rule every allocation test of the order-path thread applies to its measured windows
 * (each taken after warm-up, each thousands of orders): every window allocates 0 bytes, except that
 * one window may show at most {@link #ONE_OFF_BYTES}. That one allowance is JIT noise, not a path
 * that allocates: a deoptimisation re-materialises the few objects escape analysis had removed and
 * runs a method interpreted once; it happens once, after which the recompiled code allocates
 * nothing. A per-order allocation of even 8 bytes costs 80 KB per 10,000 orders and shows in every
 * window, so it can never pass.
 */
final class SteadyStateAllocation
{
    static final long ONE_OFF_BYTES = 16 * 1024;

    private SteadyStateAllocation()
    {
    }

    static void assertNoneInAnyWindow(final long[] windows, final String what)
    {
        assertTrue(windows.length >= 3, "at least three windows, so that one allowance leaves two exact ones");
        int nonZero = 0;
        for (final long bytes : windows)
        {
            if (bytes != 0)
            {
                nonZero++;
                assertTrue(bytes <= ONE_OFF_BYTES, what + ": " + Arrays.toString(windows));
            }
        }
        assertTrue(nonZero <= 1, what + ", more than one window allocated: " + Arrays.toString(windows));
    }
}
