package com.orderguard.core.quorum;

import java.util.function.BooleanSupplier;

import com.orderguard.orderpath.OrderPath;
import com.orderguard.orderpath.command.CommandRing;

/**
 * The appliance's one way to put a command on the order path's ring and learn its fate. Offers are
 * serialised here, so the sequence read after an offer is that offer's own; waiting then proves the
 * command was applied between two orders, and its result says whether it changed anything (a route
 * to an unknown venue, or the release of an order no longer held, is applied but changes nothing).
 */
public final class CommandGate
{
    private static final long TIMEOUT_MS = 5_000;

    private final OrderPath orderPath;

    public CommandGate(final OrderPath orderPath)
    {
        this.orderPath = orderPath;
    }

    /** Offers without waiting for the result (intake open/seal, which the caller observes otherwise). */
    public synchronized boolean offer(final BooleanSupplier command)
    {
        return command.getAsBoolean();
    }

    /**
     * Offers, waits until applied, and reports the result.
     *
     * @return null when applied with effect, else why not
     */
    public String apply(final BooleanSupplier command)
    {
        final long seq;
        synchronized (this)
        {
            final long deadlineNs = System.nanoTime() + TIMEOUT_MS * 1_000_000;
            while (!command.getAsBoolean())
            {
                if (System.nanoTime() > deadlineNs)
                {
                    return "the order path's command ring stayed full";
                }
                Thread.onSpinWait();
            }
            seq = orderPath.lastCommandSeq();
        }
        try
        {
            if (!orderPath.awaitCommandApplied(seq, TIMEOUT_MS))
            {
                return "the order path did not apply command " + seq + " within " + TIMEOUT_MS + " ms";
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return "interrupted waiting for command " + seq;
        }
        final int result = orderPath.commandResult(seq);
        return result == CommandRing.RESULT_APPLIED ? null :
            "command " + seq + " changed nothing: " + CommandRing.resultName(result);
    }
}
