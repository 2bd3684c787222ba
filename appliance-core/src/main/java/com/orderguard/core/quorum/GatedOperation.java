package com.orderguard.core.quorum;

import com.orderguard.quorum.json.Parameters;

/**
 * Something the appliance does only on a quorum's proof. The service verifies the proof against
 * the exact operation and parameters, checks {@link #precondition}, claims the one execution in
 * the book, and only then calls {@link #execute}.
 */
public interface GatedOperation
{
    String operation();

    /**
     * Checked at submission, so nobody is asked to approve a request that could never execute.
     *
     * @return null when the parameters are well-formed for this operation, else what is wrong
     */
    default String validate(final Parameters parameters)
    {
        return null;
    }

    /** @return null when the operation can be carried out now, else why not (nothing is claimed). */
    String precondition(Parameters parameters);

    /** Carries the operation out; @return a one-line description of what was done, for the journal. */
    String execute(Parameters parameters);
}
