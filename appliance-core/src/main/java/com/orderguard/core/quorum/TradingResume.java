package com.orderguard.core.quorum;

import java.util.function.Supplier;

import com.orderguard.quorum.json.Parameters;

/**
 * "trading.resume": reopen order intake after an officer's halt. Halting is one officer's
 * emergency right; resuming is not, so it runs only on a quorum's proof.
 */
public final class TradingResume implements GatedOperation
{
    public static final String OPERATION = "trading.resume";

    private final Supplier<String> blocker;
    private final Runnable resume;

    /**
     * @param blocker null when resuming is possible now (halted, unsealed, not failed closed), else why not
     * @param resume  reopens intake
     */
    public TradingResume(final Supplier<String> blocker, final Runnable resume)
    {
        this.blocker = blocker;
        this.resume = resume;
    }

    @Override
    public String operation()
    {
        return OPERATION;
    }

    @Override
    public String precondition(final Parameters parameters)
    {
        return blocker.get();
    }

    @Override
    public String execute(final Parameters parameters)
    {
        resume.run();
        return "trading resumed: order intake open";
    }
}
