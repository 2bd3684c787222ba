package com.orderguard.orderpath.risk;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

import com.orderguard.orderpath.protocol.Ascii8;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The effective limits are the tightest that apply, whichever scopes hold overrides and however
 * often overrides come and go (the "no overrides" bits must never hide one that is in force).
 */
class ScopedLimitsTest
{
    private static final long[] IDS = {Ascii8.encode("A1"), Ascii8.encode("A2"), Ascii8.encode("F1"),
        Ascii8.encode("F2"), Ascii8.encode("AAPL"), Ascii8.encode("MSFT")};

    @Test
    void shouldApplyTheTightestOverrideInForceUnderRandomSetsAndLifts()
    {
        final SplittableRandom random = new SplittableRandom(11);
        final ScopedLimits limits = new ScopedLimits(8, 8);
        // model: (limit, scope, id) -> value; global separately
        final Map<String, Long> model = new HashMap<>();
        final long[] global = new long[RiskLimit.COUNT];
        java.util.Arrays.fill(global, RiskLimit.UNLIMITED);
        for (int step = 0; step < 50_000; step++)
        {
            final int limit = random.nextInt(RiskLimit.COUNT);
            final int scope = random.nextInt(4);
            final long id = IDS[random.nextInt(IDS.length)];
            final long value = random.nextInt(4) == 0 ? RiskLimit.UNLIMITED : 1 + random.nextInt(1_000);
            final int result = limits.set(limit, scope, Scope.GLOBAL == scope ? 0 : id, value);
            if (Scope.SYMBOL == scope && RiskLimit.CREDIT_LIMIT_CENTS == limit)
            {
                assertEquals(ScopedLimits.BAD_ARGUMENT, result);
            }
            else
            {
                assertEquals(ScopedLimits.OK, result);
                if (Scope.GLOBAL == scope)
                {
                    global[limit] = value;
                }
                else if (RiskLimit.UNLIMITED == value)
                {
                    model.remove(key(limit, scope, id));
                }
                else
                {
                    model.put(key(limit, scope, id), value);
                }
            }
            final int l = random.nextInt(RiskLimit.COUNT);
            final long account = IDS[random.nextInt(2)];
            final long firm = random.nextInt(3) == 0 ? 0 : IDS[2 + random.nextInt(2)];
            final long symbol = IDS[4 + random.nextInt(2)];
            final long accountValue = model.getOrDefault(key(l, Scope.ACCOUNT, account), RiskLimit.UNLIMITED);
            final long firmValue = 0 == firm ? RiskLimit.UNLIMITED :
                model.getOrDefault(key(l, Scope.FIRM, firm), RiskLimit.UNLIMITED);
            final long symbolValue = model.getOrDefault(key(l, Scope.SYMBOL, symbol), RiskLimit.UNLIMITED);
            assertEquals(Math.min(Math.min(global[l], accountValue), Math.min(firmValue, symbolValue)),
                limits.effective(l, account, firm, symbol), "step " + step);
            assertEquals(Math.min(global[l], accountValue), limits.accountBound(l, account), "step " + step);
            assertEquals(firmValue, limits.firmBound(l, firm), "step " + step);
        }
    }

    private static String key(final int limit, final int scope, final long id)
    {
        return limit + "/" + scope + "/" + id;
    }
}
