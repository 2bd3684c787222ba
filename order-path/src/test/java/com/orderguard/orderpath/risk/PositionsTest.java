package com.orderguard.orderpath.risk;

import java.util.SplittableRandom;

import com.orderguard.orderpath.protocol.Side;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Positions keep net, open quantities, each slot's worst case and each account's gross as recomputed from scratch. */
class PositionsTest
{
    private static final int ACCOUNTS = 3;
    private static final int SYMBOLS = 5;

    @Test
    void shouldKeepWorstCasesAndGrossEqualToARecomputationUnderRandomOrdersAndFills()
    {
        final Positions positions = new Positions(ACCOUNTS, SYMBOLS);
        final long[] net = new long[ACCOUNTS * SYMBOLS];
        final long[] buy = new long[ACCOUNTS * SYMBOLS];
        final long[] sell = new long[ACCOUNTS * SYMBOLS];
        final SplittableRandom random = new SplittableRandom(5);
        for (int step = 0; step < 100_000; step++)
        {
            final int account = random.nextInt(ACCOUNTS);
            final int slot = positions.slot(account, random.nextInt(SYMBOLS));
            final int side = random.nextBoolean() ? Side.BUY : Side.SELL;
            final long qty = random.nextInt(1_000);
            final long[] open = Side.BUY == side ? buy : sell;
            assertEquals(worst(net[slot], buy[slot] + (Side.BUY == side ? qty : 0),
                sell[slot] + (Side.SELL == side ? qty : 0)), positions.worstWith(slot, side, qty));
            switch (random.nextInt(3))
            {
                case 0:
                    positions.addOpen(account, slot, side, qty);
                    open[slot] += qty;
                    break;
                case 1:
                    positions.removeOpen(account, slot, side, qty);
                    open[slot] = Math.max(0, open[slot] - qty);
                    break;
                default:
                    positions.fill(account, slot, side, qty);
                    open[slot] = Math.max(0, open[slot] - qty);
                    net[slot] += Side.BUY == side ? qty : -qty;
                    break;
            }
            assertEquals(net[slot], positions.net(slot));
            assertEquals(buy[slot], positions.openQty(slot, Side.BUY));
            assertEquals(sell[slot], positions.openQty(slot, Side.SELL));
            assertEquals(worst(net[slot], buy[slot], sell[slot]), positions.worst(slot));
            long gross = 0;
            for (int s = 0; s < SYMBOLS; s++)
            {
                final int i = positions.slot(account, s);
                gross += worst(net[i], buy[i], sell[i]);
            }
            assertEquals(gross, positions.grossWorst(account), "step " + step);
        }
    }

    private static long worst(final long net, final long buy, final long sell)
    {
        return Math.max(Math.abs(net + buy), Math.abs(net - sell));
    }
}
